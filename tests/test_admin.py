"""The story admin as editors use it all day: filters, flags, actions, search and a fixed query count."""

import pytest
from django.urls import reverse

from articles.models import Article, Author, Section, Tag
from tests.factories import form_data, make_article, make_author, make_link

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:articles_article_changelist")


@pytest.fixture
def stories():
    author = make_author("Lina Haddad")
    return {
        "fine": make_article("A fine story", authors=[author]),
        "undated": make_article("An undated story", authors=[author], published_at=None),
        "orphan": make_article("A story with no author"),
        "pending": make_link(make_article("A story with a pending link", authors=[author]), title="Not here").source,
    }


def listed(response) -> set[str]:
    return {article.headline for article in response.context["cl"].result_list}


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("no-date", {"undated"}),
        ("no-author", {"orphan"}),
        ("unresolved", {"pending"}),
        ("any", {"undated", "orphan", "pending"}),
    ],
)
def test_the_needs_attention_filter(admin_client, stories, choice, expected):
    response = admin_client.get(CHANGELIST, {"attention": choice})
    assert listed(response) == {stories[key].headline for key in expected}


def test_the_changelist_shows_byline_and_flags(admin_client, stories):
    html = admin_client.get(CHANGELIST).content.decode()
    assert "no date" in html and "no author" in html and "pending Check Also" in html
    assert "Lina Haddad" in html


def test_the_changelist_query_count_does_not_grow_with_the_rows(admin_client, django_assert_max_num_queries):
    author = make_author()
    for _ in range(3):
        make_article(authors=[author], places=["Homs"])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        admin_client.get(CHANGELIST)
    for _ in range(12):
        make_article(authors=[make_author()], places=["Homs"])
    with django_assert_max_num_queries(len(few)):
        admin_client.get(CHANGELIST)


def test_search_finds_headlines_and_authors(admin_client, stories):
    assert listed(admin_client.get(CHANGELIST, {"q": "pending link"})) == {"A story with a pending link"}
    assert len(listed(admin_client.get(CHANGELIST, {"q": "Lina Haddad"}))) == 3


def test_withdraw_action(admin_client, stories):
    admin_client.post(CHANGELIST, {"action": "withdraw", "_selected_action": [stories["fine"].pk]})
    assert Article.objects.get(pk=stories["fine"].pk).status == Article.Status.WITHDRAWN


def test_autocomplete_for_bylines_and_check_also_targets(admin_client, stories):
    url = reverse("admin:autocomplete")
    authors = admin_client.get(
        url, {"term": "lina", "app_label": "articles", "model_name": "byline", "field_name": "author"}
    )
    assert [r["text"] for r in authors.json()["results"]] == ["Lina Haddad"]
    targets = admin_client.get(
        url, {"term": "undated", "app_label": "articles", "model_name": "relatedlink", "field_name": "target"}
    )
    assert [r["text"] for r in targets.json()["results"]] == ["An undated story"]


def test_a_story_page_links_to_the_site(admin_client, stories):
    story = stories["fine"]
    html = admin_client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert "View on site" in html


@pytest.mark.parametrize("query", [{"published_at__gte": "not-a-date"}, {"attention": "nonsense"}, {"o": "99"}])
def test_bad_query_strings_never_crash_the_changelist(admin_client, stories, query):
    assert admin_client.get(CHANGELIST, query).status_code in (200, 302)


@pytest.mark.parametrize(
    ("url", "model"),
    [("admin:articles_author_add", Author), ("admin:articles_section_add", Section), ("admin:articles_tag_add", Tag)],
)
def test_a_name_typed_in_hindi_gets_a_slug_with_its_vowel_signs_not_the_admins_scripts(admin_client, url, model):
    # Django's script filled the slug in as the name was typed, without the marks: "परधनमतर" for "प्रधानमंत्री".
    page = admin_client.get(reverse(url))
    assert "#id_slug" not in page.content.decode()  # no script fills it in (data-prepopulated-fields)
    data = form_data(page, f"{model._meta.model_name}_form") | {"name": ["प्रधानमंत्री"], "slug": [""]}
    assert admin_client.post(reverse(url), data).status_code == 302
    assert model.objects.get(name="प्रधानमंत्री").slug == "प्रधानमंत्री"
