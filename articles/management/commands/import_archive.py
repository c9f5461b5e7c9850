import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError

from articles.preservation.archive_import import DatabaseNotEmpty, import_archive
from articles.preservation.manifest import ExportInvalid


class Command(BaseCommand):
    help = (
        "Rebuild an archive from a full export (a folder or .tar.gz written by manage.py export) in an empty, "
        "migrated database: same ids, URLs, checksums, history and links. Every file is checked against the "
        "manifest's SHA-256 first; nothing is written unless all of it imports."
    )

    def add_arguments(self, parser):
        parser.add_argument("src", metavar="SRC", help="an export folder or .tar.gz")

    def handle(self, *args, src, **options):
        def on_file(name):
            if sys.stderr.isatty():
                self.stderr.write(f"importing {name}")

        try:
            report = import_archive(Path(src), on_file=on_file)
        except (ExportInvalid, DatabaseNotEmpty) as exc:
            raise CommandError(str(exc)) from None
        except IntegrityError as exc:
            raise CommandError(f"{src}: the export's rows do not fit together ({exc}). Nothing was imported.") from None
        self.stdout.write(f"Imported {report.summary()} from {src}.")
