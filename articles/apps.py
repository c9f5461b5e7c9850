from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Archive"

    def ready(self) -> None:
        from . import history  # noqa: F401 - connects the signal that writes a story's first revision
