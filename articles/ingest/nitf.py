"""IPTC NITF (News Industry Text Format): the XML in which agencies (AP, Reuters, AFP, dpa, ...) deliver stories.

A NITF document is one story; the streaming XML reader (``wxr.parse_wxr``) hands each ``<nitf>``
element to ``nitf_story``, a pure function:

    headline    body.head/hedline/hl1, else head/title
    summary     body.head/abstract
    body        body.content, its paragraphs as HTML (sanitised by the allowlist when saved)
    published   head/docdata/date.issue@norm (ISO 8601, basic or extended), else dateline/story.date@norm
    updated     head/docdata/date.release@norm, when later
    authors     the <person> names of body.head/byline, else the byline read as a "By" line
    places      the dateline read from the first paragraph, else body.head/dateline/location/city
    agency      the dateline's, else body.head/distributor, else docdata/doc.copyright@holder
    section     the first head/tobject/tobject.subject@tobject.subject.type; tags: docdata/key-list/keyword@key
    id          head/docdata/doc-id@id-string, the story's identity
    language    the <nitf> element's xml:lang, else read from the text
"""

import re

from lxml import etree

from ..text import clean_line
from .bylines import split_byline
from .dateline import split_markers
from .html_dateline import split_html_dateline
from .language import guess_language, language_code
from .parsed import ParsedStory, ParseError, check_headline, quote
from .xmltree import XML_LANG, find, find_all, iso_date, local_name, paragraphs_html, text_of

PARSER = "nitf/1"
_TAG = re.compile(r"<[^>]*>")


def nitf_story(element, *, source: str) -> ParsedStory:
    line = element.sourceline
    head, body_head = find(element, "head"), find(element, "body/body.head")
    printed_headline = text_of(find(body_head, "hedline/hl1")) or text_of(find(head, "title"))
    headline, markers = split_markers(printed_headline)
    if not headline:
        raise ParseError("a NITF story has neither a hl1 headline nor a title", line=line)
    check_headline(headline, line=line)
    content = find(element, "body/body.content")
    html = paragraphs_html(content, subheads=frozenset({"hl2", "hl3"})) if content is not None else ""
    if not html:
        raise ParseError(f"NITF story {quote(headline)} has no paragraph in its body.content", line=line)
    docdata = find(head, "docdata")
    subjects = [s.get("tobject.subject.type", "") for s in find_all(head, "tobject/tobject.subject")]
    keywords = [k.get("key", "") for k in find_all(docdata, "key-list/keyword")] if docdata is not None else []
    text = _TAG.sub(" ", html)
    story = ParsedStory(
        headline=headline,
        markers=markers,
        printed_headline=printed_headline,
        html=html,
        summary=text_of(find(body_head, "abstract")),
        language=language_code(element.get(XML_LANG) or "", line=line, field="xml:lang")
        or guess_language(headline, text),
        section=clean_line(next((s for s in subjects if s.strip()), "")),
        tags=list(dict.fromkeys(clean_line(k) for k in keywords if k.strip())),
        status="published",
        raw=etree.tostring(element, encoding="unicode"),
        source=f"{source}:{line}",
        parser=PARSER,
    )
    doc_id = find(docdata, "doc-id")
    if doc_id is not None and (value := clean_line(doc_id.get("id-string", ""))):
        story.legacy_ids = [("nitf", value)]
    issued = find(docdata, "date.issue")
    story_date = find(body_head, "dateline/story.date")
    for found in (issued, story_date):
        if found is not None and (norm := found.get("norm", "")):
            story.published_at = iso_date(norm, line=line, field="date.issue")
            break
    released = find(docdata, "date.release")
    if released is not None and (norm := released.get("norm", "")):
        when = iso_date(norm, line=line, field="date.release")
        if story.published_at is None or when > story.published_at:
            story.updated_at = when
    byline = find(body_head, "byline")
    persons = [text_of(p) for p in byline.iter() if local_name(p.tag) == "person"] if byline is not None else []
    story.authors = [p for p in persons if p] or (split_byline(text_of(byline)) or [] if byline is not None else [])
    dateline, story.html = split_html_dateline(html)
    if dateline:
        story.places, story.agency = dateline.places, dateline.agency
    elif city := text_of(find(body_head, "dateline/location/city")) or text_of(find(body_head, "dateline/location")):
        story.places = [city]
    if not story.agency:
        copyright_holder = find(docdata, "doc.copyright")
        story.agency = text_of(find(body_head, "distributor")) or (
            clean_line(copyright_holder.get("holder", "")) if copyright_holder is not None else ""
        )
    return story
