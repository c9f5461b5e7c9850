"""Arabic's decimal and thousands separators folded as its digits are: "٢٫٥" is "2.5", "١٬٥٠٠" is "1,500".

Migration 0017 folds Arabic-Indic and Persian digits to ASCII ones, so that "2015" finds "۲۰۱۵"; but a
number written with the Arabic decimal separator (U+066B) or thousands separator (U+066C) became "2٫5",
which PostgreSQL's parser reads as two numbers, "2" and "5": "2.5" did not find "٢٫٥", nor "٢٫٥" "2.5",
and "1500" did not find "١٬٥٠٠" (migration 0018 joins "1,500" only). Now the separators fold to "." and
"," beside the digits, in the index, the queries and the highlighter (``search_fold.ARABIC_FOLD``) alike.

Only the stories whose text or names hold one of the two separators are indexed again.
"""

import importlib
import re

from django.db import migrations

_DIGITS = importlib.import_module("articles.migrations.0017_search_folds_digits_and_persian_letters")
_FEWER = importlib.import_module("articles.migrations.0030_search_prepares_text_in_fewer_passes")

SEPARATORS = "\u066b\u066c"  # ٫ ٬


def _fold_function(numbers: str, numbers_to: str) -> str:
    """search_fold_arabic as migration 0030 wrote it, folding ``numbers`` (when the text holds one) to ``numbers_to``."""
    return rf"""
CREATE OR REPLACE FUNCTION search_fold_arabic(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT CASE WHEN t !~ '{_DIGITS.FOLDED}' THEN t
                WHEN t ~ '[{numbers}]'
                THEN {_FEWER._folded(_FEWER.ARABIC_LETTERS_FROM + numbers, _FEWER.ARABIC_LETTERS_TO + numbers_to)}
                ELSE {_FEWER._folded(_FEWER.ARABIC_LETTERS_FROM, _FEWER.ARABIC_LETTERS_TO)} END
$$;
"""


# The fold looks at a text only if it holds one of FOLDED's characters: the separators are among them.
if not all(re.fullmatch(_DIGITS.FOLDED, separator) for separator in SEPARATORS):
    raise RuntimeError("migration 0017's FOLDED no longer holds the Arabic separators (U+066B, U+066C)")

FORWARD = _fold_function(_FEWER.ARABIC_DIGITS + SEPARATORS, "0123456789" * 2 + ".,")
BACKWARD = _fold_function(_FEWER.ARABIC_DIGITS, "0123456789" * 2)

REINDEX = f"""
SELECT articles_search_refresh(ARRAY(
    SELECT a.id FROM articles_article a
    WHERE (a.headline || ' ' || a.summary || ' ' || a.agency || ' ' || a.body) ~ '[{SEPARATORS}]'
       OR EXISTS (SELECT 1 FROM articles_byline b JOIN articles_author au ON au.id = b.author_id
                  WHERE b.article_id = a.id AND au.name ~ '[{SEPARATORS}]')
       OR EXISTS (SELECT 1 FROM articles_article_places ap JOIN articles_place p ON p.id = ap.place_id
                  WHERE ap.article_id = a.id AND p.name ~ '[{SEPARATORS}]')));
"""


class Migration(migrations.Migration):
    dependencies = [("articles", "0031_did_you_mean_counts_new_bylines_names")]

    operations = [migrations.RunSQL(FORWARD + REINDEX, BACKWARD + REINDEX)]
