"""What the agencies' XML formats (NITF, NewsML-G2) are read with: elements found by local name, whatever the
document's namespace, their text, and their ISO 8601 dates, basic ("20261126T103000Z") or extended."""

import re
from datetime import UTC, datetime

from lxml import etree

from ..text import clean_line
from .parsed import ParseError, check_date, quote

# ISO 8601's basic forms ("20261126T103000Z", "20261126T103000+0300", "20261126"); the extended ones are Python's.
_BASIC = ("%Y%m%dT%H%M%S%z", "%Y%m%dT%H%M%S", "%Y%m%dT%H%M%z", "%Y%m%dT%H%M", "%Y%m%d")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# An element's markup without the namespace declarations lxml writes on it.
_NAMESPACE_DECLARATION = re.compile(r"\s+xmlns(?::\w+)?=\"[^\"]*\"")


def local_name(tag) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def find(element, path: str):
    """The first element down ``path`` ("body.head/hedline/hl1"), whatever the document's namespace."""
    for step in path.split("/"):
        if element is None:
            return None
        element = next((child for child in element if local_name(child.tag) == step), None)
    return element


def find_all(element, path: str) -> list:
    *parents, last = path.split("/")
    parent = find(element, "/".join(parents)) if parents else element
    return [child for child in parent if local_name(child.tag) == last] if parent is not None else []


def text_of(element) -> str:
    return clean_line(" ".join(element.itertext())) if element is not None else ""


def iso_date(value: str, *, line: int | None, field: str) -> datetime | None:
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


def inner_markup(element) -> str:
    """An element's content as markup (its text and its children), without namespace declarations."""
    inner = (element.text or "") + "".join(etree.tostring(child, encoding="unicode") for child in element)
    return _NAMESPACE_DECLARATION.sub("", inner).strip()


_TAG = re.compile(r"<[^>]*>")


def paragraphs_html(element, *, subheads: frozenset[str]) -> str:
    """The paragraphs (``p``) and subheads (the format's own names for them) inside ``element``, whatever their
    namespace, as HTML paragraphs and ``h2``; those with no text left out."""
    parts = []
    for child in element.iter():
        name = local_name(child.tag)
        if name == "p" or name in subheads:
            inner = inner_markup(child)
            if _TAG.sub("", inner).strip():
                parts.append(f"<p>{inner}</p>" if name == "p" else f"<h2>{inner}</h2>")
    return "\n".join(parts)
