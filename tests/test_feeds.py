"""RSS and Atom feeds, read by feedparser as a feed reader would: well formed, with every author of every item."""

from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.urls import reverse

from articles.models import Author, Section, Tag
from tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db

AT = datetime(2015, 9, 15, 9, 0, tzinfo=UTC)


@pytest.fixture
def archive():
    culture, tag = Section.objects.create(name="Culture"), Tag.objects.create(name="heritage")
    manar, hazem = make_author("Manar al-Freih"), make_author("Hazem Sabbagh")
    stories = [
        make_article(
            "Museum reopens its <eastern> wing & more",
            authors=[manar, hazem],
            places=["Damascus"],
            section=culture,
            published_at=AT,
            body="<p>Damascus, SANA – The museum reopened.</p>",
        ),
        make_article("المتحف الوطني يفتح أبوابه", authors=[manar], places=["Damascus"], section=culture, language="ar"),
        make_article("No byline", places=["Damascus"], section=culture, published_at=AT - timedelta(days=1)),
        make_article("Undated", authors=[hazem], places=["Damascus"], section=culture, published_at=None),
    ]
    for story in stories:
        story.tags.add(tag)
    make_article("A draft", authors=[manar], places=["Damascus"], section=culture, status="draft")
    return {"stories": stories, "subjects": {"section": culture, "author": manar, "tag": tag}}


def feed_urls(archive) -> dict[str, str]:
    urls = {"latest-rss": reverse("articles:feed-rss"), "latest-atom": reverse("articles:feed-atom")}
    place = archive["stories"][0].places.get()
    for kind, subject in [*archive["subjects"].items(), ("place", place)]:
        for format_ in ("rss", "atom"):
            urls[f"{kind}-{format_}"] = reverse(f"articles:{kind}-feed-{format_}", kwargs={"slug": subject.slug})
    return urls


def test_every_feed_parses_cleanly_and_names_every_author_of_every_item(client, archive):
    expected_authors = {story.headline: [a.name for a in story.byline_authors()] for story in archive["stories"]}
    for name, url in feed_urls(archive).items():
        response = client.get(url)
        assert response.status_code == 200, name
        feed = feedparser.parse(response.content)
        assert not feed.bozo, (name, feed.get("bozo_exception"))
        assert feed.version == ("atom10" if name.endswith("atom") else "rss20"), name
        titles = [entry.title for entry in feed.entries]
        assert "A draft" not in titles, name
        if name.startswith("author"):
            assert sorted(titles) == sorted(h for h, authors in expected_authors.items() if "Manar al-Freih" in authors)
        else:
            assert sorted(titles) == sorted(expected_authors), name
        for entry in feed.entries:
            names = [author.get("name") for author in entry.get("authors", []) if author.get("name")]
            if name.endswith("atom") and not expected_authors[entry.title]:
                assert names == [] and feed.feed.author == "Newsroom archive"  # the feed's own author covers it
            else:
                assert names == expected_authors[entry.title], (name, entry.title)
            assert entry.link.startswith("http://testserver/stories/")


def test_items_come_newest_first_with_escaped_text(client, archive):
    feed = feedparser.parse(client.get(reverse("articles:feed-rss")).content)
    assert [entry.title for entry in feed.entries][:3] == [
        "المتحف الوطني يفتح أبوابه",
        "Museum reopens its <eastern> wing & more",
        "No byline",
    ]
    assert feed.entries[-1].title == "Undated"
    assert b"<eastern>" not in client.get(reverse("articles:feed-rss")).content


def test_each_list_page_links_its_own_feeds_and_other_pages_the_latest(client, archive):
    urls = feed_urls(archive)
    for kind, subject in archive["subjects"].items():
        html = client.get(subject.get_absolute_url()).content.decode()
        assert f'<link rel="alternate" type="application/rss+xml" href="{urls[kind + "-rss"]}"' in html
        assert f'<link rel="alternate" type="application/atom+xml" href="{urls[kind + "-atom"]}"' in html
    for page in [reverse("articles:home"), archive["stories"][0].get_absolute_url(), "/archive/2015/"]:
        html = client.get(page).content.decode()
        assert f'<link rel="alternate" type="application/rss+xml" href="{urls["latest-rss"]}"' in html, page


def test_a_feed_of_an_unknown_subject_is_not_found(client):
    assert client.get(reverse("articles:tag-feed-atom", kwargs={"slug": "nope"})).status_code == 404


def test_a_feed_runs_a_bounded_number_of_queries(client, archive, django_assert_max_num_queries):
    for url in feed_urls(archive).values():
        with django_assert_max_num_queries(7):  # 6 (places and authors in one), and the archive's version
            client.get(url)


def test_a_story_archived_with_control_characters_leaves_every_feed_well_formed(client, archive):
    # Archived before the ingest refused them (or written around it): an escape character in a headline, a bell in
    # a summary, an author's name with a form feed. Django's writer refused them with an error: a 500 on every feed.
    story = archive["stories"][0]
    story.headline = "Museum \x1breopens"
    story.summary = "The bell\x07 rang"
    story.save()
    Author.objects.filter(pk=story.bylines.first().author_id).update(name="Manar\x0cal-Freih")
    for name, url in feed_urls(archive).items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert not feedparser.parse(response.content).bozo, name
    feed = feedparser.parse(client.get(reverse("articles:feed-rss")).content)
    assert "Museum reopens" in [entry.title for entry in feed.entries]


def test_a_summary_or_body_is_text_in_every_feed_never_html_a_reader_would_run(client):
    make_article("Hostile summary", summary="<script>alert(1)</script> Tom & Jerry <b>bold</b>")
    make_article("Entity in the body", body="<p>Prices &amp; wages &lt;rose&gt;.</p>")
    for name in ("articles:feed-rss", "articles:feed-atom"):
        feed = feedparser.parse(client.get(reverse(name)).content)
        # what a reader shows, once it reads the description as the HTML the feed declares it to be
        shown = {entry.title: entry.summary for entry in feed.entries}
        assert (
            shown["Hostile summary"] == "&lt;script&gt;alert(1)&lt;/script&gt; Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt;"
        )
        assert shown["Entity in the body"] == "Prices &amp; wages &lt;rose&gt;."
