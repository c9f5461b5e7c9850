"""The search box's language, parsed: a pure function that never raises.

Web-search syntax: words (all required), "exact phrases", ``a OR b``, ``-excluded`` (a word,
a ``-"phrase"`` or a field: ``-author:Smith``), and fields: ``author:``, ``place:``, ``section:``,
``tag:``, ``lang:``, ``from:``, ``to:`` (dates as 2015, 2015-09 or 2015-09-15; a field's value may
be quoted: ``place:"Deir ez-Zor"``). What cannot be understood is dropped with a message in ``problems``.
"""

import calendar
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date

from django.utils.translation import gettext as _

from .text import MARKS, drop_invisible

MAX_QUERY_CHARS = 500
MAX_TERMS = 12

FIELDS = {
    "author": "author",
    "by": "author",
    "place": "place",
    "section": "section",
    "tag": "tag",
    "lang": "language",
    "language": "language",
    "from": "date_from",
    "to": "date_to",
}


@dataclass(frozen=True)
class Filters:
    """The form's fields; the same filters can be typed in the box as fields."""

    section: str = ""
    author: str = ""
    place: str = ""
    tag: str = ""
    language: str = ""
    date_from: date | None = None
    date_to: date | None = None  # inclusive
    year: int | None = None
    # Staff only (ignored unless staff=True):
    status: str = ""
    source: str = ""
    pending_check_also: bool = False

    def merged_with(self, other: "Filters") -> "Filters":
        """These filters, with each empty field taken from ``other``."""
        values = {name: getattr(self, name) or getattr(other, name) for name in self.__dataclass_fields__}
        return Filters(**values)

    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in self.__dataclass_fields__)


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    any_of: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[str, ...] = ()
    excluded_phrases: tuple[str, ...] = ()  # -"islamic state": the phrase, not each of its words
    filters: Filters = field(default_factory=Filters)
    # -author:Smith, -place:, -section:, -tag:, -lang:: the stories these filters would keep are left out.
    excluding: Filters = field(default_factory=Filters)
    problems: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return not (self.words or self.phrases or self.any_of)

    def terms(self) -> list[str]:
        """Every positive word, phrases' words included: what highlights and ranking look for."""
        found = [*self.words, *(w for group in self.any_of for w in group)]
        for phrase in self.phrases:
            found += phrase.split()
        return found


# A token: an optional "-", an optional field name, then a quoted string or a run of non-space characters.
_TOKEN = re.compile(r'(-)?(?:([A-Za-z]+):)?(?:"([^"]*)"|(\S+))')
# A word: letters and digits, joined by what PostgreSQL's parser keeps inside one token ("al-Assad", "O'Neill",
# "U.S", "9/11": the index holds "9/11" whole, so a query split into "9" and "11" found nothing). Its letters' marks
# are in it, as in the index: "प्रधानमंत्री" was searched for as "प", "रध", "नम", "त" and "र", and found nothing.
# A zero-width non-joiner or joiner inside a word leaves it one word ("همکاری‌های"), found joined or in its parts.
_LETTERS = rf"[\w\u0600-\u06ff{MARKS}]+"
_WORD = re.compile(rf"{_LETTERS}(?:[-'\u2019./\u200c\u200d]{_LETTERS})*")


# Typographic double quotes mark a phrase as '"' does: a Mac's or a phone's smart quotes (“ ”), the guillemets
# French and Arabic keyboards type (« »), German quotes („ “), fullwidth ones (＂), and a phrase pasted from a story.
QUOTES = str.maketrans(dict.fromkeys("“”„‟«»〝〞＂", '"'))


def _clean(text: str) -> tuple[str, list[str]]:
    problems = []
    if not isinstance(text, str):
        text = ""
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        problems.append(_("Query cut to %(count)s characters.") % {"count": MAX_QUERY_CHARS})
    # NUL and other control characters cannot be searched for (PostgreSQL refuses NUL in text).
    cleaned = "".join(" " if unicodedata.category(c) in {"Cc", "Cs", "Co"} else c for c in text)
    if cleaned != text and "\x00" in text:
        problems.append(_("Control characters ignored."))
    return drop_invisible(unicodedata.normalize("NFC", cleaned)).translate(QUOTES), problems


def _words_of(text: str) -> list[str]:
    return _WORD.findall(text)


def parse_date(value: str, *, end: bool) -> date | None:
    """2015, 2015-09 or 2015-09-15 as a date: the period's first day, or its last when ``end``."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value.strip())
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if month is None:
            return date(year, 12, 31) if end else date(year, 1, 1)
        if day is None:
            return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
        return date(year, month, day)
    except ValueError:
        return None


def _set_once(fields: dict, key: str, value, *, name: str, problems: list[str]) -> None:
    """A field given twice keeps its first value: two places or two authors would be read as "both", which the
    filters cannot say, and the last one silently winning hid the first."""
    if key not in fields:
        fields[key] = value
    elif fields[key] != value:
        problems.append(
            _("%(field)s given twice; “%(value)s” ignored.") % {"field": f"{name}:", "value": str(value)[:40]}
        )


def parse_query(text: str) -> ParsedQuery:
    """The box's text as words, phrases, alternatives, exclusions and fields; never raises."""
    text, problems = _clean(text)
    if text.count('"') % 2:
        problems.append(_("Unbalanced quote ignored."))
        last = text.rfind('"')
        text = text[:last] + " " + text[last + 1 :]
    words: list[str] = []
    phrases: list[str] = []
    any_of: list[list[str]] = []
    excluded: list[str] = []
    excluded_phrases: list[str] = []
    filters: dict = {}
    excluding: dict = {}
    pending_or = after_phrase = False
    for match in _TOKEN.finditer(text):
        minus, name, quoted, bare = match.groups()
        value = quoted if quoted is not None else bare
        if name and name.lower() in FIELDS:
            key = FIELDS[name.lower()]
            value = value.strip()
            if minus and key in {"date_from", "date_to"}:
                problems.append(
                    _("-%(field)s: dates cannot be excluded: use from: and to:; ignored.") % {"field": name}
                )
            elif key in {"date_from", "date_to"}:
                parsed = parse_date(value, end=key == "date_to")
                if parsed is None:
                    problems.append(
                        _("%(field)s: needs a date like 2015, 2015-09 or 2015-09-15; ignored.") % {"field": name}
                    )
                else:
                    _set_once(filters, key, parsed, name=name, problems=problems)
            elif value:
                value = value.lower() if key == "language" else value
                _set_once(
                    excluding if minus else filters, key, value, name=f"-{name}" if minus else name, problems=problems
                )
            continue
        if name:  # "word:thing" that is no field: search its words
            value = f"{name} {value}"
        if quoted is None and not minus and value == "OR":
            if after_phrase:
                problems.append(_("OR joins words, not “exact phrases”: both sides are looked for."))
            elif words or any_of:
                pending_or = True
            else:
                problems.append(_("OR needs a word on each side; ignored."))
            continue
        found = _words_of(value)
        after_phrase = False
        if not found:
            if value.strip() and quoted is None:
                problems.append(_("Nothing to search for in “%(text)s”; ignored.") % {"text": value[:40]})
            continue
        if minus:
            if quoted is not None and len(found) > 1:
                excluded_phrases.append(" ".join(found))
            else:
                excluded += found
            continue
        if quoted is not None and len(found) > 1:
            if pending_or:
                problems.append(_("OR joins words, not “exact phrases”: both sides are looked for."))
            phrases.append(" ".join(found))
            pending_or, after_phrase = False, True
            continue
        if pending_or:
            previous = any_of.pop() if any_of and not words else [words.pop()] if words else []
            if not previous and any_of:
                previous = any_of.pop()
            any_of.append([*previous, *found[:1]])
            words += found[1:]
            pending_or = False
        else:
            words += found
    if pending_or:
        problems.append(_("OR needs a word on each side; ignored."))
    total = len(words) + len(phrases) + sum(len(g) for g in any_of) + len(excluded) + len(excluded_phrases)
    if total > MAX_TERMS:
        problems.append(_("Only the first %(count)s words are searched for.") % {"count": MAX_TERMS})
        words = words[:MAX_TERMS]
        excluded = excluded[: max(0, MAX_TERMS - len(words))]
        excluded_phrases = excluded_phrases[: max(0, MAX_TERMS - len(words) - len(excluded))]
    parsed = ParsedQuery(
        text=text.strip(),
        words=tuple(dict.fromkeys(words)),
        phrases=tuple(dict.fromkeys(phrases)),
        any_of=tuple(tuple(dict.fromkeys(g)) for g in any_of if g),
        excluded=tuple(dict.fromkeys(excluded)),
        excluded_phrases=tuple(dict.fromkeys(excluded_phrases)),
        filters=Filters(**filters),
        excluding=Filters(**excluding),
        problems=tuple(problems),
    )
    return parsed


def with_filters(parsed: ParsedQuery, filters: Filters) -> ParsedQuery:
    return replace(parsed, filters=filters)
