"""Every change to a story is kept with who made it and when, and can be reverted from the admin."""

import pytest
from django.urls import reverse

from tests.factories import form_data, make_article

pytestmark = pytest.mark.django_db


def test_a_change_in_the_admin_is_recorded_viewable_and_revertible(admin_client, admin_user):
    article = make_article("The original headline")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(admin_client.get(url), "article_form") | {"headline": ["A changed headline"]}
    assert admin_client.post(url, data).status_code == 302

    latest = article.history.first()
    assert latest.headline == "A changed headline"
    assert latest.history_user == admin_user
    assert latest.history_type == "~"
    assert article.history.count() == 2

    history_page = admin_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert history_page.status_code == 200
    assert "A changed headline" in history_page.content.decode()
    assert admin_user.username in history_page.content.decode()

    original = article.history.last()
    revert_url = reverse("admin:articles_article_simple_history", args=[article.pk, original.history_id])
    revert_page = admin_client.get(revert_url)
    assert revert_page.status_code == 200
    data = form_data(revert_page, "historicalarticle_form")
    assert data["headline"] == ["The original headline"]
    assert admin_client.post(revert_url, data).status_code == 302
    article.refresh_from_db()
    assert article.headline == "The original headline"
    assert article.history.count() == 3


def test_publishing_from_the_admin_is_a_revision_by_the_editor(admin_client, admin_user):
    article = make_article(status="draft", published_at=None)
    response = admin_client.post(
        reverse("admin:articles_article_changelist"), {"action": "publish", "_selected_action": [article.pk]}
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == "published" and article.published_at is not None
    assert article.history.first().history_user == admin_user
    assert article.history.first().history_change_reason == "Published"


def test_an_ingested_story_gets_its_first_revision_when_it_first_changes(admin_client):
    from articles.ingest.parsed import ParsedStory
    from articles.ingest.store import StoryStore

    parsed = ParsedStory(headline="Dams refilled after the rains", paragraphs=["The dams are full."], source="a.txt")
    _, article = StoryStore().store(parsed)
    assert article.history.count() == 0  # the story is its own first revision until it changes
    history_page = admin_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert "Unchanged since it was created" in history_page.content.decode()

    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(admin_client.get(url), "article_form") | {"headline": ["Dams refilled after heavy rains"]}
    assert admin_client.post(url, data).status_code == 302
    first, change = article.history.order_by("history_id")
    assert (first.history_type, first.headline, first.history_user) == ("+", "Dams refilled after the rains", None)
    assert first.history_date == article.created_at
    assert (change.history_type, change.headline) == ("~", "Dams refilled after heavy rains")


def test_deleting_an_ingested_story_keeps_its_only_version_in_history():
    from articles.ingest.parsed import ParsedStory
    from articles.ingest.store import StoryStore
    from articles.models import Article

    _, article = StoryStore().store(ParsedStory(headline="A story to delete", paragraphs=["Text."], source="a.txt"))
    pk = article.pk
    article.delete()
    assert list(Article.history.filter(id=pk).order_by("history_id").values_list("history_type", "headline")) == [
        ("+", "A story to delete"),
        ("-", "A story to delete"),
    ]
