"""manage.py rebuild_search_index: index every story again, in batches, with a progress bar; resumable.

The triggers of migration 0010 keep the index current on every write; this is for a
new analysis (a changed function or configuration) or an index restored from elsewhere.
Each batch is its own transaction: interrupted, it resumes with --after LAST_ID.
It then refills the words "did you mean" draws on and refreshes the planner's statistics,
which ranking reads its word frequencies from.
"""

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from tqdm import tqdm

WORDS_SQL = """
TRUNCATE articles_searchword;
INSERT INTO articles_searchword (word, documents)
SELECT word, ndoc FROM ts_stat('SELECT to_tsvector(''simple'', search_prepare(headline)) FROM articles_article')
WHERE length(word) > 2 AND word !~ '^[0-9.,-]+$';
INSERT INTO articles_searchword (word, documents)
SELECT word, ndoc FROM ts_stat('SELECT to_tsvector(''simple'', search_prepare(au.name))
                                FROM articles_byline b JOIN articles_author au ON au.id = b.author_id')
WHERE length(word) > 2
ON CONFLICT (word) DO UPDATE SET documents = articles_searchword.documents + EXCLUDED.documents;
"""


class Command(BaseCommand):
    help = "Rebuild the search index (articles_searchdocument) and the did-you-mean words, with a progress bar."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--after", type=int, default=0, help="Resume after this story id.")
        parser.add_argument("--words-only", action="store_true", help="Only refill the did-you-mean words.")

    def handle(self, *, batch_size: int, after: int, words_only: bool, **options):
        with connection.cursor() as cursor:
            if not words_only:
                cursor.execute("SELECT count(*) FROM articles_article WHERE id > %s", [after])
                total = cursor.fetchone()[0]
                last = after
                with tqdm(total=total, unit="story", disable=options["verbosity"] == 0) as bar:
                    while True:
                        with transaction.atomic():
                            cursor.execute(
                                "SELECT array_agg(id ORDER BY id) FROM ("
                                "SELECT id FROM articles_article WHERE id > %s ORDER BY id LIMIT %s) b",
                                [last, batch_size],
                            )
                            ids = cursor.fetchone()[0]
                            if not ids:
                                break
                            cursor.execute("SELECT articles_search_refresh(%s::bigint[])", [ids])
                        last = ids[-1]
                        bar.update(len(ids))
                        bar.set_postfix(last_id=last)
            with transaction.atomic():
                cursor.execute(WORDS_SQL)
            cursor.execute("ANALYZE articles_searchdocument")
            cursor.execute("ANALYZE articles_searchword")
        from articles.search import forget_word_frequencies

        forget_word_frequencies()
        self.stdout.write("Search index rebuilt.")
