"""The archive's version: one number every change to what readers see moves (articles/page_cache.py).

A statement-level trigger on each table the readers' pages read bumps it, so
every way of writing counts, the admin's saves as well as the ingest's COPY,
raw SQL and restores. It is a row, not a sequence, so a reader sees the new
number only once the change that bumped it is committed and visible: a page
rendered under a version never predates it. No model: the preservation
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
CREATE FUNCTION articles_bump_archive_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles_archive_version SET version = version + 1, changed_at = clock_timestamp() WHERE id = 1;
    RETURN NULL;
END
$$;
"""

TRIGGER = (
    "CREATE TRIGGER articles_archive_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION articles_bump_archive_version();"
)

DROP = """
DROP FUNCTION articles_bump_archive_version() CASCADE;
DROP TABLE articles_archive_version;
"""


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_admin_at_a_million")]

    operations = [
        migrations.RunSQL(
            CREATE + "\n".join(TRIGGER.format(table=table) for table in WATCHED_TABLES),
            DROP,
        ),
    ]
