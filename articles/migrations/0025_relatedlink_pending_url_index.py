"""Pending Check Also links that give their story's address resolve to the story with that source URL
(articles/ingest/links.py): an index to find them when the story arrives, and those already archived resolved now."""

from django.db import migrations, models

RESOLVE_BY_URL = """
UPDATE articles_relatedlink AS link SET target_id = story.id, ambiguous = false
FROM articles_article AS story
WHERE link.target_id IS NULL AND link.kind = 'observed' AND link.url <> ''
  AND story.source_url = link.url AND story.id <> link.source_id
"""


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0024_search_signature_set_bits"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="relatedlink",
            index=models.Index(
                condition=models.Q(("target__isnull", True), models.Q(("url", ""), _negated=True)),
                fields=["url"],
                name="relatedlink_pending_url_idx",
            ),
        ),
        migrations.RunSQL(RESOLVE_BY_URL, migrations.RunSQL.noop),
    ]
