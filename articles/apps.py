from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Archive"

    def ready(self) -> None:
        # Receivers: a story's first revision (history), renamed pages' old addresses (slug_redirects),
        # its checksum kept current (seal), tombstones.
        from . import history, slug_redirects  # noqa: F401
        from .preservation import seal, tombstones  # noqa: F401
