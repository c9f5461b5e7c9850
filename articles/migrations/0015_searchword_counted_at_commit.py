"""New headlines' words reach the "did you mean" counts as their transaction commits, not statement by statement.

Until now the stories' insert trigger (migration 0010) added each statement's
headline words to ``articles_searchword`` straight away, and so locked the rows of
common words ("the", "syria", "minister") until the end of its transaction. For an
ingest that is the end of a whole file: a second ingest, or an editor adding a
story in the admin, waited on those rows for minutes, and two files ingested at
once (``manage.py ingest --jobs``) ran one after the other.

Now the trigger appends the words to ``articles_searchword_new``, which no one
else writes the same rows of, and notes the transaction once in
``articles_searchword_fold``. A deferred trigger on that note adds the words to
the counts as the transaction commits, in word order (so two commits cannot
deadlock), holding the rows for the moment of the commit only, as migration 0012
does for the archive's version. A transaction that rolls back leaves nothing
behind. Both tables are unlogged: their rows never outlive the transaction that
wrote them. Tests that never commit set the deferred trigger IMMEDIATE
(tests/conftest.py).
"""

from django.db import migrations

WORDS = """
    SELECT word, count(*) FROM new_articles n,
           unnest(tsvector_to_array(to_tsvector('simple'::regconfig, search_prepare(n.headline)))) AS word
    WHERE length(word) > 2 AND word !~ '^[0-9.,-]+$'
    GROUP BY word
"""

FORWARD = f"""
CREATE UNLOGGED TABLE articles_searchword_new (txid bigint NOT NULL, word text NOT NULL, documents integer NOT NULL);
CREATE INDEX searchword_new_txid ON articles_searchword_new (txid);
CREATE UNLOGGED TABLE articles_searchword_fold (txid bigint PRIMARY KEY);

CREATE FUNCTION articles_searchword_fold() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO articles_searchword AS w (word, documents)
    SELECT word, sum(documents) FROM articles_searchword_new WHERE txid = NEW.txid GROUP BY word ORDER BY word
    ON CONFLICT (word) DO UPDATE SET documents = w.documents + EXCLUDED.documents;
    DELETE FROM articles_searchword_new WHERE txid = NEW.txid;
    DELETE FROM articles_searchword_fold WHERE txid = NEW.txid;
    -- Noted afresh by the next insert: only tests fold before the commit (SET CONSTRAINTS ... IMMEDIATE).
    PERFORM set_config('newsroom.searchword_noted', '', true);
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER articles_searchword_at_commit AFTER INSERT ON articles_searchword_fold
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION articles_searchword_fold();

CREATE OR REPLACE FUNCTION articles_article_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM articles_search_refresh(ARRAY(SELECT id FROM new_articles));
    -- The new headlines' words, for "did you mean": counted in as the transaction commits (above).
    INSERT INTO articles_searchword_new (txid, word, documents)
    SELECT txid_current(), w.* FROM ({WORDS}) w;
    IF current_setting('newsroom.searchword_noted', true) IS DISTINCT FROM txid_current()::text THEN
        PERFORM set_config('newsroom.searchword_noted', txid_current()::text, true);
        INSERT INTO articles_searchword_fold (txid) VALUES (txid_current());
    END IF;
    RETURN NULL;
END $$;
"""

BACKWARD = f"""
CREATE OR REPLACE FUNCTION articles_article_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM articles_search_refresh(ARRAY(SELECT id FROM new_articles));
    -- The new headlines' words, for "did you mean" (in word order, so that two ingests cannot deadlock).
    INSERT INTO articles_searchword AS w (word, documents)
    {WORDS} ORDER BY word
    ON CONFLICT (word) DO UPDATE SET documents = w.documents + EXCLUDED.documents;
    RETURN NULL;
END $$;
DROP TABLE articles_searchword_fold;
DROP TABLE articles_searchword_new;
DROP FUNCTION articles_searchword_fold();
"""


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_search_terms_as_hashes")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
