from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Archive"

    def ready(self):
        # Receivers that keep checksums current and leave tombstones for deleted stories.
        from .preservation import seal, tombstones  # noqa: F401
