"""A word written with a zero-width non-joiner is found typed without it: "همکاریهای" finds "همکاری‌های".

Persian (and Urdu, Kurdish, Pashto; Indic scripts now and then) write a zero-width non-joiner
(U+200C), or a joiner (U+200D), inside a word to control how its letters join: "همکاری‌های",
"رئیس‌جمهور", "می‌شود". PostgreSQL's parser takes it for a space, so the index held the parts
("همکاری", "های"), and a reader who typed the word without it, as most keyboards and many
writers do, found nothing. The story's words (``terms``) now hold the word joined beside its
parts (``search_joined_across_joiners``, in ``search_prepare_terms``): the joined form finds it,
and so do the parts, typed with the mark or with a space. The headline's vector is left as
written, so that its positions still count the parts, as for hyphenated words (migration 0018).
Queries read a word with the mark as one word, found joined or in its parts
(``articles/search_query.py``, ``search_fold.spelling_variants``).

Only the stories holding one of the two marks, in their text or their names, are indexed again
(README: "Upgrading").
"""

from django.db import migrations

JOINERS = "\u200c\u200d"
# A word's letters: anything but white space, punctuation and the two marks (PostgreSQL's \w leaves out viramas).
LETTERS = r"[^[:space:][:punct:]\u200c\u200d]+"

JOINED_SQL = rf"""
-- "همکاری‌های اقتصادی" -> "همکاری‌های اقتصادی همکاریهای": each word with a joiner inside, joined, after the text.
CREATE FUNCTION search_joined_across_joiners(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT CASE WHEN t ~ '[\u200c\u200d]'
                THEN t || coalesce((SELECT ' ' || string_agg(translate(m[1], '{JOINERS}', ''), ' ')
                                    FROM regexp_matches(t, '({LETTERS}(?:[\u200c\u200d]+{LETTERS})+)', 'g') AS m), '')
                ELSE t END
$$;
"""

PREPARE_TERMS_SQL = """
CREATE OR REPLACE FUNCTION search_prepare_terms(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT search_name_forms(search_joined_forms(search_fold_acronyms({split})))
$$;
"""
NEW_PREPARE_TERMS = PREPARE_TERMS_SQL.format(
    split="search_joined_across_joiners(search_split_cjk(search_fold_arabic(t)))"
)
OLD_PREPARE_TERMS = PREPARE_TERMS_SQL.format(split="search_split_cjk(search_fold_arabic(t))")  # migration 0019's

REINDEX = r"""
SELECT articles_search_refresh(ARRAY(
    SELECT a.id FROM articles_article a
    WHERE (a.headline || ' ' || a.summary || ' ' || a.agency || ' ' || a.body) ~ '[\u200c\u200d]'
       OR EXISTS (SELECT 1 FROM articles_byline b JOIN articles_author au ON au.id = b.author_id
                  WHERE b.article_id = a.id AND au.name ~ '[\u200c\u200d]')
       OR EXISTS (SELECT 1 FROM articles_article_places ap JOIN articles_place p ON p.id = ap.place_id
                  WHERE ap.article_id = a.id AND p.name ~ '[\u200c\u200d]')));
"""

FORWARD = JOINED_SQL + NEW_PREPARE_TERMS + REINDEX
BACKWARD = OLD_PREPARE_TERMS + REINDEX + "DROP FUNCTION search_joined_across_joiners(text);"


class Migration(migrations.Migration):
    dependencies = [("articles", "0026_slugs_keep_letters_marks")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
