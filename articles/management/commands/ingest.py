import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.ingest.formats import FORMATS
from articles.ingest.parallel import ingest_in_parallel
from articles.ingest.pipeline import ingest, sources_from_paths


class Command(BaseCommand):
    help = (
        "Ingest stories from files, folders (recursively), .zip archives, or - for standard input. "
        "Re-running is safe: unchanged stories are left alone, changed ones updated, none duplicated. "
        "From folders and zips only .txt, .text, .jsonl, .ndjson, .xml and .wxr files (and files with no "
        "extension, by their content) are read; every other file is listed as skipped. A file named here "
        "with another extension is refused unless --format says how to read it."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="a file, folder, .zip archive, or - for stdin")
        parser.add_argument(
            "--format",
            choices=FORMATS,
            help="read every file as this format (by default, each file's extension, or its content if it has none)",
        )
        parser.add_argument("--dry-run", action="store_true", help="report what would change and write nothing")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            metavar="N",
            help="ingest up to N files at once, each in a process of its own (for a folder of many large files; "
            "each file is still stored whole or not at all). New names are kept even when their file fails.",
        )

    def handle(self, *args, paths, format, dry_run, no_progress, jobs, **options):
        if jobs < 1:
            raise CommandError(f"--jobs must be at least 1, not {jobs}")
        if jobs > 1 and dry_run:
            raise CommandError("--dry-run runs in one transaction: it cannot be split across --jobs")
        bar = tqdm(unit=" stories", file=sys.stderr, disable=no_progress or not sys.stderr.isatty(), dynamic_ncols=True)
        files = failed = 0

        def on_file(result):
            nonlocal files, failed
            files += 1
            if result.failed:
                failed += 1
                bar.clear()
                self.stderr.write(self.style.ERROR(f"FAILED {result.error}"))
            bar.set_postfix(files=files, failed=failed)

        sources = sources_from_paths(paths, stdin=sys.stdin.buffer, format=format)
        if jobs > 1:

            def on_parallel_file(result):
                bar.update(sum(result.counts.values()))  # workers report a file when it is done
                on_file(result)

            report = ingest_in_parallel(sources, jobs=jobs, format=format, on_file=on_parallel_file)
        else:
            report = ingest(
                sources, format=format, dry_run=dry_run, on_story=lambda story, outcome: bar.update(1), on_file=on_file
            )
        bar.close()
        for skipped in report.skipped:
            self.stdout.write(self.style.WARNING(f"SKIPPED {skipped.name}: {skipped.reason}"))
        self.stdout.write(("Dry run, nothing written. " if dry_run else "") + report.summary())
        if report.failed:
            raise CommandError(f"{len(report.failed)} of {len(report.files)} files failed; see the errors above.")
