"""Each story's words also as a 1,024-bit signature, carried by the date index: walks test it there.

Ranking and the newest-first order take the newest matches of a query's words. For common
words PostgreSQL found them by walking the date index newest first and testing each story's
words (``terms``), which live in the table's wide rows: each step of the walk read one of them.
For "man system" (two common words together in one story in 26) the newest 1,000 matches took
25,950 such reads, 35.7 ms at a million stories.

The signature is a Bloom filter of the story's words (Bloom 1970; the "signature files" of text
retrieval): two bits set for each word, at ``hash & 1023`` and ``(hash >> 11) & 1023``. A story
holding a word has both set; a story without it has both set only by chance (one word in twelve:
a story holds about 175 words, which set about 290 of the bits). The date index carries it
(INCLUDE), so a walk tests it in the index alone and reads the table's row only for the stories
that pass (``articles.search_ranking.ordered``): for "man system" 1,886 rows instead of 25,950, 13.7 ms.
One bit a word let three times as many through; 2,048 bits would save a third more reads for
twice the room. It is a generated column: whatever writes ``terms`` (the triggers,
``articles_search_refresh``, the bulk loads) keeps it, at about 65 us a story.

The table is rewritten once to compute it and the date index rebuilt: about a minute and a half
at a million stories, the index growing from 141 to 290 MB and the table by 130 bytes a story.
The table's rows are also vacuumed sooner after inserts (1% of the table rather than 20%): an
index-only walk reads the table anyway for rows not yet marked visible to all, and the newest
rows, the walks' first, are the last to be marked.
"""

from django.db import migrations

SIGNATURE_BITS = 1024

# After CREATE (here) or CREATE OR REPLACE (migration 0024, on its way back).
SIGNATURE_FUNCTION = f"""FUNCTION search_signature(terms int4[]) RETURNS bit({SIGNATURE_BITS})
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT coalesce(
        bit_or((B'1'::bit({SIGNATURE_BITS}) >> (t & {SIGNATURE_BITS - 1}))
               | (B'1'::bit({SIGNATURE_BITS}) >> ((t >> 11) & {SIGNATURE_BITS - 1}))),
        B'0'::bit({SIGNATURE_BITS}))
    FROM unnest(terms) AS t
$$;
"""

FORWARD = f"""
CREATE {SIGNATURE_FUNCTION}
SET LOCAL maintenance_work_mem = '256MB';
ALTER TABLE articles_searchdocument
    ADD COLUMN signature bit({SIGNATURE_BITS}) GENERATED ALWAYS AS (search_signature(terms)) STORED;
CREATE INDEX searchdocument_newest_signed ON articles_searchdocument
    (published_at DESC NULLS LAST, article_id DESC) INCLUDE (status, language, section_id, headline_vector, signature);
DROP INDEX searchdocument_newest_idx;
ALTER INDEX searchdocument_newest_signed RENAME TO searchdocument_newest_idx;
ALTER TABLE articles_searchdocument SET (autovacuum_vacuum_insert_scale_factor = 0.01);
"""

BACKWARD = """
CREATE INDEX searchdocument_newest_covering ON articles_searchdocument
    (published_at DESC NULLS LAST, article_id DESC) INCLUDE (status, language, section_id, headline_vector);
DROP INDEX searchdocument_newest_idx;
ALTER INDEX searchdocument_newest_covering RENAME TO searchdocument_newest_idx;
ALTER TABLE articles_searchdocument DROP COLUMN signature;
ALTER TABLE articles_searchdocument RESET (autovacuum_vacuum_insert_scale_factor);
DROP FUNCTION search_signature(int4[]);
"""


class Migration(migrations.Migration):
    dependencies = [("articles", "0020_search_newest_index_covers_headlines")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
