"""Ingest several files at once, each in a worker process with its own connection: ``manage.py ingest --jobs N``.

One ingest process keeps about one core busy: Python parses and prepares a
batch, then waits while PostgreSQL stores it. With workers, one file's Python
runs while another's statements do. Each file is still one transaction, stored
whole or not at all, exactly as ``pipeline.ingest`` stores it.

Two things differ, both because a worker cannot see the files other workers
have not committed yet:

- New names (authors, places, tags, sections) are written through a second
  connection of the worker's that commits them at once. In the file's own
  transaction, two files meeting the same new author would each wait for the
  other's insert, that is for the other's whole file to commit. So a file that
  fails may leave behind a name no story uses yet; re-running the file uses it.
- A Check Also link whose target is in a file still being written elsewhere is
  left pending by its file. When every file is done, the links this run wrote
  that are still pending are resolved once more.

Only files on disk go to the workers, which open them by path. Standard input,
uploads and the members of a zip are read by this process, one at a time.
"""

import multiprocessing
import queue
from collections.abc import Callable, Iterable
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone

from .links import Resolution, pending_link_count, resolve_pending_links
from .pipeline import FileResult, IngestReport, Skipped, Source, SourceError, _file_source, _ingest_one

NAMES_DB = "ingest-names"  # a worker's second connection, for new names (see the module's docstring)


def ingest_in_parallel(
    sources: Iterable[Source | SourceError | Skipped],
    *,
    jobs: int,
    format: str | None = None,
    on_file: Callable[[FileResult], None] | None = None,
) -> IngestReport:
    """Ingest ``sources`` with ``jobs`` worker processes: ``pipeline.ingest``'s report, files in the order done."""
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    if connection.in_atomic_block:
        raise RuntimeError("a parallel ingest commits file by file: call it outside a transaction")
    started = timezone.now()
    report = IngestReport()

    def record(result: FileResult, links: Resolution) -> None:
        report.files.append(result)
        report.links.resolved += links.resolved
        report.links.ambiguous += links.ambiguous
        if on_file:
            on_file(result)

    # The workers are forked: none may inherit this process's connection, which both would then use.
    connections.close_all()
    done: queue.Queue = queue.Queue()
    with multiprocessing.get_context("fork").Pool(jobs, initializer=_start_worker) as pool:
        submitted = 0
        for source in sources:
            if isinstance(source, Skipped):
                report.skipped.append(source)
            elif isinstance(source, Source) and source.path is not None:
                path = str(source.path)
                pool.apply_async(
                    _ingest_file,
                    (path, format),
                    callback=done.put,
                    # What _ingest_file cannot catch (its result not sent back, say) still ends the wait for it.
                    error_callback=lambda exc, path=path: done.put((_worker_failed(path, exc), Resolution())),
                )
                submitted += 1
            else:
                file_report = IngestReport()
                record(
                    _ingest_one(source, format=format, user=None, on_story=None, report=file_report), file_report.links
                )
        for _ in range(submitted):
            record(*done.get())
    late = resolve_pending_links(observed_since=started)
    report.links.resolved += late.resolved  # ambiguous ones were counted by their files
    report.pending_links = pending_link_count()
    return report


def _start_worker() -> None:
    connections[NAMES_DB] = connections.create_connection(DEFAULT_DB_ALIAS)


def _ingest_file(path: str, format: str | None) -> tuple[FileResult, Resolution]:
    """In a worker: one file, in its own transaction, as ``pipeline`` ingests it; never raises."""
    report = IngestReport()
    try:
        result = _ingest_one(
            _file_source(Path(path)), format=format, user=None, on_story=None, report=report, names_db=NAMES_DB
        )
    except Exception as exc:  # _ingest_one turns a file's errors into its result; this is the worker's own
        result = _worker_failed(path, exc)
    return result, report.links


def _worker_failed(path: str, exc: BaseException) -> FileResult:
    return FileResult(name=path, error=f"{path}: the worker failed ({type(exc).__name__}: {str(exc)[:300]})")
