from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.ingest.pipeline import ingest, sources_from_paths
from articles.models import Article

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo" / "stories"


class Command(BaseCommand):
    help = "Load the demo archive (stories written for this project) through the normal ingest path."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="do nothing when the archive has stories already")

    def handle(self, *args, if_empty, **options):
        if if_empty and Article.objects.exists():
            self.stdout.write("The archive has stories already; the demo was not loaded.")
            return
        report = ingest(sources_from_paths([str(DEMO_DIR)]))
        for result in report.failed:
            self.stderr.write(self.style.ERROR(result.error))
        if report.failed:
            raise CommandError("The demo archive did not load completely.")
        self.stdout.write(f"Demo archive loaded. {report.summary()}")
