"""The story page around the story: updates, Check Also, Referenced by, translations, neighbours, related stories."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils.html import escape

from articles import services
from articles.models import Article, Correction, RelatedLink, Section, Tag
from tests.factories import make_article, make_author, make_link

pytestmark = pytest.mark.django_db

AT = datetime(2015, 9, 15, 9, 0, tzinfo=UTC)


def page(client, article) -> str:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_an_updated_story_says_when_and_lists_its_corrections_and_updates(client):
    article = make_article("Dam opens", published_at=AT, updated_at=AT + timedelta(hours=5))
    Correction.objects.create(article=article, kind="update", note="Adds the minister's statement.")
    Correction.objects.create(article=article, kind="correction", note="Fixes the dam's height.")
    html = page(client, article)
    assert 'Updated</span> <time lang="en" dir="ltr" datetime="2015-09-15T14:00:00+00:00">' in html
    assert "<strong>Update</strong>" in html and "Adds the minister" in html
    assert "<strong>Correction</strong>" in html and "Fixes the dam" in html
    assert "Updated" not in page(client, make_article("Never updated"))


def test_check_also_links_only_to_published_stories_and_shows_pending_ones_as_text(client):
    article = make_article("Source story")
    published, draft = make_article("A published target"), make_article("A draft target", status="draft")
    make_link(article, target=published, position=0)
    make_link(article, title="A draft target", target=draft, position=1)
    make_link(article, title="Not archived yet", position=2)
    html = page(client, article)
    assert f'<a href="{published.get_absolute_url()}"><bdi>A published target</bdi></a>' in html
    assert draft.get_absolute_url() not in html and "A draft target" not in html
    assert '<bdi class="pending">Not archived yet</bdi>' in html


def test_referenced_by_lists_the_published_stories_that_point_here(client):
    target = make_article("The target")
    citing = make_article("A citing story")
    make_link(citing, target=target)
    hidden = make_article("A draft that cites", status="draft")
    make_link(hidden, target=target)
    html = page(client, target)
    assert "Referenced by" in html and f'href="{citing.get_absolute_url()}"' in html
    assert "A draft that cites" not in html
    assert "Referenced by" not in page(client, citing)


def test_translations_are_linked_both_ways_with_their_language(client):
    english = make_article("Museum reopens")
    arabic = make_article("المتحف يفتح أبوابه", language="ar")
    make_link(english, target=arabic, kind=RelatedLink.Kind.TRANSLATED)
    html = page(client, english)
    link = f'<a href="{arabic.get_absolute_url()}" hreflang="ar"><span lang="en" dir="ltr">Arabic</span>: '
    assert link + '<bdi lang="ar" dir="rtl">المتحف يفتح أبوابه</bdi></a>' in html
    assert f'href="{english.get_absolute_url()}" hreflang="en"' in page(client, arabic)
    assert "Check Also" not in html  # a translation is not a Check Also link


def test_previous_and_next_in_the_section(client):
    news, sport = Section.objects.create(name="News"), Section.objects.create(name="Sport")
    first = make_article("First", section=news, published_at=AT)
    tie_a = make_article("Tie A", section=news, published_at=AT + timedelta(days=1))
    tie_b = make_article("Tie B", section=news, published_at=AT + timedelta(days=1))
    make_article("Other section", section=sport, published_at=AT + timedelta(hours=1))
    make_article("Draft", section=news, status="draft", published_at=AT + timedelta(hours=2))
    html = page(client, tie_a)
    assert f'<a rel="prev" href="{first.get_absolute_url()}">' in html
    assert f'<a rel="next" href="{tie_b.get_absolute_url()}">' in html
    assert 'aria-label="More in News"' in html
    html = page(client, first)
    assert 'rel="prev"' not in html and f'<a rel="next" href="{tie_a.get_absolute_url()}">' in html


def test_related_stories_share_tags_places_or_authors_within_the_window_best_first(client):
    author, tag = make_author("Manar al-Freih"), Tag.objects.create(name="water")
    story = make_article("The story", authors=[author], places=["Hasaka"], published_at=AT)
    story.tags.add(tag)
    both = make_article("Shares tag and place", places=["Hasaka"], published_at=AT - timedelta(days=3))
    both.tags.add(tag)
    make_article("Shares the author", authors=[author], published_at=AT + timedelta(days=2))
    make_article("Shares the place, later", places=["Hasaka"], published_at=AT + timedelta(days=20))
    far = make_article("Shares the tag, too far", published_at=AT - timedelta(days=45))
    far.tags.add(tag)
    make_article("Shares nothing", places=["Homs"], published_at=AT)
    withdrawn = make_article("Withdrawn, shares the tag", status="withdrawn", published_at=AT)
    withdrawn.tags.add(tag)
    response = client.get(story.get_absolute_url())
    assert [a.headline for a in response.context["related_stories"]] == [
        "Shares tag and place",
        "Shares the place, later",
        "Shares the author",
    ]


def test_a_related_storys_date_is_marked_in_the_pages_language_inside_its_headlines(client):
    import lxml.html

    story = make_article("المتحف يفتح أبوابه", language="ar", places=["Hasaka"], published_at=AT)
    make_article("The museum opens", places=["Hasaka"], published_at=AT - timedelta(days=1))
    item = lxml.html.fromstring(page(client, story)).xpath("//aside[@class='related']//li")[0]
    assert (item.get("lang"), item.get("dir")) == ("en", "ltr")
    date = item.xpath(".//time")[0]
    assert "سبتمبر" in date.text_content() and (date.get("lang"), date.get("dir")) == ("ar", "rtl")


def test_a_withdrawn_story_says_when_and_why(client):
    article = make_article("Taken down", body="<p>Withdrawn text</p>")
    article._change_reason = "The photographs were not the agency's."
    article.status = Article.Status.WITHDRAWN
    article.save()
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 410
    withdrawn_at = article.history.filter(status="withdrawn").get().history_date
    assert f'datetime="{withdrawn_at.isoformat(timespec="seconds")}"' in html
    assert "Reason: <bdi>" + escape("The photographs were not the agency's.") + "</bdi>" in html
    assert "Withdrawn text" not in html

    other = make_article("Taken down by the admin action")
    services.withdraw_articles(articles=Article.objects.filter(pk=other.pk))
    html = client.get(other.get_absolute_url()).content.decode()
    assert "was withdrawn on" in html and "Reason:" not in html


def test_a_headline_in_the_pages_title_is_isolated_from_the_sites_name(client):
    # In <title>, where no <bdi> can stand, an Arabic headline's question mark stood beside " · Newsroom archive".
    article = make_article("هل تنتهي الحرب؟", language="ar")
    title = (
        client.get(article.get_absolute_url(), follow=True).content.decode().split("<title>")[1].split("</title>")[0]
    )
    assert title.startswith("\u2068هل تنتهي الحرب؟\u2069 · ")
