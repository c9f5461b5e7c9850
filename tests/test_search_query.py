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
    assert parse_query("-alone").excluded == ("alone",) and parse_query("-alone").is_empty()  # see search._prepare


def test_exclusions_of_phrases_and_fields():
    parsed = parse_query('syria -"islamic state" -author:"Hazem Sabbagh" place:Homs -place:Aleppo -lang:FR')
    assert parsed.words == ("syria",) and parsed.excluded == ()
    assert parsed.excluded_phrases == ("islamic state",)
    assert (parsed.excluding.author, parsed.excluding.place, parsed.excluding.language) == (
        "Hazem Sabbagh",
        "Aleppo",
        "fr",
    )
    assert parsed.filters.place == "Homs" and parsed.filters.author == ""
    assert parse_query("x -from:2015").problems[0].startswith("-from:")
    assert parse_query('-"islamic state"').is_empty()  # nothing to look for: search() says so, unless filtered


def test_a_field_given_twice_keeps_the_first_and_says_so():
    parsed = parse_query("x place:Homs place:Aleppo place:Homs")
    assert parsed.filters.place == "Homs"
    assert parsed.problems == ("place: given twice; “Aleppo” ignored.",)


@pytest.mark.parametrize("text", ['"new york" OR boston', 'boston OR "new york"'])
def test_or_beside_a_phrase_says_both_are_looked_for(text):
    parsed = parse_query(text)
    assert parsed.phrases == ("new york",) and parsed.words == ("boston",) and parsed.any_of == ()
    assert any("OR joins words" in p for p in parsed.problems)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600))
def test_the_parser_never_raises_and_keeps_its_limits(text):
    parsed = parse_query(text)
    assert len(parsed.text) <= MAX_QUERY_CHARS
    assert "\x00" not in parsed.text
    assert all(isinstance(p, str) for p in parsed.problems)


@pytest.mark.parametrize(
    ("text", "words"),
    [("प्रधानमंत्री शिक्षा", ("प्रधानमंत्री", "शिक्षा")), ("পদ্মা সেতু", ("পদ্মা", "সেতু")),
     ("தமிழ்நாடு", ("தமிழ்நாடு",)), ("นายกรัฐมนตรี", ("นายกรัฐมนตรี",)), ("Cafe\u0301", ("Café",)),
     ("همکاری\u200cهای", ("همکاری\u200cهای",))],  # a zero-width non-joiner inside: one word
)  # fmt: skip
def test_a_word_keeps_its_vowel_signs_viramas_and_tone_marks(text, words):
    # Python's \w leaves combining marks out: "प्रधानमंत्री" was five words, "प", "रध", "नम", "त" and "र".
    assert parse_query(text).words == words
