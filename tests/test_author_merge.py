"""Merging two spellings of one reporter: bylines move, the other name becomes an alias."""

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from articles.models import Author, AuthorAlias, Byline, SlugRedirect
from articles.services import merge_authors
from tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db


def test_merging_moves_every_byline_and_keeps_the_name_as_an_alias():
    keep, other, third = make_author("Manar al-Freih"), make_author("Manar Freih"), make_author("Hazem Sabbagh")
    AuthorAlias.objects.create(author=other, name="M. Freih")
    a = make_article(authors=[other, third])
    b = make_article(authors=[third, other])
    merge_authors(keep=keep, merge=[other])
    assert a.byline_authors() == [keep, third]
    assert b.byline_authors() == [third, keep]
    assert not Author.objects.filter(pk=other.pk).exists()
    assert set(keep.aliases.values_list("name", flat=True)) == {"Manar Freih", "M. Freih"}


def test_a_story_crediting_both_keeps_one_byline():
    keep, other = make_author("Manar al-Freih"), make_author("Manar Freih")
    story = make_article(authors=[keep, other])
    merge_authors(keep=keep, merge=[other])
    assert story.byline_authors() == [keep]
    assert Byline.objects.count() == 1


def test_merging_an_author_into_itself_is_refused():
    keep = make_author("Lina Haddad")
    with pytest.raises(ValueError, match="other than Lina Haddad"):
        merge_authors(keep=keep, merge=[keep])


def test_the_admin_action_asks_which_to_keep_then_merges(admin_client):
    keep, other = make_author("Manar al-Freih"), make_author("Manar Freih")
    story = make_article(authors=[other])
    url = reverse("admin:articles_author_changelist")
    selected = {"action": "merge", "_selected_action": [keep.pk, other.pk]}
    page = admin_client.post(url, selected)
    assert page.status_code == 200
    assert "Keep which author?" in page.content.decode()
    assert Author.objects.count() == 2

    done = admin_client.post(url, selected | {"apply": "1", "keep": keep.pk}, follow=True)
    assert "Merged Manar Freih into Manar al-Freih" in done.content.decode()
    assert list(Author.objects.all()) == [keep]
    assert story.byline_authors() == [keep]


def test_the_admin_action_refuses_a_single_author_or_a_bad_choice(admin_client):
    one, two = make_author("Lina Haddad"), make_author("Rasha Milhem")
    url = reverse("admin:articles_author_changelist")
    response = admin_client.post(url, {"action": "merge", "_selected_action": [one.pk]}, follow=True)
    assert "Select at least two authors" in response.content.decode()
    response = admin_client.post(
        url, {"action": "merge", "_selected_action": [one.pk, two.pk], "apply": "1", "keep": "999999"}
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert Author.objects.count() == 2


def test_a_merged_authors_page_answers_301_to_the_author_kept(client):
    keep, other = make_author("Manar al-Freih"), make_author("Manar Freih")
    make_article(authors=[other])
    old_page = other.get_absolute_url()
    merge_authors(keep=keep, merge=[other])
    response = client.get(old_page)
    assert response.status_code == 301 and response["Location"] == keep.get_absolute_url()
    assert client.get(keep.get_absolute_url()).status_code == 200
    assert keep.aliases.filter(name="Manar Freih").exists()


def test_merging_again_keeps_every_old_address_leading_to_the_last_author_kept(client):
    first, second, last = make_author("M. al-Freih"), make_author("Manar Freih"), make_author("Manar al-Freih")
    first_page = first.get_absolute_url()
    merge_authors(keep=second, merge=[first])
    merge_authors(keep=last, merge=[second])
    assert client.get(first_page)["Location"] == last.get_absolute_url()
    assert SlugRedirect.objects.filter(object_id=last.pk).count() == 2


def test_an_unknown_authors_page_is_still_a_404(client):
    assert client.get("/authors/nobody-of-that-name/").status_code == 404


def test_editors_cannot_merge_unless_given_the_merge_permission(editor_client):
    keep, other = make_author("Manar al-Freih"), make_author("Manar Freih")
    url = reverse("admin:articles_author_changelist")
    selected = {"action": "merge", "_selected_action": [keep.pk, other.pk], "apply": "1", "keep": keep.pk}
    action_form = editor_client.get(url).context["action_form"]  # None: no action at all is theirs
    assert action_form is None or "merge" not in dict(action_form.fields["action"].choices)
    editor_client.post(url, selected)
    assert Author.objects.count() == 2  # refused: the action is not theirs

    editor = User.objects.get(username="editor")
    editor.user_permissions.add(Permission.objects.get(codename="merge_author"))
    editor_client.post(url, selected)
    assert list(Author.objects.all()) == [keep]
