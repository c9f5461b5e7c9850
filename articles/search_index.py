"""The search index built in bulk: every story at once, for ``rebuild_search_index`` and ``import_archive``.

Day to day the database's triggers (migrations 0010 and 0014) index each story in the
same transaction as its write. Loading a whole archive that way is the slowest way
there is: the stories' insert indexes them without their names, then the bylines'
and places' inserts rewrite every index row to add them, and every GIN entry is
added one row at a time. In bulk, the triggers are switched off for the load
(``triggers_off``), the index's own indexes are dropped, every story is indexed in
batches of ``BATCH`` by id (``articles_search_refresh``, the triggers' own function,
so both ways give the same rows), and the indexes are built once at the end
(``indexes_built_after``). ``rebuild_search_index`` indexes a live archive batch by
batch, a transaction each, with the indexes in place so that searches go on.
"""

import contextlib
from collections.abc import Iterator

from .search_ranking import forget_word_frequencies

# What fills the index as stories, bylines and places are inserted (migration 0010).
INSERT_TRIGGERS = {
    "articles_article": "articles_article_search_insert",
    "articles_byline": "articles_byline_search_insert",
    "articles_article_places": "articles_place_link_search_insert",
}
BATCH = 5000

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


def refill_words(cursor) -> None:
    """The words "did you mean" offers: every headline's and author's word, with how many stories hold it."""
    cursor.execute(WORDS_SQL)


def analyze(cursor) -> None:
    """Ranking reads word frequencies from the planner's statistics (``search_ranking.word_frequencies``)."""
    cursor.execute("ANALYZE articles_searchdocument")
    cursor.execute("ANALYZE articles_searchword")
    forget_word_frequencies()
