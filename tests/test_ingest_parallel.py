"""``manage.py ingest --jobs``: files in worker processes, each whole or not at all, links across them resolved."""

import io
import json
import multiprocessing
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles.ingest.store import StoryStore
from articles.models import Article, Author, RelatedLink, Tag

# The workers commit what they write, so these tests need a database that is really emptied after each.
pytestmark = pytest.mark.django_db(transaction=True)


def jsonl(*stories: dict) -> str:
    return "".join(json.dumps(story, ensure_ascii=False) + "\n" for story in stories)


def story(n: int, **fields) -> dict:
    return {
        "headline": f"Story number {n}",
        "body": f"Damascus, SANA – Text {n}.",
        "url": f"https://x.org/{n}",
    } | fields


def counted_words(*words: str) -> dict[str, int]:
    """How many headlines each word is counted in, for "did you mean"."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT word, documents FROM articles_searchword WHERE word = ANY(%s)", [list(words)])
        return {word: 0 for word in words} | dict(cursor.fetchall())


def run_ingest(*paths, **options) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest", *map(str, paths), stdout=out, stderr=err, no_progress=True, **options)
    return out.getvalue() + err.getvalue()


def test_files_ingested_at_once_link_to_each_other_and_share_new_names(tmp_path, monkeypatch):
    # Neither file commits before the other has written all its stories (the workers are forked, so they
    # inherit this patch and the barrier): each file's links to the other's stories find nothing at first.
    both_written = multiprocessing.get_context("fork").Barrier(2)
    store_all = StoryStore.store_all

    def store_all_then_wait_for_the_other_file(self, *args, **kwargs):
        yield from store_all(self, *args, **kwargs)
        both_written.wait(timeout=30)

    monkeypatch.setattr(StoryStore, "store_all", store_all_then_wait_for_the_other_file)
    # Each file's stories point at the other file's, and both bring the same new author and tag.
    for part, other in ((0, 1), (1, 0)):
        stories = [
            story(
                part * 10 + n,
                authors=["Manar al-Freih"],
                tags=["Water"],
                check_also=[{"title": f"Story number {other * 10 + n}"}],
            )
            for n in range(10)
        ]
        (tmp_path / f"part-{part}.jsonl").write_text(jsonl(*stories))
    counted_before = counted_words("story", "number")  # not a model's table: other tests' words stay
    output = run_ingest(tmp_path, jobs=2)
    assert "2 files: 20 stories created" in output
    assert "Check Also: 20 were resolved, 0 pending" in output
    assert Article.objects.count() == 20
    assert Author.objects.get().name == "Manar al-Freih"
    assert Tag.objects.get().name == "Water"
    for link in RelatedLink.objects.select_related("source", "target"):
        assert link.target.headline == link.title
    # The headlines' words were counted for "did you mean" as each file committed (migration 0015).
    assert counted_words("story", "number") == {word: counted_before[word] + 20 for word in ("story", "number")}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM articles_searchword_new) + (SELECT count(*) FROM articles_searchword_fold)"
        )
        assert cursor.fetchone() == (0,)


def test_a_bad_file_fails_alone_and_the_others_and_a_zip_are_ingested(tmp_path):
    (tmp_path / "good.jsonl").write_text(jsonl(story(1), story(2)))
    (tmp_path / "bad.jsonl").write_text(jsonl(story(3)) + '{"headline": "[", "body": "x"}\n')
    with zipfile.ZipFile(tmp_path / "more.zip", "w") as archive:
        archive.writestr("inside.jsonl", jsonl(story(4)))
    (tmp_path / "notes.md").write_text("# not a story\n")
    with pytest.raises(CommandError, match="1 of 3 files failed"):
        run_ingest(tmp_path, jobs=2)
    assert sorted(Article.objects.values_list("headline", flat=True)) == [
        "Story number 1",
        "Story number 2",
        "Story number 4",
    ]


def test_the_report_says_what_failed_and_what_was_skipped(tmp_path):
    (tmp_path / "good.jsonl").write_text(jsonl(story(1)))
    (tmp_path / "bad.jsonl").write_text('{"headline": "[", "body": "x"}\n')
    (tmp_path / "notes.md").write_text("# not a story\n")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("ingest", str(tmp_path), stdout=out, stderr=err, no_progress=True, jobs=2)
    assert f"FAILED {tmp_path / 'bad.jsonl'}: line 1: the headline '[' has no letter or digit" in err.getvalue()
    assert f"SKIPPED {tmp_path / 'notes.md'}" in out.getvalue()


def test_a_second_parallel_run_changes_nothing(tmp_path):
    for part in range(3):
        (tmp_path / f"part-{part}.jsonl").write_text(jsonl(*(story(part * 5 + n) for n in range(5))))
    run_ingest(tmp_path, jobs=3)
    output = run_ingest(tmp_path, jobs=3)
    assert "3 files: 0 stories created, 0 updated, 15 unchanged" in output
    assert Article.objects.count() == 15


@pytest.mark.parametrize(
    ("options", "message"),
    [({"jobs": 0}, "--jobs must be at least 1"), ({"jobs": 2, "dry_run": True}, "cannot be split across --jobs")],
)
def test_impossible_job_counts_are_refused(tmp_path, options, message):
    (tmp_path / "a.jsonl").write_text(jsonl(story(1)))
    with pytest.raises(CommandError, match=message):
        run_ingest(tmp_path, **options)
    assert not Article.objects.exists()
