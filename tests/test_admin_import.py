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


@pytest.fixture(autouse=True)
def imports_dir(tmp_path, monkeypatch):
    """Each test's uploads wait in a folder of its own, so parallel tests cannot see each other's."""
    from articles import admin_import

    monkeypatch.setattr(admin_import, "IMPORTS_DIR", tmp_path / "imports")
    return tmp_path / "imports"


def waiting_imports() -> set[str]:
    from articles.admin_import import IMPORTS_DIR

    return {folder.name for folder in IMPORTS_DIR.iterdir()} if IMPORTS_DIR.exists() else set()


def test_stray_files_are_listed_as_skipped_in_the_preview_and_after_the_confirm(editor_client):
    before = waiting_imports()
    response = preview(
        editor_client,
        upload("moscow.txt", (FIXTURES / "moscow-seedlike.txt").read_bytes()),
        upload("export.json", b'[{"headline": "x", "body": "y"}]'),
        upload("README.md", b"# Readme\n\nNot a story.\n"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert [s["name"] for s in response.context["skipped"]] == ["export.json", "README.md"]
    assert "<strong>README.md</strong>: .md is not a story format" in html
    assert "1 files failed" not in html and "2 skipped" in html
    token = response.context["token"]
    assert waiting_imports() - before == {token}
    confirmed = editor_client.post(URL, {"step": "confirm", "token": token, "format": ""}, follow=True)
    messages = [str(m) for m in confirmed.context["messages"]]
    known = ".txt, .text, .jsonl, .ndjson, .xml, .wxr, .rss, .atom, .nitf, .eml"
    assert f"Skipped export.json: .json is not a story format ingest reads ({known})" in messages
    assert any("Skipped README.md" in m for m in messages)
    assert list(Article.objects.values_list("headline", flat=True)) == [
        "Lavrov: Russia will keep supporting the Damascus water project"
    ]
    assert waiting_imports() == before  # the confirm removed its folder


def test_each_input_that_once_answered_500_is_its_files_error_and_the_rest_is_imported(editor_client, tmp_path):
    from tests.test_ingest import crashing_inputs

    errors = crashing_inputs(tmp_path / "in")
    (tmp_path / "in" / "f-bracket.txt").write_text("[\n\nText.\n")
    errors["f-bracket.txt"] = "line 1: the headline '[' has no letter or digit"
    files = [upload(path.name, path.read_bytes()) for path in sorted((tmp_path / "in").iterdir())]
    before = waiting_imports()
    response = preview(editor_client, *files)
    assert response.status_code == 200
    shown = {file["name"]: file["error"] for file in response.context["files"]}
    for name, message in errors.items():
        assert shown[name].startswith(f"{name}: {message}")
    assert not shown["d-utf16.txt"] and not shown["e-good.jsonl"]
    assert not Article.objects.exists()

    token = response.context["token"]
    confirmed = editor_client.post(URL, {"step": "confirm", "token": token, "format": ""}, follow=True)
    assert confirmed.status_code == 200
    messages = [str(m) for m in confirmed.context["messages"]]
    for name, message in errors.items():
        assert any(m.startswith(f"{name}: {message}") for m in messages)
    assert any("2 stories created, 0 updated, 0 unchanged; 4 files failed" in m for m in messages)
    assert sorted(Article.objects.values_list("headline", flat=True)) == ["After them", "UTF-16 story"]
    assert waiting_imports() == before


def test_a_preview_with_nothing_to_write_keeps_nothing_waiting(editor_client):
    before = waiting_imports()
    response = preview(editor_client, upload("notes.csv", b"a,b\n"), upload("broken.jsonl", b"{nope\n"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing to import" in html and "Confirm import" not in html
    assert "broken.jsonl: line 1: not valid JSON" in html and "<strong>notes.csv</strong>" in html
    assert waiting_imports() == before


def test_an_unforeseen_failure_of_the_preview_is_a_message_not_a_500_and_leaves_no_folder(editor_client, monkeypatch):
    # Fault injection outside any one file (where the pipeline's own catch cannot help): the database gone, say.
    from articles import admin_import

    def broken_ingest(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(admin_import, "ingest", broken_ingest)
    before = waiting_imports()
    response = preview(editor_client, upload("moscow.txt", (FIXTURES / "moscow-seedlike.txt").read_bytes()))
    assert response.status_code == 422
    assert "could not be previewed (RuntimeError); nothing was written" in response.content.decode()
    assert waiting_imports() == before


def test_an_unforeseen_failure_of_the_confirm_is_a_message_not_a_500_and_leaves_no_folder(editor_client, monkeypatch):
    from articles import admin_import

    before = waiting_imports()
    response = preview(editor_client, upload("moscow.txt", (FIXTURES / "moscow-seedlike.txt").read_bytes()))
    token = response.context["token"]

    def broken_ingest(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(admin_import, "ingest", broken_ingest)
    confirmed = editor_client.post(URL, {"step": "confirm", "token": token, "format": ""}, follow=True)
    assert confirmed.status_code == 200
    assert any("unexpected error (RuntimeError)" in str(m) for m in confirmed.context["messages"])
    assert waiting_imports() == before


def test_an_upload_whose_name_has_nothing_usable_is_still_previewed(editor_client):
    response = preview(editor_client, upload("….txt", b"Headline\n\nText.\n"), upload("«…»", b"Other\n\nText.\n"))
    assert response.status_code == 200
    assert response.context["report"].count("created") == 2


def test_cancelling_a_previewed_import_removes_its_upload_and_writes_nothing(editor_client):
    response = preview(editor_client, upload("moscow.txt", (FIXTURES / "moscow-seedlike.txt").read_bytes()))
    token = response.context["token"]
    assert token in waiting_imports()
    cancelled = editor_client.post(URL, {"step": "cancel", "token": token}, follow=True)
    assert "Import cancelled: nothing was written." in [str(m) for m in cancelled.context["messages"]]
    assert waiting_imports() == set()
    confirmed = editor_client.post(URL, {"step": "confirm", "token": token, "format": ""}, follow=True)
    assert "no longer waiting" in confirmed.content.decode()
    assert not Article.objects.exists()


def test_an_upload_with_a_very_long_name_is_previewed_with_the_others(editor_client):
    # 300 letters: saved under that name the file system answered ENAMETOOLONG and the whole upload was refused.
    response = preview(
        editor_client,
        upload("L" * 300 + ".txt", (FIXTURES / "moscow-seedlike.txt").read_bytes()),
        upload("dams.txt", (FIXTURES / "dams-target.txt").read_bytes()),
    )
    assert response.status_code == 200
    assert response.context["report"].count("created") == 2
    [long, _] = response.context["files"]
    assert long["name"].startswith("LLLL") and long["name"].endswith(".txt") and not long["error"]


def _zip(tmp_path, members: list[tuple[str, bytes]]) -> SimpleUploadedFile:
    import warnings
    import zipfile

    with warnings.catch_warnings(), zipfile.ZipFile(tmp_path / "batch.zip", "w") as archive:
        warnings.simplefilter("ignore")  # "Duplicate name", on purpose
        for name, content in members:
            archive.writestr(name, content)
    return upload("batch.zip", (tmp_path / "batch.zip").read_bytes())


def test_bidi_controls_in_names_are_not_shown_in_the_preview_nor_after_the_confirm(editor_client, tmp_path):
    from email.message import EmailMessage

    mail = EmailMessage()
    mail["Subject"] = "Mail story"
    mail.set_content("Damascus, SANA - The ministry said on Monday the project goes on.\n")
    mail.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="x\u202efdp.exe")
    members = [
        ("story\u202etxt.eml", bytes(mail)),
        ("a\u202etxt.txt", (FIXTURES / "moscow-seedlike.txt").read_bytes()),
        ("\u2067z.md", b"# notes\n"),
    ]
    response = preview(editor_client, _zip(tmp_path, members))
    html = response.content.decode()
    controls = "\u202e\u2067"
    assert not any(c in html for c in controls)
    assert "batch.zip!storytxt.eml: this is an e-mail with attachments (xfdp.exe)" in html
    assert '<h2 id="file-1">batch.zip!atxt.txt</h2>' in html
    assert "<strong>batch.zip!z.md</strong>" in html
    confirmed = editor_client.post(URL, {"step": "confirm", "token": response.context["token"]}, follow=True)
    messages = [str(m) for m in confirmed.context["messages"]]
    assert not any(c in m for m in messages for c in controls)
    assert not any(c in confirmed.content.decode() for c in controls)
    assert Article.objects.count() == 1


def test_each_zip_member_previews_its_own_stories_even_named_alike_or_with_a_colon(editor_client, tmp_path):
    members = [
        ("dup.txt", (FIXTURES / "moscow-seedlike.txt").read_bytes()),
        ("dup.txt", (FIXTURES / "dams-target.txt").read_bytes()),
        ("has:colon.txt", b"Colon headline\n\nDamascus, SANA - Text of the story.\n"),
    ]
    response = preview(editor_client, _zip(tmp_path, members))
    shown = [(f["name"], [story.headline for story, _ in f["stories"]]) for f in response.context["files"]]
    assert shown == [
        ("batch.zip!dup.txt", ["Lavrov: Russia will keep supporting the Damascus water project"]),
        ("batch.zip!dup.txt", ["Stop arming the dams otherwise no talks: Engineer warns council on water dialogue"]),
        ("batch.zip!has:colon.txt", ["Colon headline"]),
    ]
    confirmed = editor_client.post(URL, {"step": "confirm", "token": response.context["token"]}, follow=True)
    assert any("3 stories created" in str(m) for m in confirmed.context["messages"])
    again = preview(editor_client, _zip(tmp_path, members))  # re-uploaded: nothing to write
    assert again.context["token"] == "" and Article.objects.count() == 3
