"""A word written with a zero-width non-joiner is found typed without it: "همکاریهای" finds "همکاری‌های".

Persian (and Urdu, Kurdish, Pashto; Indic scripts now and then) write a zero-width non-joiner
(U+200C), or a joiner (U+200D), inside a word to control how its letters join: "همکاری‌های",
"رئیس‌جمهور", "می‌شود". PostgreSQL's parser takes it for a space, so the index held the parts
("همکاری", "های"; PostgreSQL 18's keeps the mark inside one word), and a reader who typed the word without it, as most keyboards and many
writers do, found nothing. The story's words (``terms``) now hold the word joined beside its
parts (``search_joined_across_joiners``, in ``search_prepare_terms``): the joined form finds it,
and so do the parts, typed with the mark or with a space. The headline's vector is left as
written, so that its positions still count the parts, as for hyphenated words (migration 0018).
Queries read a word with the mark as one word, found joined or in its parts
(``articles/search_query.py``, ``search_fold.spelling_variants``).

The headline words "did you mean" counts hold the joined word too (the stories' insert trigger,
and ``search_index.WORDS_SQL``): without it "همکاریهای", found in every such story, was a word
the archive lacked, and "did you mean" offered its part "همكاري" instead.

Only the stories holding one of the two marks, in their text or their names, are indexed again
(README: "Upgrading").
"""

import importlib

from django.db import migrations

JOINERS = "\u200c\u200d"
# A word's letters: anything but white space, punctuation and the two marks (PostgreSQL's \w leaves out viramas).
LETTERS = r"[^[:space:][:punct:]\u200c\u200d]+"

JOINED_SQL = rf"""
-- "همکاری‌های اقتصادی" -> "همکاری های اقتصادی همکاریهای": the marks as spaces (PostgreSQL 15's parser reads them
-- so, 18's keeps them inside the word), and each word with one inside, joined, after the text.
CREATE FUNCTION search_joined_across_joiners(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT CASE WHEN t ~ '[\u200c\u200d]'
                THEN translate(t, '{JOINERS}', '  ') || coalesce((SELECT ' ' || string_agg(translate(m[1], '{JOINERS}', ''), ' ')
                                    FROM regexp_matches(t, '({LETTERS}(?:[\u200c\u200d]+{LETTERS})+)', 'g') AS m), '')
                ELSE t END
$$;
"""

# Every text the index and the queries analyse (search_prepare: the headline's vector, the query's words) reads the
# marks as spaces, on every version of PostgreSQL; the story's words (search_prepare_terms) hold the joined words too.
NEW_PREPARE = f"""
CREATE OR REPLACE FUNCTION search_prepare(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT search_join_names(search_fold_acronyms(translate(search_split_cjk(search_fold_arabic(t)), '{JOINERS}', '  ')))
$$;
CREATE OR REPLACE FUNCTION search_prepare_terms(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT search_name_forms(search_joined_forms(search_fold_acronyms(
        search_joined_across_joiners(search_split_cjk(search_fold_arabic(t))))))
$$;
"""
OLD_PREPARE = importlib.import_module("articles.migrations.0019_search_splits_cjk").NEW_PREPARE  # both, as 0019 made

REINDEX = r"""
SELECT articles_search_refresh(ARRAY(
    SELECT a.id FROM articles_article a
    WHERE (a.headline || ' ' || a.summary || ' ' || a.agency || ' ' || a.body) ~ '[\u200c\u200d]'
       OR EXISTS (SELECT 1 FROM articles_byline b JOIN articles_author au ON au.id = b.author_id
                  WHERE b.article_id = a.id AND au.name ~ '[\u200c\u200d]')
       OR EXISTS (SELECT 1 FROM articles_article_places ap JOIN articles_place p ON p.id = ap.place_id
                  WHERE ap.article_id = a.id AND p.name ~ '[\u200c\u200d]')));
"""

# The stories' insert trigger as migration 0015 made it, its headline words counted for "did you mean" joined too.
_COUNTED = importlib.import_module("articles.migrations.0015_searchword_counted_at_commit").FORWARD
_START = _COUNTED.index("CREATE OR REPLACE FUNCTION articles_article_search_insert()")
OLD_INSERT_TRIGGER = _COUNTED[_START : _COUNTED.index("END $$;", _START) + len("END $$;")] + "\n"
HEADLINE_WORDS = "search_prepare(n.headline)"
if OLD_INSERT_TRIGGER.count(HEADLINE_WORDS) != 1:
    raise RuntimeError("migration 0015's trigger no longer counts the headline's words as 0027 expects")
NEW_INSERT_TRIGGER = OLD_INSERT_TRIGGER.replace(HEADLINE_WORDS, "search_prepare(search_joined_across_joiners(n.headline))")

# The archived headlines' joined words: the words of each headline with a joiner, joined, that it does not hold
# already; counted in going forward, out going back.
JOINED_WORDS = r"""
SELECT word, count(*) AS documents FROM (
    SELECT a.id, word FROM articles_article a,
           unnest(tsvector_to_array(to_tsvector('simple'::regconfig,
                                                search_prepare(search_joined_across_joiners(a.headline))))) AS word
    WHERE a.headline ~ '[\u200c\u200d]'
    EXCEPT
    SELECT a.id, word FROM articles_article a,
           unnest(tsvector_to_array(to_tsvector('simple'::regconfig, search_prepare(a.headline)))) AS word
    WHERE a.headline ~ '[\u200c\u200d]'
) joined
WHERE length(word) > 2 AND word !~ '^[0-9.,-]+$'
GROUP BY word
"""
COUNT_JOINED_WORDS = f"""
INSERT INTO articles_searchword AS w (word, documents)
{JOINED_WORDS} ORDER BY word
ON CONFLICT (word) DO UPDATE SET documents = w.documents + EXCLUDED.documents;
"""
UNCOUNT_JOINED_WORDS = f"""
UPDATE articles_searchword w SET documents = w.documents - j.documents FROM ({JOINED_WORDS}) j WHERE w.word = j.word;
DELETE FROM articles_searchword WHERE documents <= 0;
"""

FORWARD = JOINED_SQL + NEW_PREPARE + REINDEX + NEW_INSERT_TRIGGER + COUNT_JOINED_WORDS
BACKWARD = (
    UNCOUNT_JOINED_WORDS
    + OLD_INSERT_TRIGGER
    + OLD_PREPARE
    + REINDEX
    + "DROP FUNCTION search_joined_across_joiners(text);"
)


class Migration(migrations.Migration):
    dependencies = [("articles", "0027_slugs_keep_letters_marks")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
