"""Datelines, bylines and headline markers: the agency's conventions, read from plain text.

Shared by the plain-text and WordPress parsers. Pure functions, no database.
"""

import re
from dataclasses import dataclass

_DASHES = "-–—_−‒"
_ARABIC = "\u0600-\u06ff\u0750-\u077f"

# "Moscow, SANA – ", "Damascus/Hasaka, SANA-", "New York, SANA—", "MOSCOW, SANA-Russia ..."
_LATIN_DATELINE = re.compile(
    rf"""^(?P<places>[A-Z][^,\n]{{0,80}}?)\s*,\s*
         (?P<agency>[A-Z][A-Z.&]{{1,14}})\s*
         [{_DASHES}]+\s*
         (?P<rest>\S.*)$""",
    re.VERBOSE | re.DOTALL,
)
# "دمشق-سانا", "دمشق - سانا", "حمص-سانا|", "دمشق/حلب-سانا"
ARABIC_AGENCIES = ("سانا", "رويترز", "وكالات")
_ARABIC_DATELINE = re.compile(
    rf"""^(?P<places>[{_ARABIC}][{_ARABIC}\s/]{{0,60}}?)\s*
         [{_DASHES}]\s*
         (?P<agency>{"|".join(ARABIC_AGENCIES)})\s*[|:]?\s*
         (?P<rest>\S.*)$""",
    re.VERBOSE | re.DOTALL,
)
_PLACE_WORDS_MAX = 4


@dataclass(frozen=True)
class Dateline:
    places: list[str]
    agency: str
    text: str  # the paragraph without its dateline


def _tidy_place(place: str) -> str:
    place = " ".join(place.split())
    return place.title() if place.isupper() else place


def split_dateline(paragraph: str) -> Dateline | None:
    """The dateline that opens ``paragraph``, or None when it opens with none."""
    for pattern in (_LATIN_DATELINE, _ARABIC_DATELINE):
        match = pattern.match(paragraph.replace("\u00a0", " "))
        if not match:
            continue
        places = [_tidy_place(p) for p in match["places"].split("/")]
        if all(place and len(place.split()) <= _PLACE_WORDS_MAX for place in places):
            return Dateline(places=places, agency=match["agency"], text=match["rest"].strip())
    return None


_UPDATED_MARKER = re.compile(rf"^\s*updated\s*[{_DASHES}:]+\s*", re.IGNORECASE)
_MEDIA_MARKER = re.compile(rf"\s*[{_DASHES}]+\s*(?P<kind>video|photos?)\s*$", re.IGNORECASE)


def split_markers(headline: str) -> tuple[str, list[str]]:
    """A headline without its "Updated-" and "-Video"/"-Photos" markers, and the markers as data."""
    markers = []
    match = _UPDATED_MARKER.match(headline)
    if match and headline[match.end() :].strip():
        markers.append("updated")
        headline = headline[match.end() :]
    media = []
    while (match := _MEDIA_MARKER.search(headline)) and headline[: match.start()].strip():
        media.insert(0, "video" if match["kind"].lower() == "video" else "photos")
        headline = headline[: match.start()]
    return headline.strip(), markers + [m for m in dict.fromkeys(media)]


_NOT_IN_NAMES = re.compile(r"[.!?:;،؟\"“”«»()\d]")
_PARTICLES = {"al", "el", "bin", "ibn", "abu", "de", "del", "da", "van", "von", "der", "la", "le", "du", "bint"}
_PREFIXED = re.compile(r"^(al|el|ad|as|ash|at|az|an|ar|ad-din)-\w", re.IGNORECASE)
_ARABIC_WORD = re.compile(rf"^[{_ARABIC}]+$")


def _is_name(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= 5:
        return False
    if all(_ARABIC_WORD.match(word) for word in words):
        return True
    return all(word[0].isupper() or word.lower() in _PARTICLES or _PREFIXED.match(word) for word in words) and any(
        word[0].isupper() for word in words
    )


def split_byline(line: str) -> list[str] | None:
    """The names of a byline line ("Manar al-Freih / Hazem Sabbagh"), or None when it is not one."""
    if len(line) > 100 or _NOT_IN_NAMES.search(line):
        return None
    names = [" ".join(part.split()) for part in line.split("/")]
    if names and all(_is_name(name) for name in names):
        return names
    return None
