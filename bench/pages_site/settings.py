"""Settings for bench/pages.py: the project's own, with a minimal view beside it (urls.py)."""

from newsroom.settings import *  # noqa: F403

ROOT_URLCONF = "pages_site.urls"
