"""The search index's date index in ascending order, so that stories arriving one by one fill its pages.

The date index (migrations 0020 and 0021, carrying each story's status, language, section, headline and
signature for the walks) was ordered newest first. An agency's stories arrive in date order, the hourly
feed's and an editor's new story alike, so each went to the index's first leaf page; a B-tree splits a page
other than its last half and half, and only its last page keeps 90% full when split (its fillfactor).
200,000 rows inserted in date order took 71 MB newest first and 41 MB oldest first, what building it at
once takes. A bulk ingest writes each batch in the order of its stories' keys (one order for every ingest,
so that two never wait on each other), anywhere in the batch's days, where both orders fill their pages
alike: the bench's 200,000 stories, two files at once, left 75 MB either way.

Ordered oldest first, new stories are added at its right. The walks' orders are unchanged: newest first
is the same index read backwards (``published_at DESC NULLS LAST, article_id DESC`` is exactly the
reverse of ``ASC NULLS FIRST, ASC``), which measured no slower at a million stories (very common words'
p95 16.3 and 16.2 ms, two common words 70.8 and 70.7, each warm, 40 queries). Built here once: 2 s
at a million.
"""

from django.db import migrations

COLUMNS = "INCLUDE (status, language, section_id, headline_vector, signature)"

FORWARD = f"""
SET LOCAL maintenance_work_mem = '256MB';
CREATE INDEX searchdocument_dates_idx ON articles_searchdocument (published_at ASC NULLS FIRST, article_id ASC) {COLUMNS};
DROP INDEX searchdocument_newest_idx;
"""
BACKWARD = f"""
SET LOCAL maintenance_work_mem = '256MB';
CREATE INDEX searchdocument_newest_idx ON articles_searchdocument
    (published_at DESC NULLS LAST, article_id DESC) {COLUMNS};
DROP INDEX searchdocument_dates_idx;
"""


class Migration(migrations.Migration):
    dependencies = [("articles", "0033_search_index_holds_links")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
