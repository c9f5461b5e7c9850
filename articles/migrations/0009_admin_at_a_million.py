"""The admin at a million stories: "needs attention" as columns the database keeps right, and the admin's indexes.

``missing_author`` and ``pending_check_also`` say what the admin's "needs attention"
filter used to find by scanning bylines and links for every story. Triggers keep
them right whoever writes (the admin, the store's COPY, the link resolver's UPDATE,
Django's SET NULL when a linked story is deleted, an author merge):

- statement-level triggers on bylines and links recompute the flags of the stories
  a statement touched (one UPDATE per statement, only of rows whose flag changes);
- a row trigger on stories recomputes the flags when a write changes them, so a
  stale in-memory instance (say, one restored from history) cannot save wrong ones.

A story inserted without bylines has none yet, so ``missing_author`` defaults to
true there; a bulk insert that knows its bylines passes the right value and spares
the byline trigger an update of the row.
"""

import django.db.models.deletion
from django.db import migrations, models

FLAGS_SQL = """
CREATE FUNCTION articles_article_recompute_attention() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.missing_author := NOT EXISTS (SELECT 1 FROM articles_byline WHERE article_id = NEW.id);
    NEW.pending_check_also := EXISTS (
        SELECT 1 FROM articles_relatedlink WHERE source_id = NEW.id AND target_id IS NULL
    );
    RETURN NEW;
END $$;

CREATE TRIGGER articles_article_attention_guard
    BEFORE UPDATE OF missing_author, pending_check_also ON articles_article FOR EACH ROW
    WHEN (OLD.missing_author IS DISTINCT FROM NEW.missing_author
          OR OLD.pending_check_also IS DISTINCT FROM NEW.pending_check_also)
    EXECUTE FUNCTION articles_article_recompute_attention();

CREATE FUNCTION articles_byline_refresh_missing_author() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles_article a
    SET missing_author = NOT a.missing_author
    WHERE a.id IN (SELECT DISTINCT article_id FROM changed_bylines)
      AND a.missing_author = EXISTS (SELECT 1 FROM articles_byline b WHERE b.article_id = a.id);
    RETURN NULL;
END $$;

CREATE TRIGGER articles_byline_insert_attention AFTER INSERT ON articles_byline
    REFERENCING NEW TABLE AS changed_bylines FOR EACH STATEMENT
    EXECUTE FUNCTION articles_byline_refresh_missing_author();
CREATE TRIGGER articles_byline_delete_attention AFTER DELETE ON articles_byline
    REFERENCING OLD TABLE AS changed_bylines FOR EACH STATEMENT
    EXECUTE FUNCTION articles_byline_refresh_missing_author();
CREATE TRIGGER articles_byline_update_old_attention AFTER UPDATE ON articles_byline
    REFERENCING OLD TABLE AS changed_bylines FOR EACH STATEMENT
    EXECUTE FUNCTION articles_byline_refresh_missing_author();
CREATE TRIGGER articles_byline_update_new_attention AFTER UPDATE ON articles_byline
    REFERENCING NEW TABLE AS changed_bylines FOR EACH STATEMENT
    EXECUTE FUNCTION articles_byline_refresh_missing_author();

CREATE FUNCTION articles_relatedlink_refresh_pending() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles_article a
    SET pending_check_also = NOT a.pending_check_also
    WHERE a.id IN (SELECT DISTINCT source_id FROM changed_links)
      AND a.pending_check_also <> EXISTS (
          SELECT 1 FROM articles_relatedlink r WHERE r.source_id = a.id AND r.target_id IS NULL
      );
    RETURN NULL;
END $$;

CREATE TRIGGER articles_relatedlink_insert_attention AFTER INSERT ON articles_relatedlink
    REFERENCING NEW TABLE AS changed_links FOR EACH STATEMENT
    EXECUTE FUNCTION articles_relatedlink_refresh_pending();
CREATE TRIGGER articles_relatedlink_delete_attention AFTER DELETE ON articles_relatedlink
    REFERENCING OLD TABLE AS changed_links FOR EACH STATEMENT
    EXECUTE FUNCTION articles_relatedlink_refresh_pending();
CREATE TRIGGER articles_relatedlink_update_old_attention AFTER UPDATE ON articles_relatedlink
    REFERENCING OLD TABLE AS changed_links FOR EACH STATEMENT
    EXECUTE FUNCTION articles_relatedlink_refresh_pending();
CREATE TRIGGER articles_relatedlink_update_new_attention AFTER UPDATE ON articles_relatedlink
    REFERENCING NEW TABLE AS changed_links FOR EACH STATEMENT
    EXECUTE FUNCTION articles_relatedlink_refresh_pending();
"""

DROP_FLAGS_SQL = """
DROP TRIGGER articles_relatedlink_update_new_attention ON articles_relatedlink;
DROP TRIGGER articles_relatedlink_update_old_attention ON articles_relatedlink;
DROP TRIGGER articles_relatedlink_delete_attention ON articles_relatedlink;
DROP TRIGGER articles_relatedlink_insert_attention ON articles_relatedlink;
DROP FUNCTION articles_relatedlink_refresh_pending();
DROP TRIGGER articles_byline_update_new_attention ON articles_byline;
DROP TRIGGER articles_byline_update_old_attention ON articles_byline;
DROP TRIGGER articles_byline_delete_attention ON articles_byline;
DROP TRIGGER articles_byline_insert_attention ON articles_byline;
DROP FUNCTION articles_byline_refresh_missing_author();
DROP TRIGGER articles_article_attention_guard ON articles_article;
DROP FUNCTION articles_article_recompute_attention();
"""

# Only the rows whose flag is not its column default are written: a story with no
# author, or with a pending link (a few percent of an archive, not all of it).
BACKFILL_SQL = """
UPDATE articles_article a SET missing_author = true
WHERE NOT EXISTS (SELECT 1 FROM articles_byline b WHERE b.article_id = a.id);
UPDATE articles_article a SET pending_check_also = true
WHERE a.id IN (SELECT source_id FROM articles_relatedlink WHERE target_id IS NULL);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_tombstones"),
    ]

    operations = [
        # Added as false (most stories have an author: a new column's constant default
        # costs no rewrite), then backfilled, then given the default new stories need.
        migrations.AddField(
            model_name="article",
            name="missing_author",
            field=models.BooleanField(
                default=False, db_default=False, editable=False, help_text="The story has no byline."
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="pending_check_also",
            field=models.BooleanField(
                default=False,
                db_default=False,
                editable=False,
                help_text="A Check Also link still waits for its story.",
            ),
        ),
        migrations.RunSQL(BACKFILL_SQL, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="article",
            name="missing_author",
            field=models.BooleanField(
                default=True, db_default=True, editable=False, help_text="The story has no byline."
            ),
        ),
        migrations.RunSQL(FLAGS_SQL, DROP_FLAGS_SQL),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["-published_at", "-id"], name="article_admin_order_idx"),
        ),
        # The section's own index becomes the first column of one in the admin's order.
        migrations.AlterField(
            model_name="article",
            name="section",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="articles",
                to="articles.section",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["section", "-published_at", "-id"], name="article_section_order_idx"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(
                    ("published_at__isnull", True), ("missing_author", True), ("pending_check_also", True), _connector="OR"
                ),
                fields=["-published_at", "-id"],
                name="article_attention_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("missing_author", True)), fields=["-published_at", "-id"], name="article_no_author_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("pending_check_also", True)), fields=["-published_at", "-id"], name="article_pending_idx"
            ),
        ),
    ]
