"""No URL dies: deleted public stories answer 410 with their headline and the date, and every URL once
served keeps answering 200, 301 or 410 after edits, withdrawals and deletions."""

import re
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Permission, User
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from articles import services
from articles.models import Article, Author, LegacyIdentifier, LegacyPath, Place, Section, Tag, Tombstone
from tests.archive import build_archive, public_urls
from tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    article = make_article("Rain returns to Latakia", authors=[make_author("Lina Haddad")], places=["Latakia"])
    LegacyPath.objects.create(article=article, path="/2026/10/01/rain-returns/")
    LegacyPath.objects.create(article=article, path="/en/?p=4211")
    LegacyIdentifier.objects.create(article=article, scheme="wordpress", value="4211")
    return article


def addresses(article) -> list[str]:
    return [
        article.get_absolute_url(),
        f"/stories/{article.pk}/",
        f"/stories/{article.pk}/a-slug-it-once-had/",
        "/2026/10/01/rain-returns/",
        "/2026/10/01/rain-returns",
        "/en/?p=4211",
        "/legacy/wordpress/4211/",
    ]


def test_a_superuser_deleting_a_story_in_the_admin_leaves_a_tombstone_at_every_address(admin_client, story):
    urls = addresses(story)
    assert {admin_client.get(url).status_code for url in urls} == {200, 301}
    response = admin_client.post(reverse("admin:articles_article_delete", args=[story.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.filter(pk=story.pk).exists()

    tombstone = Tombstone.objects.get(pk=story.pk)
    assert tombstone.legacy_paths == ["/2026/10/01/rain-returns/", "/en/?p=4211"]
    assert tombstone.legacy_identifiers == ["wordpress:4211"]
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 410, url
        page = response.content.decode()
        assert "Rain returns to Latakia" in page
        assert f'removed from the archive on <time dir="ltr" datetime="{tombstone.deleted_at:%Y-%m-%d}' in page
    assert admin_client.get("/stories/999999/x/").status_code == 404  # never a story: still a 404
    # The deletion is in the story's history, by the superuser.
    assert story.history.first().history_type == "-"


def test_deleting_selected_stories_in_the_admin_leaves_tombstones_and_drafts_leave_none(admin_client):
    published = make_article("Published one")
    withdrawn = make_article("Withdrawn one", status="withdrawn")
    draft = make_article("Draft one", status="draft")
    response = admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": [published.pk, withdrawn.pk, draft.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Article.objects.exists()
    assert set(Tombstone.objects.values_list("pk", flat=True)) == {published.pk, withdrawn.pk}
    assert admin_client.get(f"/stories/{withdrawn.pk}/{withdrawn.slug}/").status_code == 410
    assert admin_client.get(f"/stories/{draft.pk}/{draft.slug}/").status_code == 404  # never public


def test_only_superusers_may_delete_stories(client, story):
    staff = User.objects.create_user("deskchief", password="pw", is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(codename__in=["view_article", "delete_article"]))
    client.force_login(staff)
    assert client.get(reverse("admin:articles_article_delete", args=[story.pk])).status_code == 403
    assert client.post(reverse("admin:articles_article_delete", args=[story.pk]), {"post": "yes"}).status_code == 403
    with pytest.raises(PermissionDenied, match="withdraw"):
        services.delete_articles(articles=Article.objects.all(), user=staff)
    assert Article.objects.filter(pk=story.pk).exists() and not Tombstone.objects.exists()


def test_a_live_story_that_takes_over_an_old_address_wins_over_the_tombstone(client, admin_user, story):
    services.delete_articles(articles=Article.objects.filter(pk=story.pk), user=admin_user)
    assert client.get("/en/?p=4211").status_code == 410
    successor = make_article("Rain returns to Latakia, again")
    LegacyPath.objects.create(article=successor, path="/en/?p=4211")
    assert client.get("/en/?p=4211")["Location"] == successor.get_absolute_url()


class RecordingClient:
    """Every URL the client is served, with the status it got: the addresses readers may have kept."""

    def __init__(self, client):
        self.client = client
        self.served: dict[str, int] = {}

    def get(self, url: str):
        response = self.client.get(url)
        if response.status_code in {200, 301, 410}:
            self.served.setdefault(url, response.status_code)
        return response

    def crawl(self, urls: list[str]) -> None:
        """Read each page and follow every link on the site, as a reader or a search engine would."""
        queue, seen = list(urls), set()
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            response = self.get(url)
            if response.status_code == 301:
                queue.append(response["Location"])
            elif response.get("Content-Type", "").startswith("text/html"):
                for href in re.findall(r'href="(/[^"#]*)"', response.content.decode()):
                    if not href.startswith(("/static/", "/admin/")):
                        queue.append(href.replace("&amp;", "&"))


def test_every_url_ever_served_still_answers_after_edits_withdrawals_and_deletions(client, tmp_path):
    stories = build_archive(tmp_path)
    reader = RecordingClient(client)
    reader.crawl(public_urls())
    assert len(reader.served) > 40

    wheat, silos, arabic = stories["wheat"], stories["silos"], stories["arabic"]
    wheat.headline = "Wheat harvest ends in Hasaka"  # a new slug: the old address redirects
    wheat.slug = ""
    wheat.save()
    arabic.updated_at = datetime(2026, 10, 1, tzinfo=UTC)
    arabic.save()
    services.withdraw_articles(articles=Article.objects.filter(pk=silos.pk))
    # Renamed pages keep their old addresses (twice renamed: both old ones), and a merged author's too.
    for model in (Section, Tag, Place, Author):
        for number in (1, 2):
            renamed = model.objects.filter(articles__isnull=False).order_by("pk").first()
            renamed.name, renamed.slug = f"{renamed.name} renamed {number}", ""
            renamed.save()
    authors = list(Author.objects.filter(articles__isnull=False).distinct().order_by("pk")[:2])
    if len(authors) == 2:
        services.merge_authors(keep=authors[0], merge=[authors[1]])
    chief = User.objects.get(username="chief-archive")
    services.delete_articles(articles=Article.objects.filter(headline__startswith="Ceasefire"), user=chief)
    reader.crawl(public_urls())  # and what the changed site serves now is recorded too

    for url in sorted(reader.served):
        response = client.get(url)
        assert response.status_code in {200, 301, 410}, url
        hops = 0
        while response.status_code == 301 and hops < 5:
            response, hops = client.get(response["Location"]), hops + 1
        assert response.status_code in {200, 410}, url
    renamed_pages = [url for url in reader.served if "renamed" not in url and client.get(url).status_code == 301]
    assert any(url.startswith("/sections/") for url in renamed_pages)
    assert any(url.startswith(("/tags/", "/places/", "/authors/")) for url in renamed_pages)
    gone = {url for url in reader.served if client.get(url).status_code == 410}
    assert wheat.get_absolute_url() not in gone
    assert silos.get_absolute_url() in gone  # withdrawn: says so, at its address
    assert {t.pk for t in Tombstone.objects.all()} == {stories["doomed"].pk} | set(
        Article.history.filter(headline__startswith="Ceasefire", history_type="-").values_list("id", flat=True)
    )
