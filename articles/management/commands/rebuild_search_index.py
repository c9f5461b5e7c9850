"""manage.py rebuild_search_index: index every story again, with a progress bar.

The triggers of migrations 0010 and 0014 keep the index current on every write; this
is for a new analysis (a changed function or configuration) or an index restored from
elsewhere. Each batch is its own transaction and searches go on meanwhile: interrupted,
it resumes with --after LAST_ID.
It then refills the words "did you mean" draws on, refreshes the planner's
statistics, which ranking reads its word frequencies from, and vacuums the index's
table (its rows all new, the walks along the date index would read each one's row:
``search_index.analyze``). The work itself is
``articles.search_index``'s, which ``import_archive`` uses too.
"""

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from tqdm import tqdm

from articles import search_index


class Command(BaseCommand):
    help = "Rebuild the search index (articles_searchdocument) and the did-you-mean words, with a progress bar."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=search_index.BATCH)
        parser.add_argument("--after", type=int, default=0, help="Resume after this story id.")
        parser.add_argument("--words-only", action="store_true", help="Only refill the did-you-mean words.")

    def handle(self, *, batch_size: int, after: int, words_only: bool, **options):
        with connection.cursor() as cursor:
            if not words_only:
                cursor.execute("SELECT count(*) FROM articles_article WHERE id > %s", [after])
                total = cursor.fetchone()[0]
                with tqdm(total=total, unit="story", disable=options["verbosity"] == 0) as bar:
                    for ids in search_index.batches(cursor, after=after, batch=batch_size):
                        with transaction.atomic():
                            search_index.index(cursor, ids)
                        bar.update(len(ids))
                        bar.set_postfix(last_id=ids[-1])
            with transaction.atomic():
                search_index.refill_words(cursor)
            search_index.analyze(cursor)
        self.stdout.write("Search index rebuilt.")
