"""manage.py verify: every story held to its checksum, every provenance record to its raw input."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from articles import services
from articles.models import Article, Author, Byline, Place, Provenance
from tests.archive import build_archive, write_jsonl
from tests.factories import form_data, make_article, make_author

pytestmark = pytest.mark.django_db


def verify() -> str:
    out = StringIO()
    call_command("verify", "--no-progress", stdout=out)
    return out.getvalue()


def verify_fails() -> str:
    out = StringIO()
    with pytest.raises(CommandError, match="checksums differ"):
        call_command("verify", "--no-progress", stdout=out)
    return out.getvalue()


def test_ingested_and_edited_stories_all_match_their_checksums(tmp_path):
    build_archive(tmp_path)
    assert Article.objects.filter(checksum="").count() == 0
    assert "All 7 stories and 7 provenance records match" in verify()


def test_re_ingesting_the_same_stories_writes_nothing_a_withdrawn_one_included(tmp_path):
    # The fingerprint ingest compares with is the one verify recomputes from the stored rows.
    from articles.ingest.pipeline import ingest, sources_from_paths

    path = write_jsonl(tmp_path)
    ingest(sources_from_paths([str(path)]))
    services.withdraw_articles(articles=Article.objects.filter(headline="Old story later withdrawn"))
    report = ingest(sources_from_paths([str(path)]))
    assert report.summary().startswith("1 files: 0 stories created, 0 updated, 8 unchanged")
    assert Article.objects.get(headline="Old story later withdrawn").status == "withdrawn"
    verify()


def test_verify_finds_a_story_altered_behind_the_applications_back(tmp_path):
    stories = build_archive(tmp_path)
    wheat, silos = stories["wheat"], stories["silos"]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE articles_article SET body = body || '<p>Forged.</p>' WHERE id = %s", [wheat.pk])
        cursor.execute("DELETE FROM articles_byline WHERE article_id = %s", [silos.pk])
    output = verify_fails()
    assert f"DIFFERS story {wheat.pk} (/stories/{wheat.pk}/)" in output
    assert f"DIFFERS story {silos.pk} " in output
    assert output.count("DIFFERS") == 2


def test_verify_finds_a_provenance_record_whose_raw_input_was_altered(tmp_path):
    stories = build_archive(tmp_path)
    record = Provenance.objects.get(article=stories["arabic"])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE articles_provenance SET raw = replace(raw, 'حلب', 'دمشق') WHERE id = %s", [record.pk])
    output = verify_fails()
    assert f"DIFFERS provenance {record.pk} of story {stories['arabic'].pk}" in output


def test_stories_written_and_changed_in_the_admin_keep_a_true_checksum(admin_client):
    author = make_author("Manar al-Freih")
    article = make_article("Written by hand", authors=[author], places=["Damascus"])
    assert article.checksum
    verify()

    # The admin saves the story first and its byline after: the byline still reseals it.
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(admin_client.get(url), "article_form")
    data |= {"bylines-0-author": [str(make_author("Hazem Sabbagh").pk)], "summary": ["Now with a summary."]}
    before = Article.objects.get(pk=article.pk).checksum
    assert admin_client.post(url, data).status_code == 302
    assert Article.objects.get(pk=article.pk).checksum != before
    verify()

    Place.objects.get(name="Damascus").articles.add(make_article("Second"))  # the reverse side of places
    Place.objects.get(name="Damascus").articles.clear()
    services.merge_authors(keep=author, merge=[Author.objects.get(name="Hazem Sabbagh")])
    services.withdraw_articles(articles=Article.objects.all())
    Byline.objects.filter(article=article).delete()
    verify()


def test_reseal_stores_the_checksum_of_a_story_left_without_one():
    article = make_article("Older row")
    Article.objects.filter(pk=article.pk).update(checksum="")
    assert "stored checksum (empty)" in verify_fails()
    call_command("verify", "--reseal", "--no-progress", stdout=StringIO())
    verify()
