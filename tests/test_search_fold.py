"""articles/search_fold.py: Python folds spelling as the database's index does, and finds words in order in any
spelling that folds to theirs (checked with PostgreSQL's own unaccent and regular expressions)."""

import unicodedata

import pytest
from django.db import connection

from articles.search_fold import _ACCENTED_BLOCKS, fold, fold_letters, spelling_variants, words_in_order_pattern

pytestmark = pytest.mark.django_db


def test_pythons_accent_fold_is_the_databases_unaccent():
    # Every letter of the Latin and Greek blocks with accented letters: the highlighter and the phrase test must
    # fold what the index folds, and nothing else.
    letters = [chr(code) for block in _ACCENTED_BLOCKS for code in block if chr(code).isalpha()]
    with connection.cursor() as cursor:
        cursor.execute("SELECT l, unaccent(l) FROM unnest(%s::text[]) AS l", [letters])
        disagree = [(letter, ours, fold_letters(letter)) for letter, ours in cursor.fetchall()]
    assert [row for row in disagree if row[1] != row[2]] == []


@pytest.mark.parametrize(
    ("typed", "folded"),
    [("Mélenchon", "melenchon"), ("ERDOĞAN", "erdogan"), ("Łódź", "lodz"), ("al-Sisi", "alsisi"),
     ("Cafe\u0301", "cafe"), ("أمطارٌ", "امطار"), ("غزيرة", "غزيره"),
     ("शिक्षा", "शिक्षा"), ("தமிழ்", "தமிழ்"), ("ไม่", "ไม่"), ("שָׁלוֹם", "שָׁלוֹם")],
)  # fmt: skip
def test_fold_drops_accents_and_arabic_variants(typed, folded):
    assert fold(typed) == folded


def _found(words: list[str], text: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s ~* %s", [text, words_in_order_pattern(words)])
        return cursor.fetchone()[0]


@pytest.mark.parametrize(
    ("words", "text"),
    [
        (["Sao", "Paulo"], "trade talks in São Paulo on Monday"),
        (["São", "Paulo"], "trade talks in SAO PAULO on Monday"),
        (["jean", "luc", "melenchon"], "said Jean-Luc Mélenchon, the leader"),
        (["Lodz"], "the mayor of Łódź"),
        (["امطار", "غزيره"], "هطلت أمطارٌ غَزيرةٌ على الساحل"),
        (["أمطار", "غزيرة"], "هطلت امطار غزيره على الساحل"),
        (["دمشق"], "في دمـــشق"),
        (["Bashar", "Assad"], "President Bashar al-Assad said"),
        (["Bashar", "al-Assad"], "President Bashar Assad said"),
        (["Bashar", "El-Assad"], "President Bashar Al Assad said"),
        (["Straßenbau", "law"], "the new Straßenbau law"),
        (["Strassenbau"], "the new STRASSENBAU law"),
        (["Strassenbau"], "the new Straßenbau law"),
        (["Encyclopaedia"], "the Encyclopædia"),
        (["O'Neill", "met"], "Michelle O’Neill met"),
        (["O’Neill"], "Michelle O'Neill"),
        (["Jean-Luc"], "Jean Luc Mélenchon"),
        (["9/11", "anniversary"], "the 9/11 anniversary"),
        (["शिक्षा", "नीति"], "नई शिक्षा नीति लागू"),
        (["புதிய", "திட்டம்"], "புதிய திட்டம் தொடங்கினார்"),  # ends in a virama, which PostgreSQL's \M took for no letter
        (["সেতু"], "পদ্মা সেতু খুলে"),
        (["همکاریهای", "اقتصادی"], "همکاری\u200cهای اقتصادی"),  # a Persian word written with a zero-width non-joiner
        (["همکاری\u200cهای"], "همکاریهای اقتصادی"),
    ],
)
def test_words_in_order_are_found_in_any_spelling_that_folds_to_theirs(words, text):
    assert _found(words, text)


@pytest.mark.parametrize(
    ("words", "text"),
    [
        (["Sao", "Paulo"], "Paulo went to Sao Tome"),  # not in order
        (["Paulo"], "Paulona"),  # not a whole word
        (["Lodz"], "Lódzka"),
        (["امطار", "غزيره"], "امطار قليلة"),
        (["ways"], "always"),
        (["Bashar", "Assad"], "Bashar alAssad"),
        (["Strasse"], "Strase"),
        (["O'Neill"], "O Neil"),
        (["कक"], "कक्ष में"),  # goes on after a virama
        (["शिक्ष"], "शिक्षा नीति"),  # after a vowel sign
        (["क्ष"], "कक्ष में"),  # starts after a virama
        (["திட்டம்"], "திட்டம்ிட"),
    ],
)
def test_words_in_order_are_whole_words_in_order(words, text):
    assert not _found(words, text)


@pytest.mark.parametrize(
    ("word", "variants"),
    [
        ("Müller", ["Mueller"]),
        ("Mueller", ["Müller"]),
        ("Schroeder", ["Schröder"]),
        ("mueller", []),  # lower case: "guests" is no "güsts"
        ("Zelenskyy", ["Zelenskiy", "Zelensky", "Zelenski"]),
        ("Assad", []),
    ],
)
def test_spelling_variants_of_names(word, variants):
    assert spelling_variants(word) == variants


def test_fold_drops_the_marks_the_index_drops_and_keeps_the_others():
    # Every combining mark of the Basic Multilingual Plane inside a word (in NFC, as queries are), as the index's
    # parser and folding see it: "शिक्षा" kept its vowel signs but lost its virama, and was never highlighted.
    marks = [chr(code) for code in range(0x300, 0x10000) if unicodedata.category(chr(code))[0] == "M"]
    words = {unicodedata.normalize("NFC", f"क{mark}ख"): mark for mark in marks}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w, array_agg(l) FROM unnest(%s::text[]) AS w,"
            " unnest(tsvector_to_array(to_tsvector(search_config('xx'), search_prepare(w)))) AS l GROUP BY w",
            [list(words)],
        )
        indexed = {word: lexemes[0] for word, lexemes in cursor.fetchall() if len(lexemes) == 1}
    assert len(indexed) > 0.98 * len(marks)  # the parser keeps nearly every mark in its word
    assert {words[word]: (lexeme, fold(word)) for word, lexeme in indexed.items() if fold(word) != lexeme} == {}


@pytest.mark.parametrize(
    ("text", "prepared"),
    [
        # ASCII alone: acronyms, names and numbers as the index holds them, the scripts' passes not run.
        ("Plain ASCII text, with U.S. and al-Assad and 1,500 people.",
         "Plain ASCII text, with US. and alAssad Assad alAssad and 1,500 1500 people."),
        ("Curly “quotes” and an en dash – in Moscow, SANA", "Curly “quotes” and an en dash – in Moscow, SANA"),
        ("Al Freih met El-Sisi and AL Bashir; alpha elk Ale",
         "AlFreih Freih met ElSisi Sisi ElSisi and ALBashir Bashir; alpha elk Ale"),
        ("هطلت أمطارٌ غَزيرةٌ على الساحل في دمـــشق", "هطلت امطار غزيره علي الساحل في دمشق"),
        ("عام ٢٠١٥ و۱۳۹۴ في کتاب ی", "عام 2015 و1394 في كتاب ي"),  # Arabic-Indic and Persian digits, Persian letters
        ("أإآٱ ة ى ؤ ئ without digits", "اااا ه ي و ي without digits"),
        ("東京で会議 and 서울", " 東  京  で  会  議  and  서  울 "),
        ("همکاری\u200cهای اقتصادی", "همكاري هاي اقتصادي همكاريهاي"),
        ("Half ASCII é with ك", "Half ASCII é with ك"),
        ("\u0640\u0640", ""),
    ],
)  # fmt: skip
def test_the_index_prepares_each_script_for_its_words(text, prepared):
    # search_prepare_terms looks once for any script its passes change (migration 0030): each kind of text must
    # still go through the passes it needs, and only those.
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_prepare_terms(%s)", [text])
        assert cursor.fetchone()[0] == prepared
