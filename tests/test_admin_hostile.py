"""The admin fed what its pages never send: each answer is a form error, a 400, a 404 or Django's "?e=1", never a 500.

The test client re-raises a view's exception, so a request that would answer 500 fails with its traceback.
"""

from datetime import UTC, datetime

import pytest
from django.forms.formsets import BaseFormSet
from django.urls import reverse

from articles.models import Article, Author, Section, Tag
from tests.factories import form_data, make_article, make_author, make_link

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:articles_article_changelist")
ADD_STORY = reverse("admin:articles_article_add")
ADD_AUTHOR = reverse("admin:articles_author_add")
LAST_MOMENT = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)


def story_form(admin_client, **changes) -> dict:
    data = form_data(admin_client.get(ADD_STORY), "article_form")
    data |= {"headline": ["A story typed in the admin"], "body": ["<p>Its text.</p>"], "status": ["draft"]}
    return data | {name: value if isinstance(value, list) else [value] for name, value in changes.items()}


def errors_of(response) -> str:
    assert response.status_code == 200, response.status_code
    formsets = [inline.formset for inline in response.context["inline_admin_formsets"]]
    return str(response.context["adminform"].form.errors) + str(
        [(formset.non_form_errors(), formset.errors) for formset in formsets]
    )


# 1. Dates outside the archive's years


@pytest.mark.parametrize(("day", "hour"), [("9999-12-31", "23:59:59"), ("0202-03-04", "10:00:00")])
def test_the_story_form_refuses_a_year_ingest_would_refuse(admin_client, day, hour):
    response = admin_client.post(ADD_STORY, story_form(admin_client, published_at_0=day, published_at_1=hour))
    assert "outside the years 1800-2200" in errors_of(response)
    assert not Article.objects.exists()


def test_a_story_at_the_end_of_the_calendar_does_not_break_the_list(admin_client):
    make_article("An ordinary story")
    make_article("A typing slip from an old system", published_at=LAST_MOMENT)
    for params in ({}, {"q": "typing slip"}, {"status__exact": "published"}, {"published_at__year": "2026"}):
        assert admin_client.get(CHANGELIST, params).status_code == 200
    only = Article.objects.filter(published_at=LAST_MOMENT)
    Article.objects.exclude(pk__in=only).delete()
    assert admin_client.get(CHANGELIST).status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"published_at__year": "9999"},
        {"published_at__year": "9999", "published_at__month": "12"},
        {"published_at__year": "9999", "published_at__month": "12", "published_at__day": "31"},
        {"published_at__year": "99999999999999999999999"},
        {"published_at__year": "2025", "published_at__month": "99999999999999999999"},
        {"published_at__day": "99999999999999999999"},
    ],
)
def test_a_drill_down_to_a_date_the_calendar_cannot_hold(admin_client, params):
    make_article(published_at=LAST_MOMENT)
    response = admin_client.get(CHANGELIST, params)
    assert response.status_code == 302 and response.url.endswith("?e=1")


def test_the_sitemap_of_the_calendars_last_month(client):
    make_article(published_at=LAST_MOMENT)
    response = client.get("/sitemaps/stories-9999-12.xml")
    assert response.status_code == 200 and b"/stories/" in response.content


# 2. An author's name folds to another's key, or to none


def author_form(admin_client, url=ADD_AUTHOR, **changes) -> dict:
    data = form_data(admin_client.get(url), "author_form")
    return data | {name: [value] for name, value in changes.items()}


@pytest.mark.parametrize("name", ["lina  HADDAD", "Lina Haddád", "Lina-Haddad"])
def test_adding_an_author_whose_name_folds_to_an_existing_one(admin_client, name):
    existing = make_author("Lina Haddad")
    response = admin_client.post(ADD_AUTHOR, author_form(admin_client, name=name))
    assert "Lina Haddad" in errors_of(response)
    assert f'<a href="{reverse("admin:articles_author_change", args=[existing.pk])}">Lina Haddad</a>' in (
        response.content.decode()
    )
    assert Author.objects.count() == 1


def test_renaming_an_author_to_an_existing_one(admin_client):
    make_author("Lina Haddad")
    other = make_author("Rasha Milhem")
    url = reverse("admin:articles_author_change", args=[other.pk])
    response = admin_client.post(url, author_form(admin_client, url, name="LINA HADDAD"))
    assert "Lina Haddad" in errors_of(response)
    # Renaming an author to another spelling of its own name is no clash.
    response = admin_client.post(url, author_form(admin_client, url, name="rasha milhem"))
    assert response.status_code == 302
    assert Author.objects.get(pk=other.pk).name == "rasha milhem"


@pytest.mark.parametrize("name", ["\x01\x1b", "😀", "---"])
def test_an_author_name_without_a_letter_or_digit(admin_client, name):
    response = admin_client.post(ADD_AUTHOR, author_form(admin_client, name=name))
    assert "at least one letter or digit" in errors_of(response)
    assert not Author.objects.exists()


def test_an_author_whose_slug_would_be_another_authors(admin_client):
    make_author("OBrien")  # slug "obrien"; "O'Brien" folds to "o brien", another key, but slugifies the same
    response = admin_client.post(ADD_AUTHOR, author_form(admin_client, name="O'Brien"))
    assert "slug" in errors_of(response)
    assert Author.objects.count() == 1


def test_an_alias_that_folds_to_another_alias(admin_client):
    author = make_author("Omar Khatib")
    author.aliases.create(name="Omar al-Khateeb")
    data = author_form(admin_client, name="Omar Khateeb")
    data |= {"aliases-0-name": ["OMAR AL KHATEEB"]}
    response = admin_client.post(ADD_AUTHOR, data)
    assert "Omar al-Khateeb" in errors_of(response)


# 3. The import's token


@pytest.mark.parametrize("step", ["cancel", "confirm"])
@pytest.mark.parametrize("token", ["a" * 5000, "é" * 5000])
def test_an_import_token_of_the_wrong_shape_is_an_unknown_one(admin_client, step, token):
    response = admin_client.post(reverse("admin-import"), {"step": step, "token": token})
    assert response.status_code == 302


# 4. Lookups the list never offers


@pytest.mark.parametrize(
    ("model", "params"),
    [
        ("article", {"headline__regex": "("}),
        ("article", {"headline__range": "1"}),
        ("article", {"slug__range": "1,2"}),
        ("article", {"markers__exact": "x"}),
        ("article", {"markers__in": "a,b"}),
        ("article", {"modified_at__year": "-5"}),
        ("article", {"body__contains": "x"}),
        ("author", {"name__regex": "("}),
        ("author", {"name_key__range": "1"}),
        ("relatedlink", {"observed_at__iso_year": "99999999999"}),
        ("relatedlink", {"title__regex": "("}),
        ("section", {"slug__range": "1"}),
        ("tag", {"name__regex": "["}),
        ("place", {"pk__range": "1"}),
        ("provenance", {"raw__regex": "("}),
        # a date filter the list offers, with a UTC offset PostgreSQL cannot hold (Python reads it)
        ("article", {"published_at__gte": "2026-10-01T00:00+16:00"}),
        ("article", {"published_at__lt": "2026-10-01T00:00-18:00"}),
    ],
)
def test_a_lookup_the_list_never_offers_is_refused(admin_client, model, params):
    make_link(make_article(), title="A link")
    response = admin_client.get(reverse(f"admin:articles_{model}_changelist"), params)
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("model", "params"),
    [
        ("article", {"status__exact": "draft"}),
        ("article", {"attention": "any"}),
        ("article", {"language": "ar"}),
        ("article", {"language__exact": "ar"}),
        ("article", {"section__id__exact": "1"}),
        ("article", {"section__isnull": "True"}),
        ("article", {"published_at__isnull": "True"}),
        (
            "article",
            {"published_at__gte": "2025-01-01 00:00:00+00:00", "published_at__lt": "2025-02-01 00:00:00+00:00"},
        ),
        ("article", {"published_at__year": "2025", "published_at__month": "3", "published_at__day": "4"}),
        ("relatedlink", {"kind__exact": "observed"}),
        ("relatedlink", {"target__isempty": "1"}),
        ("relatedlink", {"ambiguous__exact": "0"}),
        ("provenance", {"parser": "plaintext/1"}),
        ("author", {"q": "lina"}),
    ],
)
def test_the_lookups_the_list_offers_still_work(admin_client, model, params):
    make_link(make_article(), title="A link")
    response = admin_client.get(reverse(f"admin:articles_{model}_changelist"), params)
    assert response.status_code == 200


def test_every_filter_link_the_list_draws_answers(admin_client):
    import lxml.html

    make_link(make_article(published_at=datetime(2025, 3, 4, tzinfo=UTC)), title="A link")
    make_article(section=None, published_at=None)
    for model in ("article", "relatedlink", "provenance"):
        url = reverse(f"admin:articles_{model}_changelist")
        page = lxml.html.fromstring(admin_client.get(url).content.decode())
        links = set(page.xpath('//*[@id="changelist-filter"]//a/@href | //nav[@class="toplinks"]//a/@href'))
        assert links
        for link in links:
            if link.startswith("?"):
                assert admin_client.get(url + link).status_code == 200, link


# 5. Ids that are not numbers


def test_a_story_form_with_ids_that_are_not_numbers(admin_client):
    data = story_form(
        admin_client,
        section="abc",
        tags=["abc", "1"],
        places="abc",
        **{"bylines-0-author": "abc", "bylines-TOTAL_FORMS": "1"},
    )
    errors = errors_of(admin_client.post(ADD_STORY, data))
    assert "section" in errors and "tags" in errors and "places" in errors
    bylines = admin_client.post(ADD_STORY, data).context["inline_admin_formsets"][0].formset
    assert bylines.errors[0]["author"]


def test_a_check_also_link_form_with_ids_that_are_not_numbers(admin_client):
    add = reverse("admin:articles_relatedlink_add")
    data = form_data(admin_client.get(add), "relatedlink_form") | {"source": ["abc"], "target": ["abc"]}
    response = admin_client.post(add, data)
    assert response.status_code == 200
    assert set(response.context["adminform"].form.errors) >= {"source", "target"}


@pytest.mark.parametrize("params", [{"section": "abc"}, {"tags": "abc,1"}])
def test_an_add_form_whose_initial_ids_are_not_numbers(admin_client, params):
    assert admin_client.get(ADD_STORY, params).status_code == 200


@pytest.mark.parametrize(("model", "action"), [("article", "publish"), ("author", "merge"), ("article", "withdraw")])
def test_an_action_on_ids_that_are_not_numbers(admin_client, model, action):
    make_author()
    url = reverse(f"admin:articles_{model}_changelist")
    for selected in (["abc"], ["1", "abc"], ["99999999999999999999"]):
        response = admin_client.post(url, {"action": action, "_selected_action": selected})
        assert response.status_code in (302, 400), selected


@pytest.mark.parametrize("path", ["/admin/articles/article/abc/history/", "/admin/articles/article/{pk}/history/abc/"])
def test_history_pages_of_ids_that_are_not_numbers(admin_client, path):
    story = make_article()
    response = admin_client.get(path.format(pk=story.pk))
    assert response.status_code in (302, 404)


# 6. Inline forms by the thousand


@pytest.mark.parametrize("count", ["101", "1001", "99999"])
def test_a_story_form_declaring_thousands_of_bylines_is_refused_fast(admin_client, count, monkeypatch):
    # Fast as in building no more forms than the cap allows (Django built the 99,999 declared: 7 s), counted rather
    # than timed, which a loaded machine makes flaky.
    built = []
    construct = BaseFormSet._construct_form
    monkeypatch.setattr(
        BaseFormSet, "_construct_form", lambda self, i, **kw: built.append(self.prefix) or construct(self, i, **kw)
    )
    data = story_form(admin_client, **{"bylines-TOTAL_FORMS": count})
    response = admin_client.post(ADD_STORY, data)
    assert "at most 100" in errors_of(response)
    assert not Article.objects.exists()
    assert 0 < built.count("bylines") <= 101, built.count("bylines")


def test_a_story_form_with_a_hundred_bylines_is_accepted(admin_client):
    authors = [make_author() for _ in range(100)]
    data = story_form(admin_client, **{"bylines-TOTAL_FORMS": "100"})
    for i, author in enumerate(authors):
        data |= {f"bylines-{i}-author": [str(author.pk)], f"bylines-{i}-position": [str(i)]}
    response = admin_client.post(ADD_STORY, data)
    assert response.status_code == 302
    assert Article.objects.get().bylines.count() == 100


@pytest.mark.parametrize(
    ("url", "model"),
    [("admin:articles_author_add", Author), ("admin:articles_section_add", Section), ("admin:articles_tag_add", Tag)],
)
def test_a_name_typed_with_a_bidi_override_is_saved_without_it(admin_client, url, model):
    # Every parser drops the controls that turn text around; a name typed or pasted in the admin kept them, and
    # was drawn reversed in every list, byline and feed.
    page = admin_client.get(reverse(url))
    data = form_data(page, f"{model._meta.model_name}_form") | {"name": ["\u202eLina Haddad"], "slug": [""]}
    assert admin_client.post(reverse(url), data).status_code == 302
    assert model.objects.get().name == "Lina Haddad"
    # A name of nothing but such marks is no name.
    data |= {"name": ["\u202e\u2066"], "slug": ["nothing"]}
    response = admin_client.post(reverse(url), data)
    assert "at least one letter or digit" in errors_of(response)
    assert model.objects.count() == 1
