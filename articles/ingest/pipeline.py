"""Run an ingest: sources (files, folders, zips, standard input, uploads) -> parser -> store, a file at a time.

Each file is written in its own transaction: a file that fails, for any reason,
leaves nothing behind and stops neither the other files nor the run. A dry run
does all the work inside one transaction and rolls it back, so its report is
exactly what a real run would do.
"""

import contextlib
import io
import sys
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.db import DatabaseError, transaction

from .formats import iter_file_stories
from .links import Resolution, pending_link_count
from .parsed import ParsedStory, ParseError
from .store import Outcome, StoreError, StoryStore

# Stories parsed ahead of the store, in a thread, while it waits on the database (see read_ahead).
READ_AHEAD = 1000


class SourceError(Exception):
    """A source that cannot be opened or read: says which and why."""


@dataclass(frozen=True)
class Source:
    """One file to ingest: its name for reports, and how to open it as a binary stream."""

    name: str
    open: Callable[[], contextlib.AbstractContextManager[BinaryIO]]


def _file_source(path: Path) -> Source:
    return Source(str(path), lambda: path.open("rb"))


def _zip_sources(archive: zipfile.ZipFile, name: str) -> Iterator[Source]:
    for member in sorted(archive.infolist(), key=lambda info: info.filename):
        if member.is_dir() or _is_hidden(Path(member.filename)):
            continue
        yield Source(f"{name}!{member.filename}", lambda member=member: archive.open(member))


def _is_hidden(path: Path) -> bool:
    return any(part.startswith(".") or part == "__MACOSX" for part in path.parts)


def sources_from_paths(paths: Iterable[str], *, stdin: BinaryIO | None = None) -> Iterator[Source | SourceError]:
    """Files as given, folders walked recursively in name order, zips opened, ``-`` for standard input."""
    for raw in paths:
        if raw == "-":
            stream = stdin or sys.stdin.buffer
            yield Source("<stdin>", lambda stream=stream: contextlib.nullcontext(io.BytesIO(stream.read())))
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if not _is_hidden(child.relative_to(path)):
                    yield from _path_sources(child)
        elif path.is_file():
            yield from _path_sources(path)
        else:
            yield SourceError(f"{raw}: no such file or folder")


def _path_sources(path: Path) -> Iterator[Source | SourceError]:
    if path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                yield from _zip_sources(archive, str(path))
        except (zipfile.BadZipFile, OSError) as exc:
            yield SourceError(f"{path}: not a readable zip archive ({exc})")
    else:
        yield _file_source(path)


def sources_from_uploads(uploads: Iterable) -> Iterator[Source | SourceError]:
    """Uploaded files (Django ``UploadedFile``), zips opened."""
    for upload in uploads:
        if upload.name.lower().endswith(".zip"):
            try:
                upload.seek(0)
                archive = zipfile.ZipFile(upload)
            except (zipfile.BadZipFile, OSError) as exc:
                yield SourceError(f"{upload.name}: not a readable zip archive ({exc})")
                continue
            yield from _zip_sources(archive, upload.name)
        else:

            def open_upload(upload=upload):
                upload.seek(0)
                return contextlib.nullcontext(upload)

            yield Source(upload.name, open_upload)


@dataclass
class FileResult:
    name: str
    counts: Counter = field(default_factory=Counter)
    error: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.error)


@dataclass
class IngestReport:
    files: list[FileResult] = field(default_factory=list)
    links: Resolution = field(default_factory=Resolution)
    pending_links: int = 0
    dry_run: bool = False

    def count(self, outcome: Outcome) -> int:
        return sum(f.counts[outcome] for f in self.files)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.failed]

    def summary(self) -> str:
        verb = "would be" if self.dry_run else "were"
        return (
            f"{len(self.files)} files: {self.count(Outcome.CREATED)} stories created, "
            f"{self.count(Outcome.UPDATED)} updated, {self.count(Outcome.UNCHANGED)} unchanged; "
            f"{len(self.failed)} files failed. Check Also: {self.links.resolved} {verb} resolved, "
            f"{self.pending_links} pending, {self.links.ambiguous} ambiguous."
        )


def ingest(
    sources: Iterable[Source | SourceError],
    *,
    format: str | None = None,
    dry_run: bool = False,
    user=None,
    on_story: Callable[[ParsedStory, Outcome], None] | None = None,
    on_file: Callable[[FileResult], None] | None = None,
) -> IngestReport:
    report = IngestReport(dry_run=dry_run)
    with transaction.atomic() if dry_run else contextlib.nullcontext():
        for source in sources:
            result = _ingest_one(source, format=format, user=user, on_story=on_story, report=report)
            report.files.append(result)
            if on_file:
                on_file(result)
        report.pending_links = pending_link_count()
        if dry_run:
            transaction.set_rollback(True)
    return report


def _ingest_one(source, *, format, user, on_story, report: IngestReport) -> FileResult:
    if isinstance(source, SourceError):
        return FileResult(name=str(source).split(":", 1)[0], error=str(source))
    result = FileResult(name=source.name)
    store = StoryStore(user=user)
    try:
        with transaction.atomic(), source.open() as stream:
            stories = iter_file_stories(stream, name=source.name, format=format)
            for story, outcome in store.store_all(stories, read_ahead=READ_AHEAD):
                if on_story:
                    on_story(story, outcome)
            if not store.counts:
                raise ParseError("no story found in this file")
    except (ParseError, StoreError) as exc:
        result.error = f"{source.name}: {exc}" if not str(exc).startswith(source.name) else str(exc)
    except (OSError, zipfile.BadZipFile) as exc:
        result.error = f"{source.name}: cannot be read ({exc})"
    except DatabaseError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        result.error = f"{source.name}: the database refused a story ({first_line})"
    else:
        result.counts = store.counts
        report.links.resolved += store.links.resolved
        report.links.ambiguous += store.links.ambiguous
    return result
