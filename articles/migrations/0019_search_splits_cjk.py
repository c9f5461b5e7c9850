"""Chinese, Japanese and Korean text searchable by its words: each character indexed on its own.

These scripts do not put spaces between words, and PostgreSQL's parser reads a run of them
up to the next punctuation as one word: "东京" did not find "第十届亚洲经济论坛周四在东京开幕",
only the whole clause did. PostgreSQL has no dictionary to cut such text into words, so the
index and queries cut it into its characters (``search_split_cjk``, in ``search_prepare`` and
``search_prepare_terms``), as Lucene's standard analyzer does: a story's words (``terms``)
hold each character, and a query of several characters is a phrase, found where they stand
together, in order (``articles.search``). Han ideographs, hiragana, katakana and Hangul
syllables; other text is not scanned but for one test.

Only the stories holding such characters, in their text or their names, are indexed again.
"""

from django.db import migrations

# Hiragana and katakana, CJK ideographs (extension A, unified, compatibility), Hangul syllables, halfwidth katakana.
CJK = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\uff66-\uff9f"

SPLIT_SQL = f"""
CREATE FUNCTION search_split_cjk(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT CASE WHEN t ~ '[{CJK}]' THEN regexp_replace(t, '([{CJK}])', ' \\1 ', 'g') ELSE t END
$$;
"""

PREPARE_SQL = """
CREATE OR REPLACE FUNCTION search_prepare(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT search_join_names(search_fold_acronyms({folded}))
$$;
CREATE OR REPLACE FUNCTION search_prepare_terms(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT search_name_forms(search_joined_forms(search_fold_acronyms({folded})))
$$;
"""
NEW_PREPARE = PREPARE_SQL.format(folded="search_split_cjk(search_fold_arabic(t))")
OLD_PREPARE = PREPARE_SQL.format(folded="search_fold_arabic(t)")

REINDEX = f"""
SELECT articles_search_refresh(ARRAY(
    SELECT a.id FROM articles_article a
    WHERE (a.headline || ' ' || a.summary || ' ' || a.agency || ' ' || a.body) ~ '[{CJK}]'
       OR EXISTS (SELECT 1 FROM articles_byline b JOIN articles_author au ON au.id = b.author_id
                  WHERE b.article_id = a.id AND au.name ~ '[{CJK}]')
       OR EXISTS (SELECT 1 FROM articles_article_places ap JOIN articles_place p ON p.id = ap.place_id
                  WHERE ap.article_id = a.id AND p.name ~ '[{CJK}]')));
-- Headline words of such text were whole clauses: no word "did you mean" should offer.
DELETE FROM articles_searchword WHERE word ~ '[{CJK}]';
"""


class Migration(migrations.Migration):
    dependencies = [("articles", "0018_search_folds_acronyms_and_joins")]

    operations = [
        migrations.RunSQL(
            SPLIT_SQL + NEW_PREPARE + REINDEX,
            OLD_PREPARE + REINDEX + "DROP FUNCTION search_split_cjk(text);",
        )
    ]
