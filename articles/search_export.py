"""The staff search's exports: its matches as CSV and as JSON Lines, written row by row for streaming.

CSV cells that a spreadsheet would read as a formula (starting with = + - @, a tab
or a carriage return, also after spaces or quotes, or full-width) are prefixed with a quote ('), as OWASP
advises for CSV injection:
story text is untrusted, and a headline like "=HYPERLINK(...)" must stay text.
"""

import csv
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator

from .models import Article

COLUMNS = ("id", "headline", "status", "language", "published_at", "section", "authors", "places", "source_url", "url")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def story_row(article: Article, *, base_url: str = "") -> dict:
    """One story's exported fields (the story's places and authors fetched with its page: ``listing``)."""
    return {
        "id": article.pk,
        "headline": article.headline,
        "status": article.status,
        "language": article.language,
        "published_at": article.published_at.isoformat() if article.published_at else "",
        "section": article.section.slug if article.section else "",
        "authors": [author.name for author in article.byline_authors()],
        "places": article.place_names(),
        "source_url": article.source_url,
        "url": base_url + article.get_absolute_url(),
    }


# Control characters other than line breaks and tabs: no spreadsheet shows them, and some read "\x0b=..." as
# starting with "=" (a story archived before the ingest refused them may hold one).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _shown_start(text: str) -> str:
    """``text`` from its first character that is neither a space, a quote, nor one that shows nothing: a bidi
    control, a zero-width character or another format character (Unicode's Cf), or a mark with no letter to sit on
    (Mn, Me). "\u202e=HYPERLINK(...)" and "\u200b=1+1" start with "=" for a reader, and for some spreadsheets."""
    for at, character in enumerate(text):
        if character not in " \"'" and unicodedata.category(character) not in _SHOWS_NOTHING:
            return text[at:]
    return ""


_SHOWS_NOTHING = {"Cf", "Mn", "Me", "Zs"}


def spreadsheet_safe(value) -> str:
    """The cell's text, with a leading ' when a spreadsheet would run it as a formula: when it starts with one of
    FORMULA_STARTS, also after spaces, quotes or characters that show nothing (bidi controls, zero-width
    characters: ``_shown_start``), or as a full-width "＝" or "＋" (which spreadsheets read as "=")."""
    text = CONTROL.sub("", "" if value is None else str(value))
    probe = _shown_start(unicodedata.normalize("NFKC", text))
    return "'" + text if text.startswith(FORMULA_STARTS) or probe.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file whose write returns the line, so csv.writer produces lines for a stream."""

    def write(self, value: str) -> str:
        return value


def csv_lines(articles: Iterable[Article], *, base_url: str = "") -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(COLUMNS)
    for article in articles:
        row = story_row(article, base_url=base_url)
        cells = [" / ".join(v) if isinstance(v, list) else v for v in (row[column] for column in COLUMNS)]
        yield writer.writerow([spreadsheet_safe(cell) for cell in cells])


def json_lines(articles: Iterable[Article], *, base_url: str = "") -> Iterator[str]:
    for article in articles:
        yield json.dumps(story_row(article, base_url=base_url), ensure_ascii=False) + "\n"
