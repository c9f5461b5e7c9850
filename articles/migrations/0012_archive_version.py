"""The archive's version: one number every change to what readers see moves (articles/page_cache.py).

A statement-level trigger on each table the readers' pages read notes, once per
transaction, that it changed the archive; a deferred trigger then moves the
version as that transaction commits. So every way of writing counts (the admin's
saves as well as the ingest's COPY, raw SQL and restores), the version row is
locked only for the instant of a commit (an editor's save never waits for a
bulk ingest's file to finish), and, being a row rather than a sequence, a
reader sees the new number only once the change is committed and visible: a
page rendered under a version never predates it. No model: the preservation
export and import copy every model of the app, and this is not archive data.
"""

from django.db import migrations

# Every table a reader's page, feed, sitemap or redirect is drawn from; not the history or provenance.
WATCHED_TABLES = [
    "articles_article",
    "articles_article_places",
    "articles_article_tags",
    "articles_author",
    "articles_authoralias",
    "articles_byline",
    "articles_correction",
    "articles_legacyidentifier",
    "articles_legacypath",
    "articles_place",
    "articles_relatedlink",
    "articles_section",
    "articles_slugredirect",
    "articles_tag",
    "articles_tombstone",
]

CREATE = """
CREATE TABLE articles_archive_version (
    id smallint PRIMARY KEY CHECK (id = 1),
    version bigint NOT NULL,
    changed_at timestamptz NOT NULL
);
INSERT INTO articles_archive_version (id, version, changed_at) VALUES (1, 1, now());
-- One row per changing transaction, deleted by the commit-time trigger that it fires.
CREATE TABLE articles_archive_change (id bigserial PRIMARY KEY);
CREATE FUNCTION articles_note_archive_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A transaction-local setting remembers the note, so a file of 1,000 statements writes one row.
    IF current_setting('newsroom.archive_changed', true) IS DISTINCT FROM txid_current()::text THEN
        PERFORM set_config('newsroom.archive_changed', txid_current()::text, true);
        INSERT INTO articles_archive_change DEFAULT VALUES;
    END IF;
    RETURN NULL;
END
$$;
CREATE FUNCTION articles_bump_archive_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles_archive_version SET version = version + 1, changed_at = clock_timestamp() WHERE id = 1;
    DELETE FROM articles_archive_change WHERE id = NEW.id;
    -- Noted afresh by the next change: only tests run this before the commit (SET CONSTRAINTS ... IMMEDIATE).
    PERFORM set_config('newsroom.archive_changed', '', true);
    RETURN NULL;
END
$$;
-- Deferred: runs as the transaction commits (tests wrapped in a transaction that never commits say
-- SET CONSTRAINTS articles_archive_version_at_commit IMMEDIATE, tests/conftest.py).
CREATE CONSTRAINT TRIGGER articles_archive_version_at_commit AFTER INSERT ON articles_archive_change
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION articles_bump_archive_version();
"""

TRIGGER = (
    "CREATE TRIGGER articles_archive_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION articles_note_archive_change();"
)

DROP = """
DROP FUNCTION articles_note_archive_change() CASCADE;
DROP FUNCTION articles_bump_archive_version() CASCADE;
DROP TABLE articles_archive_change;
DROP TABLE articles_archive_version;
"""


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_saved_searches")]

    operations = [
        migrations.RunSQL(
            CREATE + "\n".join(TRIGGER.format(table=table) for table in WATCHED_TABLES),
            DROP,
        ),
    ]
