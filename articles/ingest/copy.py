"""Write rows with PostgreSQL's COPY: the bulk path of an ingest.

For a large import, Django's ``bulk_create`` spends most of its time in Python,
building one INSERT with a parameter for every value (measured with
bench/ingest_jsonl.py). COPY streams the rows as text instead (text rather than
CSV: measured, PostgreSQL reads it faster, and it needs no quoting of the JSON
and HTML that fill an archive's rows). It checks the same constraints and unique
indexes as an INSERT, so a duplicate still fails with ``IntegrityError`` and the
caller's retry still applies; there is no ``ignore_conflicts``, so rows that may
clash with existing ones keep going through ``bulk_create``.

Only the types the archive's models use are encoded; anything else raises
``TypeError`` naming the column, rather than being written wrongly.
"""

import itertools
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime

from django.db import DatabaseError, connection
from django.db.models import Model

NULL = r"\N"
ROWS_PER_CHUNK = 32  # rows encoded per read: the server stores one chunk while Python encodes the next


def _escape(text: str) -> str:
    """COPY's text format: backslash, tab, newline and carriage return are escaped."""
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if "\t" in text:
        text = text.replace("\t", "\\t")
    if "\n" in text:
        text = text.replace("\n", "\\n")
    if "\r" in text:
        text = text.replace("\r", "\\r")
    return text


def array_literal(values: Sequence) -> str:
    """A PostgreSQL array literal of text values: {"a","b"}."""
    items = []
    for value in values:
        if value is None:
            items.append("NULL")
        else:
            items.append('"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"')
    return "{" + ",".join(items) + "}"


def encode(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return NULL
    if isinstance(value, str):
        return _escape(value)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return _escape(array_literal(value))
    raise TypeError(f"COPY cannot write {type(value).__name__}")


class _RowStream:
    """A file-like view of encoded rows, read by psycopg2 as it sends them.

    Rows are encoded as the server asks for more, so the database works on the
    rows already sent while Python encodes the next ones.
    """

    def __init__(self, model: type[Model], columns: Sequence[str], rows: Iterator[Sequence]):
        self.model = model
        self.columns = columns
        self.rows = rows
        self.count = 0
        self.error: Exception | None = None

    def _line(self, row: Sequence) -> str:
        if len(row) != len(self.columns):
            raise ValueError(f"{self.model.__name__}: a row has {len(row)} values for {len(self.columns)} columns")
        try:
            return "\t".join(map(encode, row))
        except TypeError as exc:
            column = next(name for name, value in zip(self.columns, row, strict=True) if _unwritable(value))
            raise TypeError(f"{self.model.__name__}.{column}: {exc}") from None

    def read(self, size: int = -1) -> str:
        try:
            lines = [self._line(row) for row in itertools.islice(self.rows, ROWS_PER_CHUNK)]
        except Exception as exc:
            # psycopg2 reports an error in read() as a database error; keep ours to raise instead.
            self.error = exc
            raise
        self.count += len(lines)
        return "\n".join(lines) + "\n" if lines else ""


def _unwritable(value) -> bool:
    try:
        encode(value)
    except TypeError:
        return True
    return False


def allocate_ids(model: type[Model], count: int) -> list[int]:
    """Take ``count`` primary keys from the table's sequence, so rows can be linked before they are written."""
    if count <= 0:
        return []
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, count]
        )
        return [row[0] for row in cursor.fetchall()]


def copy_rows(
    model: type[Model], columns: Sequence[str], rows: Iterable[Sequence], *, unmodelled: Sequence[str] = ()
) -> int:
    """COPY ``rows`` (values in the order of ``columns``, which are attnames) into ``model``'s table.

    ``unmodelled`` names columns among ``columns`` that the table has but the model
    does not declare, such as the listing dates that migration 0007 keeps on the
    join tables with triggers; a bulk writer that fills them spares a trigger per row.
    """
    by_attname = {field.attname: field.column for field in model._meta.concrete_fields}
    by_attname |= {name: name for name in unmodelled}
    unknown = [name for name in columns if name not in by_attname]
    if unknown:
        raise ValueError(f"{model.__name__} has no column for {', '.join(unknown)}")
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0  # no COPY round trip for nothing
    stream = _RowStream(model, columns, itertools.chain([first], rows))
    quote = connection.ops.quote_name
    columns_sql = ", ".join(quote(by_attname[name]) for name in columns)
    sql = f"COPY {quote(model._meta.db_table)} ({columns_sql}) FROM STDIN"
    try:
        with connection.cursor() as cursor, connection.wrap_database_errors:
            cursor.copy_expert(sql, stream)
    except DatabaseError:
        if stream.error is not None:
            raise stream.error from None
        raise
    return stream.count


def insert_skipping_conflicts(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """INSERT ``rows`` (values in the order of ``columns``, attnames), leaving out those a unique row already holds.

    For rows that may clash with the archive's (COPY cannot skip them). One array a
    column, unnested, rather than ``bulk_create``'s model instance and parameter a
    value: 2,000 legacy ids of a batch in 30 µs a row instead of 67.
    """
    rows = list(rows)
    if not rows:
        return
    fields = {field.attname: field for field in model._meta.concrete_fields}
    quote = connection.ops.quote_name
    columns_sql = ", ".join(quote(fields[name].column) for name in columns)
    arrays = ", ".join(f"%s::{fields[name].db_type(connection)}[]" for name in columns)
    table = quote(model._meta.db_table)
    # Names from the model's own fields, quoted; every value goes as a parameter.
    sql = f"INSERT INTO {table} ({columns_sql}) SELECT * FROM unnest({arrays}) ON CONFLICT DO NOTHING"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [list(values) for values in zip(*rows, strict=True)])
