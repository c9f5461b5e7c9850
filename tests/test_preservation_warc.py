"""manage.py export --warc: the public site as WARC records with a CDXJ index, read back with warcio."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from warcio.archiveiterator import ArchiveIterator

from articles.models import Article, Tombstone
from tests.archive import build_archive

pytestmark = pytest.mark.django_db
SITE = "https://archive.example.org"


def read_responses(folder) -> dict[str, tuple[int, bytes]]:
    pages = {}
    for path in sorted(folder.glob("*.warc.gz")):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "response":
                    status = int(record.http_headers.get_statuscode())
                    assert record.rec_headers.get_header("WARC-Target-URI") not in pages  # each page once
                    pages[record.rec_headers.get_header("WARC-Target-URI")] = (status, record.content_stream().read())
    return pages


def test_the_warc_holds_every_story_page_and_the_lists_and_its_index_finds_them(tmp_path):
    build_archive(tmp_path / "in")
    out = StringIO()
    call_command("export", str(tmp_path / "warc"), "--warc", "--base-url", SITE, stdout=out)
    pages = read_responses(tmp_path / "warc")

    for article in Article.objects.all():
        url = SITE + article.get_absolute_url()
        if article.status == Article.Status.DRAFT:
            assert url not in pages
            continue
        status, body = pages[url]
        assert status == (410 if article.status == Article.Status.WITHDRAWN else 200), url
        assert article.headline.encode() in body
    tombstone = Tombstone.objects.get()
    status, body = pages[f"{SITE}/stories/{tombstone.pk}/{tombstone.slug}/"]
    assert status == 410 and tombstone.headline.encode() in body
    assert pages[SITE + "/"][0] == 200
    wheat = Article.objects.get(source_url="https://example.org/en/wheat-harvest")
    assert pages[SITE + wheat.bylines.first().author.get_absolute_url()][0] == 200
    assert pages[SITE + wheat.section.get_absolute_url()][0] == 200
    assert any(url.startswith(SITE + "/static/") for url in pages)  # the stylesheet, so replay looks right
    assert not any("/admin/" in url for url in pages)

    # The CDXJ index: one sorted line per response, each pointing at its record.
    lines = (tmp_path / "warc" / "index.cdxj").read_text().splitlines()
    assert lines == sorted(lines)
    entries = [json.loads(line.split(" ", 2)[2]) for line in lines]
    assert {entry["url"] for entry in entries} == set(pages)
    entry = next(e for e in entries if e["url"] == SITE + wheat.get_absolute_url())
    with (tmp_path / "warc" / entry["filename"]).open("rb") as stream:
        stream.seek(int(entry["offset"]))
        record = next(iter(ArchiveIterator(stream)))
        assert record.rec_headers.get_header("WARC-Target-URI") == entry["url"]
        assert wheat.headline.encode() in record.content_stream().read()
    assert f"({Article.objects.exclude(status='draft').count() + 1} stories)" in out.getvalue()


def test_warc_export_refuses_a_used_folder_and_a_bad_address(tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "x").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("export", str(tmp_path / "used"), "--warc", stdout=StringIO())
    with pytest.raises(CommandError, match="base-url"):
        call_command("export", str(tmp_path / "new"), "--warc", "--base-url", "archive", stdout=StringIO())
    with pytest.raises(CommandError, match="takes no --from"):
        call_command("export", str(tmp_path / "new"), "--warc", "--from", "2026-01-01", stdout=StringIO())
