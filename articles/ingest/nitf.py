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
from datetime import UTC, datetime

from lxml import etree

from ..text import clean_line
from .dateline import split_byline, split_markers
from .html_dateline import split_html_dateline
from .language import guess_language, language_code
from .parsed import ParsedStory, ParseError, check_date, check_headline, quote

PARSER = "nitf/1"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_TAG = re.compile(r"<[^>]*>")
# NITF's dates: ISO 8601 in its basic form ("20261126T103000Z", "20261126T103000+0300", "20261126") or extended.
_BASIC = ("%Y%m%dT%H%M%S%z", "%Y%m%dT%H%M%S", "%Y%m%dT%H%M%z", "%Y%m%dT%H%M", "%Y%m%d")


def _local(tag) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _find(element, path: str):
    """The first element down ``path`` ("body.head/hedline/hl1"), whatever the document's namespace."""
    for step in path.split("/"):
        if element is None:
            return None
        element = next((child for child in element if _local(child.tag) == step), None)
    return element


def _find_all(element, path: str) -> list:
    *parents, last = path.split("/")
    parent = _find(element, "/".join(parents)) if parents else element
    return [child for child in parent if _local(child.tag) == last] if parent is not None else []


def _text(element) -> str:
    return clean_line(" ".join(element.itertext())) if element is not None else ""


def _date(value: str, *, line: int | None, field: str) -> datetime | None:
    value = value.strip()
    if not value:
        return None
    parsed = None
    for format in _BASIC:
        try:
            parsed = datetime.strptime(value.replace("Z", "+0000"), format)
            break
        except ValueError:
            continue
    if parsed is None:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise ParseError(f"{field} {quote(value)} is not an ISO 8601 date", line=line) from None
    check_date(parsed, printed=value, line=line, field=field)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _body_html(content) -> str:
    """body.content's paragraphs and subheads as HTML; blocks ("<block>") opened up, media left out."""
    parts = []
    for child in content.iter():
        name = _local(child.tag)
        if name == "p":
            parts.append(f"<p>{_inner(child)}</p>")
        elif name in ("hl2", "hl3"):
            parts.append(f"<h2>{_inner(child)}</h2>")
    return "\n".join(part for part in parts if _TAG.sub("", part).strip())


def _inner(element) -> str:
    """An element's content as markup without its namespace prefixes (the allowlist keeps what it knows)."""
    text = etree.tostring(element, encoding="unicode", with_tail=False)
    text = re.sub(r"^<[^>]*>|</[^>]*>$", "", text.strip())
    return re.sub(r"\s+xmlns(?::\w+)?=\"[^\"]*\"", "", text)


def nitf_story(element, *, source: str) -> ParsedStory:
    line = element.sourceline
    head, body_head = _find(element, "head"), _find(element, "body/body.head")
    printed_headline = _text(_find(body_head, "hedline/hl1")) or _text(_find(head, "title"))
    headline, markers = split_markers(printed_headline)
    if not headline:
        raise ParseError("a NITF story has neither a hl1 headline nor a title", line=line)
    check_headline(headline, line=line)
    content = _find(element, "body/body.content")
    html = _body_html(content) if content is not None else ""
    if not html:
        raise ParseError(f"NITF story {quote(headline)} has no paragraph in its body.content", line=line)
    docdata = _find(head, "docdata")
    subjects = [s.get("tobject.subject.type", "") for s in _find_all(head, "tobject/tobject.subject")]
    keywords = [k.get("key", "") for k in _find_all(docdata, "key-list/keyword")] if docdata is not None else []
    text = _TAG.sub(" ", html)
    story = ParsedStory(
        headline=headline,
        markers=markers,
        printed_headline=printed_headline,
        html=html,
        summary=_text(_find(body_head, "abstract")),
        language=language_code(element.get(XML_LANG) or "") or guess_language(headline, text),
        section=clean_line(next((s for s in subjects if s.strip()), "")),
        tags=list(dict.fromkeys(clean_line(k) for k in keywords if k.strip())),
        status="published",
        raw=etree.tostring(element, encoding="unicode"),
        source=f"{source}:{line}",
        parser=PARSER,
    )
    doc_id = _find(docdata, "doc-id")
    if doc_id is not None and (value := clean_line(doc_id.get("id-string", ""))):
        story.legacy_ids = [("nitf", value)]
    issued = _find(docdata, "date.issue")
    story_date = _find(body_head, "dateline/story.date")
    for found in (issued, story_date):
        if found is not None and (norm := found.get("norm", "")):
            story.published_at = _date(norm, line=line, field="date.issue")
            break
    released = _find(docdata, "date.release")
    if released is not None and (norm := released.get("norm", "")):
        when = _date(norm, line=line, field="date.release")
        if story.published_at is None or when > story.published_at:
            story.updated_at = when
    byline = _find(body_head, "byline")
    persons = [_text(p) for p in byline.iter() if _local(p.tag) == "person"] if byline is not None else []
    story.authors = [p for p in persons if p] or (split_byline(_text(byline)) or [] if byline is not None else [])
    dateline, story.html = split_html_dateline(html)
    if dateline:
        story.places, story.agency = dateline.places, dateline.agency
    elif city := _text(_find(body_head, "dateline/location/city")) or _text(_find(body_head, "dateline/location")):
        story.places = [city]
    if not story.agency:
        copyright_holder = _find(docdata, "doc.copyright")
        story.agency = _text(_find(body_head, "distributor")) or (
            clean_line(copyright_holder.get("holder", "")) if copyright_holder is not None else ""
        )
    return story
