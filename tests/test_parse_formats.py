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
from articles.ingest.plaintext import parse_story
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


def test_a_record_without_a_language_gets_the_one_its_text_is_written_in():
    french = {"headline": "La récolte de blé commence", "body": "Les agriculteurs ont commencé mardi la récolte du blé "
              "dans la région, a annoncé le ministère de l'Agriculture."}  # fmt: skip
    [story] = parse_lines([json.dumps(french)])
    assert story.language == "fr"
    [story] = parse_lines([json.dumps({**french, "language": "ar"})])  # a record that names one is taken at its word
    assert story.language == "ar"


@pytest.mark.parametrize(
    ("named", "code"),
    [
        ("de-DE", "de"), ("EN", "en"), ("pt_BR", "pt"), ("zh-Hans", "zh"),
        # Norwegian WordPress sites' "nb-NO", Nynorsk: Norwegian, the archive's "no"
        ("nb-NO", "no"), ("nn", "no"), ("nn-NO", "no"),
        # old codes, and three-letter ones, are today's two-letter codes; Filipino is the archive's "tl"
        ("iw", "he"), ("in", "id"), ("ji", "yi"), ("deu", "de"), ("fil", "tl"),
        # a language the archive keeps under its macrolanguage: Moroccan, Egyptian Arabic; Sorani Kurdish
        ("ary", "ar"), ("arz-EG", "ar"), ("ckb", "ku"),
        # a name, in English or its own, as search takes one ("lang:Arabic")
        ("Arabic", "ar"), ("العربية", "ar"), ("Deutsch", "de"), ("Norwegian Bokmål", "no"),
    ],
)  # fmt: skip
def test_a_language_named_with_its_region_or_script_or_in_capitals_is_its_code(named, code):
    [story] = parse_lines([json.dumps({"headline": "H", "body": "Text.", "language": named})])
    assert story.language == code


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
        ('{"headline": "x", "body": "y", "autor": "z"}', "unknown key(s) 'autor'"),
        ('{"headline": "x", "body": "y", "authors": "Lina"}', "'authors' must be a list of strings"),
        ('{"headline": "x", "body": "y", "published": "yesterday"}', "published 'yesterday' is not a date such as"),
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
        ("story.eml", b"From: desk@agency.example\n", "plaintext"),
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


@pytest.mark.parametrize(
    ("name", "head"),
    [("README.md", b"# Readme"), ("export.json", b'[{"headline": "x"}]'), ("table.csv", b"a,b"), ("a.zip", b"PK")],
)
def test_an_extension_no_format_has_is_no_format(name, head):
    assert detect_format(name, head) is None
    with pytest.raises(ParseError, match=re.escape(f"{Path(name).suffix} is not a story format")):
        stories_of(head, name)


@pytest.mark.parametrize(
    ("name", "format"), [("U.S. envoy arrives", "plaintext"), ("2016.01.12 story", "plaintext"), ("feed", "jsonl")]
)
def test_a_dot_inside_a_name_is_no_extension(name, format):
    assert detect_format(name, b'{"headline"' if format == "jsonl" else b"Headline") == format


def test_a_json_array_without_an_extension_is_refused_as_json_not_read_as_a_story():
    with pytest.raises(ParseError, match="not valid JSON"):
        stories_of(b'[\n  {"headline": "x", "body": "y"}\n]\n', "export")


@pytest.mark.parametrize("headline", ["[", "---!", "…", "- -", "\u0640"])
def test_a_headline_with_no_letter_or_digit_is_refused_in_every_format(headline):
    with pytest.raises(ParseError, match="has no letter or digit") as caught:
        stories_of(f"{headline}\n\nSome text.\n".encode(), "story.txt")
    assert caught.value.line == 1
    line = json.dumps({"headline": headline, "body": "Some text."})
    with pytest.raises(ParseError, match="has no letter or digit") as caught:
        stories_of(f'{{"headline": "Fine", "body": "x"}}\n{line}\n'.encode(), "feed.jsonl")
    assert caught.value.line == 2
    wxr = WXR.read_bytes().replace(b"Wheat harvest begins in Hasaka", headline.encode(), 1)
    with pytest.raises(ParseError, match="has no letter or digit") as caught:
        stories_of(wxr, "export.xml")
    assert caught.value.line is not None


@pytest.mark.parametrize("field", ["headline", "body", "section", "authors", "check_also"])
def test_a_nul_character_in_a_json_string_is_refused_naming_line_and_field(field):
    value = "Before\u0000after"
    record = {"headline": "Fine", "body": "Text."} | {
        field: [value] if field == "authors" else [{"title": value}] if field == "check_also" else value
    }
    data = (json.dumps({"headline": "First", "body": "x"}) + "\n" + json.dumps(record) + "\n").encode()
    assert b"\\u0000" in data
    with pytest.raises(ParseError, match=r"NUL character") as caught:
        stories_of(data, "feed.jsonl")
    assert caught.value.line == 2
    assert repr("title" if field == "check_also" else field) in str(caught.value)


def test_a_lone_surrogate_in_json_is_refused():
    with pytest.raises(ParseError, match="lone surrogate"):
        stories_of(b'{"headline": "Fine \\ud800", "body": "x"}\n', "feed.jsonl")


def test_a_nul_byte_in_a_text_file_is_refused_with_its_line():
    with pytest.raises(ParseError, match="NUL") as caught:
        stories_of(b"Headline\n\nSome text, then" + b" long enough" * 20 + b"\x00 there.\n", "story.txt")
    assert caught.value.line == 3


@pytest.mark.parametrize("depth", [100_000, 10_000])
def test_json_nested_deeper_than_python_can_follow_is_refused(depth):
    data = b'{"headline": "Fine", "body": "x"}\n' + b"[" * depth + b"]" * depth + b"\n"
    with pytest.raises(ParseError) as caught:
        stories_of(data, "feed.jsonl")
    assert caught.value.line == 2


def test_a_number_too_long_to_read_is_refused():
    data = b'{"headline": "Fine", "body": "x", "id": ' + b"9" * 5000 + b"}\n"
    with pytest.raises(ParseError, match="not valid JSON") as caught:
        stories_of(data, "feed.jsonl")
    assert caught.value.line == 1


@pytest.mark.parametrize(
    "date",
    ["0001-01-01T00:00:00+05:00", "9999-12-31T23:00:00-05:00", "0202-06-01", "1799-12-31T23:59:59Z", "2201-01-01"],
)
def test_a_date_outside_the_archives_years_is_refused_in_every_format(date):
    line = json.dumps({"headline": "H", "body": "B", "published": date})
    with pytest.raises(ParseError, match="outside the years 1800-2200") as caught:
        stories_of(line.encode(), "feed.jsonl")
    assert caught.value.line == 1
    with pytest.raises(ParseError, match="outside the years 1800-2200") as caught:
        stories_of(f"---\nupdated: {date}\n---\nHeadline\n\nText.\n".encode(), "story.txt")
    assert caught.value.line == 2


@pytest.mark.parametrize("date", ["2026-10-01T09:30:00+16:00", "2026-10-01T09:30:00-18:00"])
def test_a_date_whose_offset_the_database_cannot_hold_is_refused_naming_it(date):
    # PostgreSQL refused the whole file ("the database refused a story"), naming no field
    with pytest.raises(ParseError, match=r"published '2026-10-01T09:30:00.*offset must lie between") as caught:
        stories_of(json.dumps({"headline": "H", "body": "B", "published": date}).encode(), "feed.jsonl")
    assert caught.value.line == 1
    with pytest.raises(ParseError, match="offset must lie between") as caught:
        stories_of(f"---\npublished: {date}\n---\nHeadline\n\nText.\n".encode(), "story.txt")
    assert caught.value.line == 2


@pytest.mark.parametrize(
    ("printed", "read"),
    [
        ("Wed, 26 Nov 2026 10:00:00 +0300", "2026-11-26T07:00:00+00:00"),  # RFC 2822, as RSS feeds write it
        ("Wed, 26 Nov 2026 10:00:00 GMT", "2026-11-26T10:00:00+00:00"),
        ("26 November 2026", "2026-11-26T00:00:00+00:00"),
        ("November 26, 2026", "2026-11-26T00:00:00+00:00"),
        # the time read whole: its half of the day and its zone, in letters when they name one offset only
        ("November 26, 2026 10:30 PM (GMT+8)", "2026-11-26T14:30:00+00:00"),
        ("26 November 2026 03:15 PM MYT", "2026-11-26T07:15:00+00:00"),
        ("26 Nov 2026, 10:30 UTC+04:00", "2026-11-26T06:30:00+00:00"),
        ("Thu, 26 Nov 2026 10:30:00 CST", "2026-11-26T16:30:00+00:00"),  # RFC 2822's own zones
        ("26.11.2026 11:25", "2026-11-26T11:25:00+00:00"),
    ],
)
def test_a_date_that_names_its_month_is_read(printed, read):
    [story] = stories_of(json.dumps({"headline": "H", "body": "B", "published": printed}).encode(), "feed.jsonl")
    assert story.published_at == datetime.fromisoformat(read)


@pytest.mark.parametrize(
    "printed",
    [
        "26/11/2026", "11/26/2026", "1764151200", "yesterday", "Nov 26",
        # a zone that names several offsets (India's, Israel's or Ireland's; China's or America's), or none
        "26 Nov 2026 10:30 IST", "26 Nov 2026 10:30 CST", "26 Nov 2026 10:30 local time", "26 Nov 2026 13:30 PM",
    ],
)  # fmt: skip
def test_a_date_that_could_be_read_two_ways_or_not_at_all_is_refused_naming_it(printed):
    with pytest.raises(ParseError, match=f"published '{printed}' is not a date such as") as caught:
        stories_of(json.dumps({"headline": "H", "body": "B", "published": printed}).encode(), "feed.jsonl")
    assert caught.value.line == 1


def test_a_wordpress_date_outside_the_archives_years_is_refused():
    data = WXR.read_bytes().replace(b"2026-06-01 08:00:00", b"0001-01-01 00:00:00", 1)
    assert data != WXR.read_bytes()
    with pytest.raises(ParseError, match="outside the years"):
        stories_of(data, "export.xml")


@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-32-le", b"\xff\xfe\x00\x00")]
)
def test_utf16_and_utf32_files_with_a_byte_order_mark_are_read_in_every_format(encoding, bom):
    text = "المتحف يفتح أبوابه\r\n\r\nدمشق-سانا افتتح المتحف.\r\n"
    [story] = stories_of(bom + text.encode(encoding), "story.txt")
    assert (story.headline, story.places, story.paragraphs) == ("المتحف يفتح أبوابه", ["دمشق"], ["افتتح المتحف."])
    lines = "".join(json.dumps({"headline": f"Story {n}", "body": "Text é."}) + "\r\n" for n in range(3000))
    stories = stories_of(bom + lines.encode(encoding), "feed.jsonl")
    assert [s.headline for s in stories[-2:]] == ["Story 2998", "Story 2999"] and stories[0].paragraphs == ["Text é."]
    assert [s.source for s in stories[:2]] == ["feed.jsonl:1", "feed.jsonl:2"]
    [story] = stories_of(bom + text.encode(encoding), "no-extension")
    assert story.places == ["دمشق"]


@pytest.mark.parametrize(
    ("opening", "places", "agency", "html"),
    [
        ("<p><strong>LONDON, Nov 26 (Reuters) -</strong> Oil rose.</p>", ["London"], "Reuters", "<p>Oil rose.</p>"),
        ("<p><strong>LONDON</strong>, Nov 26 (Reuters) - Oil rose.</p>", ["London"], "Reuters", "<p>Oil rose.</p>"),
        ("<p><b>دمشق-سانا</b> أعلنت الوزارة.</p>", ["دمشق"], "سانا", "<p>أعلنت الوزارة.</p>"),
        # bold that runs past the dateline, or no dateline in bold: the paragraph as it was
        ("<p><strong>LONDON (Reuters) - Oil rose</strong> again.</p>", [], "", None),
        ("<p><strong>Breaking:</strong> Oil rose.</p>", [], "", None),
    ],
)
def test_a_wordpress_posts_dateline_set_in_bold_is_read(opening, places, agency, html):
    xml = WXR.read_text(encoding="utf-8")
    start = xml.index("<content:encoded><![CDATA[") + len("<content:encoded><![CDATA[")
    end = xml.index("]]></content:encoded>", start)
    [story, *_] = stories_of(xml[:start].encode() + opening.encode() + xml[end:].encode(), "export.xml")
    assert (story.places, story.agency, story.html) == (places, agency, html or opening)


def _wxr_with_content(content: str) -> bytes:
    xml = WXR.read_text(encoding="utf-8")
    start = xml.index("<content:encoded><![CDATA[") + len("<content:encoded><![CDATA[")
    end = xml.index("]]></content:encoded>", start)
    return xml[:start].encode() + content.encode() + xml[end:].encode()


@pytest.mark.parametrize(
    ("content", "html"),
    [
        # the classic editor's paragraphs, parted by blank lines (WordPress adds the <p> as it prints them)
        (
            "Damascus, SANA – First.\r\n\r\nSecond,\nits line broken.\n\n<blockquote>A quote.</blockquote>",
            "<p>First.</p>\n<p>Second,<br>\nits line broken.</p>\n<blockquote>A quote.</blockquote>",
        ),
        # the block editor's comments around each block
        (
            "<!-- wp:paragraph -->\n<p>Damascus, SANA – First.</p>\n<!-- /wp:paragraph -->\n\n"
            "<!-- wp:paragraph -->\n<p>Second.</p>\n<!-- /wp:paragraph -->",
            "<p>First.</p>\n\n<p>Second.</p>",
        ),
        # a picture's caption before the first paragraph, and the story's own brackets kept
        (
            '[caption id="attachment_5" align="alignnone" width="300"]<img src="a.jpg" width="300" /> The minister.'
            "[/caption]\n\nDamascus, SANA – He said [sic] so.",
            "<figure><figcaption>The minister.</figcaption></figure>\n<p>He said [sic] so.</p>",
        ),
        # a page builder's shortcodes around the text, an embed, a gallery
        (
            "[vc_row][vc_column][vc_column_text]Damascus, SANA – First.[/vc_column_text][/vc_column][/vc_row]\n\n"
            '[gallery ids="1,2,3"]\n\n[embed]https://video.example/v/1[/embed]',
            '<p>First.</p>\n<p><a href="https://video.example/v/1">https://video.example/v/1</a></p>',
        ),
        # entities in the dateline, as the classic editor saves a non-breaking space
        ("<p>Damascus,&nbsp;SANA &#8211; Prices &amp; wages rose.</p>", "<p>Prices &amp; wages rose.</p>"),
        # the dateline as a paragraph of its own, in bold or not
        ("<p><strong>Damascus, SANA</strong></p>\n<p>Prices rose.</p>", "<p>Prices rose.</p>"),
        ("<p>Damascus, SANA –</p><p>Prices rose.</p>", "<p>Prices rose.</p>"),
    ],
)
def test_a_wordpress_posts_content_is_read_as_wordpress_prints_it(content, html):
    [story, *_] = stories_of(_wxr_with_content(content), "export.xml")
    assert (story.places, story.agency, story.html) == (["Damascus"], "SANA", html)


@pytest.mark.parametrize(
    "body",
    [
        "<p>Damascus, SANA &#8211; Prices &amp; wages rose.</p>\n<p>Second.</p>",
        ["<p>Damascus, SANA – Prices &amp; wages rose.</p>", "<p>Second.</p>"],
    ],
)
def test_a_json_lines_body_in_html_is_kept_as_html_with_its_dateline_read(body):
    line = json.dumps({"headline": "Prices rise", "body": body})
    [story] = stories_of(line.encode(), "feed.jsonl")
    assert (story.places, story.agency, story.language) == (["Damascus"], "SANA", "en")
    assert story.body_html == "<p>Prices &amp; wages rose.</p>\n<p>Second.</p>"
    with pytest.raises(ParseError, match="'body' is empty"):
        stories_of(json.dumps({"headline": "H", "body": "<p> </p>"}).encode(), "feed.jsonl")
    # Text that only holds a tag is text: escaped, as before.
    [story] = stories_of(json.dumps({"headline": "H", "body": "A <b>bold</b> claim."}).encode(), "feed.jsonl")
    assert story.body_html == "<p>A &lt;b&gt;bold&lt;/b&gt; claim.</p>"


FEEDS = Path(__file__).parent / "fixtures" / "feeds"
RSS = (FEEDS / "rss.xml").read_text(encoding="utf-8")
ATOM = (FEEDS / "atom.xml").read_text(encoding="utf-8")


def test_an_rss_feeds_items_are_published_stories_with_their_dates_bylines_and_datelines():
    wheat, museum = stories_of(RSS.encode(), "feed.xml")
    assert (wheat.headline, wheat.status, wheat.parser, wheat.language) == (
        "Wheat harvest begins in Hasaka",
        "published",
        "feed/1",
        "en",
    )
    assert wheat.published_at == datetime(2026, 11, 26, 7, tzinfo=UTC)
    assert (wheat.authors, wheat.section, wheat.tags) == (["Manar al-Freih"], "Economy", ["Wheat"])
    assert (wheat.places, wheat.agency, wheat.source_url) == (["Hasaka"], "SANA", "https://sana.example/en/?p=1")
    assert wheat.body_html == "<p>Farmers began the harvest.</p><p>The yield will rise.</p>"
    # No content: the description is the body; an address's name is the author, the address is not
    assert (museum.body_html, museum.authors, museum.published_at) == (
        "<p>The museum reopened.</p>",
        ["Hazem Sabbagh"],
        None,
    )


def test_an_atom_feeds_entries_are_stories_in_the_feeds_language():
    museum, talks = stories_of(ATOM.encode(), "atom.xml")
    assert (museum.language, museum.places, museum.agency, museum.authors, museum.section) == (
        "ar",
        ["دمشق"],
        "سانا",
        ["منار الفريح"],
        "ثقافة",
    )
    assert museum.published_at == datetime(2026, 11, 26, 6, tzinfo=UTC)
    assert museum.updated_at == datetime(2026, 11, 26, 7, tzinfo=UTC)
    assert museum.body_html == "<p>أعلنت إدارة المتحف أن أبوابه ستبقى مفتوحة.</p>"
    assert museum.legacy_ids == [("atom", "https://sana.example/?p=9")]
    # only updated: it is the publication date too; XHTML content is read as HTML
    assert talks.published_at == datetime(2026, 11, 27, 10, tzinfo=UTC)
    assert (talks.places, talks.body_html) == (["Geneva"], "<p>Talks resumed.</p>")


def test_a_feed_item_without_text_is_refused_naming_its_line():
    feed = RSS.replace("<description>Damascus, SANA – The museum reopened.</description>", "")
    with pytest.raises(ParseError, match="feed item 'Museum reopens' has no description or content") as caught:
        stories_of(feed.encode(), "feed.xml")
    assert caught.value.line == 10  # the item's own line


NITF = (Path(__file__).parent / "fixtures" / "nitf" / "ap-story.xml").read_text(encoding="utf-8")


def test_an_agencys_nitf_story_is_read_with_its_metadata():
    [story] = stories_of(NITF.encode(), "ap-story.xml")
    assert (story.headline, story.language, story.status, story.parser) == (
        "Biden signs bill to avert shutdown",
        "en",
        "published",
        "nitf/1",
    )
    assert story.summary == "The measure keeps the government open into the new year."
    assert (story.published_at, story.updated_at) == (
        datetime(2026, 11, 26, 15, 30, tzinfo=UTC),
        datetime(2026, 11, 26, 17, tzinfo=UTC),
    )
    assert (story.authors, story.places, story.agency) == (["Zeke Miller", "Lisa Mascaro"], ["Washington"], "AP")
    assert (story.section, story.tags) == ("Politics", ["shutdown", "Congress"])
    assert story.legacy_ids == [("nitf", "a7f3c9e1d2b84f6e9c0a1b2c3d4e5f60")]
    assert story.body_html == (
        "<p>President Joe Biden signed a bill on Wednesday &amp; kept the government open.</p>\n"
        "<p>The measure funds agencies into January.</p>\n<h2>What comes next</h2>\n"
        "<p>Lawmakers return <em>next month</em>.</p>"
    )


NEWSML = (Path(__file__).parent / "fixtures" / "newsml" / "reuters-item.xml").read_text(encoding="utf-8")


def test_an_agencys_newsml_g2_item_is_read_with_its_metadata():
    [story] = stories_of(NEWSML.encode(), "reuters-item.xml")
    assert (story.headline, story.markers, story.summary, story.parser) == (
        "Oil prices rise on supply worries",
        ["updated"],
        "Brent gains 1%.",
        "newsml/1",
    )
    assert (story.published_at, story.updated_at) == (
        datetime(2026, 11, 26, 9, 30, tzinfo=UTC),
        datetime(2026, 11, 26, 12, tzinfo=UTC),
    )
    assert (story.authors, story.places, story.agency, story.language) == (["Jane Doe"], ["London"], "Reuters", "en")
    assert (story.section, story.tags) == ("Economy", ["oil", "prices"])
    assert story.legacy_ids == [("newsml", "tag:reuters.example,2026:newsml_L8N3X0123")]
    assert story.body_html == "<p>Oil prices rose on Wednesday &amp; more.</p>\n<p>Brent crude futures rose 1%.</p>"
    # A picture's item is no story: a file of pictures' metadata gives none.
    assert stories_of(NEWSML.replace("ninat:text", "ninat:picture").encode(), "picture.xml") == []


def test_a_namespaced_nitf_story_with_a_byline_in_words_and_no_dateline_in_its_text():
    document = (
        '<nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><head><title>Talks resume</title></head><body>'
        "<body.head><byline>By JANE DOE</byline><dateline><location><city>Geneva</city></location></dateline>"
        "</body.head><body.content><p>Talks resumed on Monday.</p></body.content></body></nitf>"
    )
    [story] = stories_of(document.encode(), "story.xml")
    assert (story.headline, story.authors, story.places, story.published_at) == (
        "Talks resume",
        ["Jane Doe"],
        ["Geneva"],
        None,
    )
    assert story.body_html == "<p>Talks resumed on Monday.</p>"
    with pytest.raises(ParseError, match=r"NITF story 'Talks resume' has no paragraph in its body\.content"):
        stories_of(document.replace("<p>Talks resumed on Monday.</p>", "").encode(), "story.xml")


@pytest.mark.parametrize("document", [WXR.read_text(encoding="utf-8"), RSS])
def test_a_prefix_no_namespace_declares_is_refused_naming_its_line(document):
    undeclared = re.sub(r'\s+xmlns:dc="[^"]*"', "", document)
    with pytest.raises(ParseError, match=r"not readable XML: .*dc:creator.*is its namespace declared\?") as caught:
        stories_of(undeclared.encode(), "export.xml")
    assert caught.value.line is not None
    # A story's own error keeps its message.
    with pytest.raises(ParseError, match=r"^line \d+: pubDate 'soon' is not a date such as"):
        stories_of(RSS.replace("Wed, 26 Nov 2026 10:00:00 +0300", "soon").encode(), "feed.xml")


def test_the_reporters_an_html_story_ends_with_are_its_authors_and_its_end_marks_go():
    # SANA's site ends its posts with the reporters' names: they, not the account that posted, are the authors.
    content = "<p>Damascus, SANA – First.</p>\n<p>Second.</p>\n<p>Manar al-Freih / Hazem Sabbagh</p>\n<p>Enditem</p>"
    [story, *_] = stories_of(_wxr_with_content(content), "export.xml")
    assert story.authors == ["Manar al-Freih", "Hazem Sabbagh"]
    assert story.body_html == "<p>First.</p>\n<p>Second.</p>"
    # a feed's item likewise; JSON Lines keeps the authors it names, and adds the byline's
    [wheat, _museum] = stories_of(RSS.replace("<p>The yield will rise.</p>", "<p>Rami Mahfouz</p>").encode(), "f.xml")
    assert (wheat.authors, wheat.body_html) == (["Rami Mahfouz"], "<p>Farmers began the harvest.</p>")
    line = {"headline": "H", "body": "<p>Damascus, SANA – First.</p><p>Rami Mahfouz</p>", "authors": ["Lina Haddad"]}
    [story] = stories_of(json.dumps(line).encode(), "feed.jsonl")
    assert (story.authors, story.body_html) == (["Lina Haddad", "Rami Mahfouz"], "<p>First.</p>")
    # a last paragraph that is text, or the only paragraph, stays
    [story, *_] = stories_of(_wxr_with_content("<p>Damascus, SANA – First.</p><p>Talks go on.</p>"), "export.xml")
    assert story.body_html == "<p>First.</p><p>Talks go on.</p>" and story.authors == ["Lina Haddad"]


@pytest.mark.parametrize(
    "hostile", ['[caption id="1"]' * 20_000, "<!-- wp:" * 20_000, "[caption " * 40_000, "[embed " * 40_000]
)
def test_a_wordpress_post_of_unclosed_shortcodes_or_comments_is_read_in_linear_time(hostile):
    # Each unclosed opening once scanned to the end of the post: 27 s for 320 KB of "[caption]", 45 s for
    # "[caption " without its bracket. Read now in about as long as any post.
    [story, *_] = stories_of(_wxr_with_content(hostile + "\n\nDamascus, SANA – First."), "export.xml")
    assert story.headline == "Wheat harvest begins in Hasaka"


def test_a_control_character_is_refused_naming_its_line_and_white_space_controls_are_spaces():
    with pytest.raises(ParseError, match=r"line 3: the line holds a control character \(\\u001b\)") as caught:
        stories_of("Headline\n\nDamascus, SANA \u2013 The \x1bmuseum.\n".encode(), "story.txt")
    assert caught.value.line == 3
    with pytest.raises(ParseError, match=r"'headline' holds a control character \(\\u0007\)"):
        stories_of(json.dumps({"headline": "A \x07bell", "body": ["Text."]}).encode(), "feed.jsonl")
    # A DOS end-of-file mark (Ctrl-Z) ending an old archive's file is the file's end, not a control character.
    [story] = stories_of("Headline\r\n\r\nDamascus, SANA \u2013 The museum.\r\n\x1a".encode(), "story.txt")
    assert story.paragraphs == ["The museum."]
    # A form feed (a page break) or a vertical tab is white space, as before.
    [story] = stories_of("Headline\n\nDamascus, SANA \u2013 The\x0cmuseum\x0bopened.\n".encode(), "story.txt")
    assert story.paragraphs == ["The museum opened."]


def test_a_utf16_wordpress_export_is_read():
    xml = WXR.read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    stories = stories_of(b"\xff\xfe" + xml.encode("utf-16-le"), "export.xml")
    assert stories[0].headline == "Wheat harvest begins in Hasaka"


def test_broken_utf16_is_refused_with_its_line():
    data = b"\xff\xfe" + "Headline\n\nText.\n".encode("utf-16-le") + b"\x00\xd8A\x00"  # a lone high surrogate
    with pytest.raises(ParseError, match="not valid UTF-16") as caught:
        stories_of(data, "story.txt")
    assert caught.value.line == 4


def test_an_error_quotes_at_most_eighty_characters_of_a_long_value():
    value = "x" * 10_000
    for line in (
        {"headline": "H", "body": "B", "published": value},
        {"headline": "H", "body": "B", "status": value},
        {"headline": "H", "body": "B", "url": value},
        {"headline": "H", "body": "B", "language": value},
        {"headline": "H", "body": "B", "id": value},
        {"headline": "H", "body": "B", value: 1},
    ):
        with pytest.raises(ParseError) as caught:
            stories_of(json.dumps(line).encode(), "feed.jsonl")
        assert "x" * 81 not in str(caught.value) and "…" in str(caught.value) and len(str(caught.value)) < 400
    with pytest.raises(ParseError, match="has no body") as caught:
        stories_of(f"{value}\n".encode(), "story.txt")
    assert len(str(caught.value)) < 200


def test_a_json_lines_dateline_under_an_updates_note_is_read_and_the_note_stays():
    from articles.ingest.jsonl import parse_lines

    body = ["(Adds analyst comment)", "LONDON, Nov 26 (Reuters) - Oil rose.", "Brent rose."]
    [story] = parse_lines([json.dumps({"headline": "Oil rises", "body": body})])
    assert (story.places, story.agency) == (["London"], "Reuters")
    assert story.paragraphs == ["(Adds analyst comment)", "Oil rose.", "Brent rose."]


def test_a_json_lines_dateline_leaves_the_body_even_when_places_and_agency_are_given():
    from articles.ingest.jsonl import parse_lines

    line = '{"headline": "Dams refilled", "body": ["Damascus, SANA – The dams are full."], "places": ["Rif Dimashq"]}'
    [story] = parse_lines([line])
    assert story.paragraphs == ["The dams are full."]
    assert (story.places, story.agency) == (["Rif Dimashq"], "SANA")


@pytest.mark.parametrize(
    ("body", "given", "authors", "places", "paragraphs"),
    [
        # AP's byline opening the text, its credit line under it: the dateline below is read too
        (["By ZEKE MILLER", "Associated Press", "MIAMI (AP) — First.", "Second."], [], ["Zeke Miller"], ["Miami"],
         ["First.", "Second."]),
        # Reuters' credit and SANA's names closing it; names given as a field are kept, none lost
        (["LONDON, Nov 26 (Reuters) - First.", "Second.", "(Reporting by Jane Doe in London; Editing by John Roe)"],
         [], ["Jane Doe"], ["London"], ["First.", "Second."]),
        (["Damascus, SANA – First.", "Second.", "Manar al-Freih / Hazem Sabbagh"], ["Hazem Sabbagh"],
         ["Hazem Sabbagh", "Manar al-Freih"], ["Damascus"], ["First.", "Second."]),
        # a closing sentence is no byline
        (["Damascus, SANA – First.", "The talks will resume on Monday."], [], [], ["Damascus"],
         ["First.", "The talks will resume on Monday."]),
    ],
)  # fmt: skip
def test_a_json_lines_body_as_text_reads_its_byline_as_plain_text_does(body, given, authors, places, paragraphs):
    [story] = parse_lines([json.dumps({"headline": "H", "body": body, "authors": given})])
    assert (story.authors, story.places, story.paragraphs) == (authors, places, paragraphs)
    [story] = parse_lines([json.dumps({"headline": "H", "body": "\n\n".join(body), "authors": given})])
    assert (story.authors, story.places, story.paragraphs) == (authors, places, paragraphs)


@pytest.mark.parametrize("creator", ["Reuters Staff", "AFP", "Staff", "Our Correspondent"])
def test_a_feed_items_creator_that_credits_a_desk_or_an_agency_is_no_author(creator):
    feed = RSS.replace("<dc:creator><![CDATA[Manar al-Freih]]></dc:creator>", f"<dc:creator>{creator}</dc:creator>")
    assert feed != RSS
    wheat, _museum = stories_of(feed.encode(), "feed.xml")
    assert wheat.authors == []


def _zipped(entries: dict[str, str]) -> bytes:
    import zipfile

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:  # stored, as Word and LibreOffice store their first entries
        for name, content in entries.items():
            archive.writestr(name, content)
    return data.getvalue()


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\nstream\nx\x9c\xed\x9d\x00\x01\nendstream\n"
RTF = rb"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Times New Roman;}}" + b"\n\\f0 Museum reopens\\par\n}\n"
HTML = b"<!DOCTYPE html>\n<html><head><title>Story</title></head><body><h1>Museum reopens</h1></body></html>\n"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (PDF, "a PDF document"),
        (_zipped({"word/document.xml": "<w:document/>"}), r"a Word document \(.docx, a zip\)"),
        (_zipped({"mimetype": "application/vnd.oasis.opendocument.text"}), r"an OpenDocument text \(.odt, a zip\)"),
        (_zipped({"story.txt": "Headline", "other.txt": "Headline"}), "a zip archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), r"a Word 97-2003 document \(.doc\)"),
        (RTF, "an RTF document"),
        (b"\xef\xbb\xbf  " + RTF, "an RTF document"),
        (HTML, "an HTML page"),
        (b"\n<html lang='ar' dir='rtl'><body><p>Text</p></body></html>\n", "an HTML page"),
        (b'<?xml version="1.0"?>\n<!-- saved -->\n<!doctype HTML PUBLIC "-//W3C//DTD XHTML 1.0//EN">', "an HTML page"),
        (b"\xff\xfe" + HTML.decode().encode("utf-16-le"), "an HTML page"),
    ],
)  # fmt: skip
def test_a_document_of_another_kind_saved_as_txt_is_refused_saying_what_it_is(data, kind):
    # An HTML page was archived under the headline "<!DOCTYPE html>", an RTF document under "{\rtf1\ansi...", and a PDF
    # or a .docx refused for a NUL byte on some line, which did not say what the file was.
    with pytest.raises(ParseError, match=rf"^this is {kind}.*, not a plain-text story: ") as caught:
        stories_of(data, "story.txt")
    assert caught.value.line is None


def test_a_document_of_another_kind_is_named_whatever_the_format_it_is_given_as():
    with pytest.raises(ParseError, match=r"^this is an HTML page, not a WordPress export or a news feed: "):
        stories_of(HTML, "export.xml")
    with pytest.raises(ParseError, match=r"^this is a PDF document, not JSON Lines: "):
        stories_of(PDF, "feed.jsonl")
    with pytest.raises(ParseError, match=r"^this is an RTF document .*, not a story file ingest reads: "):
        stories_of(RTF, "STORY")  # no extension: its first byte "{" would have made it JSON
    with pytest.raises(
        ParseError, match=r"^this is a zip archive, not a plain-text story: give it a name ending in .zip"
    ):
        stories_of(_zipped({"story.txt": "Headline"}), "stories.txt", format="plaintext")
    with pytest.raises(ParseError, match=r"^this is an HTML page, not a plain-text story: "):
        parse_story(HTML.decode())  # the parser, called on its own, says it too


@pytest.mark.parametrize(
    "text",
    [
        "<Breaking> Museum reopens\n\nDamascus, SANA – Text.\n",
        "PKK fighters withdraw\n\nAnkara, SANA – Text.\n",
        "{Updated} Museum reopens\n\nDamascus, SANA – Text.\n",
        "HTML5 course opens in Damascus\n\nDamascus, SANA – Text.\n",
        # A headline that names the tag or the doctype was refused as "an HTML page".
        "<html> tags banned in schools\n\nDamascus, SANA – Text.\n",
        "<!DOCTYPE html> turns 30\n\nDamascus, SANA – Text.\n",
        "\ufeff<HTML> course opens in Damascus\n\nDamascus, SANA – Text.\n",
        "PK Sharma wins election\n\nDamascus, SANA – Text.\n",
        "%PDF of votes counted\n\nDamascus, SANA – Text.\n",
        "{rtf} files still sent\n\nDamascus, SANA – Text.\n",
    ],
)
def test_a_story_that_only_opens_like_another_kind_of_file_is_read(text):
    [story] = stories_of(text.encode(), "story.txt")
    assert story.paragraphs == ["Text."]


def test_a_story_saved_from_a_mail_program_as_eml_is_read(tmp_path):
    path = tmp_path / "Minister resigns.eml"
    path.write_bytes(
        b"From: Desk <desk@agency.example>\r\nTo: archive@agency.example\r\nSubject: Minister resigns\r\n"
        b"Date: Thu, 26 Nov 2026 10:30:00 +0300\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        b"Damascus, SANA =E2=80=93 The minister resigned on Thursday.\r\n"
    )
    with path.open("rb") as stream:
        [story] = iter_file_stories(stream, name=path.name)
    assert (story.headline, story.places, story.paragraphs) == (
        "Minister resigns",
        ["Damascus"],
        ["The minister resigned on Thursday."],
    )
    assert story.published_at == datetime(2026, 11, 26, 7, 30, tzinfo=UTC)


def test_an_html_dateline_keeps_the_space_before_an_inline_tag():
    line = json.dumps({"headline": "H", "body": "<p>Hasaka, SANA – Farmers began the <b>wheat</b> harvest.</p>"})
    [story] = parse_lines([line])
    assert story.html == "<p>Farmers began the <b>wheat</b> harvest.</p>"
