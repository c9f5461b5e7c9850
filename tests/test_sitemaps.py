"""Sitemaps as search engines read them: valid against the sitemaps.org 0.9 and Google News schemas (xmllint)."""

import os
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import lxml.etree
import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Section, Tag
from tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "schemas"
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": "http://www.google.com/schemas/sitemap-news/0.9"}


def xmllint() -> str:
    found = shutil.which("xmllint")
    if found is None:
        message = "xmllint is not installed: apt-get install libxml2-utils"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


def validate(xml: bytes, schema: str, tmp_path: Path) -> None:
    path = tmp_path / "document.xml"
    path.write_bytes(xml)
    result = subprocess.run(  # noqa: S603 - the system's xmllint on our own files
        [xmllint(), "--noout", "--nonet", "--schema", str(SCHEMAS / schema), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def locations(xml: bytes) -> list[str]:
    return lxml.etree.fromstring(xml).xpath("//s:loc/text()", namespaces=SITEMAP)


@pytest.fixture
def archive():
    section, tag = Section.objects.create(name="Culture"), Tag.objects.create(name="heritage")
    author = make_author("Manar al-Freih")
    september = [
        make_article(f"September {day}", published_at=datetime(2015, 9, day, tzinfo=UTC), section=section)
        for day in (1, 15, 30)
    ]
    september[0].tags.add(tag)
    updated = make_article(
        "Updated in November",
        authors=[author],
        places=["Homs"],
        published_at=datetime(2015, 11, 2, tzinfo=UTC),
        updated_at=datetime(2015, 11, 3, 10, 30, tzinfo=UTC),
    )
    make_article("A draft in October", status="draft", published_at=datetime(2015, 10, 1, tzinfo=UTC))
    make_article("Withdrawn in December", status="withdrawn", published_at=datetime(2015, 12, 1, tzinfo=UTC))
    fresh = make_article("Today's story & more", published_at=timezone.now() - timedelta(hours=3), language="ar")
    make_article("Three days ago", published_at=timezone.now() - timedelta(days=3))
    return {"september": september, "updated": updated, "fresh": fresh}


def test_the_index_lists_one_sitemap_per_month_with_stories_and_each_validates(client, archive, tmp_path):
    index = client.get(reverse("articles:sitemap-index"))
    assert index.status_code == 200 and index["Content-Type"].startswith("application/xml")
    validate(index.content, "sitemap/0.9/siteindex.xsd", tmp_path)
    now = timezone.now()
    months = {f"http://testserver/sitemaps/stories-{m}.xml" for m in ("2015-09", "2015-11", f"{now:%Y-%m}")}
    months.add(f"http://testserver/sitemaps/stories-{now - timedelta(days=3):%Y-%m}.xml")
    assert set(locations(index.content)) == {"http://testserver/sitemaps/subjects.xml", *months}

    all_urls = []
    for sitemap in locations(index.content):
        response = client.get(sitemap.removeprefix("http://testserver"))
        assert response.status_code == 200, sitemap
        validate(response.content, "sitemap/0.9/sitemap.xsd", tmp_path)
        all_urls += locations(response.content)
    september = client.get("/sitemaps/stories-2015-09.xml").content
    assert locations(september) == [f"http://testserver{a.get_absolute_url()}" for a in archive["september"]]
    november = lxml.etree.fromstring(client.get("/sitemaps/stories-2015-11.xml").content)
    assert november.xpath("//s:lastmod/text()", namespaces=SITEMAP) == ["2015-11-03"]
    assert not [url for url in all_urls if "draft" in url or "withdrawn" in url]
    assert "http://testserver/tags/heritage/" in all_urls and "http://testserver/authors/manar-al-freih/" in all_urls


def test_a_month_without_stories_or_an_impossible_one_is_not_found(client, archive):
    assert client.get("/sitemaps/stories-2015-10.xml").status_code == 404  # only a draft
    assert client.get("/sitemaps/stories-2015-13.xml").status_code == 404


def test_the_news_sitemap_lists_the_last_two_days_and_validates(client, archive, tmp_path):
    response = client.get(reverse("articles:sitemap-news"))
    assert response.status_code == 200
    validate(response.content, "news-sitemap.xsd", tmp_path)
    document = lxml.etree.fromstring(response.content)
    assert locations(response.content) == [f"http://testserver{archive['fresh'].get_absolute_url()}"]
    assert document.xpath("//news:title/text()", namespaces=SITEMAP) == ["Today's story & more"]
    assert document.xpath("//news:language/text()", namespaces=SITEMAP) == ["ar"]


def test_a_headline_archived_with_a_control_character_leaves_the_news_sitemap_well_formed(client, archive, tmp_path):
    Article.objects.filter(pk=archive["fresh"].pk).update(headline="Today's \x1bstory")  # from before it was refused
    response = client.get(reverse("articles:sitemap-news"))
    validate(response.content, "news-sitemap.xsd", tmp_path)
    titles = lxml.etree.fromstring(response.content).xpath("//news:title/text()", namespaces=SITEMAP)
    assert titles == ["Today's story"]


def test_the_validator_does_reject_a_broken_sitemap(tmp_path):
    broken = b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url></url></urlset>'
    with pytest.raises(AssertionError):
        validate(broken, "sitemap/0.9/sitemap.xsd", tmp_path)


def test_robots_txt_points_at_both_sitemaps(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemaps/news.xml" in lines
    assert "Disallow: /admin/" in lines


def test_the_index_runs_a_bounded_number_of_queries(client, archive, django_assert_max_num_queries):
    for year in range(2001, 2010):
        make_article(published_at=datetime(year, 3, 1, tzinfo=UTC))
    with django_assert_max_num_queries(6):
        client.get(reverse("articles:sitemap-index"))


def test_a_months_sitemap_is_drawn_again_when_a_story_of_the_month_changes(client, archive):
    first = client.get("/sitemaps/stories-2015-09.xml").content
    assert client.get("/sitemaps/stories-2015-09.xml").content == first
    story = archive["september"][1]
    story.slug = "a-new-slug"
    story.save()
    assert b"/a-new-slug/" in client.get("/sitemaps/stories-2015-09.xml").content
    story.status = "withdrawn"
    story.save()
    assert b"/a-new-slug/" not in client.get("/sitemaps/stories-2015-09.xml").content
    make_article("Late addition", published_at=datetime(2015, 9, 2, tzinfo=UTC))
    assert b"/late-addition/" in client.get("/sitemaps/stories-2015-09.xml").content
