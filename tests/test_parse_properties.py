"""Property-based: every parser, fed arbitrary bytes, text and JSON, raises nothing but its own ParseError.

A file an agency sends may hold anything; what a parser cannot read must become
that file's error (file, line, reason), never a crash of the ingest. Hypothesis
generates the inputs; ``derandomize`` makes every run try the same examples, so
CI is stable and a failure is reproducible, and the example counts keep the
module to a few seconds.
"""

import contextlib
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.ingest.bylines import split_byline
from articles.ingest.dateline import split_dateline, split_markers
from articles.ingest.formats import iter_file_stories
from articles.ingest.jsonl import KEYS, parse_lines
from articles.ingest.parsed import ParsedStory, ParseError, check_storable
from articles.ingest.plaintext import parse_story
from articles.ingest.store import StoreError, prepare
from articles.ingest.wxr import parse_wxr
from articles.text import clean_line, match_key

PROPERTY = settings(
    max_examples=150, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)

# JSON values of every type, nested, with strings that include what breaks naive code: NUL, a lone surrogate,
# dashes, datelines.
SPICES = ["", "", "\x00", "\ud800", "–", "\n", "…", "[", "Moscow, SANA – ", "حلب-سانا ", "(Reuters) - ", "2026-06-01"]
TEXT = st.builds(
    lambda before, spice, after: before + spice + after,
    st.text(st.characters(codec="utf-8"), max_size=20),
    st.sampled_from(SPICES),  # st.text never draws a lone surrogate itself
    st.text(st.characters(codec="utf-8"), max_size=20),
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=12,
)
DATES = st.sampled_from(["2026-06-01T08:00:00Z", "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-14:00", "x"])
# Objects with the schema's own keys and values of any type: the wrong-typed field is the likely bad input.
RECORDS = st.fixed_dictionaries(
    {"headline": TEXT | JSON_VALUES, "body": st.lists(TEXT, max_size=3) | JSON_VALUES},
    optional={key: JSON_VALUES | TEXT | DATES for key in KEYS - {"headline", "body", "check_also"}}
    | {"check_also": st.lists(st.dictionaries(st.sampled_from(["title", "url", "teaser"]), TEXT | JSON_VALUES))},
)


def consume(stories) -> None:
    """Read every story, and do with each what the store does first: a story that parses must also store."""
    for story in stories:
        assert isinstance(story, ParsedStory)
        story.raw_checksum  # noqa: B018
        with contextlib.suppress(StoreError):
            prepare(story)  # validates, keys, sanitizes and fills the row, as the store does before the database


def only_parse_errors(read) -> None:
    with contextlib.suppress(ParseError):
        consume(read())


@PROPERTY
@given(st.binary(max_size=600), st.sampled_from(["a.txt", "a.jsonl", "a.xml", "noextension", "a.csv", "<stdin>"]))
def test_any_bytes_under_any_name_give_stories_or_a_parse_error(data, name):
    only_parse_errors(lambda: iter_file_stories(io.BytesIO(data), name=name))


@PROPERTY
@given(
    st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00"]),
    st.text(max_size=300),
    st.sampled_from(["utf-8", "utf-16-le", "utf-16-be", "utf-32-le"]),
    st.sampled_from(["a.txt", "a.jsonl", "a.xml", "noextension"]),
)
def test_any_text_in_any_encoding_gives_stories_or_a_parse_error(bom, text, encoding, name):
    data = bom + text.encode(encoding, errors="surrogatepass")
    only_parse_errors(lambda: iter_file_stories(io.BytesIO(data), name=name))


@PROPERTY
@given(st.text(max_size=400))
def test_any_text_is_a_plain_text_story_or_a_parse_error(text):
    only_parse_errors(lambda: [parse_story(text)])


@PROPERTY
@given(st.text(max_size=200))
def test_the_dateline_byline_and_marker_readers_take_any_text(text):
    split_dateline(text)
    split_byline(text)
    split_markers(text)


@settings(PROPERTY, max_examples=100)
@given(st.lists(JSON_VALUES, min_size=1, max_size=3))
def test_any_json_values_are_stories_or_a_parse_error(values):
    lines = [json.dumps(value) for value in values]
    only_parse_errors(lambda: parse_lines(lines))


@settings(PROPERTY, max_examples=75)  # the slowest to generate
@given(st.lists(RECORDS, min_size=1, max_size=2))
def test_any_object_with_the_real_keys_is_a_story_or_a_parse_error(records):
    lines = [json.dumps(record) for record in records]
    only_parse_errors(lambda: parse_lines(lines))
    data = "\n".join(lines).encode()
    only_parse_errors(lambda: iter_file_stories(io.BytesIO(data), name="feed.jsonl"))


WXR_ITEM = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/"
  xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/">
<channel><language>{language}</language>
<item><title>{title}</title><link>{link}</link><guid>{guid}</guid><dc:creator>{creator}</dc:creator>
<content:encoded><![CDATA[{content}]]></content:encoded><wp:post_id>{post_id}</wp:post_id>
<wp:post_date_gmt>{date}</wp:post_date_gmt><wp:status>{status}</wp:status><wp:post_type>{post_type}</wp:post_type>
<category domain="category">{category}</category></item>
</channel></rss>
"""
XML_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=30).map(
    lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace("]]>", "")
)


@PROPERTY
@given(
    st.fixed_dictionaries(
        {key: XML_TEXT for key in ("language", "title", "creator", "content", "post_id", "category")}
        | {key: XML_TEXT | st.sampled_from(["http://[", "https://x.org/a?p=1", "/p/1"]) for key in ("link", "guid")}
        | {
            "date": XML_TEXT | st.sampled_from(["2026-06-01 08:00:00", "0001-01-01 00:00:00", "0000-00-00 00:00:00"]),
            "status": st.sampled_from(["publish", "draft", "trash", "", "odd"]),
            "post_type": st.sampled_from(["post", "page", ""]),
        }
    )
)
def test_any_values_in_a_wordpress_export_give_stories_or_a_parse_error(fields):
    data = WXR_ITEM.format(**fields).encode("utf-8", errors="surrogatepass")
    only_parse_errors(lambda: parse_wxr(io.BytesIO(data)))


# White space of every kind, control characters that are not white space, NUL, a lone surrogate, and letters.
LINE_CHARACTERS = "ab \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x00\x01\x7f\x85\u2028\u00a0\u200b\ufeff\u00ad\u2060\ud800é"


@given(st.text(alphabet=st.sampled_from(LINE_CHARACTERS)))
def test_clean_line_and_check_storable_keep_their_meaning_on_their_fast_paths(text):
    # The ASCII fast paths must answer as the general ones do, for every kind of white space and NUL.
    invisible = "".join(c for c in text if c not in "\ufeff\u200b\u00ad\u2060")  # text.INVISIBLE, spelled out
    assert clean_line(text) == " ".join(invisible.split())
    assert match_key(text) == match_key(invisible)  # a Check Also title finds its story whatever marks it holds
    # NUL and a lone surrogate the database cannot store; \x01 and \x7f are control characters, not text (feeds are
    # XML); the other controls of the alphabet are white space, which clean_line makes spaces.
    unstorable = any(c in text for c in "\x00\ud800\x01\x7f")
    if unstorable:
        with contextlib.suppress(ParseError):
            check_storable(text, line=1, field="'body'")
            raise AssertionError(f"{text!r} was let through")
    else:
        assert check_storable(text, line=1, field="'body'") == text
