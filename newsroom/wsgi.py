import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
application = get_wsgi_application()


def refuse_to_serve_without_static_files() -> None:
    """A server that would answer 500 on every page must not start (newsroom/checks.py)."""
    from .checks import static_files_collected

    errors = static_files_collected()
    if errors:
        raise ImproperlyConfigured(f"{errors[0].msg} {errors[0].hint}")


refuse_to_serve_without_static_files()

# Every connection this web process opens cancels a query after WEB_STATEMENT_TIMEOUT_MS.
from .statement_timeout import limit_web_connections  # noqa: E402 - needs the settings loaded above

limit_web_connections()

# Every module a request needs, loaded now (the URLconf imports the views, search included), then frozen out of the
# garbage collector's sight: it lives as long as the process, and each full collection walked all of it, about
# 60,000 objects, a 20-35 ms pause every few dozen searches. Frozen in gunicorn's master (preload_app), before it
# forks the workers, the pages stay shared between them too.
import_module(settings.ROOT_URLCONF)
gc.freeze()
