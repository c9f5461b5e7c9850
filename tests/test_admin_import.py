"""The admin's Import page: upload, preview (nothing written), confirm (written), size limit."""

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures" / "stories"
URL = reverse("admin-import")


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def preview(client, *files):
    return client.post(URL, {"step": "preview", "files": list(files), "format": ""})


def test_the_import_page_is_linked_from_the_story_list_and_offers_the_form(editor_client):
    changelist = editor_client.get(reverse("admin:articles_article_changelist"))
    assert URL in changelist.content.decode()
    page = editor_client.get(URL)
    assert page.status_code == 200
    assert b'type="file"' in page.content and b"multiple" in page.content


def test_preview_shows_what_would_happen_and_writes_nothing_then_confirm_writes(editor_client):
    response = preview(
        editor_client,
        upload("moscow.txt", (FIXTURES / "moscow-seedlike.txt").read_bytes()),
        upload("broken.jsonl", b'{"headline": "x"}\n'),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview: nothing has been written yet" in html
    assert "Lavrov: Russia will keep supporting the Damascus water project" in html
    assert "Manar al-Freih / Hazem Sabbagh" in html
    assert "broken.jsonl: line 1" in html
    assert "1 to create" in html
    assert not Article.objects.exists()

    token = response.context["token"]
    confirmed = editor_client.post(URL, {"step": "confirm", "token": token, "format": ""}, follow=True)
    assert confirmed.redirect_chain[-1][0] == reverse("admin:articles_article_changelist")
    assert Article.objects.get().headline.startswith("Lavrov")
    messages = [str(m) for m in confirmed.context["messages"]]
    assert any("broken.jsonl: line 1" in m for m in messages)
    assert any("1 stories created" in m for m in messages)
    # The editor who imported is credited with the story's first revision once it has one.
    article = Article.objects.get()
    assert article.provenance.get().ingested_by.username == "editor"
    article.save()
    assert article.history.earliest("history_id").history_user.username == "editor"


def test_a_zip_upload_is_read_member_by_member(editor_client, tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "batch.zip", "w") as archive:
        archive.write(FIXTURES / "moscow-seedlike.txt", "a.txt")
        archive.write(FIXTURES / "dams-target.txt", "b.txt")
    response = preview(editor_client, upload("batch.zip", (tmp_path / "batch.zip").read_bytes()))
    assert "2 stories created" in response.content.decode().replace("would be", "")
    assert response.context["report"].count("created") == 2


def test_a_confirm_without_a_previewed_upload_is_refused(editor_client):
    response = editor_client.post(URL, {"step": "confirm", "token": "../../etc"}, follow=True)
    assert "no longer waiting" in response.content.decode()
    assert not Article.objects.exists()


def test_an_upload_over_the_limit_is_refused_before_it_is_read(editor_client, settings):
    settings.NEWSROOM_MAX_UPLOAD_BYTES = 2000
    response = preview(editor_client, upload("big.txt", b"Headline\n\n" + b"word " * 1000))
    assert response.status_code == 413
    assert "larger than" in response.content.decode()
    assert not Article.objects.exists()


def test_a_form_without_files_is_an_error_not_a_crash(editor_client):
    response = editor_client.post(URL, {"step": "preview", "format": "nonsense"})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()


def test_staff_without_the_add_permission_cannot_import(client):
    client.force_login(User.objects.create_user("viewer", password="pw", is_staff=True))
    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
