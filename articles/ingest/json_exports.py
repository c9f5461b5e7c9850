"""Stories as publishing systems export them to JSON, read into the JSON Lines reader's keys.

A line is read as one of these when it has the shape's own fields; every other key such a system writes (its links,
its comment settings, its renditions) is about the page, not the story, and is left. A shape's field of the wrong
type, or a story it gives no headline or no text, is refused naming the field and the line.

    WordPress REST API post   title.rendered, content.rendered (HTML), excerpt.rendered, date_gmt, modified_gmt,
                              link, id, status, _embedded.author[].name, _embedded["wp:term"] (its first category
                              the section, its post_tag terms the tags); "date", a local time without its zone, is
                              not read
    Arc XP ANS story          headlines.basic, content_elements[] (its "text" and "header" elements, as HTML),
                              description.basic, credits.by[].name, display_date (else first_publish_date),
                              canonical_url when it is a whole address (else the _id alone identifies the story),
                              _id, taxonomy.primary_section.name (else taxonomy.sections[0].name),
                              taxonomy.tags[].text, language
    AP Media API item         headline, body_nitf (NITF's body.content, as HTML) or text, summary, bylines (a string
                              "By JANE DOE" or a list of strings or {"by": ...}), firstcreated, versioncreated,
                              altids.itemid (its identity; uri, an API address with a changing query, only when
                              there is none), language

A generic CMS export's own names are aliases of the JSON Lines keys (``ALIASES``), and its unknown keys refused as
the reader's are: title, body_html (HTML), author (a string "Jane Doe and John Roe" or "Jane Doe, John Roe"),
pub_date (epoch seconds or milliseconds), category ({"name": ...}); tags may be one comma-separated string.
"""

import re
from datetime import UTC, datetime

from ..sanitize import html_to_text
from ..text import clean_line
from .bylines import split_byline, split_names
from .parsed import ParseError, check_date, check_storable, quote, string_field
from .plaintext import parse_date

ALIASES = {
    "title": "headline",
    "body_html": "body",
    "author": "authors",
    "pub_date": "published",
    "category": "section",
}
_EPOCH = re.compile(r"[0-9]{9,13}")


def _at(record: dict, path: str):
    value = record
    for key in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _text(record: dict, path: str, line: int, shape: str, *, required: bool = False) -> str:
    return string_field(_at(record, path), name=path, line=line, required=required, where=shape)


def _plain(value: str) -> str:
    """Rendered HTML as its text: WordPress's "Farmers &#8216;hopeful&#8217;" as Farmers ‘hopeful’."""
    return clean_line(html_to_text(value))


def _list(record: dict, path: str, line: int, shape: str) -> list:
    value = _at(record, path)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ParseError(f"{shape}: {path!r} must be a list, not {type(value).__name__}", line=line)
    return value


def _names_of(items: list, key: str, path: str, line: int, shape: str) -> list[str]:
    names = []
    for item in items:
        name = item.get(key) if isinstance(item, dict) else None
        if name is None:
            continue
        if not isinstance(name, str):
            raise ParseError(f"{shape}: each {path!r} must be a string", line=line)
        if cleaned := _plain(check_storable(name, line=line, field=repr(path))):
            names.append(cleaned)
    return names


def read_date(value: object, *, line: int, field: str) -> datetime:
    """An ISO 8601 or printed date, or a Unix time: seconds, or milliseconds (13 digits), as a number or digits."""
    if isinstance(value, str) and not _EPOCH.fullmatch(value.strip()):
        return parse_date(value, line=line, field=field)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ParseError(f"{field} must be a date string or a Unix time, not {type(value).__name__}", line=line)
    seconds = float(value)
    if abs(seconds) >= 1e11:  # milliseconds: 1e11 seconds is the year 5138, 1e11 milliseconds 1973
        seconds /= 1000
    try:
        parsed = datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        raise ParseError(
            f"{field} {quote(str(value))} is not a Unix time an archive date may have", line=line
        ) from None
    return check_date(parsed, printed=str(value), line=line, field=field)


def _dates(fields: dict, record: dict, names: dict[str, str], line: int) -> None:
    for key, path in names.items():
        value = _at(record, path)
        if value not in (None, "") and key not in fields:
            fields[key] = read_date(value, line=line, field=path)


def _wordpress(record: dict, line: int) -> dict:
    shape = "a WordPress REST API post"
    fields = {
        "headline": _plain(_text(record, "title.rendered", line, shape, required=True)),
        "body": _text(record, "content.rendered", line, shape, required=True).strip(),
        "summary": _plain(_text(record, "excerpt.rendered", line, shape)),
        "url": _text(record, "link", line, shape),
    }
    if record.get("id") not in (None, ""):
        fields["id"] = record["id"]
    _dates(fields, record, {"published": "date_gmt", "updated": "modified_gmt"}, line)
    embedded = record.get("_embedded") if isinstance(record.get("_embedded"), dict) else {}
    fields["authors"] = _names_of(
        _list(embedded, "author", line, shape), "name", "_embedded.author[].name", line, shape
    )
    terms = [term for group in _list(embedded, "wp:term", line, shape) if isinstance(group, list) for term in group]
    for taxonomy, key in (("category", "section"), ("post_tag", "tags")):
        named = [term for term in terms if isinstance(term, dict) and term.get("taxonomy") == taxonomy]
        names = _names_of(named, "name", '_embedded["wp:term"][].name', line, shape)
        fields[key] = (names[0] if names else "") if key == "section" else names
    status = _text(record, "status", line, shape)
    # WordPress's own words: "publish"; a post not yet out ("future", "pending", "private") is a draft; "trash" is gone.
    statuses = {"publish": "published", "draft": "draft", "pending": "draft", "future": "draft", "private": "draft"}
    if status and status not in statuses and status != "trash":
        raise ParseError(f"{shape}: status {quote(status)} is not one WordPress gives a post", line=line)
    fields["status"] = statuses.get(status, "withdrawn") if status else ""
    return fields


def _arc(record: dict, line: int) -> dict:
    shape = "an Arc XP ANS story"
    if record.get("type") not in (None, "story"):
        raise ParseError(f"{shape}: type {quote(str(record['type']))} is not a story", line=line)
    blocks = []
    for element in _list(record, "content_elements", line, shape):
        if not isinstance(element, dict) or element.get("type") not in ("text", "header"):
            continue  # an image, a video, an embed, raw HTML: no part of the story's text
        content = element.get("content")
        if not isinstance(content, str):
            raise ParseError(f"{shape}: a {element['type']} element's 'content' must be a string", line=line)
        if not _plain(content):
            continue
        level = element.get("level")
        tag = "p" if element["type"] == "text" else f"h{level}" if isinstance(level, int) and 2 <= level <= 6 else "h2"
        blocks.append(f"<{tag}>{check_storable(content, line=line, field='content_elements')}</{tag}>")
    if not blocks:
        raise ParseError(f"{shape}: 'content_elements' holds no text element", line=line)
    url = _text(record, "canonical_url", line, shape)
    section = _text(record, "taxonomy.primary_section.name", line, shape)
    sections = _names_of(
        _list(record, "taxonomy.sections", line, shape), "name", "taxonomy.sections[].name", line, shape
    )
    fields = {
        "headline": _text(record, "headlines.basic", line, shape, required=True),
        "body": "\n".join(blocks),
        "summary": _text(record, "description.basic", line, shape),
        "url": url if url.startswith(("http://", "https://")) else "",  # a site's path ("/world/...") names no site
        "id": _text(record, "_id", line, shape),
        "authors": _names_of(_list(record, "credits.by", line, shape), "name", "credits.by[].name", line, shape),
        "section": section or (sections[0] if sections else ""),
        "tags": _names_of(_list(record, "taxonomy.tags", line, shape), "text", "taxonomy.tags[].text", line, shape),
        "language": _text(record, "language", line, shape),
    }
    _dates(fields, record, {"published": "display_date"}, line)
    _dates(fields, record, {"published": "first_publish_date"}, line)
    return fields


_NITF_BODY = re.compile(r"<body\.content\b[^>]*>(?P<body>.*?)</body\.content>", re.DOTALL | re.IGNORECASE)
_BLOCK = re.compile(r"</?block\b[^>]*>", re.IGNORECASE)


def _ap(record: dict, line: int) -> dict:
    shape = "an AP Media API item"
    if record.get("type") not in (None, "text"):
        raise ParseError(f"{shape}: type {quote(str(record['type']))} is not a text story", line=line)
    nitf = _text(record, "body_nitf", line, shape)
    if nitf:
        inner = _NITF_BODY.search(nitf)
        body: str | list[str] = _BLOCK.sub("", inner.group("body") if inner else nitf).strip()
    else:
        body = _text(record, "text", line, shape, required=True)
    bylines = record.get("bylines")
    bylines = [bylines] if isinstance(bylines, str) else _list(record, "bylines", line, shape)
    authors = []
    for byline in bylines:
        printed = byline.get("by") if isinstance(byline, dict) else byline
        if printed in (None, ""):
            continue
        if not isinstance(printed, str):
            raise ParseError(f"{shape}: 'bylines' must be strings or objects with a string 'by'", line=line)
        printed = clean_line(check_storable(printed, line=line, field="'bylines'"))
        names = split_byline(printed)
        authors += names if names is not None else ([printed] if printed else [])
    item_id = _text(record, "altids.itemid", line, shape) or _text(record, "itemid", line, shape)
    fields = {
        "headline": _text(record, "headline", line, shape, required=True),
        "body": body,
        "summary": _text(record, "summary", line, shape),
        "authors": authors,
        "id": item_id,
        "url": "" if item_id else _text(record, "uri", line, shape),
        "language": _text(record, "language", line, shape),
    }
    _dates(fields, record, {"published": "firstcreated", "updated": "versioncreated"}, line)
    return fields


def export_fields(record: dict, line: int) -> tuple[dict, bool] | None:
    """The record in the JSON Lines reader's keys, and whether its body is HTML, when it is a system's export that
    has a shape of its own; None when it is not (aliases are then read by ``with_aliases``)."""
    title, content = record.get("title"), record.get("content")
    if (isinstance(title, dict) and "rendered" in title) or (isinstance(content, dict) and "rendered" in content):
        return _wordpress(record, line), True
    if isinstance(record.get("headlines"), dict) or isinstance(record.get("content_elements"), list):
        return _arc(record, line), True
    if "body" not in record and any(key in record for key in ("altids", "firstcreated", "versioncreated", "body_nitf")):
        fields = _ap(record, line)
        return fields, bool(record.get("body_nitf"))
    return None


def with_aliases(record: dict, line: int) -> tuple[dict, bool]:
    """The record with a generic CMS export's names read as the reader's keys (``ALIASES``): a key given under both
    names is refused rather than one of them lost. The body is HTML when it came as ``body_html``."""
    for alias, key in ALIASES.items():
        if alias in record and key in record:
            raise ParseError(f"both {alias!r} and {key!r} are given; {alias!r} is another name for {key!r}", line=line)
    fields = {ALIASES.get(key, key): value for key, value in record.items()}
    authors = fields.get("authors")
    if isinstance(authors, str) and "author" in record:  # the reader's own "authors" is a list
        check_storable(authors, line=line, field="'authors'")
        fields["authors"] = split_names(clean_line(authors)) or ([clean_line(authors)] if clean_line(authors) else [])
    tags = fields.get("tags")
    if isinstance(tags, str):
        fields["tags"] = [tag for tag in (clean_line(t) for t in tags.split(",")) if tag]
    section = fields.get("section")
    if isinstance(section, dict):
        if set(section) - {"name", "id", "slug"} or not isinstance(section.get("name"), str):
            raise ParseError("'category' as an object must be {\"name\": ...} (with an id or slug)", line=line)
        fields["section"] = section["name"]
    # A CMS's pub_date is a Unix time; the reader's own "published" is a date as printed ("1764151200" is refused).
    if "pub_date" in record and record["pub_date"] not in (None, ""):
        fields["published"] = read_date(record["pub_date"], line=line, field="pub_date")
    return fields, "body_html" in record
