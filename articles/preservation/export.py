"""``manage.py export``: the whole archive, or a date range or what changed since, as JSON Lines.

Each file is one ``COPY (SELECT jsonb_build_object(...)) TO STDOUT``: PostgreSQL
builds every record, a story's nested rows included, and streams them to the
file as they are made, so memory stays flat at any size and there is one query
per file, not one per story. Everything is read in one REPEATABLE READ READ ONLY
transaction: the files are one snapshot of the archive even while editors and
ingests write. The schema (file by file, column by column) is in ``schema``.

COPY's CSV format is used with a delimiter and a quote character that jsonb's
text never holds (it escapes every control character), so each record is
written exactly as PostgreSQL made it, one per line.
"""

import shutil
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from ..models import Article, RelatedLink
from . import schema
from .manifest import HashingWriter, write_manifest
from .schema import FILES, ExportFile

RAW_LINES = "(FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01')"  # see the module's docstring


@dataclass(frozen=True)
class Scope:
    """Which stories an export holds: all of them, a range of publication dates, or what changed since."""

    published_from: datetime | None = None
    published_to: datetime | None = None
    since: datetime | None = None

    @property
    def kind(self) -> str:
        if self.since is not None:
            return "since"
        if self.published_from is not None or self.published_to is not None:
            return "range"
        return "full"

    def describe(self) -> dict:
        described = {"kind": self.kind}
        for name in ("published_from", "published_to", "since"):
            if (value := getattr(self, name)) is not None:
                described[name] = value.isoformat()
        return described


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _record_sql(export_file: ExportFile, alias: str = "t") -> str:
    """jsonb_build_object(...) of one row of ``export_file``, its nested rows included."""
    pairs = []
    for column in export_file.columns:
        named = export_file.named_column(column)
        value = f"{alias}.{_q(column)}"
        pairs.append(f"'{named.key}', {named.to_name.format(value=value)}" if named else f"'{column}', {value}")
    for nested in export_file.nested:
        inner = ", ".join(f"'{column}', c.{_q(column)}" for column in nested.columns)
        order = ", ".join(f"c.{_q(column)}" for column in nested.order_by)
        pairs.append(
            f"'{nested.key}', (SELECT coalesce(jsonb_agg(jsonb_build_object({inner}) ORDER BY {order}), '[]'::jsonb) "  # noqa: S608 - identifiers from the models, quoted
            f"FROM {_q(nested.model._meta.db_table)} c WHERE c.{_q(nested.parent_column)} = {alias}.{_q('id')})"
        )
    return f"jsonb_build_object({', '.join(pairs)})::text"


def _story_filter(scope: Scope, alias: str = "t") -> tuple[str, list]:
    """A WHERE condition on the stories table for ``scope``, with its parameters."""
    if scope.kind == "full":
        return "TRUE", []
    if scope.kind == "range":
        conditions, params = [], []
        if scope.published_from is not None:
            conditions.append(f"{alias}.published_at >= %s")
            params.append(scope.published_from)
        if scope.published_to is not None:
            conditions.append(f"{alias}.published_at < %s")
            params.append(scope.published_to)
        return " AND ".join(conditions), params
    # What changed since: saved since (modified_at moves on every save, and when a byline, place,
    # tag or link changes the content checksum; see ``seal``), a revision since, or a Check Also
    # link resolved since: links resolve when their target arrives, so to a story created since.
    history = schema.HistoricalArticle._meta.db_table
    links = RelatedLink._meta.db_table
    article = Article._meta.db_table
    return (
        f"({alias}.modified_at >= %s"  # noqa: S608 - identifiers from the models, quoted
        f" OR EXISTS (SELECT 1 FROM {_q(history)} h WHERE h.id = {alias}.id AND h.history_date >= %s)"
        f" OR EXISTS (SELECT 1 FROM {_q(links)} l JOIN {_q(article)} x ON x.id = l.target_id"
        f" WHERE l.source_id = {alias}.id AND x.created_at >= %s))",
        [scope.since] * 3,
    )


def _where(export_file: ExportFile, scope: Scope) -> tuple[str, list]:
    """Which rows of ``export_file`` belong in an export of ``scope``."""
    taxonomy = (schema.SECTIONS, schema.TAGS, schema.PLACES, schema.AUTHORS, schema.SLUG_REDIRECTS)
    if scope.kind == "full" or export_file in taxonomy:
        # Taxonomies are small and give the stories' ids their names: always whole.
        return "TRUE", []
    if export_file is schema.AUTHOR_HISTORY:
        return ("t.history_date >= %s", [scope.since]) if scope.since else ("TRUE", [])
    stories, params = _story_filter(scope, alias="s")
    selected = f"(SELECT s.id FROM {_q(Article._meta.db_table)} s WHERE {stories})"  # noqa: S608 - identifiers from the models, quoted
    if export_file is schema.STORIES:
        return _story_filter(scope, alias="t")
    if export_file is schema.STORY_HISTORY:
        if scope.since:
            return "t.history_date >= %s", [scope.since]
        dates, date_params = _story_filter(scope, alias="t")
        return f"(t.id IN {selected} OR {dates})", params + date_params
    if export_file is schema.PROVENANCE:
        if scope.since:
            return "t.ingested_at >= %s", [scope.since]
        return f"t.article_id IN {selected}", params
    if export_file is schema.TOMBSTONES:
        if scope.since:
            return "t.deleted_at >= %s", [scope.since]
        return _story_filter(scope, alias="t")
    if export_file is schema.SAVED_SEARCHES:
        # Staff's working state, not stories of a period: an export since a date holds those made since.
        return ("t.created >= %s", [scope.since]) if scope.since else ("TRUE", [])
    raise ValueError(f"No scope rule for {export_file.name}")


def _copy_to(writer: HashingWriter, sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        statement = cursor.mogrify(sql, params).decode() if params else sql
        cursor.copy_expert(f"COPY ({statement}) TO STDOUT WITH {RAW_LINES}", writer)


def _export_file(folder: Path, export_file: ExportFile, scope: Scope) -> dict:
    where, params = _where(export_file, scope)
    order = ", ".join(f"t.{_q(column)}" for column in export_file.order_by)
    sql = f"SELECT {_record_sql(export_file)} FROM {_q(export_file.table)} t WHERE {where} ORDER BY {order}"  # noqa: S608
    with HashingWriter(folder / export_file.name) as writer:
        _copy_to(writer, sql, params)
        return writer.close()


def _nested_counts(export_file: ExportFile, scope: Scope) -> dict[str, int]:
    counts = {}
    where, params = _where(export_file, scope)
    with connection.cursor() as cursor:
        for nested in export_file.nested:
            cursor.execute(
                f"SELECT count(*) FROM {_q(nested.model._meta.db_table)} c "  # noqa: S608
                f"WHERE c.{_q(nested.parent_column)} IN (SELECT t.id FROM {_q(export_file.table)} t WHERE {where})",
                params,
            )
            counts[f"{export_file.name}:{nested.key}"] = cursor.fetchone()[0]
    return counts


def _export_users(folder: Path) -> dict:
    """The accounts that history rows, imports and saved searches name, without passwords or e-mail."""
    columns = ", ".join(f"'{c}', u.{_q(c)}" for c in schema.USER_COLUMNS)
    # One index probe per account (history_user_id is indexed), not a scan of the history tables.
    referenced = " OR ".join(
        f"EXISTS (SELECT 1 FROM {_q(model._meta.db_table)} h WHERE h.history_user_id = u.id)"  # noqa: S608 - identifiers from the models, quoted
        for model in (schema.HistoricalArticle, schema.HistoricalAuthor)
    )
    # And who ran each admin import (provenance_ingested_by_idx holds only those rows).
    provenance = _q(schema.Provenance._meta.db_table)
    referenced += f" OR EXISTS (SELECT 1 FROM {provenance} p WHERE p.ingested_by_id = u.id)"  # noqa: S608
    # And the owners of saved searches.
    saved = _q(schema.SavedSearch._meta.db_table)
    referenced += f" OR EXISTS (SELECT 1 FROM {saved} s WHERE s.owner_id = u.id)"  # noqa: S608
    sql = f"SELECT jsonb_build_object({columns})::text FROM auth_user u WHERE {referenced} ORDER BY u.id"  # noqa: S608
    with HashingWriter(folder / schema.USERS_FILE) as writer:
        _copy_to(writer, sql, [])
        return writer.close()


def _write_text(folder: Path, name: str, text: str) -> dict:
    with HashingWriter(folder / name) as writer:
        writer.write(text)
        info = writer.close()
    del info["records"]  # a document, not records
    return info


def _sequences() -> dict[str, int]:
    """Each table's id sequence as it stands: an import sets them back, so no id is ever given out twice."""
    values = {}
    with connection.cursor() as cursor:
        for table, column in schema.sequenced_tables():
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
            sequence = cursor.fetchone()[0]
            if sequence:
                cursor.execute(f"SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {sequence}")  # noqa: S608
                values[table] = cursor.fetchone()[0]
    return values


def export_archive(dest: Path, *, scope: Scope = Scope(), on_file: Callable[[str, dict], None] | None = None) -> dict:
    """Write an export of ``scope`` to the folder ``dest`` (or a .tar.gz when it ends so); return its manifest."""
    dest = Path(dest)
    as_tar = dest.name.endswith(".tar.gz")
    if dest.exists() and (as_tar or any(dest.iterdir())):
        raise FileExistsError(f"{dest} already exists; an export writes a new folder or archive, never over one.")
    if as_tar:
        work = Path(tempfile.mkdtemp(prefix=".export-", dir=dest.parent))
        folder = work / dest.name.removesuffix(".tar.gz")
    else:
        work = None
        folder = dest
    folder.mkdir(parents=True, exist_ok=True)
    try:
        manifest = _export_into(folder, scope, on_file)
        if as_tar:
            partial = dest.with_name(dest.name + ".partial")
            with tarfile.open(partial, "w:gz") as tar:
                for path in sorted(folder.iterdir()):
                    tar.add(path, arcname=f"{folder.name}/{path.name}")
            partial.rename(dest)
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    return manifest


def _export_into(folder: Path, scope: Scope, on_file) -> dict:
    files, counts = {}, {}
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        with connection.cursor() as cursor:
            if outermost:
                # One snapshot for every file; a test's transaction has already begun, and is one anyway.
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            # The stories query's cost estimate makes PostgreSQL 15 JIT-compile it: a second spent for nothing
            # (measured at 10,000 stories: the first row came after 1.0 s, all of them after 2.8 s).
            cursor.execute("SET LOCAL jit = off")
        exported_at = timezone.now()
        with connection.cursor() as cursor:
            # A transaction still open elsewhere may commit rows stamped earlier than this snapshot:
            # the next incremental export starts from the oldest one, so it cannot miss them.
            cursor.execute(
                "SELECT least(clock_timestamp(), min(xact_start)) FROM pg_stat_activity "
                "WHERE xact_start IS NOT NULL AND pid <> pg_backend_pid() AND datname = current_database()"
            )
            horizon = cursor.fetchone()[0] or exported_at
        for export_file in FILES:
            files[export_file.name] = _export_file(folder, export_file, scope)
            counts[export_file.name] = files[export_file.name]["records"]
            counts.update(_nested_counts(export_file, scope))
            if on_file:
                on_file(export_file.name, files[export_file.name])
        files[schema.USERS_FILE] = _export_users(folder)
        counts[schema.USERS_FILE] = files[schema.USERS_FILE]["records"]
        sequences = _sequences()
    files["SCHEMA.md"] = _write_text(folder, "SCHEMA.md", schema.schema_markdown())
    files["schema.json"] = _write_text(folder, "schema.json", schema.schema_json())
    manifest = {
        "format": schema.FORMAT,
        "schema_version": schema.SCHEMA_VERSION,
        "exported_at": exported_at.isoformat(),
        "changes_complete_before": min(horizon, exported_at).isoformat(),
        "scope": scope.describe(),
        "counts": counts,
        "sequences": sequences,
        "files": files,
    }
    write_manifest(folder, manifest)
    return manifest


def since_of_manifest(path: Path) -> datetime:
    """Where an export of what changed since an earlier one starts (``--since-manifest``).

    Not quite its export time: the oldest transaction open when it was taken, whose
    rows it could not see (``changes_complete_before``). Overlap is harmless.
    """
    from .manifest import read_manifest

    path = Path(path)
    manifest = read_manifest(path.parent if path.name == "manifest.json" else path)
    return datetime.fromisoformat(manifest.get("changes_complete_before") or manifest["exported_at"])
