"""WordPress eXtended RSS (WXR): the export WordPress's own Tools → Export writes.

Posts become stories; attachments, pages and menu items are skipped. The
byline is the post's ``dc:creator`` resolved to the author's display name, or,
when Co-Authors Plus is used, its guest authors in order. ``link`` and the
``?p=`` guid are kept as legacy paths so that the old URLs keep leading to the
story, and ``wp:post_id`` as a legacy identifier. A post's language is the one
Polylang files it under (its ``language`` category), else the channel's
``language``, else the one its text is written in.

Read with lxml's iterparse an item at a time, each cleared once read, so a
gigabyte export takes no more memory than a small one. No DTD is read, no
entity expanded and nothing fetched from the network; HTML's named character
references ("&eacute;"), which feeds and agencies use as if XML knew them,
are read as their characters (``xml_entities``).
"""

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import BinaryIO
from urllib.parse import urlsplit

from lxml import etree

from ..text import clean_line, html_text
from . import newsfeed, newsml, nitf
from .dateline import split_markers
from .html_dateline import split_html_byline, split_html_dateline
from .language import language_code, language_of_item
from .parsed import ParsedStory, ParseError, check_date, check_headline, quote
from .wordpress_html import content_html
from .xml_entities import HtmlEntityStream, resolve_entity_nodes
from .xmltree import local_name

PARSER = "wxr/1"
ATOM_NAMESPACE = newsfeed.ATOM[1:-1]
WP_NAMESPACES = {f"http://wordpress.org/export/{version}/" for version in ("1.0", "1.1", "1.2")}
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
EXCERPTS = {f"{{http://wordpress.org/export/{version}/excerpt/}}encoded" for version in ("1.0", "1.1", "1.2")}
STATUSES = {"publish": "published", "draft": "draft", "pending": "draft", "future": "draft", "private": "draft"}
STATUSES["trash"] = "withdrawn"


def _wp(element, name: str) -> str:
    """The text of the element's wp:``name`` child, whatever the export's WXR version."""
    for namespace in WP_NAMESPACES:
        child = element.find(f"{{{namespace}}}{name}")
        if child is not None:
            return (child.text or "").strip()
    return ""


def _local(tag) -> tuple[str, str]:
    qname = etree.QName(tag)
    return qname.namespace or "", qname.localname


def _date(value: str, *, line: int | None) -> datetime | None:
    """WordPress's GMT date: none for "0000-00-00" or what WordPress cannot write; a year past 1800-2200 fails."""
    if not value or value.startswith("0000-00-00"):
        return None
    try:
        parsed = datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None
    return check_date(parsed, printed=value, line=line, field="post_date_gmt")


def _split(url: str):
    try:
        return urlsplit(url.strip())
    except ValueError:  # "http://[": an unbalanced IPv6 bracket
        return None


def _path(url: str) -> str:
    parts = _split(url)
    if parts is None or (not parts.path and not parts.query):
        return ""
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _story(item, *, authors: dict[str, str], language: str, source: str) -> ParsedStory | None:
    if _wp(item, "post_type") not in ("post", ""):
        return None
    printed_headline = clean_line(newsfeed.printed_title(item.findtext("title") or ""))
    headline, markers = split_markers(printed_headline)
    html = content_html(item.findtext(CONTENT) or "")
    line = item.sourceline
    if not headline:
        raise ParseError("a post has no title", line=line)
    check_headline(headline, line=line)
    if not html.strip():
        raise ParseError(f"post {quote(headline)} has no content", line=line)

    categories = item.findall("category")
    # Polylang, WordPress's multilingual plugin, files each post under its language: the slug its code ("ar").
    polylang = next((c for c in categories if c.get("domain") == "language"), None)
    if polylang is not None:
        named = polylang.get("nicename") or polylang.text or ""
        language = language_code(named, line=line, field='category domain="language"') or language
    guests = [clean_line(c.text or "") for c in categories if c.get("domain") == "author" and (c.text or "").strip()]
    creator = (item.findtext(CREATOR) or "").strip()
    byline = guests or ([authors.get(creator, creator)] if creator else [])
    sections = [clean_line(c.text or "") for c in categories if c.get("domain") == "category"]
    tags = [clean_line(c.text or "") for c in categories if c.get("domain") == "post_tag"]
    summary = next((item.findtext(tag) or "" for tag in EXCERPTS if item.find(tag) is not None), "")

    link = (item.findtext("link") or "").strip()
    guid = (item.findtext("guid") or "").strip()
    post_id = _wp(item, "post_id")
    story = ParsedStory(
        headline=headline,
        markers=markers,
        printed_headline=printed_headline,
        html=html,
        # An export that names no language, or one in another script (a site's default): read from its own words
        language=language_of_item(language, headline, html_text(html)),
        authors=[name for name in byline if name],
        published_at=_date(_wp(item, "post_date_gmt"), line=line),
        status=STATUSES.get(_wp(item, "status"), "draft"),
        section=sections[0] if sections else "",
        tags=[tag for tag in tags if tag],
        summary=summary.strip(),
        source_url=link if link.startswith(("http://", "https://")) and _split(link) else "",
        legacy_ids=[("wordpress", post_id)] if post_id else [],
        legacy_paths=list(dict.fromkeys(p for p in (_path(link), _path(guid)) if p.startswith("/"))),
        raw=etree.tostring(item, encoding="unicode"),
        source=f"{source}:{line}",
        parser=PARSER,
    )
    dateline, story.html = split_html_dateline(html)
    if dateline:
        story.places, story.agency = dateline.places, dateline.agency
        story.authors = story.authors or list(dateline.authors)
    # The reporters the post ends with, as SANA's site prints them: they, not the account that posted it (Co-Authors
    # Plus's guest authors, named by hand, stay).
    reporters, story.html = split_html_byline(story.html)
    if reporters:
        story.authors = list(dict.fromkeys([*reporters, *guests]))
    return story


def _post_or_feed_item(element, *, authors: dict[str, str], language: str, source: str) -> ParsedStory | None:
    """A WordPress post (an item with ``wp:`` fields), or an RSS item or Atom entry of a news feed (``newsfeed``)."""
    if etree.QName(element.tag).namespace == ATOM_NAMESPACE:
        feed = element.getparent()
        if feed is not None and (named := feed.get(newsfeed.XML_LANG)):
            language = language_code(named, line=feed.sourceline, field="xml:lang") or language
        return newsfeed.atom_entry(element, language=language, source=source)
    if any(etree.QName(child.tag).namespace in WP_NAMESPACES for child in element if isinstance(child.tag, str)):
        return _story(element, authors=authors, language=language, source=source)
    return newsfeed.rss_item(element, language=language, source=source)


def _is_channel(element) -> bool:
    return element is not None and element.tag == "channel"


def _is_text_item(item) -> bool:
    """Whether a NewsML-G2 item holds text (not a picture's or a video's metadata, which an archive of stories
    leaves): its itemClass is text ("ninat:text"), or it carries inline XHTML."""
    classes = [child.get("qcode", "") for child in item.iter() if local_name(child.tag) == "itemClass"]
    if classes:
        return any(qcode.endswith(":text") for qcode in classes)
    return any(local_name(child.tag) == "inlineXML" for child in item.iter())


def _syntax_error(exc: etree.XMLSyntaxError) -> tuple[str, int | None]:
    """The error that stopped the parser, with its line, as libxml2 logged it: the exception's own message may be
    only what iterparse saw last ("no element found", line 0, where the log says "line 4: Entity 'eacute' not
    defined"). The log is the thread's, cleared as the file is opened: its last fatal error is this file's."""
    fatal = [entry for entry in exc.error_log if entry.level == etree.ErrorLevels.FATAL]
    if not fatal:
        return exc.msg, exc.lineno or None
    return fatal[-1].message.strip(), fatal[-1].line or None


def parse_wxr(stream: BinaryIO, *, source: str = "") -> Iterator[ParsedStory]:
    """Stories from a WordPress export, one post at a time; from an RSS or Atom news feed, an item at a time; or
    from NITF or NewsML-G2 documents (or a file of them), a story at a time."""
    authors: dict[str, str] = {}
    language = ""  # until the channel names one: each story's own is then read from its text
    etree.clear_error_log()
    events = etree.iterparse(
        HtmlEntityStream(stream),
        events=("end",),
        resolve_entities=False,
        no_network=True,
        huge_tree=True,
        remove_blank_text=True,
        # A comment or a processing instruction in an element's text cut it there: "Caf<!-- x -->e" read as "Caf".
        remove_comments=True,
        remove_pis=True,
    )
    line = None
    try:
        for _, element in events:
            line = element.sourceline
            namespace, name = _local(element.tag)
            if name in ("language", "author", "nitf", "newsItem", "item", "entry"):  # read as text: no entity left
                resolve_entity_nodes(element)
            if name == "language" and not namespace and _is_channel(element.getparent()):
                language = language_code(element.text or "", line=line)
            elif name == "author" and namespace in WP_NAMESPACES:
                login, display = _wp(element, "author_login"), _wp(element, "author_display_name")
                if login:
                    authors[login] = display or login
            elif name == "nitf":  # an agency's story in IPTC NITF: the document is the story
                yield nitf.nitf_story(element, source=source)
                element.clear()
            elif name == "newsItem" and _is_text_item(element):  # or in NewsML-G2, an item of text
                yield newsml.newsml_story(element, source=source)
                element.clear()
            elif (name == "item" and not namespace) or (name == "entry" and namespace == ATOM_NAMESPACE):
                story = _post_or_feed_item(element, authors=authors, language=language, source=source)
                # Free what has been read: the export may be larger than memory.
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
                if story is not None:
                    yield story
    except etree.XMLSyntaxError as exc:
        message, line = _syntax_error(exc)
        raise ParseError(f"not well-formed XML: {message}", line=line) from None
    except (etree.LxmlError, LookupError) as exc:  # an encoding the declaration names and lxml does not know, say
        raise ParseError(f"not readable XML: {str(exc)[:120]}") from None
    except ParseError:  # a story's own error, with its line (ParseError is a ValueError)
        raise
    except ValueError as exc:  # a tag with a prefix no namespace declares ("dc:creator" without xmlns:dc)
        raise ParseError(f"not readable XML: {str(exc)[:120]} (is its namespace declared?)", line=line) from None
