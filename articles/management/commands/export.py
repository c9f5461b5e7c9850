import sys
from datetime import UTC, datetime, time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date, parse_datetime

from articles.preservation.export import Scope, export_archive, since_of_manifest
from articles.preservation.manifest import ExportInvalid
from articles.timestamps import OFFSET_MESSAGE, offset_is_storable


def _when(value: str, option: str) -> datetime:
    """A date (midnight UTC) or an ISO 8601 date and time (UTC when no offset is given)."""
    try:
        moment = parse_datetime(value)
        if moment is None and (day := parse_date(value)) is not None:
            moment = datetime.combine(day, time.min)
    except ValueError:
        moment = None
    if moment is None:
        raise CommandError(f"{option} {value!r}: give a date (2026-10-01) or a date and time (2026-10-01T09:00:00Z)")
    if not offset_is_storable(moment, written=value):
        raise CommandError(f"{option} {value!r}: {OFFSET_MESSAGE}")
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Command(BaseCommand):
    help = (
        "Export the archive as JSON Lines with a manifest of SHA-256s and its schema (DEST is a new folder, or "
        "a file ending .tar.gz): every story with its byline, links, corrections, legacy addresses, history and "
        "provenance, and every author, section, tag and place. With --warc, the public site as WARC files."
    )

    def add_arguments(self, parser):
        parser.add_argument("dest", metavar="DEST", help="a new folder, or a file ending .tar.gz")
        parser.add_argument("--from", dest="published_from", help="only stories published on or after this date")
        parser.add_argument("--to", dest="published_to", help="only stories published before this date")
        changed = parser.add_mutually_exclusive_group()
        changed.add_argument("--since", help="only what changed since this date and time")
        changed.add_argument("--since-manifest", metavar="PATH", help="only what changed since that export")
        parser.add_argument(
            "--warc", action="store_true", help="write the rendered public site as WARC files with a CDXJ index"
        )
        parser.add_argument("--base-url", default="https://archive.example.org", help="the site's address (--warc)")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")

    def handle(self, *args, dest, published_from, published_to, since, since_manifest, warc, **options):
        progress = not options["no_progress"] and sys.stderr.isatty()
        if warc:
            if published_from or published_to or since or since_manifest:
                raise CommandError("--warc writes the site as it stands; it takes no --from, --to or --since.")
            return self._warc(Path(dest), options["base_url"], progress)
        if since_manifest:
            try:
                since_moment = since_of_manifest(Path(since_manifest))
            except ExportInvalid as exc:
                raise CommandError(str(exc)) from None
        else:
            since_moment = _when(since, "--since") if since else None
        if since_moment and (published_from or published_to):
            raise CommandError("Give either a date range (--from/--to) or --since, not both.")
        scope = Scope(
            published_from=_when(published_from, "--from") if published_from else None,
            published_to=_when(published_to, "--to") if published_to else None,
            since=since_moment,
        )

        def on_file(name, info):
            if progress:
                self.stderr.write(f"{name}: {info['records']} records, {info['bytes']} bytes")

        try:
            manifest = export_archive(Path(dest), scope=scope, on_file=on_file)
        except FileExistsError as exc:
            raise CommandError(str(exc)) from None
        stories = manifest["counts"]["stories.jsonl"]
        self.stdout.write(f"Exported {stories} stories ({scope.kind}) to {dest}.")

    def _warc(self, dest: Path, base_url: str, progress: bool) -> None:
        from articles.preservation.warc import export_warc

        try:
            report = export_warc(dest, base_url=base_url, progress=progress)
        except (FileExistsError, ValueError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Wrote {report.records} pages ({report.stories} stories) to {dest}.")
