"""Production refuses to start without its collected static files, rather than answering 500 on every page.

With the manifest storage, every ``{% static %}`` looks its file up in the
manifest collectstatic writes; without it each page fails. We chose to fail at
start, loudly, over a fallback: a fallback would serve pages whose CSS is
missing or unhashed, and nobody would notice. ``check --deploy`` reports it, and
the WSGI application (gunicorn) refuses to load.
"""

from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.checks import Error
from django.core.files.storage import storages


def static_files_collected(app_configs=None, **kwargs) -> list[Error]:
    storage = storages["staticfiles"]
    if not isinstance(storage, ManifestFilesMixin) or storage.read_manifest() is not None:
        return []
    return [
        Error(
            f"The static files have not been collected into STATIC_ROOT ({storage.location}): every page would fail.",
            hint="Run `DJANGO_ENV=production manage.py collectstatic --no-input` (make serve-production does).",
            id="newsroom.E001",
        )
    ]
