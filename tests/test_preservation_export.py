"""manage.py export and import_archive: a lossless way out of the database, and back into an empty one."""

import json
import re
import shutil
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection

from articles.models import Article, Author, RelatedLink, Tag
from articles.preservation import schema
from articles.preservation.archive_import import archive_tables
from articles.preservation.manifest import file_digest
from tests.archive import build_archive, public_urls, responses

pytestmark = pytest.mark.django_db

TIMES = ("exported_at", "changes_complete_before")


def export(dest, *args) -> dict:
    call_command("export", str(dest), *args, "--no-progress", stdout=StringIO())
    folder = dest
    if str(dest).endswith(".tar.gz"):
        return {}
    return json.loads((folder / "manifest.json").read_text())


def records(folder, name: str) -> list[dict]:
    return [json.loads(line) for line in (folder / name).read_text(encoding="utf-8").splitlines()]


def empty_the_database() -> None:
    """What a second, freshly migrated database holds: no archive, no accounts (the Editors group stays)."""
    tables = ", ".join(connection.ops.quote_name(t) for t in [*archive_tables(), "auth_user"])
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's transaction has checks pending
        cursor.execute(f"TRUNCATE {tables} CASCADE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def test_every_model_and_column_of_the_app_is_exported():
    # Add a model or a field to the articles app without declaring it in the export's schema, and this fails.
    assert schema.undeclared() == []
    from django.apps import apps

    models = set(apps.get_app_config("articles").get_models(include_auto_created=True))
    assert models == set(schema.declared_columns())
    assert {Article.history.model, Article.places.through, Article.tags.through} <= models


def test_the_export_holds_every_story_with_its_relations_history_and_provenance(tmp_path):
    stories = build_archive(tmp_path / "in")
    manifest = export(tmp_path / "out")
    folder = tmp_path / "out"

    assert manifest["schema_version"] == schema.SCHEMA_VERSION
    assert manifest["scope"] == {"kind": "full"}
    assert manifest["counts"]["stories.jsonl"] == Article.objects.count() == 7
    assert [t["id"] for t in records(folder, "tombstones.jsonl")] == [stories["doomed"].pk]
    for name in [*(f.name for f in schema.FILES), "users.jsonl", "SCHEMA.md", "schema.json"]:
        assert (folder / name).is_file(), name
        assert name in manifest["files"]
    assert "stories.jsonl" in (folder / "SCHEMA.md").read_text()
    assert json.loads((folder / "schema.json").read_text())["schema_version"] == schema.SCHEMA_VERSION

    by_id = {r["id"]: r for r in records(folder, "stories.jsonl")}
    wheat = by_id[stories["wheat"].pk]
    assert wheat["headline"] == "Wheat harvest begins early in Hasaka"
    assert wheat["published_at"] == "2026-06-01T05:00:00+00:00"
    assert wheat["summary"] == "The harvest starts early this year."
    assert wheat["checksum"] == Article.objects.get(pk=wheat["id"]).checksum
    assert [b["position"] for b in wheat["byline"]] == [0, 1]
    links = {(link["kind"], link["title"]): link for link in wheat["links"]}
    assert links[("observed", "Silos ready for the harvest")]["target_id"] == stories["silos"].pk
    assert links[("observed", "A story that never arrived")]["target_id"] is None  # pending, as printed
    assert links[("observed", "Ceasefire talks resume")]["ambiguous"] is True
    assert links[("editorial", "Silos ready for the harvest")]["target_id"] == stories["silos"].pk
    assert [c["note"] for c in wheat["corrections"]] == ["An earlier version gave the wrong day."]
    assert {p["path"] for p in wheat["legacy_paths"]} == {"/2026/06/01/wheat-harvest-begins/", "/en/?p=77"}
    assert by_id[stories["silos"].pk]["markers"] == ["video"]
    assert by_id[stories["arabic"].pk]["legacy_identifiers"][0]["value"] == "4211"

    # Whatever history rows exist, faithfully (a bulk-ingested story may have none until it is edited).
    all_history = records(folder, "story_history.jsonl")
    assert len(all_history) == Article.history.count()
    history = [h for h in all_history if h["id"] == stories["wheat"].pk]
    assert [h["history_type"] for h in history] == list(
        stories["wheat"].history.order_by("history_id").values_list("history_type", flat=True)
    )
    assert history[-1]["history_type"] == "~"
    assert history[-1]["history_change_reason"] == "Sharper headline"
    users = records(folder, "users.jsonl")  # who made a revision or a deletion; no passwords, no e-mail
    assert users[0] == {"id": history[-1]["history_user_id"], "username": "editor-archive", "first_name": "Rana",
                        "last_name": "Saleh"}  # fmt: skip
    assert [u["username"] for u in users] == ["editor-archive", "chief-archive"]
    provenance = [p for p in records(folder, "provenance.jsonl") if p["article_id"] == stories["wheat"].pk]
    assert provenance[0]["parser"] == "jsonl/1" and "Wheat harvest begins in Hasaka" in provenance[0]["raw"]
    authors = {a["name"]: a for a in records(folder, "authors.jsonl")}
    lina = authors[Author.objects.get(name__iexact="Lina Haddad").name]
    assert [alias["name"] for alias in lina["aliases"]] == ["L. Haddad"]
    assert "Empty section" in {s["name"] for s in records(folder, "sections.jsonl")}


def search_index_rows() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            # The terms as a set: a link added after its story (a tag in the admin) is merged in sorted order.
            "SELECT article_id, status, language, section_id, published_at, headline_vector::text,"
            " ARRAY(SELECT DISTINCT t FROM unnest(terms) AS t ORDER BY 1)"
            " FROM articles_searchdocument ORDER BY article_id"
        )
        rows = cursor.fetchall()
        cursor.execute("SELECT word, documents FROM articles_searchword ORDER BY word")
        return rows + cursor.fetchall()


def test_round_trip_rebuilds_the_same_archive_byte_for_byte_and_url_for_url(tmp_path, client):
    build_archive(tmp_path / "in")
    first = export(tmp_path / "first")
    urls = public_urls()
    before = responses(client, urls)
    assert {url: s for url, (s, _, _) in before.items() if s not in {200, 301, 410}} == {}
    # The words "did you mean" offers are counted as headlines arrive, never uncounted; an import counts afresh.
    call_command("rebuild_search_index", words_only=True, verbosity=0)
    index_before = search_index_rows()
    assert index_before

    empty_the_database()
    assert client.get(urls[-1]).status_code == 404  # really gone
    call_command("import_archive", str(tmp_path / "first"), stdout=StringIO())
    second = export(tmp_path / "second")

    for name in first["files"]:
        if name != "manifest.json":
            assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes(), name
    for time in TIMES:
        first.pop(time), second.pop(time)
    assert first == second
    after = responses(client, urls)
    assert after == before
    assert search_index_rows() == index_before  # built in bulk by the import, as the triggers had built it
    # Ids go on where they left off: a new story does not take an old one's id.
    assert Article.objects.create(headline="New", body="<p>x</p>").pk == first["sequences"]["articles_article"] + 1


@pytest.fixture
def content_types_forgotten():
    """Django caches content types by id per process: a test that renumbers them must not leave its numbers."""
    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


@pytest.mark.usefixtures("content_types_forgotten")
def test_renamed_pages_redirect_after_an_import_into_a_database_that_numbers_kinds_differently(tmp_path, client):
    build_archive(tmp_path / "in")
    author = Author.objects.order_by("pk").first()
    tag = Tag.objects.order_by("pk").first()
    old_author, old_tag = author.slug, tag.slug
    author.name, author.slug = "Renamed Reporter", "renamed-reporter"
    author.save()
    tag.name, tag.slug = "Renamed topic", "renamed-topic"
    tag.save()
    export(tmp_path / "first")
    kinds = {record["old_slug"]: record["kind"] for record in records(tmp_path / "first", "slug_redirects.jsonl")}
    assert kinds[old_author] == "articles.author" and kinds[old_tag] == "articles.tag"

    empty_the_database()
    # Another database may number Django's content types otherwise: here authors and tags swap numbers.
    author_type, tag_type = (ContentType.objects.get_for_model(m).pk for m in (Author, Tag))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE django_content_type SET id = -1 WHERE id = %s", [author_type])
        cursor.execute("UPDATE django_content_type SET id = %s WHERE id = %s", [author_type, tag_type])
        cursor.execute("UPDATE django_content_type SET id = %s WHERE id = -1", [tag_type])
    ContentType.objects.clear_cache()
    call_command("import_archive", str(tmp_path / "first"), stdout=StringIO())

    assert client.get(f"/authors/{old_author}/")["Location"] == "/authors/renamed-reporter/"
    assert client.get(f"/tags/{old_tag}/")["Location"] == "/tags/renamed-topic/"


def test_an_export_of_schema_version_1_still_imports(tmp_path, client):
    build_archive(tmp_path / "in")
    author = Author.objects.order_by("pk").first()
    old_slug = author.slug
    author.name, author.slug = "Renamed Reporter", "renamed-reporter"
    author.save()
    folder = tmp_path / "v1"
    export(folder)
    # What version 1 wrote: the kind as this database's number, and the manifest saying so.
    lines = [json.loads(line) for line in (folder / "slug_redirects.jsonl").read_text().splitlines()]
    author_type = ContentType.objects.get_for_model(Author).pk
    v1 = [{"id": r["id"], "old_slug": r["old_slug"], "object_id": r["object_id"], "created_at": r["created_at"],
           "content_type_id": author_type} for r in lines if r["kind"] == "articles.author"]  # fmt: skip
    (folder / "slug_redirects.jsonl").write_text("".join(json.dumps(r) + "\n" for r in v1))
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["schema_version"] = 1
    digest, size = file_digest(folder / "slug_redirects.jsonl")
    manifest["files"]["slug_redirects.jsonl"].update(sha256=digest, bytes=size, records=len(v1))
    (folder / "manifest.json").write_text(json.dumps(manifest))
    empty_the_database()
    call_command("import_archive", str(folder), stdout=StringIO())
    assert client.get(f"/authors/{old_slug}/")["Location"] == "/authors/renamed-reporter/"


def test_an_export_made_before_match_keys_kept_vowel_signs_imports_with_its_keys_made_again(tmp_path):
    # Before migration 0029 every mark was dropped from a matching key, or read as a space: an export of that time
    # holds such keys, which this version's bylines and Check Also titles would not find.
    from articles.text import identity_fold, match_key

    meena = Author.objects.create(name="मीना शर्मा")
    story = Article.objects.create(headline="शिक्षा नीति की घोषणा", body="<p>पाठ।</p>", status="published")
    other = Article.objects.create(headline="Other news", body="<p>Text.</p>", status="published")
    link = RelatedLink.objects.create(source=other, title="शिक्षा नीति की घोषणा", kind="observed")
    Author.objects.filter(pk=meena.pk).update(name_key=identity_fold(meena.name))
    Article.objects.filter(pk=story.pk).update(headline_key=identity_fold(story.headline))
    RelatedLink.objects.filter(pk=link.pk).update(title_key=identity_fold(link.title), target=None)
    export(tmp_path / "old")
    # The vowel signs spaces, the virama dropped.
    assert records(tmp_path / "old", "authors.jsonl")[0]["name_key"] == "म न शरम"
    empty_the_database()
    call_command("import_archive", str(tmp_path / "old"), stdout=StringIO())
    assert Author.objects.get().name_key == match_key("मीना शर्मा") == "मीना शर्मा"
    assert Article.objects.get(pk=story.pk).headline_key == "शिक्षा नीति की घोषणा"
    assert RelatedLink.objects.get(pk=link.pk).target_id == story.pk


def test_a_tar_gz_export_round_trips_too(tmp_path):
    build_archive(tmp_path / "in")
    export(tmp_path / "archive.tar.gz")
    export(tmp_path / "folder")
    empty_the_database()
    call_command("import_archive", str(tmp_path / "archive.tar.gz"), stdout=StringIO())
    export(tmp_path / "again")
    for name in ("stories.jsonl", "story_history.jsonl", "provenance.jsonl"):
        assert (tmp_path / "folder" / name).read_bytes() == (tmp_path / "again" / name).read_bytes()


def test_import_refuses_a_tampered_a_truncated_or_a_partial_export(tmp_path):
    build_archive(tmp_path / "in")
    export(tmp_path / "good")
    empty_the_database()

    tampered = tmp_path / "tampered"
    shutil.copytree(tmp_path / "good", tampered)
    text = (tampered / "stories.jsonl").read_text(encoding="utf-8")
    (tampered / "stories.jsonl").write_text(text.replace("Wheat", "Wh3at", 1), encoding="utf-8")
    with pytest.raises(CommandError, match=r"stories.jsonl: SHA-256 .* \(altered\)"):
        call_command("import_archive", str(tampered), stdout=StringIO())

    truncated = tmp_path / "truncated"
    shutil.copytree(tmp_path / "good", truncated)
    with (truncated / "provenance.jsonl").open("r+b") as stream:
        stream.truncate(100)
    (truncated / "tags.jsonl").unlink()
    with pytest.raises(CommandError, match=r"(?s)provenance.jsonl: 100 bytes.*tags.jsonl: missing"):
        call_command("import_archive", str(truncated), stdout=StringIO())

    unfinished = tmp_path / "unfinished"
    shutil.copytree(tmp_path / "good", unfinished)
    (unfinished / "manifest.json").unlink()
    with pytest.raises(CommandError, match=r"no manifest\.json"):
        call_command("import_archive", str(unfinished), stdout=StringIO())

    assert not Article.objects.exists()  # nothing of any of them was written


def test_import_refuses_a_database_that_holds_an_archive(tmp_path):
    build_archive(tmp_path / "in")
    export(tmp_path / "out")
    with pytest.raises(CommandError, match=r"already holds an archive \(rows in .*articles_article"):
        call_command("import_archive", str(tmp_path / "out"), stdout=StringIO())


def test_a_date_range_export_holds_that_range_and_cannot_rebuild_an_archive(tmp_path):
    stories = build_archive(tmp_path / "in")
    manifest = export(tmp_path / "range", "--from", "2026-05-01", "--to", "2026-07-01")
    ids = {r["id"] for r in records(tmp_path / "range", "stories.jsonl")}
    assert ids == {stories["wheat"].pk, stories["silos"].pk}
    assert {p["article_id"] for p in records(tmp_path / "range", "provenance.jsonl")} == ids
    assert stories["wheat"].pk in {h["id"] for h in records(tmp_path / "range", "story_history.jsonl")} <= ids
    assert manifest["scope"]["kind"] == "range"
    empty_the_database()
    with pytest.raises(CommandError, match="partial export"):
        call_command("import_archive", str(tmp_path / "range"), stdout=StringIO())


def test_an_export_since_an_earlier_one_holds_what_changed(tmp_path):
    stories = build_archive(tmp_path / "in")
    export(tmp_path / "base")
    silos = stories["silos"]
    silos.summary = "Now with a summary."
    silos.save()
    # A link resolved by a later ingest changes the linking story's record, not its modified_at.
    newcomer = Article.objects.create(headline="A story that never arrived", body="<p>It did.</p>", status="published")
    from articles.ingest.links import resolve_pending_links

    resolve_pending_links()
    assert RelatedLink.objects.get(title="A story that never arrived").target == newcomer

    manifest = export(tmp_path / "since", "--since-manifest", str(tmp_path / "base" / "manifest.json"))
    ids = {r["id"] for r in records(tmp_path / "since", "stories.jsonl")}
    assert ids == {silos.pk, newcomer.pk, stories["wheat"].pk}
    assert manifest["scope"]["kind"] == "since"
    assert {h["id"] for h in records(tmp_path / "since", "story_history.jsonl")} == {silos.pk, newcomer.pk}


def test_export_refuses_to_write_over_an_existing_export(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "file").write_text("x")
    with pytest.raises(CommandError, match="already exists"):
        call_command("export", str(tmp_path / "out"), stdout=StringIO())
    with pytest.raises(CommandError, match="give a date"):
        call_command("export", str(tmp_path / "new"), "--since", "yesterday", stdout=StringIO())


@pytest.mark.parametrize("offset", ["+16:00", "+00:00:00.5"])
@pytest.mark.parametrize("option", ["--since", "--from", "--to"])
def test_export_refuses_an_offset_postgresql_cannot_read_naming_the_option(tmp_path, option, offset):
    value = f"2026-10-01T09:30{offset}"
    with pytest.raises(CommandError, match=f"^{option} '{re.escape(value)}': The time zone offset"):
        call_command("export", str(tmp_path / "new"), option, value, stdout=StringIO())


def test_an_import_that_fails_half_way_leaves_the_database_as_it_was(tmp_path):
    from articles.preservation.manifest import file_digest

    build_archive(tmp_path / "in")
    export(tmp_path / "out")
    empty_the_database()
    # A well-formed export whose rows do not fit together: a story filed under a section nobody exported.
    stories = tmp_path / "out" / "stories.jsonl"
    lines = stories.read_text(encoding="utf-8").splitlines()
    lines[0] = json.dumps({**json.loads(lines[0]), "section_id": 999999}, ensure_ascii=False)
    stories.write_text("\n".join(lines) + "\n", encoding="utf-8")
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    digest, size = file_digest(stories)
    manifest["files"]["stories.jsonl"] |= {"sha256": digest, "bytes": size}
    (tmp_path / "out" / "manifest.json").write_text(json.dumps(manifest))

    def indexes():
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename LIKE 'articles_%%' ORDER BY 1")
            return cursor.fetchall()

    before = indexes()
    with pytest.raises(CommandError, match="do not fit together"):
        call_command("import_archive", str(tmp_path / "out"), stdout=StringIO())
    assert not Article.objects.exists() and not Author.objects.exists()
    assert indexes() == before  # the indexes dropped for the load came back with the rollback


def test_the_export_alone_proves_its_checksums_as_schema_md_describes(tmp_path):
    """A reader in 2060 without this code: SHA-256 of each file, of each raw input, of each story's fields."""
    import hashlib
    from datetime import datetime

    build_archive(tmp_path / "in")
    export(tmp_path / "out")
    folder = tmp_path / "out"
    assert "Checksums. A provenance record's `checksum`" in (folder / "SCHEMA.md").read_text()
    manifest = json.loads((folder / "manifest.json").read_text())
    for name, info in manifest["files"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == info["sha256"]
    for record in records(folder, "provenance.jsonl"):
        assert hashlib.sha256(record["raw"].encode("utf-8")).hexdigest() == record["checksum"]

    def moment(value):
        return datetime.fromisoformat(value).isoformat() if value else None

    stories = records(folder, "stories.jsonl")
    for story in stories:
        fields = ["headline", "body", "summary", "language", "agency", "markers", "status", "source_url", "section_id"]
        content = {key: story[key] for key in fields}
        content |= {
            "published_at": moment(story["published_at"]),
            "updated_at": moment(story["updated_at"]),
            "author_ids": [b["author_id"] for b in sorted(story["byline"], key=lambda b: (b["position"], b["id"]))],
            "place_ids": sorted(p["place_id"] for p in story["places"]),
            "tag_ids": sorted(t["tag_id"] for t in story["tags"]),
            "check_also": [
                [link["title"], link["url"], link["teaser"]]
                for link in sorted(story["links"], key=lambda link: (link["position"], link["id"]))
                if link["kind"] == "observed"
            ],
        }
        text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == story["checksum"], story["headline"]
    assert len(stories) == 7
