"""The read-only JSON API: each endpoint and filter, cursor paging, bad input, and every response against openapi.json.

Every request goes through ``call``, which validates the answer against the
OpenAPI document the API serves (its status must be documented for that
operation, its body must match the schema, which is closed): a field added,
renamed or retyped in a response without the document fails the test that saw it.
"""

from __future__ import annotations

import base64
import json
import re
from datetime import UTC, date, datetime, timedelta, timezone
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from openapi_spec_validator import validate as validate_openapi_document
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from articles import services
from articles.api.filters import DEFAULT_LIMIT, MAX_LIMIT, PagingForm, StoryFilter
from articles.api.schema import DOCUMENT
from articles.api.sources import FilteredJoinedSource, source_for
from articles.models import Article, Author, Correction, Place, RelatedLink, Section, Tag
from articles.paging import StorySource
from articles.timestamps import OFFSET_MESSAGE
from tests.factories import make_article, make_author, make_link

pytestmark = pytest.mark.django_db

API = "/api/v1"
START = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
SCHEMA_URI = "urn:newsroom:openapi"

# ---------------------------------------------------------------------------------------------------------------------
# The contract: every response checked against the document


def _is_absolute_url(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def _is_date_time(value) -> bool:
    if not isinstance(value, str):
        return True
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None
    except ValueError:
        return False


FORMATS = FormatChecker(formats=())
FORMATS.checks("uri")(_is_absolute_url)
FORMATS.checks("date-time")(_is_date_time)
REGISTRY = Registry().with_resource(SCHEMA_URI, Resource(contents=DOCUMENT, specification=DRAFT202012))


def schema_validator(pointer: str) -> Draft202012Validator:
    return Draft202012Validator({"$ref": f"{SCHEMA_URI}#{pointer}"}, registry=REGISTRY, format_checker=FORMATS)


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def operation_for(path: str) -> str | None:
    """The document's path template that ``path`` (under /api/v1) matches, if any."""
    for template in DOCUMENT["paths"]:
        pattern = re.escape(DOCUMENT["servers"][0]["url"] + template)
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", pattern)
        if re.fullmatch(pattern, path):
            return template
    return None


def check_against_schema(path: str, response) -> dict | None:
    """Fail unless ``response`` is one the document promises for ``path``; return its JSON (None for a redirect)."""
    assert response["Access-Control-Allow-Origin"] == "*"
    if 300 <= response.status_code < 400:
        return None
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = json.loads(response.content)
    template = operation_for(path)
    if template is None or response.status_code == 405:
        # No such endpoint or method: an error all the same, in the document's shape.
        assert response.status_code in {404, 405}, (path, response.status_code)
        schema_validator("/components/schemas/Error").validate(body)
        return body
    responses = DOCUMENT["paths"][template]["get"]["responses"]
    status = str(response.status_code)
    assert status in responses, f"{path} answered {status}, which the document does not promise"
    content = responses[status]["content"]["application/json"]
    if "schema" in content:
        pointer = f"/paths/{_escape(template)}/get/responses/{status}/content/application~1json/schema"
        schema_validator(pointer).validate(body)
    return body


def call(client, url: str, params: dict | None = None, *, status: int = 200, **headers) -> dict | None:
    response = client.get(url, params or {}, **headers)
    assert response.status_code == status, (url, params, response.content[:500])
    return check_against_schema(urlsplit(url).path, response)


def walk(client, params: dict | None = None, *, limit: int | None = None, url: str = f"{API}/stories/") -> list[dict]:
    """Every item of a list, following `next` links to the end."""
    query = {**(params or {}), **({"limit": limit} if limit else {})}
    page = call(client, url, query)
    items = list(page["results"])
    while page["next"]:
        assert len(page["results"]) == (limit or DEFAULT_LIMIT)
        next_url = urlsplit(page["next"])
        assert next_url.path == url
        query = {key: values[0] for key, values in parse_qs(next_url.query).items()}
        page = call(client, url, query)
        items += page["results"]
    return items


def test_the_document_is_valid_openapi_3_1_and_served_as_it_is(client):
    validate_openapi_document(DOCUMENT)
    assert DOCUMENT["openapi"].startswith("3.1.")
    assert call(client, f"{API}/openapi.json") == json.loads(json.dumps(DOCUMENT))


def test_the_contract_check_fails_a_response_that_drifts(client):
    make_article("Contract")
    response = client.get(f"{API}/stories/")
    check_against_schema(f"{API}/stories/", response)
    drifts = [
        lambda body: body["results"][0].update(word_count=12),  # a field the document does not know
        lambda body: body["results"][0].pop("headline"),  # a field it promises, missing
        lambda body: body["results"][0].update(published_at="1 March 2024"),  # not a date-time
        lambda body: body["results"][0].update(url="/stories/1/x/"),  # not absolute
        lambda body: body.update(next=3),
    ]
    for drift in drifts:
        body = json.loads(response.content)
        drift(body)
        response.content = json.dumps(body).encode()
        with pytest.raises(ValidationError):
            check_against_schema(f"{API}/stories/", response)
        response = client.get(f"{API}/stories/")


def test_the_documented_parameters_are_the_ones_the_code_takes():
    documented = {param["name"] for param in DOCUMENT["paths"]["/stories/"]["get"]["parameters"]}
    assert documented == {*StoryFilter.base_filters, *PagingForm.base_fields}
    limit = next(p for p in DOCUMENT["paths"]["/stories/"]["get"]["parameters"] if p["name"] == "limit")
    assert (limit["schema"]["default"], limit["schema"]["maximum"]) == (DEFAULT_LIMIT, MAX_LIMIT)


# ---------------------------------------------------------------------------------------------------------------------
# An archive to read


@pytest.fixture
def archive():
    """Stories across sections, languages, authors, places and tags, with ties, undated, drafts and withdrawn ones."""
    news, culture = Section.objects.create(name="News"), Section.objects.create(name="Culture", name_ar="ثقافة")
    manar, omar, lina = make_author("Manar al-Freih"), make_author("Omar Hassan"), make_author("Lina Saleh")
    harvest, museums = Tag.objects.create(name="harvest"), Tag.objects.create(name="museums")
    stories = []
    for number in range(30):
        article = make_article(
            f"Story {number:02d}",
            # Three stories share each date: ties are broken by id.
            published_at=START + timedelta(days=number // 3),
            section=news if number % 2 else culture,
            authors=[manar, omar] if number % 3 == 0 else [lina] if number % 3 == 1 else [omar],
            places=["Damascus"] if number % 4 else ["Hasaka", "Damascus"],
            language="ar" if number % 5 == 0 else "en",
        )
        article.tags.add(harvest if number % 2 else museums)
        stories.append(article)
    for number in range(3):
        undated = make_article(f"Undated {number}", published_at=None, section=news, authors=[lina])
        undated.tags.add(harvest)
        stories.append(undated)
    make_article("A draft", status=Article.Status.DRAFT, section=news, authors=[lina])
    make_article("Withdrawn", status=Article.Status.WITHDRAWN, section=news, authors=[lina])
    return {"stories": stories, "news": news, "culture": culture, "manar": manar, "lina": lina, "harvest": harvest}


def expected(stories, keep=lambda a: True) -> list[int]:
    """Ids in list order: newest first, ties by id descending, undated last by id descending."""
    dated = sorted((a for a in stories if a.published_at and keep(a)), key=lambda a: (a.published_at, a.pk))
    undated = sorted((a for a in stories if not a.published_at and keep(a)), key=lambda a: a.pk)
    return [a.pk for a in reversed(dated)] + [a.pk for a in reversed(undated)]


# ---------------------------------------------------------------------------------------------------------------------
# Stories


def test_the_stories_list_shows_published_stories_newest_first_with_what_a_list_needs(client, archive):
    page = call(client, f"{API}/stories/")
    assert [story["id"] for story in page["results"]] == expected(archive["stories"])[:DEFAULT_LIMIT]
    first = page["results"][0]
    story = Article.objects.get(pk=first["id"])
    assert first["headline"] == "Story 29"
    assert first["url"] == f"http://testserver{story.get_absolute_url()}"
    assert first["api_url"] == f"http://testserver{API}/stories/{story.pk}/"
    assert first["section"]["slug"] == "news"
    assert first["section"]["url"] == "http://testserver/sections/news/"
    assert [author["name"] for author in first["authors"]] == ["Omar Hassan"]
    assert first["places"] == [{"name": "Damascus", "slug": "damascus", "url": "http://testserver/places/damascus/"}]
    assert first["published_at"] == "2024-03-10T12:00:00Z"
    assert "body" not in first
    assert page["next"].startswith("http://testserver/api/v1/stories/?cursor=")


@pytest.mark.parametrize("limit", [1, 4, 7, 20, 33, 100])
def test_cursor_paging_walks_the_whole_list_once_in_order(client, archive, limit):
    ids = [story["id"] for story in walk(client, limit=limit)]
    assert ids == expected(archive["stories"])
    assert len(ids) == len(set(ids)) == 33


FILTERS = {
    "section": lambda fx: ("news", lambda a: a.section_id == fx["news"].pk),
    "author": lambda fx: ("manar-al-freih", lambda a: a.bylines.filter(author=fx["manar"]).exists()),
    "place": lambda fx: ("hasaka", lambda a: a.places.filter(slug="hasaka").exists()),
    "tag": lambda fx: ("harvest", lambda a: a.tags.filter(pk=fx["harvest"].pk).exists()),
    "language": lambda fx: ("ar", lambda a: a.language == "ar"),
    "published_after": lambda fx: ("2024-03-05", lambda a: a.published_at and a.published_at >= START.replace(day=5)),
    "published_before": lambda fx: (
        "2024-03-04T12:00:00Z",
        lambda a: a.published_at and a.published_at < START.replace(day=4),
    ),
}


@pytest.mark.parametrize("name", FILTERS)
def test_each_filter_lists_exactly_its_stories_in_order_across_pages(client, archive, name):
    value, keep = FILTERS[name](archive)
    want = expected(archive["stories"], keep)
    assert 0 < len(want) < 33
    assert [story["id"] for story in walk(client, {name: value}, limit=3)] == want


def test_filters_combine(client, archive):
    both = {"author": "lina-saleh", "tag": "harvest", "section": "news", "language": "en"}
    want = expected(
        archive["stories"],
        lambda a: (
            a.bylines.filter(author=archive["lina"]).exists()
            and a.tags.filter(slug="harvest").exists()
            and a.section_id == archive["news"].pk
            and a.language == "en"
        ),
    )
    assert len(want) > 2
    assert [story["id"] for story in walk(client, both, limit=2)] == want

    window = {"published_after": "2024-03-03", "published_before": "2024-03-08", "place": "damascus", "tag": "museums"}
    want = expected(
        archive["stories"],
        lambda a: (
            a.published_at
            and START.replace(day=3, hour=0) <= a.published_at < START.replace(day=8, hour=0)
            and a.tags.filter(slug="museums").exists()
        ),
    )
    assert [story["id"] for story in walk(client, window, limit=2)] == want

    assert call(client, f"{API}/stories/", {"author": "manar-al-freih", "tag": "harvest", "place": "hasaka"})[
        "results"
    ] == [
        story
        for story in call(client, f"{API}/stories/", {"author": "manar-al-freih", "limit": 100})["results"]
        if {"harvest"} <= {t["slug"] for t in story["tags"]} and "hasaka" in {p["slug"] for p in story["places"]}
    ]


@pytest.fixture
def searched():
    """Stories for ``q``: olive stories by two reporters over ten days, a draft and wheat stories beside them."""
    lina, omar = make_author("Lina Saleh"), make_author("Omar Hassan")
    olive = [
        make_article(
            f"Olive harvest {n}" if n % 3 else f"Harvest of olives {n}",
            body="<p>Farmers pressed the olive oil.</p>",
            authors=[lina] if n % 2 else [omar],
            published_at=START + timedelta(days=n // 2),  # two a day: ties broken by id
            language="ar" if n == 7 else "en",
        )
        for n in range(10)
    ]
    for n in range(5):
        make_article(f"Wheat prices {n}", body="<p>Bread.</p>", authors=[lina], published_at=START + timedelta(days=n))
    make_article("Olive harvest draft", status=Article.Status.DRAFT, authors=[lina])
    return olive


@pytest.mark.parametrize("listed_as_ids", [5_000, 0])  # few matches read by id; many tested story by story
def test_q_lists_the_stories_matching_a_search_newest_first_across_pages(client, searched, listed_as_ids, monkeypatch):
    monkeypatch.setattr("articles.search.LISTED_AS_IDS", listed_as_ids)
    monkeypatch.setattr("articles.search_ranking.FEW_MATCHES", 5_000 if listed_as_ids else 0)
    newest_first = expected(searched)
    assert [story["id"] for story in walk(client, {"q": "olive"}, limit=3)] == newest_first  # never the draft
    by_lina = expected([a for a in searched if a.bylines.filter(author__name="Lina Saleh").exists()])
    assert [story["id"] for story in walk(client, {"q": "olive", "author": "lina-saleh"}, limit=2)] == by_lina
    phrase = expected([a for a in searched if a.headline.startswith("Olive harvest")])
    assert [story["id"] for story in walk(client, {"q": '"olive harvest"'}, limit=4)] == phrase
    fields = expected([a for a in searched if a.language == "en" and a.headline.startswith("Harvest of")])
    assert [story["id"] for story in walk(client, {"q": "harvest -olive lang:en"})] == []
    assert [story["id"] for story in walk(client, {"q": 'olives lang:en -"olive harvest"'})] == fields
    assert walk(client, {"q": "the"}) == []  # a stop word alone: nothing to look for
    on_the_3rd = expected(list(Article.objects.published()), lambda a: a.published_at.date() == date(2024, 3, 3))
    assert len(on_the_3rd) == 3  # fields alone: two olive stories and a wheat one
    assert [story["id"] for story in walk(client, {"q": "from:2024-03-03 to:2024-03-03"}, limit=2)] == on_the_3rd
    assert walk(client, {"q": "from:2099-01-01"}) == []
    assert [story["id"] for story in walk(client, {"q": "  "})] == expected(
        list(Article.objects.published()), lambda a: True
    )  # blank: no filter


def test_a_searchs_few_matches_drive_the_paging_rather_than_a_subjects_list(searched, monkeypatch):
    def source(params):
        filters = StoryFilter(params, queryset=Article.objects.published())
        assert filters.is_valid()
        return source_for(filters.qs, filters.form.cleaned_data)

    assert isinstance(source({"q": "olive", "author": "lina-saleh"}), StorySource)  # ten ids, by primary key
    monkeypatch.setattr("articles.search.LISTED_AS_IDS", 0)
    monkeypatch.setattr("articles.search_ranking.FEW_MATCHES", 0)  # many: tested as the author's list is walked
    assert isinstance(source({"q": "olive", "author": "lina-saleh"}), FilteredJoinedSource)


def test_q_is_refused_past_the_search_boxs_length_naming_it(client):
    response = client.get(f"{API}/stories/", {"q": "olive " * 200})
    assert response.status_code == 400
    assert check_against_schema(f"{API}/stories/", response)["errors"] == {
        "q": ["Keep the search under 1,000 characters."]
    }


def test_several_subjects_are_read_from_the_shortest_list(client):
    tag = Tag.objects.create(name="common")
    for number in range(6):
        make_article(f"Tagged {number}", places=["Minsk"] if number == 2 else []).tags.add(tag)
    author = make_author("Prolific")
    for number in range(4):
        make_article(f"By {number}", authors=[author])
    filters = {"tag": tag, "place": Place.objects.get(slug="minsk"), "author": author}
    source = source_for(Article.objects.published(), {"tag": tag, "place": filters["place"]})
    assert (source.table, source.subject_id) == ("articles_article_places", filters["place"].pk)
    source = source_for(Article.objects.published(), {"tag": tag, "author": author})
    assert (source.table, source.subject_id) == ("articles_byline", author.pk)
    page = call(client, f"{API}/stories/", {"tag": "common", "place": "minsk"})
    assert [story["headline"] for story in page["results"]] == ["Tagged 2"]


def test_a_date_with_a_time_zone_is_that_instant(client):
    early = make_article("Early", published_at=datetime(2024, 3, 1, 21, 30, tzinfo=UTC))
    make_article("Late", published_at=datetime(2024, 3, 1, 22, 30, tzinfo=UTC))
    page = call(client, f"{API}/stories/", {"published_before": "2024-03-02T01:00:00+03:00"})
    assert [story["id"] for story in page["results"]] == [early.pk]
    page = call(client, f"{API}/stories/", {"published_after": "2024-03-01T22:30:00"})  # no offset: UTC
    assert [story["headline"] for story in page["results"]] == ["Late"]


def test_an_empty_parameter_is_no_filter(client, archive):
    empty = call(client, f"{API}/stories/", {"section": "", "cursor": "", "limit": ""})
    assert empty == call(client, f"{API}/stories/")


def test_one_story_whole(client):
    culture = Section.objects.create(name="Culture", name_ar="ثقافة")
    first, second = make_author("Manar al-Freih"), make_author("Omar Hassan")
    article = make_article(
        "Museum reopens",
        authors=[second, first],
        places=["Damascus", "Hasaka"],
        section=culture,
        agency="SANA",
        summary="The national museum opens again.",
        body='<p>The museum <a href="https://example.org/">opened</a>.</p><script>alert(1)</script>',
        published_at=START,
        updated_at=datetime(2024, 3, 2, tzinfo=UTC),
    )
    article.tags.add(Tag.objects.create(name="museums"))
    target = make_article("Earlier story")
    make_link(article, title="Not yet archived", kind=RelatedLink.Kind.OBSERVED, position=0)
    make_link(article, target=target, kind=RelatedLink.Kind.OBSERVED, position=1)
    make_link(article, target=make_article("A draft", status="draft"), kind=RelatedLink.Kind.OBSERVED, position=2)
    arabic = make_article("المتحف يفتح أبوابه", language="ar")
    make_link(arabic, target=article, kind=RelatedLink.Kind.TRANSLATED)
    Correction.objects.create(article=article, note="A name was misspelt.")

    response = client.get(f"{API}/stories/{article.pk}/")
    story = check_against_schema(f"{API}/stories/{article.pk}/", response)
    assert story["headline"] == "Museum reopens"
    assert story["status"] == "published"
    assert [author["name"] for author in story["authors"]] == ["Omar Hassan", "Manar al-Freih"]  # byline order
    assert story["authors"][0]["api_url"] == f"http://testserver{API}/authors/omar-hassan/"
    assert [place["name"] for place in story["places"]] == ["Damascus", "Hasaka"]
    assert story["tags"] == [{"name": "museums", "slug": "museums", "url": "http://testserver/tags/museums/"}]
    assert story["section"]["name_ar"] == "ثقافة"
    assert story["dateline"] == "Damascus/Hasaka, SANA"
    assert story["agency"] == "SANA"
    assert story["summary"] == "The national museum opens again."
    assert story["body"] == '<p>The museum <a href="https://example.org/" rel="noopener noreferrer">opened</a>.</p>'
    assert story["updated_at"] == "2024-03-02T00:00:00Z"
    assert story["check_also"] == [
        {"title": "Not yet archived", "url": None, "api_url": None},
        {
            "title": "Earlier story",
            "url": f"http://testserver{target.get_absolute_url()}",
            "api_url": f"http://testserver{API}/stories/{target.pk}/",
        },
    ]
    assert [(t["id"], t["language"], t["headline"]) for t in story["translations"]] == [
        (arabic.pk, "ar", "المتحف يفتح أبوابه")
    ]
    # Arabic travels as UTF-8, not as \u escapes.
    arabic_story = client.get(f"{API}/stories/{arabic.pk}/")
    assert "المتحف يفتح أبوابه".encode() in arabic_story.content


def test_drafts_are_never_visible(client):
    draft = make_article("Secret draft", status=Article.Status.DRAFT)
    body = call(client, f"{API}/stories/{draft.pk}/", status=404)
    assert body["status"] == 404 and "Secret" not in json.dumps(body)
    assert call(client, f"{API}/stories/")["results"] == []
    assert call(client, f"{API}/stories/999999/", status=404)["detail"] == "No published story has the id 999999."


def test_a_withdrawn_or_deleted_story_is_gone(client, admin_user):
    article = make_article("Taken down")
    article._change_reason = "The photographs were not the agency's."
    article.status = Article.Status.WITHDRAWN
    article.save()
    body = call(client, f"{API}/stories/{article.pk}/", status=410)
    assert body["detail"] == f"Story {article.pk} was withdrawn. The photographs were not the agency's."
    assert body["withdrawn_at"] is not None

    deleted = make_article("Deleted")
    services.delete_articles(articles=Article.objects.filter(pk=deleted.pk), user=admin_user)
    body = call(client, f"{API}/stories/{deleted.pk}/", status=410)
    assert body["deleted_at"]
    assert call(client, f"{API}/stories/")["results"] == []


# ---------------------------------------------------------------------------------------------------------------------
# Authors and sections


def test_authors_page_by_slug_to_the_end(client):
    names = [f"Reporter {letter}" for letter in "QWERTYUIOPASD"]
    for name in names:
        make_author(name)
    make_author("صحفي عربي")  # a non-ASCII slug
    slugs = [author["slug"] for author in walk(client, limit=4, url=f"{API}/authors/")]
    assert slugs == list(Author.objects.order_by("slug").values_list("slug", flat=True))
    assert len(slugs) == 14


def test_one_author(client):
    author = make_author("Manar al-Freih", bio="Reports from Hasaka.")
    body = call(client, f"{API}/authors/{author.slug}/")
    assert body == {
        "name": "Manar al-Freih",
        "slug": "manar-al-freih",
        "url": "http://testserver/authors/manar-al-freih/",
        "api_url": "http://testserver/api/v1/authors/manar-al-freih/",
        "bio": "Reports from Hasaka.",
        "stories": "http://testserver/api/v1/stories/?author=manar-al-freih",
    }
    assert call(client, f"{API}/authors/nobody/", status=404)["status"] == 404


def test_a_merged_authors_old_slug_leads_to_the_author_it_became(client):
    keep, merged = make_author("Manar al-Freih"), make_author("Manar Al Freih Jr")
    services.merge_authors(keep=keep, merge=[merged])
    response = client.get(f"{API}/authors/manar-al-freih-jr/")
    assert response.status_code == 301
    assert response["Location"] == f"{API}/authors/manar-al-freih/"
    check_against_schema(f"{API}/authors/manar-al-freih-jr/", response)


def test_sections_all_by_name(client):
    Section.objects.create(name="Sport")
    Section.objects.create(name="Culture", name_ar="ثقافة")
    body = call(client, f"{API}/sections/")
    assert body["results"] == [
        {
            "name": "Culture",
            "name_ar": "ثقافة",
            "slug": "culture",
            "url": "http://testserver/sections/culture/",
            "stories": "http://testserver/api/v1/stories/?section=culture",
        },
        {
            "name": "Sport",
            "name_ar": None,
            "slug": "sport",
            "url": "http://testserver/sections/sport/",
            "stories": "http://testserver/api/v1/stories/?section=sport",
        },
    ]


# ---------------------------------------------------------------------------------------------------------------------
# Bad input: 400 naming the parameter, never a 500


def story_cursor(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


BAD_STORY_PARAMETERS = [
    ("section", "no-such-section"),
    ("author", "nobody"),
    ("place", "atlantis"),
    ("tag", "nothing"),
    ("language", "xx"),
    ("published_after", "yesterday"),
    ("published_after", "2024-13-01"),
    ("published_before", "2024-02-30"),
    ("published_before", "2024-03-01T25:00:00"),
    ("published_after", "99999-01-01"),
    # Offsets Python reads and PostgreSQL refuses ("time zone displacement out of range").
    ("published_after", "2026-10-01T09:30+16:00"),
    ("published_before", "2026-10-01T09:30-16:00"),
    ("published_after", "2026-10-01T09:30:00+05:30:00.5"),
    ("cursor", "not a cursor"),
    ("cursor", "AAAA"),
    ("cursor", story_cursor("t1:0")),  # id 0 is no story
    ("cursor", story_cursor(f"t{10**19}:5")),  # an impossible date
    ("cursor", "x" * 500),
    ("limit", "0"),
    ("limit", "10000"),
    ("limit", "-1"),
    ("limit", "ten"),
    ("limit", "1" * 400),
    ("secton", "news"),  # a typo would otherwise list everything
]


@pytest.mark.parametrize(("name", "value"), BAD_STORY_PARAMETERS)
def test_a_bad_parameter_is_a_400_that_names_it(client, archive, name, value):
    body = call(client, f"{API}/stories/", {name: value}, status=400)
    assert list(body["errors"]) == [name]
    assert name in body["detail"]


@pytest.mark.parametrize("subject", [{}, {"author": "lina-saleh"}, {"tag": "harvest"}, {"place": "damascus"}])
@pytest.mark.parametrize("name", ["published_after", "published_before"])
def test_an_offset_postgresql_cannot_hold_is_a_400_whichever_index_serves_the_list(client, archive, name, subject):
    # Without a subject the story table's index is read; with one, its join table's list_date.
    # A fraction of a second too: Python 3.11 reads "+00:00:00.5" as UTC, dropping it.
    for offset in ("+16:00", "-16:00", "+23:59:59", "+00:00:00.5", "-00:00:00.000001", "+01:00:00.25"):
        body = call(client, f"{API}/stories/", {name: f"2026-10-01T09:30{offset}", **subject}, status=400)
        assert body["errors"] == {name: [OFFSET_MESSAGE]}


PYTHONS_LONGEST_OFFSET = timedelta(hours=24) - timedelta(microseconds=1)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    moment=st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59, 999999)),
    offset=st.timedeltas(min_value=-PYTHONS_LONGEST_OFFSET, max_value=PYTHONS_LONGEST_OFFSET),
    name=st.sampled_from(["published_after", "published_before"]),
    subject=st.sampled_from([{}, {"author": "lina-saleh"}, {"tag": "harvest"}, {"place": "damascus"}]),
)
# Past the ends of Python's years in UTC, which PostgreSQL holds.
@example(datetime(9999, 12, 31, 23, 59, 59), -timedelta(hours=15), "published_after", {})
@example(datetime(9999, 12, 31, 23, 59, 59), -timedelta(hours=15, minutes=59, seconds=59), "published_before", {})
@example(datetime(1, 1, 1), timedelta(hours=15), "published_after", {"tag": "harvest"})
@example(datetime(1, 1, 1), timedelta(hours=15, minutes=59, seconds=59), "published_before", {"author": "lina-saleh"})
# Either side of the longest offset PostgreSQL reads, at an instant inside the archive.
@example(datetime(2024, 3, 5, 12, 0), timedelta(hours=15, minutes=59, seconds=59), "published_after", {})
@example(datetime(2024, 3, 5, 12, 0), timedelta(hours=16), "published_after", {"place": "damascus"})
# An offset of a fraction of a second, which Python 3.11 reads as none when the rest of it is zero.
@example(datetime(2000, 1, 1), timedelta(microseconds=1), "published_after", {})
def test_any_date_time_python_reads_filters_exactly_or_is_a_400(client, archive, moment, offset, name, subject):
    moment = moment.replace(tzinfo=timezone(offset))
    response = client.get(f"{API}/stories/", {name: moment.isoformat(), "limit": MAX_LIMIT, **subject})
    if abs(offset) > timedelta(hours=15, minutes=59, seconds=59) or offset.microseconds:
        assert response.status_code == 400, (moment, response.content[:300])
        assert check_against_schema(f"{API}/stories/", response)["errors"] == {name: [OFFSET_MESSAGE]}
        return
    assert response.status_code == 200, (moment, response.content[:300])
    stories = Article.objects.published().filter(**subject_lookups(subject))
    # Compared in Python, which holds the instant whatever year it falls in, UTC included.
    matching = [a for a in stories if a.published_at and (a.published_at >= moment) == (name == "published_after")]
    results = check_against_schema(f"{API}/stories/", response)["results"]
    assert sorted(story["id"] for story in results) == sorted(a.pk for a in matching), moment


def subject_lookups(subject: dict) -> dict:
    lookups = {"author": "bylines__author__slug", "tag": "tags__slug", "place": "places__slug"}
    return {lookups[key]: value for key, value in subject.items()}


def test_every_bad_parameter_is_named_at_once(client):
    body = call(client, f"{API}/stories/", {"limit": "0", "section": "nope", "cursor": "?"}, status=400)
    assert sorted(body["errors"]) == ["cursor", "limit", "section"]


def test_a_parameter_given_twice_is_refused(client):
    body = call(client, f"{API}/stories/?section=a&section=b", status=400)
    assert body["errors"] == {"section": ["Given more than once."]}


@pytest.mark.parametrize(
    "url",
    [
        f"{API}/stories/?section=%00",
        f"{API}/stories/?tag=a%00b",
        f"{API}/stories/?q=olive%00harvest",
        f"{API}/stories/?cursor=%00",
        f"{API}/authors/?cursor=%00",
        f"{API}/stories/?%00=1",
    ],
)
def test_a_nul_byte_is_a_400_in_json_naming_the_parameter(client, url):
    response = client.get(url)
    assert response.status_code == 400
    body = check_against_schema(urlsplit(url).path, response)
    name = urlsplit(url).query.split("=")[0].replace("%00", "\x00")
    assert list(body["errors"]) == [name]


def test_authors_list_and_others_refuse_bad_parameters(client):
    make_author("Someone")
    assert list(call(client, f"{API}/authors/", {"cursor": "%%%"}, status=400)["errors"]) == ["cursor"]
    assert list(call(client, f"{API}/authors/", {"cursor": story_cursor("\x00")}, status=400)["errors"]) == ["cursor"]
    assert list(call(client, f"{API}/authors/", {"limit": "101"}, status=400)["errors"]) == ["limit"]
    assert list(call(client, f"{API}/authors/", {"section": "x"}, status=400)["errors"]) == ["section"]
    assert list(call(client, f"{API}/sections/", {"page": "2"}, status=400)["errors"]) == ["page"]


def test_errors_are_in_english_whatever_the_browser_asks(client):
    body = call(client, f"{API}/stories/", {"limit": "0"}, status=400, HTTP_ACCEPT_LANGUAGE="ar")
    assert body["errors"]["limit"] == ["Ensure this value is greater than or equal to 1."]


def test_unknown_endpoints_and_methods_answer_json(client):
    assert call(client, f"{API}/nothing/here/", status=404)["status"] == 404
    assert call(client, "/api/v2/stories/", status=404)["status"] == 404
    assert call(client, f"{API}/stories/abc/", status=404)["status"] == 404
    response = client.post(f"{API}/stories/", {})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    check_against_schema(f"{API}/stories/", response)


def test_partners_browsers_may_read_it(client):
    preflight = client.options(
        f"{API}/stories/", HTTP_ORIGIN="https://partner.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    response = client.get(f"{API}/sections/", HTTP_ORIGIN="https://partner.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    redirect = client.get(f"{API}/stories?tag=harvest")  # the slash is added, CORS kept
    assert (redirect.status_code, redirect["Location"]) == (301, f"{API}/stories/?tag=harvest")
    assert redirect["Access-Control-Allow-Origin"] == "*"


@st.composite
def story_queries(draw, slugs):
    names = st.sampled_from([*StoryFilter.base_filters, "cursor", "limit", "page", "q"])
    hostile = st.one_of(
        st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
        st.sampled_from(["", "0", "-1", "101", "1e3", "2024-03-05", "2024-03-05T10:00:00+14:00", "0001-01-01"]),
        st.sampled_from(["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+01:00", "AAAA", story_cursor("t0:1")]),
        st.sampled_from(slugs),
    )
    return draw(st.dictionaries(names, hostile, max_size=4))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_query_is_answered_as_documented(client, archive, data):
    slugs = ["news", "culture", "lina-saleh", "harvest", "damascus", "ar", "en"]
    query = data.draw(story_queries(slugs))
    response = client.get(f"{API}/stories/", query)
    assert response.status_code in {200, 400}, (query, response.content[:300])
    check_against_schema(f"{API}/stories/", response)


# ---------------------------------------------------------------------------------------------------------------------
# A bounded number of queries, whatever the page size


def queries_for(client, url: str, params: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        call(client, url, params)
    return len(queries)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"section": "news"},
        {"author": "lina-saleh"},
        {"tag": "harvest", "place": "damascus", "language": "en", "published_after": "2024-03-02"},
    ],
)
def test_a_page_of_stories_costs_the_same_queries_at_any_size(client, archive, params, django_assert_max_num_queries):
    # Subjects looked up (and probed when several), dated positions (then undated ones at the end of the list), the
    # stories, and their authors, places and tags together: the same for a page of 1 as for a page of 100.
    subjects = [name for name in params if name in {"section", "author", "tag", "place"}]
    joined = [name for name in subjects if name != "section"]
    # And one more: the archive's version, which keys the page cache (articles/page_cache.py).
    bound = len(subjects) + (len(joined) if len(joined) > 1 else 0) + 4 + 1
    for limit in (1, 2, 50, 100):
        with django_assert_max_num_queries(bound):
            call(client, f"{API}/stories/", {**params, "limit": limit})


def test_one_story_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    authors = [make_author() for _ in range(5)]
    article = make_article("Many of everything", authors=authors, places=["A", "B", "C"])
    for number in range(4):
        make_link(article, title=f"Pending {number}", kind=RelatedLink.Kind.OBSERVED, position=number)
    # The story, its links, their targets, its authors, places and tags together, its translations; and the
    # archive's version for the page cache.
    with django_assert_max_num_queries(6):
        call(client, f"{API}/stories/{article.pk}/")
    make_link(article, target=make_article("Resolved"), kind=RelatedLink.Kind.OBSERVED, position=9)
    with django_assert_max_num_queries(6):
        call(client, f"{API}/stories/{article.pk}/")


def test_lists_of_authors_and_sections_cost_one_query(client, django_assert_num_queries):
    for _ in range(5):
        make_author()
        Section.objects.create(name=f"Section {Section.objects.count()}")
    # One, and the archive's version that keys the page cache.
    with django_assert_num_queries(2):
        call(client, f"{API}/authors/", {"limit": 3})
    with django_assert_num_queries(2):
        call(client, f"{API}/sections/")


def test_places_and_tags_come_from_their_tables(client):
    # The fixture's models are what the filters look up: a renamed place keeps its slug in the API.
    place = Place.objects.create(name="Hasaka")
    make_article("Datelined", places=["Hasaka"])
    place.name = "Al-Hasakah"
    place.save()
    story = call(client, f"{API}/stories/", {"place": "hasaka"})["results"][0]
    assert story["places"][0] == {"name": "Al-Hasakah", "slug": "hasaka", "url": "http://testserver/places/hasaka/"}
