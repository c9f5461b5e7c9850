"""IPTC NewsML-G2: the XML agencies' newer systems deliver stories in (AP's Media API, Reuters Connect, AFP).

A ``<newsItem>`` of text is one story; the streaming XML reader (``wxr.parse_wxr``) hands each to
``newsml_story``, a pure function (NITF, the older standard, is ``nitf.py``):

    headline    contentMeta/headline (the first)
    summary     contentMeta/description
    body        contentSet/inlineXML: its XHTML body's paragraphs and subheads (sanitised when saved)
    published   contentMeta/contentCreated, else itemMeta/firstCreated, else itemMeta/versionCreated
    updated     contentMeta/contentModified, else itemMeta/versionCreated, when later
    authors     contentMeta/creator/name, else contentMeta/by read as a "By" line
    places      the dateline read from the first paragraph, else contentMeta/located/name
    agency      the dateline's, else itemMeta/provider/name (or its literal)
    section     the first contentMeta/subject/name; tags: contentMeta/keyword
    id          the newsItem's guid, the story's identity
    language    the newsItem's xml:lang, else read from the text
"""

import re

from lxml import etree

from ..text import clean_line
from .bylines import split_byline
from .dateline import split_markers
from .html_dateline import split_html_byline, split_html_dateline
from .language import guess_language, language_code
from .parsed import ParsedStory, ParseError, check_headline, quote
from .xmltree import XML_LANG, find, find_all, iso_date, paragraphs_html, text_of

PARSER = "newsml/1"
_TAG = re.compile(r"<[^>]*>")


def newsml_story(item, *, source: str) -> ParsedStory:
    line = item.sourceline
    meta, content_meta = find(item, "itemMeta"), find(item, "contentMeta")
    printed_headline = text_of(find(content_meta, "headline"))
    headline, markers = split_markers(printed_headline)
    if not headline:
        raise ParseError("a NewsML-G2 item has no headline in its contentMeta", line=line)
    check_headline(headline, line=line)
    inline = find(item, "contentSet/inlineXML")
    html = paragraphs_html(inline, subheads=frozenset({"h2", "h3"})) if inline is not None else ""
    if not html:
        raise ParseError(f"NewsML-G2 item {quote(headline)} has no paragraph in its inlineXML", line=line)
    subjects = [text_of(find(subject, "name")) for subject in find_all(content_meta, "subject")]
    keywords = [text_of(keyword) for keyword in find_all(content_meta, "keyword")]
    story = ParsedStory(
        headline=headline,
        markers=markers,
        printed_headline=printed_headline,
        html=html,
        summary=text_of(find(content_meta, "description")),
        language=language_code(item.get(XML_LANG) or "", line=line, field="xml:lang")
        or guess_language(headline, _TAG.sub(" ", html)),
        section=next((subject for subject in subjects if subject), ""),
        tags=list(dict.fromkeys(keyword for keyword in keywords if keyword)),
        status="published",
        raw=etree.tostring(item, encoding="unicode"),
        source=f"{source}:{line}",
        parser=PARSER,
    )
    if guid := clean_line(item.get("guid", "")):
        story.legacy_ids = [("newsml", guid)] if len(guid) <= 200 else []
    dates = {
        name: iso_date(text_of(found), line=line, field=name)
        for name in ("contentCreated", "contentModified", "firstCreated", "versionCreated")
        if (found := find(content_meta if name.startswith("content") else meta, name)) is not None and text_of(found)
    }
    story.published_at = dates.get("contentCreated") or dates.get("firstCreated") or dates.get("versionCreated")
    updated = dates.get("contentModified") or dates.get("versionCreated")
    if updated and story.published_at and updated > story.published_at:
        story.updated_at = updated
    creators = [text_of(find(creator, "name")) for creator in find_all(content_meta, "creator")]
    by = find(content_meta, "by")
    story.authors = [name for name in creators if name] or (split_byline(text_of(by)) or [] if by is not None else [])
    dateline, story.html = split_html_dateline(story.html)
    if dateline:
        story.places, story.agency = dateline.places, dateline.agency
    elif place := text_of(find(content_meta, "located/name")):
        story.places = [place]
    reporters, story.html = split_html_byline(story.html)
    story.authors = story.authors or reporters
    if not story.agency and (provider := find(meta, "provider")) is not None:
        story.agency = text_of(find(provider, "name")) or clean_line(provider.get("literal", ""))
    return story
