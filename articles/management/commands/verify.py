import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.models import Article, Provenance
from articles.preservation.verify import reseal_all, verify_provenance, verify_stories


class Command(BaseCommand):
    help = (
        "Recompute every story's checksum from its fields and every provenance checksum from its raw input, "
        "and report each that differs (exit status 1 when any does): a nightly job's command."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")
        parser.add_argument(
            "--reseal",
            action="store_true",
            help="store every story's checksum as its fields give it, once, after upgrading from a version that "
            "computed checksums differently; never to silence a report of an altered story",
        )

    def _bar(self, total: int, what: str, no_progress: bool) -> tqdm:
        return tqdm(
            total=total,
            unit=f" {what}",
            desc=f"Checking {what}",
            file=sys.stderr,
            disable=no_progress or not sys.stderr.isatty(),
            dynamic_ncols=True,
        )

    def handle(self, *args, no_progress, reseal, **options):
        if reseal:
            with self._bar(Article.objects.count(), "stories", no_progress) as bar:
                changed = reseal_all(on_chunk=bar.update)
            self.stdout.write(f"Resealed {changed} stories whose stored checksum differed from their fields.")
            return
        mismatches = 0
        for what, model, check in (("stories", Article, verify_stories), ("provenance", Provenance, verify_provenance)):
            with self._bar(model.objects.count(), what, no_progress) as bar:
                for mismatch in check(on_chunk=bar.update):
                    mismatches += 1
                    bar.clear()
                    self.stdout.write(self.style.ERROR(f"DIFFERS {mismatch.describe()}"))
        if mismatches:
            raise CommandError(
                f"{mismatches} checksums differ from what they fingerprint: those rows were changed outside the "
                "application, or damaged. Compare them with their history and the last export."
            )
        self.stdout.write(
            f"All {Article.objects.count()} stories and {Provenance.objects.count()} provenance records match their "
            "checksums."
        )
