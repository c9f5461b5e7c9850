"""The COPY path of the store: what goes in comes back out, byte for byte, or is refused by name."""

from datetime import UTC, datetime

import psycopg2
import pytest
from django.db import connection, transaction

from articles.ingest import store as store_module
from articles.ingest.copy import allocate_ids, copy_rows, encode
from articles.ingest.parsed import ParsedLink, ParsedStory
from articles.ingest.store import Outcome, StoryStore
from articles.models import Article, Provenance, RelatedLink

pytestmark = pytest.mark.django_db

AWKWARD = 'Tab\there, back\\slash, "quotes", a\r\nCRLF, \\N literally, and العربية'


def test_awkward_text_round_trips_through_copy():
    [pk] = allocate_ids(Article, 1)
    published = datetime(2026, 11, 1, 8, 30, tzinfo=UTC)
    columns = ["id", "headline", "slug", "language", "agency", "body", "summary", "markers"]
    columns += ["published_at", "updated_at", "status", "section_id", "source_url", "identity_key"]
    columns += ["headline_key", "checksum", "created_at", "modified_at"]
    row = [pk, AWKWARD, "awkward", "en", "SANA", f"<p>{AWKWARD}</p>", "", ["updated", 'a "marker"\\']]
    row += [published, None, "published", None, "", "url:awkward", "awkward", "", published, published]
    assert copy_rows(Article, columns, [row]) == 1

    article = Article.objects.get(pk=pk)
    assert article.headline == AWKWARD
    assert article.body == f"<p>{AWKWARD}</p>"
    assert article.markers == ["updated", 'a "marker"\\']
    assert article.published_at == published
    assert article.updated_at is None and article.section_id is None
    assert article.summary == ""


def test_copy_refuses_what_it_cannot_write_naming_the_column():
    [pk] = allocate_ids(Article, 1)
    # Each in a savepoint: a COPY that fails part-way aborts the transaction it ran in.
    with pytest.raises(TypeError, match=r"Provenance\.raw: COPY cannot write dict"), transaction.atomic():
        copy_rows(Provenance, ["article_id", "raw"], [[pk, {"not": "text"}]])
    with pytest.raises(ValueError, match="has no column for nonsense"), transaction.atomic():
        copy_rows(Provenance, ["nonsense"], [["x"]])
    with pytest.raises(ValueError, match="a row has 1 values for 2 columns"), transaction.atomic():
        copy_rows(Provenance, ["article_id", "raw"], [[pk]])
    assert not Provenance.objects.exists()


def test_encode_writes_copy_text_format():
    assert encode(None) == r"\N"
    assert encode("a\tb\nc\\d") == r"a\tb\nc\\d"
    assert encode(True) == "t"
    assert encode(42) == "42"
    assert encode(["x", None]) == '{"x",NULL}'


def test_nothing_to_copy_is_no_copy():
    assert copy_rows(RelatedLink, ["title"], []) == 0


def numbered_stories(count: int, *, first: int = 0) -> list[ParsedStory]:
    return [
        ParsedStory(
            headline=f"Story {n}",
            paragraphs=[f"Paragraph of story {n}."],
            published_at=datetime(2026, 1, 1 + n, tzinfo=UTC),
            check_also=[ParsedLink(title=f"Story {n - 1}")] if n else [],
            raw=f"Story {n}",
            source=f"file.jsonl:{n + 1}",
            parser="test/1",
        )
        for n in range(first, first + count)
    ]


def test_a_large_store_refreshes_the_planner_statistics_and_still_resolves(monkeypatch):
    # The first ANALYZE after two created stories, then after four, eight...
    monkeypatch.setattr(store_module, "ANALYZE_FIRST_AT", 2)
    store = StoryStore(batch_size=2)
    # Not what earlier tests left in pg_class.reltuples: ANALYZE writes it outside their rolled-back transactions
    # (after tests/test_admin_scale.py the first threshold was 18, not 2).
    store._analyze_at = 2
    assert [outcome for _, outcome in store.store_all(numbered_stories(9))] == [Outcome.CREATED] * 9
    assert store._analyze_at == 16
    assert RelatedLink.objects.filter(target__isnull=False).count() == 8
    # The search index's statistics too: search reads each word's share of stories from them.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT hashtext('paragraph') = ANY(most_common_elems::text::int4[]) FROM pg_stats"
            " WHERE tablename = 'articles_searchdocument' AND attname = 'terms'"
        )
        assert cursor.fetchone() == (True,)


@pytest.mark.django_db(transaction=True)
def test_a_store_does_not_wait_for_the_statistics_lock_another_ingest_holds(monkeypatch):
    # Another ingest's file has analyzed the bylines: its transaction keeps that lock until it commits.
    monkeypatch.setattr(store_module, "ANALYZE_FIRST_AT", 2)
    other = psycopg2.connect(**connection.get_connection_params())
    try:
        with other.cursor() as cursor:
            cursor.execute("BEGIN; LOCK TABLE articles_byline IN SHARE UPDATE EXCLUSIVE MODE")
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '3s'")  # waiting would fail the test, not hang it
        store = StoryStore(batch_size=2)
        store._analyze_at = 2  # not what earlier tests left in pg_class.reltuples
        with transaction.atomic():
            outcomes = [outcome for _, outcome in store.store_all(numbered_stories(4))]
        assert outcomes == [Outcome.CREATED] * 4
        assert store._analyze_at == 2, "skipped, to be tried again after the next batch"
    finally:
        other.close()
    with transaction.atomic():
        list(store.store_all(numbered_stories(2, first=4)))
    assert store._analyze_at > 6
