"""Arabic-Indic digits and Persian letters folded in the search index: "2015" finds "٢٠١٥", "كتاب" finds "کتاب".

Arabic stories write numbers in Arabic-Indic digits (٠-٩) as often as in ASCII ones, and
text copied from Persian sources, or typed on a Persian keyboard, spells yeh, kaf and heh
with hamza with the Persian letters (ی ک ۀ) and its digits ۰-۹. Readers type either. The
Arabic stemmer already read Arabic-Indic digits as ASCII ones in an Arabic story's words;
not Persian digits, not the Persian letters, and not in the exact-phrase test, which reads
the story's own text. The index's Arabic fold (``search_fold_arabic``, migrations 0010 and
0013) now folds them all: both digit sets to ASCII digits, the letters to the Arabic ones.
Queries and the Python side (``articles/search_fold.py``) fold alike.

Only the stories holding one of these characters, in their text or their names, are
indexed again: the fold of every other story is unchanged.
"""

from django.db import migrations

ARABIC_DROP = "[\u064b-\u0652\u0670\u0640]"
ARABIC_FROM = "\u0623\u0625\u0622\u0671\u0629\u0649\u0624\u0626"  # أ إ آ ٱ ة ى ؤ ئ
ARABIC_TO = "\u0627\u0627\u0627\u0627\u0647\u064a\u0648\u064a"  # ا ا ا ا ه ي و ي
NEW_FROM = "\u06cc\u06a9\u06c0" + "٠١٢٣٤٥٦٧٨٩" + "۰۱۲۳۴۵۶۷۸۹"  # ی ک ۀ, Arabic-Indic and Persian digits
NEW_TO = "\u064a\u0643\u0647" + "0123456789" * 2  # ي ك ه, ASCII digits
NEW = "[\u0660-\u0669\u06a9\u06c0\u06cc\u06f0-\u06f9]"
# Every character the fold drops or changes, for the test that lets text without any of them through untouched.
FOLDED = "[\u0622-\u0652\u0660-\u0671\u06a9\u06c0\u06cc\u06f0-\u06f9]"
OLD_FOLDED = "[\u0622-\u0652\u0670\u0671]"


def _fold_function(folded: str, source: str, target: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION search_fold_arabic(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT CASE WHEN t ~ '{folded}'
                THEN translate(regexp_replace(t, '{ARABIC_DROP}', '', 'g'), '{source}', '{target}')
                ELSE t END
$$;
"""


REINDEX = f"""
SELECT articles_search_refresh(ARRAY(
    SELECT a.id FROM articles_article a
    WHERE (a.headline || a.summary || a.agency || a.body) ~ '{NEW}'
       OR EXISTS (SELECT 1 FROM articles_byline b JOIN articles_author au ON au.id = b.author_id
                  WHERE b.article_id = a.id AND au.name ~ '{NEW}')
       OR EXISTS (SELECT 1 FROM articles_article_places ap JOIN articles_place p ON p.id = ap.place_id
                  WHERE ap.article_id = a.id AND p.name ~ '{NEW}')));
"""


class Migration(migrations.Migration):
    dependencies = [("articles", "0016_search_folds_accents")]

    operations = [
        migrations.RunSQL(
            _fold_function(FOLDED, ARABIC_FROM + NEW_FROM, ARABIC_TO + NEW_TO) + REINDEX,
            _fold_function(OLD_FOLDED, ARABIC_FROM, ARABIC_TO) + REINDEX,
        )
    ]
