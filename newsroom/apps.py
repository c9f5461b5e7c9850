from django.apps import AppConfig
from django.core import checks


class NewsroomConfig(AppConfig):
    """The project itself, as an app: only so that its system checks are registered."""

    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from .checks import static_files_collected

        checks.register(static_files_collected, checks.Tags.staticfiles, deploy=True)
