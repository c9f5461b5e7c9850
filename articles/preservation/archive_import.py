"""``manage.py import_archive``: rebuild the archive an export was taken from, in an empty database.

Same ids, hence the same URLs; the same checksums, history and provenance; links
resolved as they were (their targets are data, not recomputed). Before a line is
read, every file is checked against the manifest's SHA-256 (``manifest.check_export``);
a partial export (a date range, or what changed since) cannot rebuild an archive
and is refused, as is a database that already holds stories or names.

Each file goes into a temporary table of jsonb documents with one COPY, then
into its table with one ``INSERT ... SELECT jsonb_populate_record(...)``, nested
rows with ``jsonb_array_elements``: set-based, a few statements per file at any
size. Indexes that back no constraint are dropped for the load and built once at the end. All of it is one
transaction (DDL included): a failure leaves the database empty, its indexes in place, as it was.
Foreign keys are checked at commit (Django makes them DEFERRABLE INITIALLY
DEFERRED), so a link may point at a story further down the file.
"""

import json
import shutil
import tarfile
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import DatabaseError, connection, transaction

from .. import search_index
from ..services import refresh_matching_keys
from . import schema
from .export import RAW_LINES
from .manifest import ExportInvalid, check_export
from .schema import FILES, ExportFile

REQUIRED_FILES = [*(f.name for f in FILES), schema.USERS_FILE]


class DatabaseNotEmpty(Exception):
    """An archive is only imported into an empty database; the message says what is there."""


@dataclass
class ImportReport:
    counts: dict[str, int]

    def summary(self) -> str:
        return f"{self.counts.get('stories.jsonl', 0)} stories, " + ", ".join(
            f"{count} {name.removesuffix('.jsonl')}" for name, count in self.counts.items() if name != "stories.jsonl"
        )


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


@contextmanager
def opened_export(src: Path):
    """The export's folder: ``src`` itself, or a .tar.gz unpacked to a temporary folder for the import."""
    src = Path(src)
    if src.is_dir():
        yield src
        return
    if not src.name.endswith(".tar.gz") or not src.is_file():
        raise ExportInvalid(f"{src}: not an export folder nor a .tar.gz file")
    work = Path(tempfile.mkdtemp(prefix=".import-"))
    try:
        try:
            with tarfile.open(src, "r:gz") as tar:
                tar.extractall(work, filter="data")  # no absolute paths, no links out, no devices
        except (tarfile.TarError, EOFError, OSError) as exc:
            raise ExportInvalid(f"{src}: cannot be unpacked ({exc}); it may be truncated") from None
        folders = [p for p in work.iterdir() if p.is_dir()]
        yield folders[0] if len(folders) == 1 and not (work / "manifest.json").exists() else work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def archive_tables() -> list[str]:
    """Every table of the articles app, history and many-to-many tables included."""
    return [m._meta.db_table for m in apps.get_app_config("articles").get_models(include_auto_created=True)]


def check_empty() -> None:
    with connection.cursor() as cursor:
        filled = []
        for table in archive_tables():
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {_q(table)})")  # noqa: S608
            if cursor.fetchone()[0]:
                filled.append(table)
    if filled:
        raise DatabaseNotEmpty(
            f"The database already holds an archive (rows in {', '.join(filled)}). import_archive rebuilds an "
            "archive in an empty database only: create a new database and run migrate, or restore over this one "
            "with pg_restore (see README, Preservation and backups)."
        )


def _load_documents(cursor, path: Path, temp: str) -> None:
    cursor.execute(f"CREATE TEMPORARY TABLE {temp} (doc jsonb NOT NULL) ON COMMIT DROP")
    # Read once or twice and dropped: compressing the documents would cost more than it saves.
    cursor.execute(f"ALTER TABLE {temp} ALTER COLUMN doc SET STORAGE EXTERNAL")
    with path.open("rb") as stream:
        try:
            cursor.copy_expert(f"COPY {temp} (doc) FROM STDIN WITH {RAW_LINES}", stream)
        except DatabaseError as exc:
            raise ExportInvalid(f"{path.name}: {str(exc).strip()}") from None


def _import_file(cursor, folder: Path, export_file: ExportFile) -> None:
    temp = "import_" + export_file.name.removesuffix(".jsonl")
    _load_documents(cursor, folder / export_file.name, temp)
    table = _q(export_file.table)
    record = "doc"
    for named in export_file.named:
        # Exported by name (schema version 2), back to this database's number; version 1 exported the number.
        to_id = named.to_id.format(name=f"(doc->>'{named.key}')")
        cursor.execute(f"SELECT doc->>'{named.key}' FROM {temp} WHERE doc ? '{named.key}' AND {to_id} IS NULL LIMIT 1")  # noqa: S608
        if unknown := cursor.fetchone():
            raise ExportInvalid(
                f"{export_file.name}: {named.key} {unknown[0]!r} is not known to this database: "
                "is it migrated with the same version of newsroom?"
            )
        with_id = f"{record} || jsonb_build_object('{named.column}', {to_id})"
        record = f"(CASE WHEN doc ? '{named.key}' THEN {with_id} ELSE {record} END)"
    # In FROM, not "SELECT (jsonb_populate_record(...)).*", which PostgreSQL would call once per column.
    cursor.execute(f"INSERT INTO {table} SELECT r.* FROM {temp}, jsonb_populate_record(NULL::{table}, {record}) AS r")  # noqa: S608
    if export_file.nested:
        # The nested lists, taken out of the documents in one pass: the documents hold the bodies, and
        # reading them once per kind of nested row would unpack every body seven times.
        keys = ", ".join(f"doc->'{nested.key}' AS {_q(nested.key)}" for nested in export_file.nested)
        cursor.execute(
            f"CREATE TEMPORARY TABLE {temp}_nested ON COMMIT DROP AS SELECT doc->'id' AS id, {keys} FROM {temp}"  # noqa: S608
        )
    for nested in export_file.nested:
        child = _q(nested.model._meta.db_table)
        with_parent = f"row || jsonb_build_object('{nested.parent_column}', n.id)"
        cursor.execute(
            f"INSERT INTO {child} SELECT r.* FROM {temp}_nested AS n, "  # noqa: S608
            f"jsonb_array_elements(n.{_q(nested.key)}) AS row, jsonb_populate_record(NULL::{child}, {with_parent}) AS r"
        )
    cursor.execute(f"DROP TABLE {temp}")
    if export_file.nested:
        cursor.execute(f"DROP TABLE {temp}_nested")


def _import_users(cursor, folder: Path) -> None:
    """The accounts history rows name: made if missing (inactive, no usable password), kept if already there."""
    _load_documents(cursor, folder / schema.USERS_FILE, "import_users")
    cursor.execute("SELECT (doc->>'id')::int, doc->>'username', doc FROM import_users ORDER BY 1")
    for user_id, username, doc in cursor.fetchall():
        doc = json.loads(doc) if isinstance(doc, str) else doc  # Django leaves jsonb undecoded
        cursor.execute("SELECT id, username FROM auth_user WHERE id = %s OR username = %s", [user_id, username])
        existing = cursor.fetchall()
        if existing == [(user_id, username)]:
            continue
        if existing:
            raise DatabaseNotEmpty(
                f"users.jsonl: account {user_id} {username!r} clashes with account(s) "
                f"{', '.join(f'{i} {n!r}' for i, n in existing)} already in this database."
            )
        cursor.execute(
            "INSERT INTO auth_user (id, username, first_name, last_name, email, password, is_superuser, is_staff,"
            " is_active, date_joined) VALUES (%s, %s, %s, %s, '', %s, false, false, false, now())",
            [user_id, username, doc.get("first_name", ""), doc.get("last_name", ""), make_password(None)],
        )
    cursor.execute("DROP TABLE import_users")
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence('auth_user', 'id'), coalesce(max(id), 1), max(id) IS NOT NULL) "
        "FROM auth_user"
    )


def _drop_secondary_indexes(cursor) -> list[str]:
    """Drop the archive tables' indexes that back no constraint; return the statements that recreate them.

    Building an index once over loaded rows is much cheaper than updating it row by row (the trigram GIN
    indexes most of all). Primary keys and unique constraints stay, so every row is still checked as it
    goes in. DDL is transactional in PostgreSQL: if the import fails, the indexes come back with the rollback.
    """
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "JOIN pg_class t ON t.oid = i.indrelid "
        "WHERE t.relname = ANY(%s) AND t.relnamespace = current_schema()::regnamespace "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1",
        [archive_tables()],
    )
    indexes = cursor.fetchall()
    for name, _ in indexes:
        cursor.execute(f"DROP INDEX {name}")
    return [definition for _, definition in indexes]


def _set_sequences(cursor, exported: dict[str, int]) -> None:
    """Each id sequence where the exported archive's was (never below an id that is in the table)."""
    for table, column in schema.sequenced_tables():
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
        sequence = cursor.fetchone()[0]
        if not sequence:
            continue
        cursor.execute(f"SELECT coalesce(max({_q(column)}), 0) FROM {_q(table)}")  # noqa: S608
        value = max(cursor.fetchone()[0], int(exported.get(table, 0)))
        cursor.execute("SELECT setval(%s, %s, %s)", [sequence, max(value, 1), value > 0])


def _imported_counts(cursor, checked_manifest: dict) -> dict[str, int]:
    """What is now in the tables, keyed as the manifest counts; it must say the same."""
    counts = {}
    for export_file in FILES:
        cursor.execute(f"SELECT count(*) FROM {_q(export_file.table)}")  # noqa: S608
        counts[export_file.name] = cursor.fetchone()[0]
        for nested in export_file.nested:
            cursor.execute(f"SELECT count(*) FROM {_q(nested.model._meta.db_table)}")  # noqa: S608
            counts[f"{export_file.name}:{nested.key}"] = cursor.fetchone()[0]
    differ = {
        name: (count, checked_manifest["counts"].get(name))
        for name, count in counts.items()
        if count != checked_manifest["counts"].get(name)
    }
    if differ:
        raise ExportInvalid(
            "After import the counts differ from the manifest's (imported, manifest): "
            + ", ".join(f"{name} {pair}" for name, pair in differ.items())
        )
    return counts


def import_archive(src: Path, *, on_file: Callable[[str], None] | None = None) -> ImportReport:
    """Rebuild the archive exported in ``src`` (a folder or .tar.gz) in this empty database."""
    with opened_export(Path(src)) as folder:
        checked = check_export(folder, required=REQUIRED_FILES)
        if not checked.is_full:
            scope = checked.manifest.get("scope", {})
            raise ExportInvalid(
                f"{src} is a partial export ({scope.get('kind')}: {scope}); only a full export rebuilds an archive."
            )
        with transaction.atomic():
            with connection.cursor() as cursor:
                # Two imports at once into one empty database: the second waits here, then finds it full.
                cursor.execute(f"LOCK TABLE {', '.join(_q(t) for t in archive_tables())} IN EXCLUSIVE MODE")
            check_empty()
            with connection.cursor() as cursor:
                recreate = _drop_secondary_indexes(cursor)
                _import_users(cursor, folder)
                # The export holds no search index (it is derived): it is built in bulk once the stories, their
                # bylines and places are in, rather than by the triggers as each file goes in (search_index).
                with search_index.triggers_off(cursor):
                    for export_file in FILES:
                        if on_file:
                            on_file(export_file.name)
                        _import_file(cursor, folder, export_file)
                    # A dangling reference fails here, by name; and the triggers can be switched on again only
                    # once no check is pending on their tables.
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
                for statement in recreate:
                    cursor.execute(statement)
                _set_sequences(cursor, checked.manifest.get("sequences", {}))
                counts = _imported_counts(cursor, checked.manifest)
            # Matching keys are derived from names, headlines and titles: an export made by an older version holds
            # them folded as it folded them (before migration 0029, without vowel signs), which bylines and Check
            # Also titles would no longer find.
            refresh_matching_keys()
            with connection.cursor() as cursor:
                if on_file:
                    on_file("search index")
                cursor.execute("ANALYZE " + ", ".join(_q(t) for t in archive_tables()))
                with search_index.indexes_built_after(cursor):
                    for ids in search_index.batches(cursor):
                        search_index.index(cursor, ids)
                search_index.refill_words(cursor)
        with connection.cursor() as cursor:
            # The planner's statistics for tables that went from empty to full in one transaction.
            cursor.execute("ANALYZE " + ", ".join(_q(t) for t in archive_tables()))
            search_index.analyze(cursor)
    return ImportReport(counts=counts)
