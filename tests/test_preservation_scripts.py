"""Export, import_archive, verify and export --warc over the content the archive gained last: stories read from
e-mails and from WordPress / Arc ANS / AP JSON, stories in Hindi, Bengali, Thai, Hebrew, Persian and Urdu (slugs
keeping vowel signs, zero-width non-joiners, balanced bidi isolates), a renamed tag and a saved search."""

import json
import re
from io import StringIO
from urllib.parse import unquote

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from articles import services
from articles.models import Article, Provenance, SavedSearch, Tag, Tombstone
from tests.archive import public_urls, responses
from tests.test_parse_jsonl_exports import AP, ARC, WORDPRESS
from tests.test_preservation_export import empty_the_database, export

pytestmark = pytest.mark.django_db

MAIL = (
    "From: desk@agency.example\nTo: archive@example.org\nSubject: Minister resigns\n"
    "Date: Mon, 01 Jun 2026 08:00:00 +0000\n\nDamascus, SANA - The minister resigned on Monday.\n\nHe gave no reason.\n"
)


def story(headline: str, body: str, language: str) -> dict:
    return {
        "headline": headline,
        "body": [body],
        "published": "2026-06-01T08:00:00Z",
        "url": f"https://example.org/{language}",
        "language": language,
    }


STORIES = [
    story("प्रधानमंत्री ने किसानों से मुलाकात की", "नई दिल्ली - प्रधानमंत्री ने किसानों से मुलाकात की।", "hi"),
    story("প্রধানমন্ত্রী কৃষকদের সঙ্গে দেখা করলেন", "ঢাকা - প্রধানমন্ত্রী দেখা করলেন।", "bn"),
    story("นายกรัฐมนตรีพบเกษตรกร", "กรุงเทพฯ - นายกรัฐมนตรีพบเกษตรกร", "th"),
    story("ראש הממשלה נפגש עם חקלאים", "ירושלים - ראש הממשלה נפגש.", "he"),
    story(
        "همکاری\u200cهای اقتصادی ایران و \u2067عراق\u2069 گسترش می\u200cیابد", "تهران - همکاری\u200cهای اقتصادی.", "fa"
    ),
    story("وزیراعظم نے کسانوں سے ملاقات کی", "اسلام آباد - وزیراعظم نے ملاقات کی۔", "ur"),
    WORDPRESS,
    ARC,
    AP,
]
URI = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-F]{2}")


def found(words: str) -> list[int]:
    return sorted(Article.objects.search(words).values_list("pk", flat=True))


def test_the_new_kinds_of_story_round_trip_verify_and_are_found_after_an_import(tmp_path, client):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "stories.jsonl").write_text(
        "\n".join(json.dumps(s, ensure_ascii=False) for s in STORIES) + "\n", encoding="utf-8"
    )
    (tmp_path / "in" / "message.eml").write_text(MAIL, encoding="utf-8")
    for name in ("stories.jsonl", "message.eml"):
        call_command("ingest", str(tmp_path / "in" / name), "--no-progress", stdout=StringIO())
    assert Article.objects.count() == 10
    hindi = Article.objects.get(language="hi")
    assert hindi.slug.startswith("प्रधानमंत्री-ने-")
    hindi.headline, hindi.slug = "प्रधानमंत्री ने किसानों से फिर मुलाकात की", ""
    hindi.save()  # a revision, and the old slug leads to the new
    tag = Tag.objects.create(name="किसान")
    tag.name, tag.slug = "किसानों", ""
    tag.save()  # a slug redirect
    chief = User.objects.create_superuser("chief-scripts")
    SavedSearch.objects.create(owner=chief, name="همکاری\u200cها", query="همکاریهای")
    services.delete_articles(articles=Article.objects.filter(language="bn"), user=chief)
    assert Tombstone.objects.count() == 1
    persian = Article.objects.get(language="fa")
    assert found("किसानों") == [hindi.pk] and found("همکاریهای") == [persian.pk]  # typed without the joiner
    raw = {p.pk: p.raw for p in Provenance.objects.all()}
    assert any(r.startswith("From: desk@agency.example\n") for r in raw.values())  # the whole e-mail
    urls = [*public_urls(), "/tags/किसान/", f"/stories/{hindi.pk}/an-old-slug/"]
    before = responses(client, urls)

    first = export(tmp_path / "first")
    empty_the_database()
    call_command("import_archive", str(tmp_path / "first"), stdout=StringIO())
    export(tmp_path / "second")
    for name in first["files"]:
        if name != "manifest.json":
            assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes(), name
    out = StringIO()
    call_command("verify", "--no-progress", stdout=out)
    assert "All 9 stories and 9 provenance records match" in out.getvalue()
    assert {p.pk: p.raw for p in Provenance.objects.all()} == raw
    assert found("किसानों") == [hindi.pk] and found("همکاریهای") == [persian.pk]
    assert responses(client, urls) == before

    from warcio.archiveiterator import ArchiveIterator

    call_command(
        "export", str(tmp_path / "warc"), "--warc", "--base-url", "https://archive.example.org", "--no-progress",
        stdout=StringIO(),
    )  # fmt: skip
    targets = []
    for path in (tmp_path / "warc").glob("*.warc.gz"):
        with path.open("rb") as stream:
            targets += [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(stream)]
    targets = [t for t in targets if t]
    assert [t for t in targets if not re.fullmatch(f"(?:{URI.pattern})*", t)] == []  # valid, percent-encoded URIs
    assert len({unquote(t) for t in targets}) == len(targets)  # no page twice under two spellings
    assert f"https://archive.example.org{hindi.get_absolute_url()}" in targets
    assert unquote(hindi.get_absolute_url()).startswith(f"/stories/{hindi.pk}/प्रधानमंत्री-ने-")
