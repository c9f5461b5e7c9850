"""The index's preparation of a story's text costs less: the same words, from fewer passes over the text.

Indexing a story cost about 640 us at a million stories, 440 of them computing its row and 200 writing it
(20,000 stories indexed again in a transaction rolled back). Of the 440, PostgreSQL's text parser and stemmer
took about 235, and ``search_prepare_terms``, which the parser's input goes through first, 90-100:

- Three of its six passes (``search_fold_arabic``, ``search_split_cjk``, ``search_joined_across_joiners``)
  change only text holding an Arabic, Persian, CJK letter or a zero-width joiner, and each looked through the
  whole text to tell. ``search_fold_scripts`` looks once, for any of them, after a test that a text of ASCII
  alone passes without reading it (``octet_length = length``).
- ``search_fold_arabic`` mapped every character of an Arabic story against 31 (letters and two sets of
  digits: ``translate`` compares each character with each of them), 230 us for a story of 2,000 characters. The
  letters are always mapped; the digits only where the text holds one (a story written with ASCII digits has none).
- ``search_name_forms`` ran its two passes ("al-Freih", "Al Freih") on every text; now only on a text with
  an "al"/"el" starting a word before a hyphen or a space.

And ``search_terms`` no longer sorts the hashes or removes duplicates: the lexemes of a tsvector are distinct,
and the GIN index sorts and merges an array's keys itself, so a sorted array bought nothing (43 us a story, now
23). The arrays already stored stay sorted; ``@>`` and ``&&`` read them alike.

Each function gives the same text as before (checked on 5,000 stories of the bench's corpus, English and Arabic,
and by ``tests/test_search_fold.py``), so nothing is indexed again. Timed on those 5,000 stories:
``search_prepare_terms`` 93-100 us a story before, 60-67 after (an Arabic story's 300, 250). At a million, the
bulk ingest with the index went from 1,432 to 1,528 stories/s (2,998 without it; README, "Last measured").
"""

import importlib

from django.db import migrations

_DIGITS = importlib.import_module("articles.migrations.0017_search_folds_digits_and_persian_letters")
_JOINERS = importlib.import_module("articles.migrations.0028_search_joins_words_across_zero_width_joiners")
_CJK = importlib.import_module("articles.migrations.0019_search_splits_cjk")
_NAMES = importlib.import_module("articles.migrations.0016_search_folds_accents")
_TERMS = importlib.import_module("articles.migrations.0014_search_terms_as_hashes")

ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩" + "۰۱۲۳۴۵۶۷۸۹"
ARABIC_LETTERS_FROM = _DIGITS.ARABIC_FROM + _DIGITS.NEW_FROM.replace(ARABIC_DIGITS, "")
ARABIC_LETTERS_TO = _DIGITS.ARABIC_TO + _DIGITS.NEW_TO[: len(_DIGITS.NEW_FROM) - len(ARABIC_DIGITS)]
if (
    len(ARABIC_LETTERS_FROM) != len(ARABIC_LETTERS_TO)
    or _DIGITS.NEW_FROM != ARABIC_LETTERS_FROM[len(_DIGITS.ARABIC_FROM) :] + ARABIC_DIGITS
):
    raise RuntimeError("migration 0017's fold no longer lists its letters and then its digits as 0030 expects")

# Every character one of the three script passes changes: search_fold_arabic's FOLDED, search_split_cjk's letters,
# the two joiners.
SCRIPTS = f"[{_DIGITS.FOLDED[1:-1]}{_CJK.CJK}\u200c\u200d]"


def _folded(source: str, target: str) -> str:
    """The text without its marks and tatweel, each character of ``source`` made the one of ``target``."""
    return f"""translate(regexp_replace(t, '{_DIGITS.ARABIC_DROP}', '', 'g'),
                               '{source}', '{target}')"""


FORWARD = rf"""
CREATE OR REPLACE FUNCTION search_fold_arabic(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT CASE WHEN t !~ '{_DIGITS.FOLDED}' THEN t
                WHEN t ~ '[{ARABIC_DIGITS}]'
                THEN {_folded(ARABIC_LETTERS_FROM + ARABIC_DIGITS, ARABIC_LETTERS_TO + "0123456789" * 2)}
                ELSE {_folded(ARABIC_LETTERS_FROM, ARABIC_LETTERS_TO)} END
$$;
-- Arabic and Persian folded, CJK letters split, words joined across joiners: one look for whether any applies.
CREATE FUNCTION search_fold_scripts(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT CASE WHEN octet_length(t) = length(t) OR t !~ '{SCRIPTS}' THEN t
                ELSE search_joined_across_joiners(search_split_cjk(search_fold_arabic(t))) END
$$;
CREATE OR REPLACE FUNCTION search_prepare_terms(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT search_name_forms(search_joined_forms(search_fold_acronyms(search_fold_scripts(t))))
$$;
CREATE OR REPLACE FUNCTION search_name_forms(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT CASE WHEN t !~ '\m[AaEe][Ll][-\u2010\u2011 ]' THEN t
                ELSE regexp_replace(regexp_replace(t, '\m([Aa][Ll]|[Ee][Ll])[-\u2010\u2011](\w+)', '\1\2 \2', 'g'),
                                    '\m(Al|El|AL|EL) ([[:upper:]]\w*)', '\1\2 \2', 'g') END
$$;
CREATE OR REPLACE FUNCTION search_terms(v tsvector) RETURNS int4[] LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT ARRAY(SELECT hashtext(l) FROM unnest(tsvector_to_array(v)) AS l)
$$;
"""

# The definitions before, as migrations 0014, 0016, 0017 and 0028 left them.
_OLD_NAME_FORMS = _NAMES.NAME_FORMS_SQL[: _NAMES.NAME_FORMS_SQL.index("CREATE FUNCTION search_prepare_terms")]
_OLD_TERMS = _TERMS.TERMS_FUNCTIONS_SQL[: _TERMS.TERMS_FUNCTIONS_SQL.index("CREATE FUNCTION search_terms_add")]
_OLD_PREPARE_TERMS = _JOINERS.NEW_PREPARE[
    _JOINERS.NEW_PREPARE.index("CREATE OR REPLACE FUNCTION search_prepare_terms") :
]
BACKWARD = (
    _DIGITS._fold_function(_DIGITS.FOLDED, _DIGITS.ARABIC_FROM + _DIGITS.NEW_FROM, _DIGITS.ARABIC_TO + _DIGITS.NEW_TO)
    + _OLD_PREPARE_TERMS
    + "DROP FUNCTION search_fold_scripts(text);"
    + _OLD_NAME_FORMS.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")
    + _OLD_TERMS.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")
)


class Migration(migrations.Migration):
    dependencies = [("articles", "0029_match_keys_keep_letters_marks")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
