"""Run an ingest: sources (files, folders, zips, standard input, uploads) -> parser -> store, a file at a time.

Each file is written in its own transaction: a file that fails, for any reason,
leaves nothing behind and stops neither the other files nor the run. A dry run
does all the work inside one transaction and rolls it back, so its report is
exactly what a real run would do.

Which files are read: from a folder or a zip, only those whose extension names a
format (``formats.EXTENSIONS``), or that have no extension at all (then their
first bytes tell the format). Every other file there, hidden files and zip
entries with unsafe names ("../x.txt", "/etc/x.txt") included, is skipped and
named in the report: a README or a .json export beside the stories must not
become a story, and must not vanish without a word either. A file named
explicitly (on the command line) with another extension is refused unless a
format is given, which says how to read it.
"""

import contextlib
import io
import logging
import sys
import time
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.db import DEFAULT_DB_ALIAS, DatabaseError, transaction

from .formats import EXTENSIONS, extension, iter_file_stories, unknown_extension
from .links import Resolution, pending_link_count
from .parsed import ParsedStory, ParseError
from .store import Outcome, StoreError, StoryStore

logger = logging.getLogger(__name__)
ERROR_CHARS = 300  # of an unexpected exception's message in a report
# Stories parsed ahead of the store, in a thread, while it waits on the database (see read_ahead).
READ_AHEAD = 2000


class SourceError(Exception):
    """A source that cannot be opened or read: says which and why."""


@dataclass(frozen=True)
class Source:
    """One file to ingest: its name for reports, and how to open it as a binary stream."""

    name: str
    open: Callable[[], contextlib.AbstractContextManager[BinaryIO]]
    # A file on disk, which a worker process can open by itself (see ``parallel``); None for a zip's
    # member, an upload or standard input.
    path: Path | None = None


@dataclass(frozen=True)
class Skipped:
    """A file that is not read, and why: reported by name, never silently passed over."""

    name: str
    reason: str


def _file_source(path: Path) -> Source:
    return Source(str(path), lambda: path.open("rb"), path=path)


def _taken(name: str) -> bool:
    """Whether a file found in a folder or zip is read: a known extension, or none."""
    suffix = extension(name)
    return not suffix or suffix in EXTENSIONS


def _not_taken(name: str) -> Skipped:
    return Skipped(name, unknown_extension(name))


def _unsafe_member(name: str) -> bool:
    """A zip entry's name that points outside the archive's folder: absolute, a drive, or "..". Never read."""
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":")


def _zip_sources(archive: zipfile.ZipFile, name: str) -> Iterator[Source | Skipped]:
    for member in sorted(archive.infolist(), key=lambda info: info.filename):
        member_name = f"{name}!{member.filename}"
        if _unsafe_member(member.filename):
            yield Skipped(member_name, "unsafe name: it points outside the archive")
        elif member.is_dir():
            continue
        elif _is_hidden(Path(member.filename)):
            yield Skipped(member_name, "hidden file")
        elif member.flag_bits & 0x1:
            yield SourceError(f"{member_name}: encrypted; zip it again without a password")
        elif _taken(member.filename):
            yield Source(member_name, lambda member=member: archive.open(member))
        else:
            yield _not_taken(member_name)


def _is_hidden(path: Path) -> bool:
    return any(part.startswith(".") or part == "__MACOSX" for part in path.parts)


def sources_from_paths(
    paths: Iterable[str], *, stdin: BinaryIO | None = None, format: str | None = None
) -> Iterator[Source | SourceError | Skipped]:
    """Files as given, folders walked recursively in name order, zips opened, ``-`` for standard input.

    ``format`` is the one the caller will read files as: with it, a file named here is read
    whatever its extension; without, one with an extension no format has is refused.
    """
    for raw in paths:
        if raw == "-":
            stream = stdin or sys.stdin.buffer
            yield Source("<stdin>", lambda stream=stream: contextlib.nullcontext(io.BytesIO(stream.read())))
            continue
        path = Path(raw)
        try:
            if path.is_dir():
                yield from _folder_sources(path)
            elif path.is_file():
                if path.suffix.lower() == ".zip":
                    yield from _archive_sources(path)
                elif format or _taken(path.name):
                    yield _file_source(path)
                else:
                    yield SourceError(
                        f"{raw}: {unknown_extension(path.name)}. Rename it, or give --format "
                        "(plaintext, jsonl or wxr) to read it anyway"
                    )
            else:
                yield SourceError(f"{raw}: no such file or folder")
        except OSError as exc:  # a folder that cannot be listed, say
            yield SourceError(f"{raw}: cannot be read ({exc.strerror or exc})")


def _folder_sources(folder: Path) -> Iterator[Source | SourceError | Skipped]:
    for child in sorted(p for p in folder.rglob("*") if p.is_file()):
        if _is_hidden(child.relative_to(folder)):
            yield Skipped(str(child), "hidden file")
        elif child.suffix.lower() == ".zip":
            yield from _archive_sources(child)
        elif _taken(child.name):
            yield _file_source(child)
        else:
            yield _not_taken(str(child))


def _archive_sources(path: Path) -> Iterator[Source | SourceError | Skipped]:
    try:
        with zipfile.ZipFile(path) as archive:
            yield from _zip_sources(archive, str(path))
    except (zipfile.BadZipFile, OSError) as exc:
        yield SourceError(f"{path}: not a readable zip archive ({exc})")


def sources_from_uploads(uploads: Iterable) -> Iterator[Source | SourceError | Skipped]:
    """Uploaded files (Django ``UploadedFile``), zips opened; as in a folder, only known formats are read."""
    for upload in uploads:
        if upload.name.lower().endswith(".zip"):
            try:
                upload.seek(0)
                archive = zipfile.ZipFile(upload)
            except (zipfile.BadZipFile, OSError) as exc:
                yield SourceError(f"{upload.name}: not a readable zip archive ({exc})")
                continue
            yield from _zip_sources(archive, upload.name)
        elif not _taken(upload.name):
            yield _not_taken(upload.name)
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
    seconds: float = 0.0  # from opening the file to its commit

    @property
    def failed(self) -> bool:
        return bool(self.error)


@dataclass
class IngestReport:
    files: list[FileResult] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
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
            f"{len(self.failed)} files failed, {len(self.skipped)} skipped. "
            f"Check Also: {self.links.resolved} {verb} resolved, {self.pending_links} pending, "
            f"{self.links.ambiguous} ambiguous."
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
            if isinstance(source, Skipped):
                report.skipped.append(source)
                continue
            result = _ingest_one(source, format=format, user=user, on_story=on_story, report=report)
            report.files.append(result)
            if on_file:
                on_file(result)
        report.pending_links = pending_link_count()
        if dry_run:
            transaction.set_rollback(True)
    return report


def _ingest_one(
    source, *, format, user, on_story, report: IngestReport, names_db: str = DEFAULT_DB_ALIAS
) -> FileResult:
    if isinstance(source, SourceError):
        return FileResult(name=str(source).split(":", 1)[0], error=str(source))
    result = FileResult(name=source.name)
    store = StoryStore(user=user, names_db=names_db)
    started = time.perf_counter()
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
    except (OSError, EOFError, zlib.error, zipfile.BadZipFile, NotImplementedError) as exc:
        result.error = f"{source.name}: cannot be read ({str(exc)[:ERROR_CHARS] or type(exc).__name__})"
    except DatabaseError as exc:
        first_line = str(exc).strip().splitlines()[0][:ERROR_CHARS] if str(exc).strip() else type(exc).__name__
        result.error = f"{source.name}: the database refused a story ({first_line})"
    except Exception as exc:
        # The last resort: a case no parser foresaw is a bug to fix, but it fails this one
        # file, as any bad input does, and the run goes on to the next and to its summary.
        logger.error("Unexpected error ingesting %s", source.name, exc_info=True)
        reason = f"{type(exc).__name__}: {str(exc)[:ERROR_CHARS]}" if str(exc) else type(exc).__name__
        result.error = (
            f"{source.name}: failed on an unexpected error ({reason}); nothing of it was written. "
            "Please report it to the developers with the file."
        )
    else:
        result.counts = store.counts
        report.links.resolved += store.links.resolved
        report.links.ambiguous += store.links.ambiguous
    result.seconds = time.perf_counter() - started
    return result
