"""JSON Lines: one story a line, a JSON object with these keys.

    headline    string, required        the headline as printed (markers such as "-Video" are read as in plain text)
    body        string or list, required  plain-text paragraphs: a list, or one string with blank lines between;
                                        or HTML, when it opens with a block's tag ("<p>", "<div>", "<h2>", ...)
    published   string                  ISO 8601; without a zone it is UTC; absent when unknown; years 1800-2200
    updated     string                  ISO 8601, when the story was updated
    url         string                  the story's address at its source: its identity when present
    id          string or number        the story's id at its source: its identity when there is no url
    language    string                  ISO 639-1 code ("en", "ar"); identified from the text when absent
    places      list of strings         dateline places ("Damascus", "Hasaka"); read from the dateline when absent
    agency      string                  the credit as printed ("SANA"); read from the dateline when absent
    authors     list of strings         the byline, in printed order
    section     string
    tags        list of strings
    summary     string
    status      string                  "published" (default), "draft" or "withdrawn"
    check_also  list of objects         {"title": required, "url": optional, "teaser": optional}

Example:

    {"headline": "Wheat harvest begins", "body": ["Hasaka, SANA – Farmers began ...", "..."],
     "published": "2026-06-01T08:00:00Z", "url": "https://example.org/en/wheat", "authors": ["Lina Haddad"]}

Unknown keys are refused, so a misspelt key is an error rather than lost data. So are strings holding a
NUL character (\u0000, which the database cannot store: the archive does not change text silently), a
headline with no letter or digit, and JSON nested deeper than Python can follow.
"""

import json
import re
from collections.abc import Iterable, Iterator
from datetime import datetime

from ..text import clean_line, drop_invisible, html_text, match_key
from .bylines import split_byline, without_leading_byline
from .dateline import closing_credit, split_dateline, split_markers, trailing_credit
from .endings import is_editors_note, is_end_mark, without_end_mark
from .html_dateline import split_html_byline, split_html_dateline
from .json_exports import export_fields, with_aliases
from .language import guess_language, language_code
from .parsed import ParsedLink, ParsedStory, ParseError, check_headline, check_storable, quote, string_field
from .plaintext import check_url, parse_date

PARSER = "jsonl/1"
KEYS = {
    "headline", "body", "published", "updated", "url", "id", "language", "places", "agency", "authors",
    "section", "tags", "summary", "status", "check_also",
}  # fmt: skip
LINK_KEYS = {"title", "url", "teaser"}
MAX_ID_CHARS = 200


def _string(record: dict, key: str, line: int, *, required: bool = False) -> str:
    value = string_field(record.get(key), name=key, line=line, required=required)
    # Its section, agency, summary and Check Also titles as clean of bidi controls and invisible marks as every
    # field that goes through clean_line: a right-to-left override in a section's name turned its pages around.
    return drop_invisible(value).strip()


def _strings(record: dict, key: str, line: int) -> list[str]:
    value = record.get(key) or []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ParseError(f"{key!r} must be a list of strings", line=line)
    return [cleaned for item in value if (cleaned := clean_line(check_storable(item, line=line, field=repr(key))))]


# A body in HTML, as a news site's API gives it: it opens with a block's tag.
_HTML_BODY = re.compile(r"\s*<(?:p|div|h[1-6]|ul|ol|blockquote|figure|table|section|article)\b", re.IGNORECASE)


def _html_body(record: dict, line: int, *, known: bool = False) -> str:
    """The body as HTML when it is HTML (a string, or a list of strings, opening with a block's tag, or one its
    source gives as HTML whatever it opens with: WordPress's content.rendered, a CMS's body_html), else ""."""
    body = record.get("body")
    first = body[0] if isinstance(body, list) and body else body
    if not isinstance(first, str) or not (known or _HTML_BODY.match(first)):
        return ""
    if isinstance(body, list):
        if not all(isinstance(p, str) for p in body):
            return ""  # refused, with its message, as text
        body = "\n".join(body)
    check_storable(body, line=line, field="'body'")
    if not clean_line(html_text(body)):
        raise ParseError("'body' is empty", line=line)
    return body


def _paragraphs(record: dict, line: int) -> list[str]:
    body = record.get("body")
    if isinstance(body, str):
        paragraphs = body.replace("\r\n", "\n").split("\n")
    elif isinstance(body, list) and all(isinstance(p, str) for p in body):
        paragraphs = body
    else:
        raise ParseError("'body' is required: a string, or a list of paragraph strings", line=line)
    paragraphs = [cleaned for p in paragraphs if (cleaned := clean_line(check_storable(p, line=line, field="'body'")))]
    while len(paragraphs) > 1 and is_end_mark(paragraphs[-1]):  # a wire's "Enditem", "###": no part of the story
        paragraphs = paragraphs[:-1]
    if paragraphs:
        paragraphs[-1] = without_end_mark(paragraphs[-1])
    if not paragraphs:
        raise ParseError("'body' is empty", line=line)
    return paragraphs


def _links(record: dict, line: int) -> list[ParsedLink]:
    value = record.get("check_also") or []
    if not isinstance(value, list):
        raise ParseError("'check_also' must be a list of {title, url, teaser} objects", line=line)
    links = []
    for item in value:
        if not isinstance(item, dict) or set(item) - LINK_KEYS:
            raise ParseError("each 'check_also' entry must be an object with title, url and teaser only", line=line)
        title = _string(item, "title", line, required=True)
        url = _string(item, "url", line)
        links.append(
            ParsedLink(title=title, url=check_url(url, line=line) if url else "", teaser=_string(item, "teaser", line))
        )
    return links


def _without_bylines(paragraphs: list[str], first: int) -> tuple[list[str], list[str]]:
    """The paragraphs without the byline that opens them (AP's "By ZEKE MILLER") or closes them (SANA's "Manar
    al-Freih / Hazem Sabbagh", Reuters' "(Reporting by ...)"), and its names, as plain text reads them: a body given
    as text reads as the same story given as a file."""
    paragraphs, names = without_leading_byline(paragraphs, at=first)
    if len(paragraphs) > 1 and (closing := split_byline(paragraphs[-1])):
        names, paragraphs = [*names, *closing], paragraphs[:-1]
    return paragraphs, names


def parse_record(record: object, *, line: int, raw: str, source: str) -> ParsedStory:
    if not isinstance(record, dict):
        raise ParseError(f"a line must hold a JSON object, not {type(record).__name__}", line=line)
    # A WordPress post, an Arc XP story or an AP item as its system exports it is read by its own fields
    # (json_exports.py); a CMS's own names for these keys ("title", "body_html", "pub_date") are read as them.
    exported = export_fields(record, line)
    record, known_html = exported or with_aliases(record, line)
    unknown = set(record) - KEYS
    if unknown:
        named = ", ".join(quote(key, 40) for key in sorted(unknown)[:5]) + (", ..." if len(unknown) > 5 else "")
        raise ParseError(
            f"unknown key(s) {named}; the keys are {', '.join(sorted(KEYS))} (or a WordPress REST API post's, "
            "an Arc XP ANS story's or an AP Media API item's, read by their own names)",
            line=line,
        )
    printed_headline = clean_line(_string(record, "headline", line, required=True))
    headline, markers = split_markers(printed_headline)
    check_headline(headline, line=line)
    body_html = _html_body(record, line, known=known_html)
    paragraphs = [] if body_html else _paragraphs(record, line)
    story = ParsedStory(
        headline=headline,
        markers=markers,
        printed_headline=printed_headline,
        paragraphs=paragraphs,
        places=_strings(record, "places", line),
        agency=_string(record, "agency", line),
        authors=_strings(record, "authors", line),
        section=_string(record, "section", line),
        tags=_strings(record, "tags", line),
        summary=_string(record, "summary", line),
        check_also=_links(record, line),
        html=body_html,
        language=language_code(_string(record, "language", line), line=line)
        or guess_language(headline, *(paragraphs or [html_text(body_html)])),
        status=_string(record, "status", line) or "published",
        raw=raw,
        source=f"{source}:{line}",
        parser=PARSER,
    )
    # The dateline comes out of the text as in every other format, so a story reads the same whichever way it
    # arrived; places and agency given as fields win over what the dateline says. An update's note above it
    # ("(Adds analyst comment, updates prices)") stays where it stands, as in plain text.
    first = 1 if len(paragraphs) > 1 and is_editors_note(paragraphs[0]) else 0
    if paragraphs:
        paragraphs, names = _without_bylines(paragraphs, first)
        story.paragraphs, story.authors = paragraphs, list(dict.fromkeys([*story.authors, *names]))
    if body_html:
        dateline, story.html = split_html_dateline(body_html)
        if dateline:
            story.places = story.places or dateline.places
            story.agency = story.agency or dateline.agency
            story.authors = story.authors or list(dateline.authors)
        reporters, story.html = split_html_byline(story.html)  # the byline the body ends with: none is lost
        story.authors = list(dict.fromkeys([*story.authors, *reporters]))
    elif dateline := split_dateline(paragraphs[first]):
        story.places = story.places or dateline.places
        story.agency = story.agency or dateline.agency
        story.authors = story.authors or list(dateline.authors)
        story.paragraphs = [*paragraphs[:first], dateline.text, *paragraphs[first + 1 :]]
    # A source credit closing the text ("Source: SANA"), as in plain text: the agency, when it names none or the same.
    credit = closing_credit(story.paragraphs[-1]) if len(story.paragraphs) > 1 else None
    if credit and (not story.agency or match_key(credit) == match_key(story.agency)):
        story.agency, story.paragraphs = story.agency or credit, story.paragraphs[:-1]
    elif (
        story.paragraphs
        and (trailing := trailing_credit(story.paragraphs[-1]))
        and (not story.agency or match_key(trailing[1]) == match_key(story.agency))
    ):
        story.paragraphs[-1], story.agency = trailing[0], story.agency or trailing[1]  # "... trade. (ANI)"
    for key in ("published", "updated"):
        if isinstance(record.get(key), datetime):  # read by its export's reader, as its field is named there
            setattr(story, f"{key}_at", record[key])
        elif value := _string(record, key, line):
            setattr(story, f"{key}_at", parse_date(value, line=line, field=key))
    if url := _string(record, "url", line):
        story.source_url = check_url(url, line=line)
    if "id" in record and record["id"] not in (None, ""):
        if not isinstance(record["id"], str | int) or isinstance(record["id"], bool):
            raise ParseError("'id' must be a string or a whole number", line=line)
        legacy_id = check_storable(str(record["id"]), line=line, field="'id'")
        if len(legacy_id) > MAX_ID_CHARS:
            raise ParseError(f"'id' {quote(legacy_id)} is longer than {MAX_ID_CHARS} characters", line=line)
        story.legacy_ids = [("id", legacy_id)]
    if story.status not in ("draft", "published", "withdrawn"):
        raise ParseError(f"status {quote(story.status)} is not draft, published or withdrawn", line=line)
    return story


def parse_lines(lines: Iterable[str], *, source: str = "") -> Iterator[ParsedStory]:
    """Stories from JSON Lines, one at a time; blank lines are skipped."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ParseError(f"not valid JSON: {exc.msg} at column {exc.colno}", line=number) from None
        except ValueError as exc:  # a number of more than 4,300 digits, say
            raise ParseError(f"not valid JSON: {str(exc)[:120]}", line=number) from None
        except RecursionError:
            raise ParseError(
                "the JSON is nested too deeply (arrays or objects within each other); a story is one flat object",
                line=number,
            ) from None
        yield parse_record(record, line=number, raw=line, source=source)
