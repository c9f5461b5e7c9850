"""A small archive with every kind of row the preservation tests must carry over, and the URLs it serves.

Built through the real paths: ``manage.py ingest`` for JSON Lines, the services
for editorial writes, the ORM for what editors do in the admin's inlines.
"""

import json
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

from django.contrib.auth.models import User
from django.core.management import call_command

from articles.models import (
    Article,
    Author,
    AuthorAlias,
    Correction,
    LegacyIdentifier,
    LegacyPath,
    RelatedLink,
    Section,
    Tag,
    Tombstone,
)

STORIES = [
    {
        "headline": "Wheat harvest begins in Hasaka",
        "body": ["Hasaka, SANA – Farmers began the wheat harvest.", "Silos opened on Monday."],
        "published": "2026-06-01T08:00:00+03:00",
        "url": "https://example.org/en/wheat-harvest",
        "authors": ["Lina Haddad", "Omar Khalil"],
        "section": "Economy",
        "tags": ["wheat", "farming"],
        "summary": "The harvest starts early this year.",
        "check_also": [
            {"title": "Silos ready for the harvest", "teaser": "Hasaka, SANA – The silos ..."},
            {"title": "A story that never arrived", "url": "https://example.org/en/never"},
            {"title": "Ceasefire talks resume"},
        ],
    },
    {
        "headline": "Silos ready for the harvest-Video",
        "body": ["Hasaka, SANA – The silos were cleaned and weighed."],
        "published": "2026-05-30T10:00:00Z",
        "url": "https://example.org/en/silos",
        "authors": ["LINA HADDAD"],
        "section": "Economy",
        "tags": ["wheat"],
    },
    {
        "headline": "متطوعون يفهرسون المخطوطات",
        "body": ["حلب-سانا", "أنهى فريق من المتطوعين فهرسة المخطوطات."],
        "published": "2026-09-29T09:00:00Z",
        "id": 4211,
        "language": "ar",
        "places": ["حلب"],
        "agency": "سانا",
        "authors": ["منار الفريح"],
        "section": "ثقافة",
        "tags": ["مخطوطات"],
    },
    # Two stories share a headline and have no date: a link to that headline stays ambiguous.
    {"headline": "Ceasefire talks resume", "body": ["Geneva, AFP - Talks resumed."], "url": "https://example.org/a"},
    {
        "headline": "Ceasefire talks resume",
        "body": ["Geneva, AFP - Talks resumed again."],
        "url": "https://example.org/b",
    },
    {
        "headline": "Old story later withdrawn",
        "body": ["Damascus, SANA – A story."],
        "published": "2026-01-05T07:00:00Z",
        "url": "https://example.org/en/withdrawn",
        "authors": ["Omar Khalil"],
    },
    {
        "headline": "A story to be deleted",
        "body": ["Latakia, SANA – Rain fell."],
        "published": "2026-02-02T07:00:00Z",
        "url": "https://example.org/en/deleted",
        "authors": ["Omar Khalil"],
        "tags": ["weather"],
    },
    {"headline": "An unpublished draft", "body": ["Homs, SANA – Draft."], "status": "draft", "url": "https://x.org/d"},
]


def write_jsonl(folder: Path, stories=STORIES) -> Path:
    path = folder / "stories.jsonl"
    path.write_text("\n".join(json.dumps(s, ensure_ascii=False) for s in stories) + "\n", encoding="utf-8")
    return path


def build_archive(folder: Path) -> dict[str, Article]:
    """Ingest the stories above and make every kind of editorial change; returns the stories by role."""
    folder.mkdir(parents=True, exist_ok=True)
    call_command("ingest", str(write_jsonl(folder)), "--no-progress", stdout=StringIO())
    editor = User.objects.create_user("editor-archive", first_name="Rana", last_name="Saleh", is_staff=True)
    by_url = {a.source_url: a for a in Article.objects.all()}
    wheat = by_url["https://example.org/en/wheat-harvest"]
    withdrawn = by_url["https://example.org/en/withdrawn"]

    # An editor's revision, with who made it.
    wheat.headline = "Wheat harvest begins early in Hasaka"
    wheat.slug = ""
    wheat._history_user = editor
    wheat._change_reason = "Sharper headline"
    wheat.save()
    Correction.objects.create(
        article=wheat, note="An earlier version gave the wrong day.", published_at=datetime(2026, 6, 2, tzinfo=UTC)
    )
    RelatedLink.objects.create(
        source=wheat, target=by_url["https://example.org/en/silos"], kind=RelatedLink.Kind.EDITORIAL, position=0
    )
    LegacyIdentifier.objects.create(article=wheat, scheme="wordpress", value="77")
    LegacyPath.objects.create(article=wheat, path="/2026/06/01/wheat-harvest-begins/")
    LegacyPath.objects.create(article=wheat, path="/en/?p=77")
    lina = Author.objects.get(name__iexact="Lina Haddad")
    AuthorAlias.objects.create(author=lina, name="L. Haddad")
    lina.bio = "Economy correspondent."
    lina._history_user = editor
    lina.save()
    wheat.tags.add(Tag.objects.create(name="Editors' pick"))
    Section.objects.create(name="Empty section")

    from articles import services

    services.withdraw_articles(articles=Article.objects.filter(pk=withdrawn.pk), user=editor)
    doomed = by_url["https://example.org/en/deleted"]
    LegacyPath.objects.create(article=doomed, path="/?p=99")
    LegacyIdentifier.objects.create(article=doomed, scheme="wordpress", value="99")
    chief = User.objects.create_superuser("chief-archive", first_name="Chief")
    services.delete_articles(articles=Article.objects.filter(pk=doomed.pk), user=chief)
    return {
        "wheat": wheat,
        "silos": by_url["https://example.org/en/silos"],
        "arabic": by_url["https://example.org/en/silos"].__class__.objects.get(language="ar"),
        "withdrawn": withdrawn,
        "doomed": doomed,
        "draft": by_url["https://x.org/d"],
    }


def public_urls() -> list[str]:
    """Every public address the archive serves: lists, stories (short and old forms), taxonomies, legacy ones."""
    from articles.models import Place

    urls = ["/"]
    for article in Article.objects.exclude(status=Article.Status.DRAFT):
        urls += [article.get_absolute_url(), f"/stories/{article.pk}/", f"/stories/{article.pk}/an-old-slug/"]
    for model in (Author, Section, Tag, Place):
        urls += [obj.get_absolute_url() for obj in model.objects.all()]
    urls += [p.path for p in LegacyPath.objects.all()]
    urls += [f"/legacy/{i.scheme}/{i.value}/" for i in LegacyIdentifier.objects.all()]
    for tombstone in Tombstone.objects.all():
        urls += [f"/stories/{tombstone.pk}/{tombstone.slug}/", f"/stories/{tombstone.pk}/", *tombstone.legacy_paths]
        urls += [f"/legacy/{key.replace(':', '/', 1)}/" for key in tombstone.legacy_identifiers]
    return sorted(set(urls))


def responses(client, urls: list[str]) -> dict[str, tuple[int, str, bytes]]:
    """Status, redirect target and body of each URL, as a reader's browser would get them."""
    answers = {}
    for url in urls:
        response = client.get(url)
        answers[url] = (response.status_code, response.get("Location", ""), response.content)
    return answers
