"""The Editors group, each permission tried through the admin as an editor would."""

import pytest
from django.urls import reverse

from articles.models import Article, Author, Place, Section, Tag
from tests.factories import form_data, make_article, make_author

pytestmark = pytest.mark.django_db


def test_editors_can_add_a_story_through_the_admin(editor_client):
    author = make_author("Lina Haddad")
    page = editor_client.get(reverse("admin:articles_article_add"))
    assert page.status_code == 200
    data = form_data(page, "article_form")
    data |= {
        "headline": ["Dam repairs finish early"],
        "body": ["<p>The repairs finished.</p><script>alert(1)</script>"],
        "status": ["published"],
        "language": ["en"],
        "bylines-TOTAL_FORMS": ["1"],
        "bylines-0-author": [str(author.pk)],
        "bylines-0-position": ["0"],
    }
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    article = Article.objects.get()
    assert article.headline == "Dam repairs finish early"
    assert article.body == "<p>The repairs finished.</p>"
    assert article.byline_authors() == [author]


def test_editors_can_change_a_story(editor_client):
    article = make_article("Old headline")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor_client.get(url), "article_form") | {"headline": ["New headline"]}
    assert editor_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.headline == "New headline"


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (Author, {"name": "Rasha Milhem", "slug": "rasha-milhem", "aliases-TOTAL_FORMS": "0"}),
        (Section, {"name": "Culture", "slug": "culture"}),
        (Tag, {"name": "heritage", "slug": "heritage"}),
        (Place, {"name": "Damascus Countryside", "slug": "damascus-countryside"}),
    ],
)
def test_editors_can_add_and_change_authors_sections_tags_and_places(editor_client, model, fields):
    name = model._meta.model_name
    add_url = reverse(f"admin:articles_{name}_add")
    data = form_data(editor_client.get(add_url), f"{name}_form") | {k: [v] for k, v in fields.items()}
    assert editor_client.post(add_url, data).status_code == 302
    obj = model.objects.get()
    change_url = reverse(f"admin:articles_{name}_change", args=[obj.pk])
    data = form_data(editor_client.get(change_url), f"{name}_form") | {"name": ["Renamed"]}
    assert editor_client.post(change_url, data).status_code == 302
    obj.refresh_from_db()
    assert obj.name == "Renamed"


@pytest.mark.parametrize("model", [Article, Author, Section, Tag, Place])
def test_editors_cannot_delete(editor_client, model):
    obj = {
        Article: lambda: make_article(),
        Author: lambda: make_author(),
        Section: lambda: Section.objects.create(name="Culture"),
        Tag: lambda: Tag.objects.create(name="heritage"),
        Place: lambda: Place.objects.create(name="Homs"),
    }[model]()
    name = model._meta.model_name
    delete_url = reverse(f"admin:articles_{name}_delete", args=[obj.pk])
    assert editor_client.get(delete_url).status_code == 403
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 403
    changelist = editor_client.get(reverse(f"admin:articles_{name}_changelist"))
    assert b'value="delete_selected"' not in changelist.content
    response = editor_client.post(
        reverse(f"admin:articles_{name}_changelist"), {"action": "delete_selected", "_selected_action": [obj.pk]}
    )
    assert response.status_code in (200, 302)
    assert model.objects.filter(pk=obj.pk).exists()


def test_editors_cannot_reach_users_or_groups(editor_client):
    for url in (reverse("admin:auth_user_changelist"), reverse("admin:auth_group_changelist")):
        assert editor_client.get(url).status_code == 403
    index = editor_client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:auth_user_changelist") not in index
    assert reverse("admin:articles_article_changelist") in index


def test_editors_can_read_provenance_but_not_change_it(editor_client):
    from articles.ingest.parsed import ParsedStory
    from articles.ingest.store import StoryStore
    from articles.models import Provenance

    StoryStore().store(ParsedStory(headline="H", paragraphs=["P"], raw="H\n\nP", source="a.txt", parser="plaintext/1"))
    provenance = Provenance.objects.get()
    page = editor_client.get(reverse("admin:articles_provenance_change", args=[provenance.pk]))
    assert page.status_code == 200 and b"H\n\nP" in page.content
    editor_client.post(reverse("admin:articles_provenance_change", args=[provenance.pk]), {"source": "changed"})
    provenance.refresh_from_db()
    assert provenance.source == "a.txt"


def test_superusers_can_delete(admin_client):
    article = make_article()
    response = admin_client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.exists()
