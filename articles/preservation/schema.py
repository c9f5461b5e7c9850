"""The export's schema: which file holds which table, and every column, versioned.

An export is a folder (or a .tar.gz of one) of JSON Lines files, one record per
line, plus ``manifest.json`` (counts and SHA-256 of every file) and ``SCHEMA.md``
and ``schema.json`` (this declaration, written out so the export describes itself).

Each record is a JSON object whose keys are the table's column names, values as
PostgreSQL's ``jsonb`` writes them: timestamps as ISO 8601 strings in UTC
("2026-10-01T09:00:00+00:00"), arrays as JSON arrays, NULL as null. Keys appear
in jsonb's order (shorter keys first), the same on every export, so two exports
of the same archive are byte-identical. A story's small relations (byline,
places, tags, links, corrections, legacy identifiers and paths) are nested in
its record, without the column that points back at the story; its history and
provenance, which are large, have files of their own.

Every model of the articles app, history tables and many-to-many tables
included, is declared here with every column: ``tests/test_preservation_export.py``
fails when a model or a column is added and not declared. Adding one is a new
``SCHEMA_VERSION``, and the importer refuses versions it does not know.

Version history:
  1 (2026-11): first version.
  2 (2026-11): slug_redirects.jsonl names the kind of object ("articles.author") as ``kind`` instead of
     Django's ``content_type_id``, a number that differs between databases. Version 1 still imports.
"""

import json
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models

from ..models import (
    Article,
    Author,
    AuthorAlias,
    Byline,
    Correction,
    LegacyIdentifier,
    LegacyPath,
    Place,
    Provenance,
    RelatedLink,
    SavedSearch,
    Section,
    SlugRedirect,
    Tag,
    Tombstone,
)

FORMAT = "newsroom-archive"
SCHEMA_VERSION = 2
KNOWN_VERSIONS = {1, 2}


@dataclass(frozen=True)
class Nested:
    """Rows of ``model`` that belong to the parent record, as a list under ``key``."""

    key: str
    model: type[models.Model]
    parent_column: str  # the column pointing at the parent; left out of the nested rows
    order_by: tuple[str, ...]
    columns: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class Named:
    """A column holding this database's own number for something with a lasting name, exported as the name.

    ``to_name`` and ``to_id`` are SQL expressions: ``{value}`` is the column's value, ``{name}`` the exported name.
    """

    column: str
    key: str
    to_name: str
    to_id: str
    description: str


CONTENT_TYPE = Named(
    column="content_type_id",
    key="kind",
    to_name="(SELECT ct.app_label || '.' || ct.model FROM django_content_type ct WHERE ct.id = {value})",
    to_id="(SELECT ct.id FROM django_content_type ct WHERE ct.app_label || '.' || ct.model = {name})",
    description='The kind of object, as "app.model" ("articles.author", "articles.section", ...).',
)


@dataclass(frozen=True)
class ExportFile:
    name: str
    model: type[models.Model]
    columns: tuple[str, ...]
    order_by: tuple[str, ...]
    description: str
    nested: tuple[Nested, ...] = field(default_factory=tuple)
    named: tuple[Named, ...] = field(default_factory=tuple)

    @property
    def table(self) -> str:
        return self.model._meta.db_table

    def named_column(self, column: str) -> Named | None:
        return next((named for named in self.named if named.column == column), None)


HistoricalArticle = Article.history.model
HistoricalAuthor = Author.history.model
ArticlePlaces = Article.places.through
ArticleTags = Article.tags.through

HISTORY = ("history_id", "history_date", "history_change_reason", "history_type", "history_user_id")
NOT_IN_HISTORY = ("modified_at", "missing_author", "pending_check_also")
ARTICLE_COLUMNS = (
    "id",
    "headline",
    "slug",
    "language",
    "agency",
    "body",
    "summary",
    "markers",
    "published_at",
    "updated_at",
    "status",
    "section_id",
    "source_url",
    "identity_key",
    "headline_key",
    "checksum",
    "created_at",
    "modified_at",
    # Derived by the database from bylines and links (migration 0009); exported so rows load as they were.
    "missing_author",
    "pending_check_also",
)

STORIES = ExportFile(
    name="stories.jsonl",
    model=Article,
    columns=ARTICLE_COLUMNS,
    order_by=("id",),
    description=(
        "Every story with every field, and nested: its byline in printed order, its places (dateline order) "
        "and tags, its Check Also and editorial links (target_id null while pending), corrections, legacy "
        "identifiers and legacy paths. checksum is the story's content fingerprint (see manage.py verify)."
    ),
    nested=(
        Nested(
            "byline",
            Byline,
            "article_id",
            ("position", "id"),
            ("id", "author_id", "position"),
            "The byline, in printed order (position from 0).",
        ),
        Nested(
            "places",
            ArticlePlaces,
            "article_id",
            ("id",),
            ("id", "place_id"),
            "Dateline places, in the order they were filed.",
        ),
        Nested("tags", ArticleTags, "article_id", ("id",), ("id", "tag_id"), "Tags."),
        Nested(
            "links",
            RelatedLink,
            "source_id",
            ("kind", "position", "id"),
            ("id", "target_id", "title", "title_key", "teaser", "url", "kind", "position", "observed_at", "ambiguous"),
            "Check Also (kind observed), editorial and computed links; title as printed; target_id null while "
            "pending; ambiguous when several stories share the printed headline.",
        ),
        Nested(
            "corrections",
            Correction,
            "article_id",
            ("published_at", "id"),
            ("id", "kind", "note", "published_at"),
            "Public corrections and updates.",
        ),
        Nested(
            "legacy_identifiers",
            LegacyIdentifier,
            "article_id",
            ("id",),
            ("id", "scheme", "value"),
            "Ids the story had elsewhere (/legacy/<scheme>/<value>/ leads to it).",
        ),
        Nested(
            "legacy_paths",
            LegacyPath,
            "article_id",
            ("id",),
            ("id", "path"),
            "Old URL paths (with query) that lead to the story.",
        ),
    ),
)

STORY_HISTORY = ExportFile(
    name="story_history.jsonl",
    model=HistoricalArticle,
    # What simple-history keeps: the story's columns less those it excludes (models.py).
    columns=tuple(c for c in ARTICLE_COLUMNS if c not in NOT_IN_HISTORY) + HISTORY,
    order_by=("history_id",),
    description=(
        "Every revision of every story (django-simple-history rows), deleted stories' included: the story's "
        "fields as they were, history_type + created, ~ changed, - deleted, who (history_user_id, see "
        "users.jsonl) and when. A story ingested by the bulk path may have no row until it is first edited."
    ),
)

PROVENANCE = ExportFile(
    name="provenance.jsonl",
    model=Provenance,
    columns=("id", "article_id", "source", "raw", "checksum", "parser", "ingested_at", "ingested_by_id"),
    order_by=("id",),
    description="Where each version of a story came from: the raw input, its SHA-256, the parser, when and by whom.",
)

AUTHORS = ExportFile(
    name="authors.jsonl",
    model=Author,
    columns=("id", "name", "slug", "bio", "name_key"),
    order_by=("id",),
    description="Every author, with the other spellings of their name (aliases) nested.",
    nested=(
        Nested(
            "aliases", AuthorAlias, "author_id", ("id",), ("id", "name", "name_key"), "Other spellings of the name."
        ),
    ),
)

AUTHOR_HISTORY = ExportFile(
    name="author_history.jsonl",
    model=HistoricalAuthor,
    columns=("id", "name", "slug", "bio", "name_key", *HISTORY),
    order_by=("history_id",),
    description="Every revision of every author (django-simple-history rows).",
)

SECTIONS = ExportFile("sections.jsonl", Section, ("id", "name", "name_ar", "slug"), ("id",), "Sections.")
TAGS = ExportFile("tags.jsonl", Tag, ("id", "name", "slug"), ("id",), "Tags.")
PLACES = ExportFile("places.jsonl", Place, ("id", "name", "slug"), ("id",), "Dateline places.")

TOMBSTONES = ExportFile(
    name="tombstones.jsonl",
    model=Tombstone,
    columns=("id", "headline", "slug", "language", "published_at", "deleted_at", "legacy_paths", "legacy_identifiers"),
    order_by=("id",),
    description="Deleted stories that were public: their addresses answer 410 with the headline and the date.",
)

SLUG_REDIRECTS = ExportFile(
    name="slug_redirects.jsonl",
    model=SlugRedirect,
    columns=("id", "content_type_id", "old_slug", "object_id", "created_at"),
    order_by=("id",),
    description=(
        "Old addresses of merged or renamed authors, sections, tags and places, and the object each now leads to: "
        "kind names the kind of object, object_id its id."
    ),
    named=(CONTENT_TYPE,),
)

SAVED_SEARCHES = ExportFile(
    name="saved_searches.jsonl",
    model=SavedSearch,
    columns=("id", "owner_id", "name", "query", "filters", "feed_token", "created"),
    order_by=("id",),
    description=(
        "Staff's saved searches (the search box's text and the form's other fields), each with the secret of its "
        "Atom feed; an imported owner is inactive, so the feeds answer again only once their account is reactivated."
    ),
)

# In the order an import writes them: what is pointed at before what points at it.
FILES = (
    SECTIONS, TAGS, PLACES, AUTHORS, AUTHOR_HISTORY, STORIES, STORY_HISTORY, PROVENANCE, TOMBSTONES, SLUG_REDIRECTS,
    SAVED_SEARCHES,
)  # fmt: skip

# Not a model of the app: the accounts named by history rows, without credentials.
USERS_FILE = "users.jsonl"
USER_COLUMNS = ("id", "username", "first_name", "last_name")


def declared_columns() -> dict[type[models.Model], tuple[str, ...]]:
    """Every model the export covers, with the columns it writes (a nested row's parent column included)."""
    declared: dict[type[models.Model], tuple[str, ...]] = {}
    for export_file in FILES:
        declared[export_file.model] = export_file.columns
        for nested in export_file.nested:
            declared[nested.model] = (*nested.columns, nested.parent_column)
    return declared


def sequenced_tables() -> list[tuple[str, str]]:
    """(table, primary key column) of every table the export writes, for their id sequences."""
    tables = []
    for model in declared_columns():
        pk = model._meta.pk
        if isinstance(pk, models.AutoField | models.BigAutoField) or model in (HistoricalArticle, HistoricalAuthor):
            column = "history_id" if model in (HistoricalArticle, HistoricalAuthor) else pk.column
            tables.append((model._meta.db_table, column))
    return sorted(tables)


def undeclared() -> list[str]:
    """Models and columns of the articles app that no export file holds (empty when the schema is complete)."""
    declared = declared_columns()
    missing = []
    for model in apps.get_app_config("articles").get_models(include_auto_created=True):
        if model not in declared:
            missing.append(f"model {model._meta.label} ({model._meta.db_table})")
            continue
        columns = {f.column for f in model._meta.concrete_fields}
        for column in sorted(columns - set(declared[model])):
            missing.append(f"column {model._meta.db_table}.{column}")
        for column in sorted(set(declared[model]) - columns):
            missing.append(f"declared column {model._meta.db_table}.{column} does not exist")
    return missing


def _column_doc(model: type[models.Model], column: str) -> dict:
    field = next(f for f in model._meta.concrete_fields if f.column == column)
    doc = {"name": column, "type": field.get_internal_type(), "null": field.null}
    if field.is_relation:
        doc["references"] = field.related_model._meta.db_table
    if getattr(field, "choices", None):
        doc["choices"] = [value for value, _ in field.choices]
    text = str(field.help_text or "")
    if text:
        doc["description"] = text
    return doc


def _exported_column_doc(export_file: ExportFile, column: str) -> dict:
    named = export_file.named_column(column)
    if named is None:
        return _column_doc(export_file.model, column)
    return {"name": named.key, "type": "CharField", "null": False, "description": named.description}


def schema_document() -> dict:
    """The schema as data: written into every export as schema.json."""
    files = []
    for export_file in FILES:
        entry = {
            "file": export_file.name,
            "table": export_file.table,
            "description": export_file.description,
            "order": list(export_file.order_by),
            "columns": [_exported_column_doc(export_file, c) for c in export_file.columns],
        }
        if export_file.nested:
            entry["nested"] = [
                {
                    "key": n.key,
                    "table": n.model._meta.db_table,
                    "description": n.description,
                    "parent_column": n.parent_column,
                    "order": list(n.order_by),
                    "columns": [_column_doc(n.model, c) for c in n.columns],
                }
                for n in export_file.nested
            ]
        files.append(entry)
    files.append(
        {
            "file": USERS_FILE,
            "table": "auth_user",
            "description": "The accounts history rows name (id and name only; no passwords, no e-mail).",
            "order": ["id"],
            "columns": [{"name": c, "type": "AutoField" if c == "id" else "CharField"} for c in USER_COLUMNS],
        }
    )
    return {"format": FORMAT, "schema_version": SCHEMA_VERSION, "files": files}


ABOUT = """\
This folder is an export of a news archive (the newsroom project): every story with every field, its byline,
places, tags, links, corrections, old addresses, its revision history and the raw input it was read from, and
every author, section, tag and place. It is meant to be readable without the software that wrote it.

Files. `manifest.json` lists every file with its size, number of records and SHA-256 (check them first, e.g.
`sha256sum stories.jsonl`), the counts of nested rows, the id sequences and the time of the export. Each
`.jsonl` file holds one JSON object per line (UTF-8), described below; `schema.json` is this description as
data. Keys are column names and appear in a fixed order (shorter keys first); timestamps are ISO 8601 in UTC
("2026-10-01T09:00:00+00:00"); absent values are null. Rows point at each other by id (`section_id`,
`author_id`, `place_id`, `tag_id`, `target_id`, `article_id`); a story's own small lists are nested in it.

Addresses. A story's page was `/stories/<id>/<slug>/`; authors, sections, tags and places were at
`/authors/<slug>/`, `/sections/<slug>/`, `/tags/<slug>/`, `/places/<slug>/`; legacy paths (with query) and
`/legacy/<scheme>/<value>/` led to their story; a tombstone's addresses answered 410 Gone.

Checksums. A provenance record's `checksum` is the SHA-256 (hex) of its `raw` text encoded as UTF-8. A story's
`checksum` is the SHA-256 (hex) of the UTF-8 encoding of this JSON object, serialized with sorted keys, no
spaces (separators "," and ":") and non-ASCII characters as they are: headline, body, summary, language,
agency, markers (list), published_at and updated_at (ISO 8601 in UTC as Python's isoformat writes them,
"2026-10-01T09:00:00+00:00", or null), status, source_url, section_id, author_ids (the byline's author ids in
order), place_ids and tag_ids (sorted ids), and check_also: the [title, url, teaser] of the story's links of
kind "observed", ordered by position.
"""


def schema_markdown() -> str:
    """SCHEMA.md: the same schema for a person."""
    doc = schema_document()
    lines = [f"# {FORMAT}, schema version {SCHEMA_VERSION}", "", ABOUT]
    for entry in doc["files"]:
        lines += [f"## {entry['file']} (table `{entry['table']}`)", "", entry["description"], ""]
        lines += [f"Ordered by {', '.join(entry['order'])}.", ""]
        lines += _columns_table(entry["columns"])
        for nested in entry.get("nested", []):
            lines += [
                f"### `{nested['key']}`: a list of `{nested['table']}` rows",
                "",
                f"{nested['description']} Ordered by {', '.join(nested['order'])}.",
                "",
            ]
            lines += _columns_table(nested["columns"])
    return "\n".join(lines) + "\n"


def _columns_table(columns: list[dict]) -> list[str]:
    rows = ["| column | type | null | notes |", "| --- | --- | --- | --- |"]
    for column in columns:
        notes = column.get("description", "")
        if "references" in column:
            notes = f"id in `{column['references']}`. {notes}".strip()
        if "choices" in column:
            notes = f"one of {', '.join(column['choices'])}. {notes}".strip()
        rows.append(f"| {column['name']} | {column['type']} | {'yes' if column.get('null') else 'no'} | {notes} |")
    return [*rows, ""]


def schema_json() -> str:
    return json.dumps(schema_document(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
