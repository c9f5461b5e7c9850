"""The readers' lists: keyset paging, date archives, the home page's sections, and their bounded queries."""

import base64
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, Author, Section, Tag
from articles.paging import PAGE_SIZE, InvalidCursor, Position, paginate
from tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db

START = datetime(2015, 9, 15, 12, 0, tzinfo=UTC)


def walk(client, url: str) -> tuple[list[str], list[str]]:
    """Every headline of a list, following "Older" links to the end, then "Newer" links back to the top."""
    forward, response = [], client.get(url)
    while True:
        assert response.status_code == 200
        forward += [a.headline for a in response.context["articles"]]
        if not response.context["page"].older:
            break
        response = client.get(url, {"after": response.context["page"].older})
    backward = [a.headline for a in reversed(response.context["articles"])]
    while response.context["page"].newer:
        response = client.get(url, {"before": response.context["page"].newer})
        assert response.status_code == 200
        backward += [a.headline for a in reversed(response.context["articles"])]
    return forward, backward[::-1]


def test_paging_walks_every_story_once_in_order_both_ways_undated_last():
    same_time = START  # ties on the date are broken by id
    expected = []
    for number in range(7):
        expected.append(make_article(f"tie {number}", published_at=same_time))
    for number in range(5):
        expected.append(make_article(f"older {number}", published_at=START - timedelta(days=number + 1)))
    for number in range(4):
        expected.append(make_article(f"undated {number}", published_at=None))
    make_article("draft", status="draft")
    make_article("withdrawn", status="withdrawn")
    order = [a.pk for a in sorted(expected[:7], key=lambda a: -a.pk)] + [a.pk for a in expected[7:12]]
    order += sorted((a.pk for a in expected[12:]), reverse=True)

    for size in (1, 3, 5, 16, 17):
        seen, page = [], paginate(Article.objects.published(), size=size)
        assert page.newer is None
        pages = [page]
        while True:
            seen += [a.pk for a in page.items]
            if not page.older:
                break
            page = paginate(Article.objects.published(), after=page.older, size=size)
            pages.append(page)
        assert seen == order, size
        back = []
        while page.newer:
            page = paginate(Article.objects.published(), before=page.newer, size=size)
            back = [a.pk for a in page.items] + back
        assert back + [a.pk for a in pages[-1].items] == order, size


def test_the_home_page_pages_through_all_its_stories(client):
    for number in range(2 * PAGE_SIZE + 3):
        make_article(f"story {number:03d}", published_at=START + timedelta(hours=number))
    make_article("undated story", published_at=None)
    forward, backward = walk(client, reverse("articles:home"))
    expected = [f"story {n:03d}" for n in reversed(range(2 * PAGE_SIZE + 3))] + ["undated story"]
    assert forward == expected
    assert backward == expected


@pytest.mark.parametrize(
    "cursor",
    [
        "not a cursor!",
        "%00",
        "zzzz",
        base64.urlsafe_b64encode(b"t12:abc").decode(),
        base64.urlsafe_b64encode(b"t99999999999999999999:1").decode(),
        base64.urlsafe_b64encode(b"t1:99999999999999999999").decode(),
        base64.urlsafe_b64encode(b"n:0").decode(),
        "A" * 65,
        "\u0661\u0662",
    ],
)
def test_a_damaged_cursor_is_a_bad_request_never_an_error(client, cursor):
    make_article()
    for name in ("after", "before"):
        assert client.get(reverse("articles:home"), {name: cursor}).status_code == 400, (name, cursor)
    with pytest.raises(InvalidCursor):
        Position.decode(cursor)


def test_after_and_before_together_are_a_bad_request_and_past_the_end_is_not_found(client):
    story = make_article()
    token = Position.of(story).encode()
    assert client.get(reverse("articles:home"), {"after": token, "before": token}).status_code == 400
    assert client.get(reverse("articles:home"), {"after": token}).status_code == 404


def test_positions_survive_their_round_trip():
    for position in [
        Position(datetime(2015, 9, 15, 23, 59, 59, 999_999, tzinfo=UTC), 4211),
        Position(datetime(1901, 1, 1, tzinfo=UTC), 1),
        Position(None, 2**63 - 1),
    ]:
        assert Position.decode(position.encode()) == position


def test_date_archives_list_the_stories_of_their_year_month_and_day(client):
    make_article("Sep 15 first second", published_at=datetime(2015, 9, 15, 0, 0, tzinfo=UTC))
    make_article("Sep 15 last second", published_at=datetime(2015, 9, 15, 23, 59, 59, tzinfo=UTC))
    make_article("Sep 16", published_at=datetime(2015, 9, 16, tzinfo=UTC))
    make_article("Nov 2", published_at=datetime(2015, 11, 2, tzinfo=UTC))
    make_article("Next year", published_at=datetime(2016, 1, 1, tzinfo=UTC))
    make_article("A draft", status="draft", published_at=datetime(2015, 10, 1, tzinfo=UTC))

    day = client.get("/archive/2015/09/15/")
    assert [a.headline for a in day.context["articles"]] == ["Sep 15 last second", "Sep 15 first second"]
    month = client.get("/archive/2015/09/")
    assert [a.headline for a in month.context["articles"]] == ["Sep 16", "Sep 15 last second", "Sep 15 first second"]
    assert [url for _, url in month.context["periods"]] == ["/archive/2015/09/15/", "/archive/2015/09/16/"]
    year = client.get("/archive/2015/")
    assert [a.headline for a in year.context["articles"]] == [
        "Nov 2",
        "Sep 16",
        "Sep 15 last second",
        "Sep 15 first second",
    ]
    # October has only a draft: no link to an empty month.
    assert [url for _, url in year.context["periods"]] == ["/archive/2015/09/", "/archive/2015/11/"]
    assert 'href="/archive/2015/11/"' in year.content.decode()
    assert client.get("/archive/2014/").status_code == 200  # an empty year is a page that says so


@pytest.mark.parametrize("url", ["/archive/2015/02/30/", "/archive/2015/13/", "/archive/0000/", "/archive/2015/9/"])
def test_impossible_dates_are_not_found(client, url):
    assert client.get(url).status_code == 404


def test_the_home_page_shows_each_sections_latest_stories(client):
    news, sport = Section.objects.create(name="News"), Section.objects.create(name="Sport")
    for number in range(6):
        make_article(f"news {number}", section=news, published_at=START + timedelta(hours=number))
    make_article("sport 0", section=sport)
    make_article("news draft", section=news, status="draft", published_at=START + timedelta(days=9))
    sections = client.get(reverse("articles:home")).context["sections"]
    assert [(section.name, [a.headline for a in stories]) for section, stories in sections] == [
        ("News", ["news 5", "news 4", "news 3", "news 2"]),
        ("Sport", ["sport 0"]),
    ]


def list_urls(story: Article) -> dict[str, str]:
    return {
        "home": reverse("articles:home"),
        "author": story.bylines.first().author.get_absolute_url(),
        "section": story.section.get_absolute_url(),
        "tag": story.tags.first().get_absolute_url(),
        "place": story.places.first().get_absolute_url(),
        "year": "/archive/2015/",
        "month": "/archive/2015/09/",
        "day": "/archive/2015/09/15/",
    }


def make_stories(count: int, section: Section, tag: Tag, author: Author) -> Article:
    batch = Tag.objects.count()
    story = None
    for number in range(count):
        story = make_article(
            authors=[author, make_author()],
            places=["Homs", f"Place {number}"],
            section=section,
            published_at=START + timedelta(minutes=number),
        )
        story.tags.add(tag, Tag.objects.create(name=f"tag {batch}-{number}"))
    return story


def test_every_list_runs_a_bounded_number_of_queries_and_never_counts(client):
    """The same queries for 2 stories as for a full page of them, on the first page and a later one."""
    section, tag = Section.objects.create(name="News"), Tag.objects.create(name="heritage")
    author = make_author()
    story = make_stories(2, section, tag, author)
    counts = {}
    for kind, url in list_urls(story).items():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, kind
        counts[kind] = len(queries)
        assert not [q for q in queries if "COUNT(" in q["sql"].upper()], kind
    make_stories(2 * PAGE_SIZE + 5, section, tag, author)
    for kind, url in list_urls(story).items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert len(response.context["articles"]) == PAGE_SIZE, kind
        assert len(queries) <= counts[kind], (kind, [q["sql"] for q in queries])
        with CaptureQueriesContext(connection) as queries:
            client.get(url, {"after": response.context["page"].older})
        assert len(queries) <= counts[kind], (kind, [q["sql"] for q in queries])
    assert max(counts.values()) <= 7, counts  # 6 (a story's places and authors in one), and the archive's version


def headlines_of(client, subject) -> list[str]:
    response = client.get(subject.get_absolute_url())
    assert response.status_code == 200
    return [a.headline for a in response.context["articles"]]


def test_author_tag_and_place_lists_follow_each_storys_status_and_date(client):
    """The join rows' list_date (kept by triggers) follows every change an editor makes."""
    author, tag = make_author(), Tag.objects.create(name="heritage")
    early = make_article("early", authors=[author], places=["Homs"], published_at=START)
    late = make_article("late", authors=[author], places=["Homs"], published_at=START + timedelta(days=1))
    draft = make_article("draft", authors=[author], places=["Homs"], status="draft")
    for article in (early, late, draft):
        article.tags.add(tag)
    place = early.places.get()
    for subject in (author, tag, place):
        assert headlines_of(client, subject) == ["late", "early"]

    early.published_at = START + timedelta(days=2)
    early.save()
    draft.status = Article.Status.PUBLISHED
    draft.save()
    Article.objects.filter(pk=late.pk).update(status=Article.Status.WITHDRAWN)  # a bulk update too
    for subject in (author, tag, place):
        assert headlines_of(client, subject) == ["draft", "early"]  # the draft's date is the factory's, latest

    Article.objects.filter(pk=early.pk).update(published_at=None)
    for subject in (author, tag, place):
        assert headlines_of(client, subject) == ["draft", "early"]  # undated stories come last


def test_stories_ingested_in_bulk_are_listed_under_their_author_tag_and_place(client, tmp_path):
    import json
    import os

    from django.core.management import call_command

    from articles.models import Author, Place

    lines = [
        {
            "headline": f"Bulk story {n}",
            "body": "Homs, SANA – A paragraph.",
            "published": f"2015-09-1{n}T09:00:00+00:00",
            "authors": ["Manar al-Freih"],
            "places": ["Homs"],
            "tags": ["heritage"],
            "status": "published",
        }
        for n in range(3)
    ]
    path = tmp_path / "stories.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    with open(os.devnull, "w") as quiet:
        call_command("ingest", str(path), stdout=quiet, stderr=quiet, no_progress=True)
    expected = ["Bulk story 2", "Bulk story 1", "Bulk story 0"]
    for subject in (Author.objects.get(), Tag.objects.get(), Place.objects.get()):
        assert headlines_of(client, subject) == expected
