"""What every parser produces and the store consumes: a story as read, before it meets the database.

Parsers are pure functions from text to ``ParsedStory``; they know nothing of
models. Errors in the input are raised as ``ParseError`` with the line where
the problem is, and the caller adds the file name.
"""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime

from ..sanitize import paragraphs_to_html, sanitize_html
from ..text import NOT_TEXT, match_key
from ..timestamps import OFFSET_MESSAGE, offset_is_storable

# Dates outside these years are typing slips ("0202", "20266") or corrupt feeds, not news; refusing them
# also keeps every date comparable after its time-zone shift (year 1 at +05:00 is before year 1 in UTC).
FIRST_YEAR, LAST_YEAR = 1800, 2200
QUOTE_CHARS = 80
# What PostgreSQL cannot hold in text (NUL) and what is no character at all (a lone UTF-16 surrogate).
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class ParseError(ValueError):
    """The input is not a story this parser can read. ``line`` is 1-based, when known."""

    def __init__(self, message: str, *, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


def quote(value: str, limit: int = QUOTE_CHARS) -> str:
    """``value`` quoted for an error message, cut to ``limit`` characters: a message never repeats a whole body."""
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")


def check_headline(headline: str, *, line: int | None) -> str:
    """Refuse a headline with no letter or digit ("[", "---", "…"): it names nothing, and two such headlines
    would fold to the same empty matching key, so the second story would silently replace the first."""
    if not match_key(headline):
        raise ParseError(
            f"the headline {quote(headline)} has no letter or digit; is this file really a story?", line=line
        )
    return headline


def check_date(value: datetime, *, printed: str, line: int | None, field: str) -> datetime:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ParseError(
            f"{field} {quote(printed)} is outside the years {FIRST_YEAR}-{LAST_YEAR} an archive date may have",
            line=line,
        )
    if not offset_is_storable(value):  # PostgreSQL refused the whole file, naming no field
        raise ParseError(f"{field} {quote(printed)}: {OFFSET_MESSAGE}", line=line)
    return value


def check_storable(value: str, *, line: int | None, field: str) -> str:
    """Refuse text the database cannot store as it is, or that is not text (a control character: feeds, which
    are XML, cannot hold it). An archive must not change a story's text silently, so the file is refused and
    the error names the field to fix."""
    if value.isprintable():
        return value  # no NUL, surrogate or control character: one scan in C, for nearly every line
    if match := UNSTORABLE.search(value):
        what = "a NUL character (\\u0000)" if match[0] == "\x00" else f"a lone surrogate (\\u{ord(match[0]):04x})"
        raise ParseError(f"{field} holds {what}, which is not text the archive can store; remove it", line=line)
    if match := NOT_TEXT.search(value):
        raise ParseError(
            f"{field} holds a control character (\\u{ord(match[0]):04x}), which is not text; remove it", line=line
        )
    return value


def string_field(value, *, name: str, line: int | None, required: bool = False, where: str = "") -> str:
    """A JSON record's field that must be a string (JSON Lines, and other systems' exports: ``where`` names the
    shape), checked as ``check_storable`` checks text; "" when missing or empty, unless ``required``."""
    prefix = f"{where}: " if where else ""
    if value is None or value == "":
        if required:
            raise ParseError(f"{prefix}{name!r} is required and missing or empty", line=line)
        return ""
    if not isinstance(value, str):
        raise ParseError(f"{prefix}{name!r} must be a string, not {type(value).__name__}", line=line)
    return check_storable(value, line=line, field=repr(name))


@dataclass(frozen=True)
class ParsedLink:
    """One "Check Also" entry as printed."""

    title: str
    url: str = ""
    teaser: str = ""


@dataclass
class ParsedStory:
    headline: str
    # Plain-text paragraphs, the dateline taken out of the first. Parsers of HTML sources
    # (WordPress) set ``html`` instead; ``body_html`` gives either as HTML.
    paragraphs: list[str] = field(default_factory=list)
    html: str = ""
    language: str = "en"
    places: list[str] = field(default_factory=list)
    agency: str = ""
    authors: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    updated_at: datetime | None = None
    status: str = "published"  # draft, published or withdrawn
    section: str = ""
    tags: list[str] = field(default_factory=list)
    summary: str = ""
    # Headline markers, as data: "updated", "video", "photos".
    markers: list[str] = field(default_factory=list)
    # The headline as printed, its markers and flags still on ("UPDATE 2-Oil prices rise"): how a story stored
    # before the parser read them is found again (ingest.store, StoryStore._find_read_anew).
    printed_headline: str = ""
    check_also: list[ParsedLink] = field(default_factory=list)
    source_url: str = ""
    # Identifiers the story had elsewhere, as (scheme, value): ("wordpress", "4211"), ("id", "abc").
    legacy_ids: list[tuple[str, str]] = field(default_factory=list)
    # Old URL paths that must keep leading to the story.
    legacy_paths: list[str] = field(default_factory=list)
    # Provenance: the raw input of this one story, where it was read from, and by which parser.
    raw: str = ""
    source: str = ""
    parser: str = ""

    @property
    def body_html(self) -> str:
        """The body as clean HTML: an HTML source through the allowlist, plain text escaped."""
        return sanitize_html(self.html) if self.html else paragraphs_to_html(self.paragraphs)

    @property
    def raw_checksum(self) -> str:
        return hashlib.sha256(self.raw.encode("utf-8")).hexdigest()
