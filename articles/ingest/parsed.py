"""What every parser produces and the store consumes: a story as read, before it meets the database.

Parsers are pure functions from text to ``ParsedStory``; they know nothing of
models. Errors in the input are raised as ``ParseError`` with the line where
the problem is, and the caller adds the file name.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from ..sanitize import paragraphs_to_html, sanitize_html


class ParseError(ValueError):
    """The input is not a story this parser can read. ``line`` is 1-based, when known."""

    def __init__(self, message: str, *, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


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
