"""The admin shaped for a million stories, checked on a handful: the same answers, from index-sized queries.

Search (headline, author, source URL), every list filter, the "needs attention"
flags the database keeps, the date drill-down, the estimated counts, the story
counts of authors and sections, and a story page whose queries do not grow.
"""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.models import Max, Min
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import admin_counts, admin_dates, admin_paginator, admin_search
from articles.admin_dates import StoryAdminQuerySet
from articles.models import Article, AuthorAlias, Byline, Provenance, Section, Tag
from tests.factories import make_article, make_author, make_link

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:articles_article_changelist")


def listed(response) -> set[str]:
    assert response.status_code == 200
    return {article.headline for article in response.context["cl"].result_list}


@pytest.fixture
def archive():
    lina, omar = make_author("Lina Haddad"), make_author("Omar Khatib")
    AuthorAlias.objects.create(author=omar, name="Omar al-Khateeb")
    politics, sport = Section.objects.create(name="Politics"), Section.objects.create(name="Sport")
    return {
        "harvest": make_article(
            "Wheat harvest begins in Hama",
            authors=[lina],
            section=politics,
            source_url="https://sana.example/en/?p=101",
            published_at=datetime(2024, 6, 2, 9, 0, tzinfo=UTC),
        ),
        "museum": make_article(
            "Museum reopens in Aleppo",
            authors=[omar, lina],
            section=sport,
            language="ar",
            source_url="https://sana.example/en/2025/museum/",
            published_at=datetime(2025, 3, 4, 9, 0, tzinfo=UTC),
        ),
        "draft": make_article(
            "A draft about the harvest festival",
            authors=[omar],
            status=Article.Status.DRAFT,
            published_at=datetime(2025, 3, 20, 9, 0, tzinfo=UTC),
        ),
        "undated": make_article("Undated notes from Homs", authors=[lina], published_at=None),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("harvest", {"harvest", "draft"}),
        ("HARVEST hama", {"harvest"}),
        ('"harvest festival"', {"draft"}),
        ("Lina Haddad", {"harvest", "museum", "undated"}),
        ("khatib", {"museum", "draft"}),
        ("al-Khateeb", {"museum", "draft"}),  # an alternative spelling of the author's name
        ("lina", {"harvest", "museum", "undated"}),
        ("haddad lina", {"harvest", "museum", "undated"}),
        ("https://sana.example/en/?p=101", {"harvest"}),
        ("http://sana.example/en/2025/museum", {"museum"}),  # the other scheme, no trailing slash
        ("https://sana.example/en/", set()),  # a URL is matched whole, not as a part of another
        ("nothing-like-this", set()),
        ('""', {"harvest", "museum", "draft", "undated"}),  # nothing to look for: the whole list
    ],
)
@pytest.mark.parametrize(
    "sizes",
    [
        {},
        # Every author "prolific": the byline and the search are tested story by story as the list walks.
        {"AUTHOR_STORIES_AS_LIST": 0, "EXACT_COUNT_LIMIT": 0},
        # Every search "common": its matches go to the list as a subquery, not a list of ids.
        {"SEARCH_STORIES_AS_LIST": 0},
    ],
    ids=["few", "prolific authors", "many matches"],
)
def test_search_by_headline_author_and_source_url(admin_client, archive, query, expected, sizes, monkeypatch):
    for name, value in sizes.items():
        monkeypatch.setattr(admin_search, name, value)
    assert listed(admin_client.get(CHANGELIST, {"q": query})) == {archive[key].headline for key in expected}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status__exact": "draft"}, {"draft"}),
        ({"status__exact": "published"}, {"harvest", "museum", "undated"}),
        ({"language__exact": "ar"}, {"museum"}),
        ({"language__exact": "fr"}, set()),
        ({"published_at__isnull": "True"}, {"undated"}),
        (
            {"published_at__gte": "2025-03-01 00:00:00+00:00", "published_at__lt": "2025-03-10 00:00:00+00:00"},
            {"museum"},
        ),
        ({"published_at__year": "2025"}, {"museum", "draft"}),
        ({"published_at__year": "2025", "published_at__month": "3", "published_at__day": "20"}, {"draft"}),
    ],
)
def test_each_list_filter(admin_client, archive, params, expected):
    assert listed(admin_client.get(CHANGELIST, params)) == {archive[key].headline for key in expected}


def test_the_section_filter(admin_client, archive):
    sport = Section.objects.get(name="Sport")
    assert listed(admin_client.get(CHANGELIST, {"section__id__exact": sport.pk})) == {"Museum reopens in Aleppo"}


def test_the_flags_follow_bylines_and_links_whoever_writes_them(archive):
    harvest, museum = archive["harvest"], archive["museum"]
    flags = lambda story: Article.objects.values_list("missing_author", "pending_check_also").get(pk=story.pk)  # noqa: E731
    assert flags(harvest) == (False, False)

    Byline.objects.filter(article=harvest).delete()
    assert flags(harvest) == (True, False)
    Byline.objects.create(article=harvest, author=make_author(), position=0)
    assert flags(harvest) == (False, False)

    link = make_link(harvest, title="A story not archived yet")
    assert flags(harvest) == (False, True)
    link.target = museum
    link.save()
    assert flags(harvest) == (False, False)
    museum.delete()  # the link's target is gone (SET NULL): it waits again
    assert flags(harvest) == (False, True)

    # A stale instance cannot save flags the tables contradict.
    harvest.pending_check_also = False
    harvest.missing_author = True
    harvest.save()
    assert flags(harvest) == (False, True)


def test_a_story_made_without_bylines_needs_an_author(admin_client):
    story = make_article("Nobody wrote this")
    assert Article.objects.without_author().filter(pk=story.pk).exists()
    html = admin_client.get(CHANGELIST).content.decode()
    assert "no author" in html


def test_the_flags_column(admin_client, archive):
    make_link(archive["museum"], title="Not here yet")
    Byline.objects.filter(article=archive["draft"]).delete()
    response = admin_client.get(CHANGELIST)
    cl = response.context["cl"]
    flags = {story.headline: cl.model_admin.flags(story) for story in cl.result_list}
    assert flags == {
        "Wheat harvest begins in Hama": "",
        "Museum reopens in Aleppo": "pending Check Also",
        "A draft about the harvest festival": "no author",
        "Undated notes from Homs": "no date",
    }


@pytest.mark.parametrize("kind", ["year", "month", "day"])
@pytest.mark.parametrize("small", [0, 10_000])  # a filtered list walks the index above ``small`` stories
def test_the_date_drill_down_finds_what_distinct_finds(archive, kind, small, monkeypatch):
    monkeypatch.setattr(admin_dates, "SMALL", small)
    make_article("Late in the year", published_at=datetime(2025, 12, 31, 23, 30, tzinfo=UTC))
    make_article("Early in the year", published_at=datetime(2026, 1, 1, 0, 0, tzinfo=UTC))
    fast = StoryAdminQuerySet(Article)
    assert list(fast.datetimes("published_at", kind)) == list(Article.objects.datetimes("published_at", kind))
    assert list(fast.filter(language="en").datetimes("published_at", kind, order="DESC")) == list(
        Article.objects.filter(language="en").datetimes("published_at", kind, order="DESC")
    )


@pytest.mark.parametrize("small", [0, 10_000])
def test_the_drill_downs_first_and_last_dates_are_what_min_and_max_find(archive, small, monkeypatch):
    monkeypatch.setattr(admin_dates, "SMALL", small)
    make_article("Undated", published_at=None)
    bounds = {"first": Min("published_at"), "last": Max("published_at")}
    for stories in (StoryAdminQuerySet(Article), StoryAdminQuerySet(Article).filter(language="en")):
        assert stories.aggregate(**bounds) == Article.objects.filter(pk__in=stories.values("pk")).aggregate(**bounds)
    assert StoryAdminQuerySet(Article).filter(headline="none").aggregate(**bounds) == {"first": None, "last": None}


def test_a_searched_lists_drill_down_reads_its_few_stories_dates_once(admin_client, archive):
    # Its range (first and last dates) and then its years came from two reads of every match, MIN/MAX and
    # DISTINCT; one read now serves both, and the drill-down's links are the same.
    make_article("Harvest of 2025", published_at=datetime(2025, 8, 1, 9, 0, tzinfo=UTC))
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(CHANGELIST, {"q": "harvest"})
    html = response.content.decode()
    sql = [q["sql"] for q in queries.captured_queries]
    assert len([q for q in sql if "array_agg(DISTINCT date_trunc" in q]) == 1
    assert not [q for q in sql if 'MIN("articles_article"."published_at")' in q or "SELECT DISTINCT DATE_TRUNC" in q]
    assert "published_at__year=2024" in html and "published_at__year=2025" in html
    assert listed(response) == {"Wheat harvest begins in Hama", "A draft about the harvest festival", "Harvest of 2025"}
    # Within a year, its months, as DISTINCT would find them.
    html = admin_client.get(CHANGELIST, {"q": "harvest", "published_at__year": "2025"}).content.decode()
    assert "published_at__month=3" in html and "published_at__month=8" in html and "published_at__month=6" not in html


def test_the_date_drill_down_links(admin_client, archive):
    html = admin_client.get(CHANGELIST).content.decode()
    assert "?published_at__year=2024" in html and "?published_at__year=2025" in html
    html = admin_client.get(CHANGELIST, {"published_at__year": "2025"}).content.decode()
    assert "published_at__month=3" in html and "published_at__month=6" not in html


def test_counts_are_exact_on_small_lists(admin_client, archive):
    response = admin_client.get(CHANGELIST, {"q": "harvest"})
    assert response.context["cl"].result_count == 2
    assert not response.context["cl"].paginator.count_is_estimate


def test_counts_beyond_the_limit_are_estimates_and_pages_still_work(admin_client, archive, monkeypatch):
    monkeypatch.setattr(admin_paginator.EstimatedCountPaginator, "exact_count_limit", 55)
    for n in range(60):
        make_article(f"Filler story {n}")
    response = admin_client.get(CHANGELIST, {"q": "filler"})
    paginator = response.context["cl"].paginator
    assert paginator.count_is_estimate and paginator.count > 55
    assert len(response.context["cl"].result_list) == 50
    assert f"about {paginator.count} articles" in response.content.decode()
    assert len(listed(admin_client.get(CHANGELIST, {"q": "filler", "p": "2"}))) == 10
    # Just past the estimated end: an empty page, not an error; far past it, the admin's "invalid page" at once.
    assert admin_client.get(CHANGELIST, {"q": "filler", "p": "3"}).status_code == 200
    far = admin_client.get(CHANGELIST, {"q": "filler", "p": "999"})
    assert far.status_code == 302 and far["Location"].endswith("?e=1")


def test_a_story_page_runs_the_same_few_queries_however_many_bylines_and_links(
    admin_client, archive, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plain = make_article("One author, no links", authors=[make_author()])
    busy = make_article("Three authors, three links", authors=[make_author(), make_author(), make_author()])
    for n in range(3):
        make_link(busy, title=f"Linked {n}", target=archive["harvest"] if n else None, position=n)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(reverse("admin:articles_article_change", args=[plain.pk]))
    with django_assert_max_num_queries(len(few)):
        html = admin_client.get(reverse("admin:articles_article_change", args=[busy.pk])).content.decode()
    assert len(few) <= 14
    # Each autocomplete still shows its chosen author and story.
    for byline in busy.bylines.select_related("author"):
        assert f'<option value="{byline.author_id}" selected>{byline.author.name}</option>' in html
    assert f'<option value="{archive["harvest"].pk}" selected>{archive["harvest"].headline}</option>' in html


def test_a_story_page_saves_its_bylines(admin_client, archive):
    from tests.factories import form_data

    story = archive["harvest"]
    url = reverse("admin:articles_article_change", args=[story.pk])
    data = form_data(admin_client.get(url), "article_form")
    new_author = make_author("Sara Nasser")
    data["bylines-1-author"] = [str(new_author.pk)]
    data["bylines-1-position"] = ["1"]
    assert admin_client.post(url, data).status_code == 302
    assert [b.author.name for b in story.bylines.select_related("author")] == ["Lina Haddad", "Sara Nasser"]


def test_author_and_section_lists_count_stories(admin_client, archive):
    authors = admin_client.get(reverse("admin:articles_author_changelist"))
    counts = {author.name: author.stories for author in authors.context["cl"].result_list}
    assert counts == {"Lina Haddad": 3, "Omar Khatib": 2}
    ordered = admin_client.get(reverse("admin:articles_author_changelist"), {"o": "-3"})
    assert [a.name for a in ordered.context["cl"].result_list] == ["Lina Haddad", "Omar Khatib"]
    sections = admin_client.get(reverse("admin:articles_section_changelist"))
    assert {s.name: str(s.stories) for s in sections.context["cl"].result_list} == {"Politics": "1", "Sport": "1"}
    archive["harvest"].tags.add(Tag.objects.create(name="Wheat"))
    tags = admin_client.get(reverse("admin:articles_tag_changelist"))
    assert {t.name: str(t.stories) for t in tags.context["cl"].result_list} == {"Wheat": "1"}


def test_a_section_on_many_stories_shows_the_statistics_estimate(admin_client, monkeypatch):
    # Counting a section's 80,000 stories at a million took 0.6 s; the planner's statistics know about how many.
    monkeypatch.setattr(admin_counts, "ESTIMATE_ABOVE", 3)
    busy, quiet = Section.objects.create(name="Busy"), Section.objects.create(name="Quiet")
    for n in range(8):
        make_article(f"Busy story {n}", section=busy)
    make_article("Quiet story", section=quiet)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    response = admin_client.get(reverse("admin:articles_section_changelist"))
    counts = {s.name: s.stories for s in response.context["cl"].result_list}
    assert counts["Busy"] == admin_counts.StoryCount(8, estimated=True) and str(counts["Busy"]) == "about 8"
    assert counts["Quiet"] == admin_counts.StoryCount(1) and str(counts["Quiet"]) == "1"
    assert "about 8" in response.content.decode()


def test_related_link_and_provenance_lists(admin_client, archive):
    pending = make_link(archive["harvest"], title="Waiting")
    make_link(archive["museum"], target=archive["harvest"])
    links = admin_client.get(reverse("admin:articles_relatedlink_changelist"), {"target__isempty": "1"})
    assert [link.pk for link in links.context["cl"].result_list] == [pending.pk]
    Provenance.objects.create(article=archive["harvest"], source="a.jsonl:1", raw="{}", checksum="a", parser="jsonl/1")
    Provenance.objects.create(article=archive["museum"], source="b.txt", raw="x", checksum="b", parser="plaintext/1")
    listed_sources = admin_client.get(reverse("admin:articles_provenance_changelist"), {"parser": "jsonl/1"})
    assert [p.source for p in listed_sources.context["cl"].result_list] == ["a.jsonl:1"]


def test_related_link_and_provenance_search(admin_client, archive):
    waiting = make_link(archive["harvest"], title="Ministry opens a dam")
    other = make_link(archive["museum"], title="Another story")
    links = reverse("admin:articles_relatedlink_changelist")
    by_title = admin_client.get(links, {"q": "dam"}).context["cl"].result_list
    assert [link.pk for link in by_title] == [waiting.pk]
    by_story = admin_client.get(links, {"q": "museum"}).context["cl"].result_list
    assert [link.pk for link in by_story] == [other.pk]
    Provenance.objects.create(article=archive["harvest"], source="a.jsonl:1", raw="{}", checksum="a", parser="jsonl/1")
    Provenance.objects.create(article=archive["museum"], source="b.txt", raw="x", checksum="b", parser="plaintext/1")
    found = admin_client.get(reverse("admin:articles_provenance_changelist"), {"q": "wheat hama"})
    assert [p.source for p in found.context["cl"].result_list] == ["a.jsonl:1"]


def test_a_page_of_a_small_filtered_list_is_taken_from_its_ids_in_order(admin_client):
    for n in range(60):
        make_article(f"Filler story {n}", published_at=datetime(2026, 1, 1, tzinfo=UTC).replace(minute=n))
    first = admin_client.get(CHANGELIST, {"q": "filler"})
    assert first.context["cl"].paginator.matching_ids is not None  # the path this test is about
    assert [a.headline for a in first.context["cl"].result_list] == [f"Filler story {n}" for n in range(59, 9, -1)]
    second = admin_client.get(CHANGELIST, {"q": "filler", "p": "2"})
    assert [a.headline for a in second.context["cl"].result_list] == [f"Filler story {n}" for n in range(9, -1, -1)]
