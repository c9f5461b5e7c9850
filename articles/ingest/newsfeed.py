"""News feeds: an RSS 2.0 item or an Atom entry as a story, as agencies publish their wires (SANA's, AP's, ...).

A feed file saved from an agency is read by the same streaming parser as a WordPress
export (``wxr.parse_wxr``), which hands each item that is no WordPress post (it has no
``wp:`` fields) and each Atom entry to these pure functions:

    headline     RSS ``title``; Atom ``title`` (plain text: ``printed_title``, ``_atom_text``)
    body         ``content:encoded``, else ``description``; Atom ``content``, else ``summary``
                 (HTML or text, read as WordPress prints a post: ``wordpress_html``)
    published    ``pubDate`` (RFC 2822), else ``dc:date``; Atom ``published``, else ``updated``
    authors      ``dc:creator``, else the name in ``author`` ("jane@example.org (Jane Doe)"); Atom ``author/name``
    section      the first ``category`` (Atom: its ``term``), the others as tags
    url          ``link``; Atom ``link rel="alternate"``
    id           ``guid``; Atom ``id``: the story's identity where it has no link
    language     the item's ``dc:language``, else the channel's ``language`` (Atom: the entry's ``xml:lang``, else
                 the feed's) where the item is written in its script, else the one its text is written in
                 (``language.language_of_item``)

A feed's stories are published: a feed carries what its agency published. The dateline is read
from the body as in every other format.
"""

import re
from html import escape

from lxml import etree

from ..sanitize import html_to_text
from ..text import clean_line, html_text
from .bylines import is_credit_only
from .dateline import split_markers
from .html_dateline import split_html_byline, split_html_dateline
from .language import language_code, language_of_item
from .parsed import ParsedStory, ParseError, check_headline, quote
from .plaintext import parse_date
from .wordpress_html import content_html

PARSER = "feed/1"
MAX_ID_CHARS = 200  # an id longer than the archive keeps is no identity: the story is then known by its text
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC = "{http://purl.org/dc/elements/1.1/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# RSS's author is an address, with the name in parentheses: "jane@example.org (Jane Doe)".
_NAME_AFTER_ADDRESS = re.compile(r"^\S+@\S+\s*\((?P<name>[^()]+)\)$")
# A tag, or a character reference left after XML's own were read: a title written as HTML.
_MARKUP = re.compile(r"<[A-Za-z/!]|&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
# Atom's text constructs by their type; a MIME type names the same three.
_ATOM_TYPES = {"text/plain": "text", "text/html": "html", "application/xhtml+xml": "xhtml"}


def printed_title(title: str) -> str:
    """A title as the reader saw it printed. RSS's, and WordPress's own, may be HTML (WordPress prints its titles
    as HTML, and its feeds send "Syria&amp;#8217;s minister", or "<b>Breaking:</b> quake hits &amp;amp; kills" in
    CDATA): one that holds a tag or a reference is read as HTML, to plain text, as a headline is."""
    return html_to_text(title) if _MARKUP.search(title) else title


def _text(element, tag: str) -> str:
    return (element.findtext(tag) or "").strip()


def _authors(names: list[str]) -> list[str]:
    found = []
    for name in names:
        name = clean_line(name)
        if match := _NAME_AFTER_ADDRESS.match(name):
            name = clean_line(match["name"])
        # An address alone names no one, and a desk's or an agency's credit no reporter ("Reuters Staff", "AFP").
        if name and "@" not in name and not is_credit_only(name):
            found.append(name)
    return list(dict.fromkeys(found))


def _story(
    *,
    title: str,
    body: str,
    line: int | None,
    language: str,
    authors: list[str],
    categories: list[str],
    url: str,
    raw: str,
    source: str,
) -> ParsedStory:
    printed_headline = clean_line(title)
    headline, markers = split_markers(printed_headline)
    if not headline:
        raise ParseError("a feed item has no title", line=line)
    check_headline(headline, line=line)
    if not body.strip():
        raise ParseError(f"feed item {quote(headline)} has no description or content", line=line)
    html = content_html(body)
    categories = [category for category in map(clean_line, categories) if category]
    story = ParsedStory(
        headline=headline,
        markers=markers,
        printed_headline=printed_headline,
        html=html,
        # A feed that names no language, or one in another script (a site's default): read from the item's own words
        language=language_of_item(language, headline, html_text(html)),
        authors=_authors(authors),
        section=categories[0] if categories else "",
        tags=list(dict.fromkeys(categories[1:])),
        status="published",
        raw=raw,
        source=f"{source}:{line}",
        parser=PARSER,
    )
    if url.startswith(("http://", "https://")):
        story.source_url = url
    dateline, story.html = split_html_dateline(html)
    if dateline:
        story.places, story.agency = dateline.places, dateline.agency
        story.authors = story.authors or list(dateline.authors)
    reporters, story.html = split_html_byline(story.html)  # the reporters the item ends with, not the posting account
    story.authors = reporters or story.authors
    return story


def rss_item(item, *, language: str, source: str) -> ParsedStory:
    """An RSS 2.0 item that is no WordPress post, in ``language`` (the channel's, "" for none) unless it names its
    own."""
    line = item.sourceline
    if named := _text(item, f"{DC}language"):
        language = language_code(named, line=line, field="dc:language") or language
    authors = [c.text or "" for c in item.findall(f"{DC}creator")] or [_text(item, "author")]
    story = _story(
        title=printed_title(_text(item, "title")),
        body=_text(item, CONTENT) or _text(item, "description"),
        line=line,
        language=language,
        authors=authors,
        categories=[c.text or "" for c in item.findall("category")],
        url=_text(item, "link"),
        raw=etree.tostring(item, encoding="unicode"),
        source=source,
    )
    if guid := _text(item, "guid"):  # the item's own id: its identity where it has no link
        story.legacy_ids = [("guid", guid)] if len(guid) <= MAX_ID_CHARS else []
    if printed := _text(item, "pubDate"):
        story.published_at = parse_date(printed, line=line, field="pubDate")
    elif printed := _text(item, f"{DC}date"):
        story.published_at = parse_date(printed, line=line, field="dc:date")
    return story


def _atom_kind(element) -> str:
    kind = (element.get("type") or "text").strip().lower()
    return _ATOM_TYPES.get(kind, kind)


def _xhtml(element) -> str:
    """An XHTML text construct's markup: what is inside its <div>, the construct's own wrapper."""
    wrapper = next((child for child in element if isinstance(child.tag, str)), None)
    if wrapper is None:
        return ""
    inner = (wrapper.text or "") + "".join(etree.tostring(child, encoding="unicode") for child in wrapper)
    return inner.strip()


def _atom_text(entry, tag: str) -> str:
    """An Atom text construct (RFC 4287, 3.1) as plain text, as a headline is: type="html" is escaped HTML, read
    to its text ("Q&amp;amp;A: Syria&amp;#8217;s &lt;em&gt;new&lt;/em&gt; minister" is "Q&A: Syria’s new
    minister"); type="xhtml" the text of its <div>'s elements; type="text", the default, is text as it stands."""
    element = entry.find(f"{ATOM}{tag}")
    if element is None:
        return ""
    kind = _atom_kind(element)
    if kind == "html":
        return html_to_text(element.text or "").strip()
    if kind == "xhtml":
        return html_to_text(_xhtml(element)).strip()
    return "".join(element.itertext()).strip()


def _atom_html(entry, tag: str) -> str:
    """An Atom text construct as HTML, for a body: type="html" is HTML once its escaping is read, type="xhtml" the
    markup inside its <div>; type="text" is text, so its "<" and "&" are characters, escaped."""
    element = entry.find(f"{ATOM}{tag}")
    if element is None:
        return ""
    kind = _atom_kind(element)
    if kind == "html":
        return (element.text or "").strip()
    if kind == "xhtml":
        return _xhtml(element)
    return escape("".join(element.itertext()).strip(), quote=False)


def atom_entry(entry, *, language: str, source: str) -> ParsedStory:
    """An Atom entry."""
    line = entry.sourceline
    links = entry.findall(f"{ATOM}link")
    url = next((link.get("href", "") for link in links if link.get("rel", "alternate") == "alternate"), "")
    story = _story(
        title=_atom_text(entry, "title"),
        body=_atom_html(entry, "content") or _atom_html(entry, "summary"),
        line=line,
        language=language_code(entry.get(XML_LANG) or "", line=line, field="xml:lang") or language,
        authors=[a.findtext(f"{ATOM}name") or "" for a in entry.findall(f"{ATOM}author")],
        categories=[c.get("term", "") for c in entry.findall(f"{ATOM}category")],
        url=url.strip(),
        raw=etree.tostring(entry, encoding="unicode"),
        source=source,
    )
    if (entry_id := _text(entry, f"{ATOM}id")) and len(entry_id) <= MAX_ID_CHARS:  # its identity where it has no link
        story.legacy_ids = [("atom", entry_id)]
    for tag in ("published", "updated"):
        if printed := _text(entry, f"{ATOM}{tag}"):
            setattr(story, f"{tag}_at", parse_date(printed, line=line, field=tag))
    if story.published_at is None and story.updated_at is not None:
        story.published_at = story.updated_at
    return story
