"""New bylines bring their authors' names to "did you mean", as new stories bring their headlines' words.

"Did you mean" offers the archive's own words and its authors' names (``search._suggestion``, over
``articles_searchword``). ``rebuild_search_index`` counts both (``search_index.WORDS_SQL``), but day
to day only the stories' insert trigger added to the counts (migrations 0015 and 0028), with its
headline's words: an archive built by ingest or in the admin had none of its authors' names there
unless a headline held them. At a million stories, "Rami Mahfuz" was corrected to "Rami mah" (a word of
23 headlines) where "Mahfouz" signs 64,000 stories.

Now the bylines' insert trigger counts the name's words of each author it links, once a byline, as the
rebuild counts them (a name parsed once a statement, however many stories it signs), and folds them in
as the transaction commits, as the headlines' words are (migration 0015). The archive's counts are made
again here as the rebuild makes them (a minute at a million stories: README, "Upgrading"). Going back
restores the trigger and leaves the counts, which the rebuild would make the same.
"""

import importlib

from django.db import migrations

_HASHES = importlib.import_module("articles.migrations.0014_search_terms_as_hashes")
_COUNTED = importlib.import_module("articles.migrations.0015_searchword_counted_at_commit").FORWARD

# How the stories' insert trigger notes its transaction once, for the words to be folded in at commit (0015).
_NOTE_START = _COUNTED.index("    IF current_setting('newsroom.searchword_noted', true)")
NOTE_FOR_COMMIT = _COUNTED[_NOTE_START : _COUNTED.index("END IF;", _NOTE_START) + len("END IF;")]

# The name's words as the rebuild reads them: search_index.WORDS_SQL's second half, written for the new bylines.
NEW_BYLINES_TRIGGER = rf"""
CREATE OR REPLACE FUNCTION articles_byline_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles_searchdocument d SET terms = search_terms_add(d.terms, search_names_vector(n.names))
    FROM (SELECT j.article_id, string_agg(x.name, ' ') AS names FROM new_rows j
          JOIN articles_author x ON x.id = j.author_id GROUP BY j.article_id) n
    WHERE d.article_id = n.article_id;
    -- The authors' names' words, for "did you mean": counted in as the transaction commits (migration 0015).
    INSERT INTO articles_searchword_new (txid, word, documents)
    SELECT txid_current(), word, sum(j.bylines) FROM (
        SELECT author_id, count(*) AS bylines FROM new_rows GROUP BY author_id
    ) j JOIN articles_author x ON x.id = j.author_id,
        unnest(tsvector_to_array(to_tsvector('simple'::regconfig,
                                             search_prepare(search_joined_across_joiners(x.name))))) AS word
    WHERE length(word) > 2
    GROUP BY word;
{NOTE_FOR_COMMIT}
    RETURN NULL;
END $$;
"""
OLD_BYLINES_TRIGGER = _HASHES.NAMES_APPEND_SQL.format(
    function="articles_byline_search_insert", names="articles_author", key="author_id"
)

# search_index.WORDS_SQL as it stands at this migration: every headline's words and every byline's name's.
COUNT_AGAIN = r"""
TRUNCATE articles_searchword;
INSERT INTO articles_searchword (word, documents)
SELECT word, ndoc FROM ts_stat('SELECT to_tsvector(''simple'', search_prepare(search_joined_across_joiners(headline)))
                                FROM articles_article')
WHERE length(word) > 2 AND word !~ '^[0-9.,-]+$';
INSERT INTO articles_searchword (word, documents)
SELECT word, ndoc FROM ts_stat('SELECT to_tsvector(''simple'', search_prepare(search_joined_across_joiners(au.name)))
                                FROM articles_byline b JOIN articles_author au ON au.id = b.author_id')
WHERE length(word) > 2
ON CONFLICT (word) DO UPDATE SET documents = articles_searchword.documents + EXCLUDED.documents;
ANALYZE articles_searchword;
"""


class Migration(migrations.Migration):
    dependencies = [("articles", "0030_search_prepares_text_in_fewer_passes")]

    operations = [migrations.RunSQL(NEW_BYLINES_TRIGGER + COUNT_AGAIN, OLD_BYLINES_TRIGGER)]
