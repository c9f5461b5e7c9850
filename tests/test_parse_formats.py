"""JSON Lines, WordPress WXR, decoding and format detection: the parsers other than plain text."""

import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from articles.ingest.formats import MAX_LINE_CHARS, decode_text, detect_format, iter_file_stories
from articles.ingest.jsonl import parse_lines
from articles.ingest.parsed import ParseError
from articles.ingest.wxr import parse_wxr

WXR = Path(__file__).parent / "fixtures" / "wxr" / "export.xml"


def stories_of(data: bytes, name: str = "input", format: str | None = None):
    return list(iter_file_stories(io.BytesIO(data), name=name, format=format))


def test_a_json_line_becomes_a_story():
    line = json.dumps(
        {
            "headline": "Wheat harvest begins-Video",
            "body": ["Hasaka, SANA – Farmers began.", "The yield rises."],
            "published": "2026-06-01T08:00:00Z",
            "url": "https://example.org/en/wheat",
            "id": 77,
            "authors": ["Lina Haddad", "Rasha Milhem"],
            "section": "Economy",
            "tags": ["harvest"],
            "check_also": [{"title": "Silos fill up", "teaser": "Homs, SANA – The silos …"}],
        }
    )
    [story] = parse_lines([line], source="feed.jsonl")
    assert (story.headline, story.markers) == ("Wheat harvest begins", ["video"])
    assert (story.places, story.agency, story.paragraphs) == (
        ["Hasaka"],
        "SANA",
        ["Farmers began.", "The yield rises."],
    )
    assert story.published_at == datetime(2026, 6, 1, 8, tzinfo=UTC)
    assert story.authors == ["Lina Haddad", "Rasha Milhem"]
    assert story.legacy_ids == [("id", "77")]
    assert story.check_also[0].title == "Silos fill up"
    assert (story.source, story.parser, story.raw) == ("feed.jsonl:1", "jsonl/1", line)


def test_a_body_string_is_split_into_paragraphs_and_blank_lines_are_skipped():
    lines = ["", json.dumps({"headline": "H", "body": "One.\n\nTwo.\nThree."}), "  "]
    [story] = parse_lines(lines)
    assert story.paragraphs == ["One.", "Two.", "Three."]
    assert story.source == ":2"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "must hold a JSON object, not list"),
        ('{"body": "x"}', "'headline' is required"),
        ('{"headline": "x"}', "'body' is required"),
        ('{"headline": "x", "body": "  "}', "'body' is empty"),
        ('{"headline": "x", "body": "y", "autor": "z"}', "unknown key(s) autor"),
        ('{"headline": "x", "body": "y", "authors": "Lina"}', "'authors' must be a list of strings"),
        ('{"headline": "x", "body": "y", "published": "yesterday"}', "published 'yesterday' is not an ISO"),
        ('{"headline": "x", "body": "y", "status": "gone"}', "status 'gone'"),
        ('{"headline": "x", "body": "y", "check_also": [{"url": "https://x.org"}]}', "'title' is required"),
        ('{"headline": "x", "body": "y", "url": "javascript:alert(1)"}', "not an http(s) address"),
    ],
)
def test_a_bad_json_line_is_refused_with_its_line_number(line, message):
    good = json.dumps({"headline": "Fine", "body": "Fine."})
    with pytest.raises(ParseError, match=re.escape(message)) as caught:
        list(parse_lines([good, line]))
    assert caught.value.line == 2


def test_json_lines_are_read_one_at_a_time():
    def lines():
        yield json.dumps({"headline": "First", "body": "x"})
        raise AssertionError("read ahead of the consumer")

    assert next(iter(parse_lines(lines()))).headline == "First"


def test_a_wordpress_export_gives_its_posts_as_stories():
    stories = list(parse_wxr(WXR.open("rb"), source="export.xml"))
    assert [s.headline for s in stories] == [
        "Wheat harvest begins in Hasaka",
        "Museum reopens its eastern wing",
        "A draft about the book fair",
        "A story taken down",
    ]
    wheat, museum, draft, trashed = stories
    assert wheat.authors == ["Lina Haddad"]  # dc:creator's login, resolved to the display name
    assert (wheat.places, wheat.agency) == (["Hasaka"], "SANA")
    assert wheat.html.startswith("<p>Farmers began the wheat harvest on Monday.</p>")
    assert wheat.published_at == datetime(2026, 6, 1, 8, tzinfo=UTC)
    assert (wheat.section, wheat.tags, wheat.summary) == (
        "Economy",
        ["harvest", "agriculture"],
        "Farmers began the harvest.",
    )
    assert wheat.source_url == "https://agency.example/en/2026/06/01/wheat-harvest-begins/"
    assert wheat.legacy_ids == [("wordpress", "4211")]
    assert wheat.legacy_paths == ["/en/2026/06/01/wheat-harvest-begins/", "/en/?p=4211"]
    assert wheat.language == "en" and wheat.status == "published" and wheat.parser == "wxr/1"
    assert wheat.source.startswith("export.xml:")
    assert museum.authors == ["Manar al-Freih", "Hazem Sabbagh"]  # Co-Authors Plus replaces dc:creator
    assert museum.markers == ["photos"]
    assert (draft.status, draft.published_at, draft.legacy_paths) == ("draft", None, ["/en/?p=4213"])
    assert trashed.status == "withdrawn"


def test_malformed_xml_names_its_line():
    data = WXR.read_bytes().replace(b"</item>", b"</itm>", 1)
    with pytest.raises(ParseError, match="not well-formed XML") as caught:
        list(parse_wxr(io.BytesIO(data)))
    assert caught.value.line is not None and caught.value.line > 10


@pytest.mark.parametrize(
    ("name", "head", "format"),
    [
        ("a.txt", b"{", "plaintext"),
        ("a.jsonl", b"Head", "jsonl"),
        ("a.ndjson", b"", "jsonl"),
        ("a.xml", b"", "wxr"),
        ("stdin", b'\xef\xbb\xbf  {"headline"', "jsonl"),
        ("stdin", b"<?xml version", "wxr"),
        ("stdin", b"Headline\n", "plaintext"),
    ],
)
def test_the_format_comes_from_the_extension_else_the_first_bytes(name, head, format):
    assert detect_format(name, head) == format


def test_text_is_decoded_with_bom_and_line_ends_handled():
    assert decode_text(b"\xef\xbb\xbfa\r\nb\rc\n") == "a\nb\nc\n"


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        (b"", "the file is empty", None),
        (b"\n  \n", "the file is empty", None),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file", None),
        (b"Headline\n\nCaf\xe9 in Damascus.\n", "byte 0xe9 at column 4 is not valid UTF-8", 3),
        (b"Just a headline\n", "has no body", 1),
    ],
)
def test_malformed_files_are_refused_clearly(data, message, line):
    with pytest.raises(ParseError, match=re.escape(message)) as caught:
        stories_of(data, "story.txt")
    assert caught.value.line == line


def test_a_ten_megabyte_line_is_refused_in_every_format():
    huge = b"x" * (10 * 1024 * 1024)
    with pytest.raises(ParseError, match="longer than") as caught:
        stories_of(b'{"headline": "' + huge + b'"}\n', "feed.jsonl")
    assert caught.value.line == 1
    with pytest.raises(ParseError, match=f"at most {MAX_LINE_CHARS:,} are read") as caught:
        stories_of(b"Headline\n\n" + huge + b"\n", "story.txt")
    assert caught.value.line == 3


def test_a_jsonl_file_with_a_bom_and_crlf_is_read():
    data = b"\xef\xbb\xbf" + json.dumps({"headline": "H", "body": "B"}).encode() + b"\r\n"
    [story] = stories_of(data, "feed.jsonl")
    assert story.headline == "H"


def test_an_explicit_format_overrides_detection():
    data = json.dumps({"headline": "H", "body": "B"}).encode()
    assert stories_of(data, "feed.txt", format="jsonl")[0].headline == "H"
    with pytest.raises(ParseError, match="unknown format"):
        stories_of(data, "feed.txt", format="csv")
