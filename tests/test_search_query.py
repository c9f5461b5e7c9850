"""The search box's parser: a pure function that understands web-search syntax and never raises."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.search_query import MAX_QUERY_CHARS, parse_query


def test_words_phrases_alternatives_and_exclusions():
    parsed = parse_query('refugees "prime minister" Damascus OR Aleppo -football')
    assert parsed.words == ("refugees",)
    assert parsed.phrases == ("prime minister",)
    assert parsed.any_of == (("Damascus", "Aleppo"),)
    assert parsed.excluded == ("football",)
    assert parsed.problems == ()


@pytest.mark.parametrize("quoted", ["“prime minister”", "«prime minister»", "„prime minister“", "« prime minister »"])
def test_typographic_quotes_mark_a_phrase_too(quoted):
    parsed = parse_query(f"{quoted} author:“Hazem Sabbagh”")
    assert parsed.phrases == ("prime minister",) and parsed.words == ()
    assert parsed.filters.author == "Hazem Sabbagh"


def test_fields_in_the_box_become_filters():
    parsed = parse_query('author:al-freih place:"Deir Ezzor" section:local tag:wheat lang:AR from:2015 to:2015-09 x')
    filters = parsed.filters
    assert (filters.author, filters.place, filters.section, filters.tag, filters.language) == (
        "al-freih",
        "Deir Ezzor",
        "local",
        "wheat",
        "ar",
    )
    assert filters.date_from == date(2015, 1, 1) and filters.date_to == date(2015, 9, 30)
    assert parsed.words == ("x",)


def test_bad_input_is_named_not_raised():
    assert "Unbalanced quote ignored." in parse_query('"refugees camp').problems
    assert parse_query("OR").is_empty() and parse_query("OR").problems
    assert parse_query("from:yesterday x").problems[0].startswith("from:")
    cut = parse_query("word " * 3000)
    assert len(cut.text) <= MAX_QUERY_CHARS and any("500 characters" in p for p in cut.problems)
    assert parse_query("a\x00b").words == ("a", "b")
    assert parse_query("-alone").problems


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600))
def test_the_parser_never_raises_and_keeps_its_limits(text):
    parsed = parse_query(text)
    assert len(parsed.text) <= MAX_QUERY_CHARS
    assert "\x00" not in parsed.text
    assert all(isinstance(p, str) for p in parsed.problems)
