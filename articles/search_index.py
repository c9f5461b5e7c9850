"""The search index built in bulk: every story at once, for ``rebuild_search_index`` and ``import_archive``.

Day to day the database's triggers (migrations 0010 and 0014) index each story in the
same transaction as its write. Loading a whole archive that way is the slowest way
there is: the stories' insert indexes them without their names and links, then the
bylines', places' and tags' inserts rewrite every index row to add them, and every GIN entry is
added one row at a time. In bulk, the triggers are switched off for the load
(``triggers_off``), the index's own indexes are dropped, every story is indexed in
batches of ``BATCH`` by id (``articles_search_refresh``, the triggers' own function,
so both ways give the same rows), and the indexes are built once at the end
(``indexes_built_after``). ``rebuild_search_index`` indexes a live archive batch by
batch, a transaction each, with the indexes in place so that searches go on.
"""

import contextlib
from collections.abc import Iterator

from django.db import connection

from .search_ranking import forget_word_frequencies

# What fills the index as stories, bylines, places and tags are inserted (migrations 0010 and 0033).
INSERT_TRIGGERS = {
    "articles_article": "articles_article_search_insert",
    "articles_byline": "articles_byline_search_insert",
    "articles_article_places": "articles_place_link_search_insert",
    "articles_article_tags": "articles_tag_link_search_insert",
}
BATCH = 5000
# What a stream of inserts (``merging_pending_entries``) lets the index's GIN indexes gather before merging them
# into their trees, and the memory a merge sorts them in: PostgreSQL's defaults are 4 MB for both.
PENDING_LIST = "64MB"
MERGE_MEMORY = "64MB"

# Words written with a zero-width non-joiner counted joined too, as the index holds them (migration 0028).
WORDS_SQL = """
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
"""


@contextlib.contextmanager
def triggers_off(cursor) -> Iterator[None]:
    """Inside the caller's transaction: the index's insert triggers do not fire (DDL: a rollback undoes it)."""
    for table, trigger in INSERT_TRIGGERS.items():
        cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
    yield
    for table, trigger in INSERT_TRIGGERS.items():
        cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")


def batches(cursor, *, after: int = 0, batch: int = BATCH) -> Iterator[list[int]]:
    """The ids of the stories above ``after``, in order, ``batch`` at a time."""
    last = after
    while True:
        cursor.execute(
            "SELECT array_agg(id ORDER BY id) FROM ("
            "SELECT id FROM articles_article WHERE id > %s ORDER BY id LIMIT %s) b",
            [last, batch],
        )
        ids = cursor.fetchone()[0]
        if not ids:
            return
        yield ids
        last = ids[-1]


def index(cursor, ids: list[int]) -> None:
    """Index these stories (again): the triggers' own function, so both ways give the same rows."""
    cursor.execute("SELECT articles_search_refresh(%s::bigint[])", [ids])


@contextlib.contextmanager
def indexes_built_after(cursor) -> Iterator[None]:
    """The index's own indexes dropped, then built once over what was loaded meanwhile.

    Only for a transaction that holds the archive to itself (``import_archive``): dropping
    an index locks its table, so searches would wait until the end.
    """
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = 'articles_searchdocument'::regclass AND NOT i.indisprimary ORDER BY 1"
    )
    indexes = cursor.fetchall()
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {name}")
    yield
    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    for _name, definition in indexes:
        cursor.execute(definition)


@contextlib.contextmanager
def merging_pending_entries() -> Iterator[None]:
    """Inside the caller's transaction: the GIN indexes' new entries merged in fewer, larger runs, and all of
    them by the end.

    A GIN index takes new entries into a pending list and merges the list into its trees once it passes
    ``gin_pending_list_limit``; each merge visits the tree of every word the list holds. A story brings
    about 175 words, so with the defaults (a 4 MB list, merged in 4 MB of ``work_mem``) a bulk ingest merged
    every thousand stories or so, and the words' trees were visited again and again: at a million stories
    the terms' index cost 390 us a story, half of what indexing a story costs. Merged every 64 MB, in 64 MB,
    it cost 190 us (20,000 stories indexed, in one transaction rolled back: 15.4 s in all with the defaults,
    16 MB 12.6 s, 64 MB 11.5 s, 128 MB 11.1 s).

    The list is merged before the caller commits: a list left at up to 64 MB would be scanned by every
    search until merged, and merged by the next writer that passes the default limit, an editor's save.
    Searches during a bulk ingest scan it meanwhile.
    """
    if not connection.in_atomic_block:  # each statement its own transaction: SET LOCAL would not hold
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL gin_pending_list_limit = '{PENDING_LIST}'")
        cursor.execute(f"SET LOCAL work_mem = '{MERGE_MEMORY}'")
    yield
    with connection.cursor() as cursor:
        # Only an index's owner may merge its list: where the archive's tables belong to another role than
        # the one ingesting, the list is left to autovacuum rather than the ingest failing.
        cursor.execute(
            "SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " JOIN pg_am am ON am.oid = c.relam WHERE i.indrelid = 'articles_searchdocument'::regclass"
            " AND am.amname = 'gin' AND pg_has_role(c.relowner, 'USAGE')"
        )


def refill_words(cursor) -> None:
    """The words "did you mean" offers: every headline's and author's word, with how many stories hold it."""
    cursor.execute(WORDS_SQL)


def analyze(cursor) -> None:
    """The planner's statistics refreshed, which ranking reads word frequencies from
    (``search_ranking.word_frequencies``); outside a transaction, the index's table vacuumed too.

    A walk along the date index (``search_ranking.walk``) reads only the index where the table's
    visibility map says a page's rows are visible to all, and only VACUUM sets it: after a rebuild (every
    row written again, the old ones left dead) or an import, until autovacuum came by, or never where it is
    off, every step of a walk read the story's row as well. At a million stories, with the map unset, a
    section and dates with two common words ("based always") took 128 ms, 55 once vacuumed.
    """
    if connection.in_atomic_block:  # VACUUM cannot run inside a transaction block: statistics only, as before
        cursor.execute("ANALYZE articles_searchdocument")
    else:
        cursor.execute("VACUUM (ANALYZE) articles_searchdocument")
    cursor.execute("ANALYZE articles_searchword")
    forget_word_frequencies()
