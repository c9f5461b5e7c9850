from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Archive"

    def ready(self) -> None:
        # Receivers: a story's first revision (history), renamed pages' old addresses (slug_redirects),
        # its checksum kept current (seal), tombstones; the page cache's version forgotten when this process
        # changes the archive; the in_array lookup (lookups).
        from . import history, lookups, page_cache, slug_redirects  # noqa: F401
        from .preservation import seal, tombstones  # noqa: F401
