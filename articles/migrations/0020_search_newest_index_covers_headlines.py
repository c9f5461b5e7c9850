"""The search index's date index carries each story's status, language, section and headline vector.

Ranking a common word starts with the newest 300 stories holding it in their headline
(``articles.search_ranking.headline_pool``): PostgreSQL walks the date index newest first and tests
each story's headline. For a word in one headline in a hundred that read 22,000 rows of the
index table, whose rows are wide with the story's words (28 ms of a 40 ms search at a
million). With the headline's vector and the columns the public filters test in the index
itself (INCLUDE), the walk reads the index alone (an index-only scan, where the visibility map
says the rows are visible, as autovacuum keeps it): 4.8 ms. The index grows from 43 MB to
141 MB at a million stories; it replaces the plain one, whose key it keeps, under the same name.
"""

from django.db import migrations

COVERING = """
CREATE INDEX searchdocument_newest_covering ON articles_searchdocument
    (published_at DESC NULLS LAST, article_id DESC) INCLUDE (status, language, section_id, headline_vector);
DROP INDEX searchdocument_newest_idx;
ALTER INDEX searchdocument_newest_covering RENAME TO searchdocument_newest_idx;
"""
PLAIN = """
CREATE INDEX searchdocument_newest_plain ON articles_searchdocument (published_at DESC NULLS LAST, article_id DESC);
DROP INDEX searchdocument_newest_idx;
ALTER INDEX searchdocument_newest_plain RENAME TO searchdocument_newest_idx;
"""


class Migration(migrations.Migration):
    dependencies = [("articles", "0019_search_splits_cjk")]

    operations = [migrations.RunSQL(COVERING, PLAIN)]
