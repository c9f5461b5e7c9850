"""``manage.py verify``: hold every story to its checksum and every provenance record to its raw input.

Stories are read in chunks of ids, five queries a chunk (``checksum.stored_contents``),
and fingerprinted with the very function ingest and every save use. Provenance
checksums are recomputed by PostgreSQL (``sha256`` of the raw text as UTF-8, what
``ParsedStory.raw_checksum`` hashes), so the raw inputs, the bulk of the database,
never travel to Python. A difference means a write that went around the
application (a raw UPDATE, a restore gone wrong, a failing disk) and is reported
with the story's id and address.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import connection

from ..models import Article, Provenance
from .checksum import reseal, stored_contents, story_checksum

CHUNK = 2000


@dataclass(frozen=True)
class Mismatch:
    kind: str  # "story" or "provenance"
    id: int
    article_id: int
    stored: str
    computed: str

    def describe(self) -> str:
        if self.kind == "story":
            return (
                f"story {self.id} (/stories/{self.id}/): stored checksum {self.stored or '(empty)'}, "
                f"its fields give {self.computed}"
            )
        return (
            f"provenance {self.id} of story {self.article_id}: stored checksum {self.stored}, "
            f"its raw input gives {self.computed}"
        )


def _id_chunks(model, size: int) -> Iterator[list[int]]:
    """Ids in ascending chunks by keyset, so each chunk is an index range scan however deep."""
    last = 0
    while True:
        ids = list(model.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size])
        if not ids:
            return
        yield ids
        last = ids[-1]


def verify_stories(*, on_chunk: Callable[[int], None] | None = None, chunk: int = CHUNK) -> Iterator[Mismatch]:
    for ids in _id_chunks(Article, chunk):
        for pk, (stored, content) in sorted(stored_contents(ids).items()):
            computed = story_checksum(content)
            if computed != stored:
                yield Mismatch("story", pk, pk, stored, computed)
        if on_chunk:
            on_chunk(len(ids))


def verify_provenance(*, on_chunk: Callable[[int], None] | None = None, chunk: int = CHUNK) -> Iterator[Mismatch]:
    table = connection.ops.quote_name(Provenance._meta.db_table)
    computed = "encode(sha256(convert_to(raw, 'UTF8')), 'hex')"
    sql = (  # the model's table, quoted; the values are parameters
        f"SELECT id, article_id, checksum, computed FROM (SELECT id, article_id, checksum, {computed} AS computed "  # noqa: S608
        f"FROM {table} WHERE id >= %s AND id <= %s) AS p WHERE computed <> checksum ORDER BY id"
    )
    for ids in _id_chunks(Provenance, chunk):
        with connection.cursor() as cursor:
            cursor.execute(sql, [ids[0], ids[-1]])
            for pk, article_id, stored, computed in cursor.fetchall():
                yield Mismatch("provenance", pk, article_id, stored, computed)
        if on_chunk:
            on_chunk(len(ids))


def reseal_all(*, on_chunk: Callable[[int], None] | None = None, chunk: int = CHUNK) -> int:
    """Store every story's checksum as its fields give it: once, after upgrading from a version that
    fingerprinted stories differently (or left hand-written ones without). Never to silence a report."""
    changed = 0
    for ids in _id_chunks(Article, chunk):
        changed += reseal(ids)
        if on_chunk:
            on_chunk(len(ids))
    return changed
