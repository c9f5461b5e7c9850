"""Readers' pages from a cache that no change can leave stale, and conditional GET.

Every change to what readers see moves one number, the archive's version
(a statement-level trigger on each table, migration 0012_archive_version, so
the ingest's COPY counts as well as the admin's saves). A page is cached under
its full address and that version: after a change the next request misses and
renders the page afresh, and the old entries age out. Nothing has to know which
pages a change touched.

``PageCacheMiddleware`` sits before the sessions, so a hit skips the session,
the view, its queries and its templates. It serves and stores only what is the
same for every anonymous reader: GET requests without a session or messages
cookie, 200 responses that set no cookie and are not private. Each stored page
carries an ETag (its content's hash) and Last-Modified (when the archive last
changed), which Django's ConditionalGetMiddleware, outside it, turns into 304.

The version is read at most once a second per process (PAGE_CACHE_VERSION_SECONDS):
another worker may serve the page as it was for up to a second after an edit.
The process that made the edit forgets its copy at once: on any model signal of
the app, and after any request that is not a GET (the admin's bulk actions
update querysets, which send no signal).
"""

import hashlib
import logging
import time
from datetime import datetime

import psycopg2.errors
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import ProgrammingError, connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import cc_delim_re
from django.utils.http import http_date

logger = logging.getLogger(__name__)

# How long a page is kept: a bound on memory, not on freshness, which the version guarantees.
PAGE_SECONDS = getattr(settings, "PAGE_CACHE_SECONDS", 3600)
# Paths that are never cached, whoever asks: the editors' side.
EXCLUDED_PREFIXES = tuple(getattr(settings, "PAGE_CACHE_EXCLUDED_PREFIXES", ("/admin/",)))
# A response that varies on anything else is not stored: the key holds the address, the language and nothing more.
CACHEABLE_VARY = {"cookie", "accept-language"}
# Cache-Control directives that mark a response as one reader's, or not to be kept.
UNCACHEABLE_CONTROL = {"private", "no-store", "no-cache"}

_memo: tuple[float, tuple[int, datetime] | None] = (0.0, None)


def archive_version() -> tuple[int, datetime] | None:
    """(version, when it last moved), read at most once every PAGE_CACHE_VERSION_SECONDS; None without the table."""
    global _memo
    now = time.monotonic()
    if now < _memo[0]:
        return _memo[1]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT version, changed_at FROM articles_archive_version WHERE id = 1")
            row = cursor.fetchone()
    except ProgrammingError as error:
        # Only a missing table: any other database failure is the request's (503, newsroom/errors.py).
        if not isinstance(error.__cause__, psycopg2.errors.UndefinedTable):
            raise
        logger.warning("No archive version (is migration 0012_archive_version applied?): pages are not cached.")
        row = None
    value = (row[0], row[1]) if row else None
    _memo = (now + settings.PAGE_CACHE_VERSION_SECONDS, value)
    return value


def forget_archive_version() -> None:
    """Read the version afresh on the next request: this process has just changed the archive."""
    global _memo
    _memo = (0.0, None)


def _forget_on_change(sender, **kwargs) -> None:
    if sender._meta.app_label == "articles":
        forget_archive_version()  # for this transaction's own next read
        transaction.on_commit(forget_archive_version)  # and for the next request after the commit


for _signal in (post_save, post_delete, m2m_changed):
    _signal.connect(_forget_on_change, dispatch_uid=f"page_cache_forget_{_signal}")


def page_cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def is_anonymous_get(request) -> bool:
    """Whether the request may be answered from the cache: a reader's GET with nothing personal attached."""
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and not request.path.startswith(EXCLUDED_PREFIXES)
    )


def is_storable(request, response) -> bool:
    """Whether every anonymous reader would get this same response."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    control = {part.split("=")[0].strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))}
    if control & UNCACHEABLE_CONTROL:
        return False
    vary = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", "")) if part.strip()}
    return vary <= CACHEABLE_VARY


def page_key(request, version: int) -> str:
    # The absolute address (feeds and sitemaps write it into the page), its query, and the language
    # the request asks for (pages without a language of their own, such as feeds, speak it).
    address = request.build_absolute_uri()
    language = translation.get_language_from_request(request)
    digest = hashlib.md5(address.encode(), usedforsecurity=False).hexdigest()
    return f"page:{version}:{language}:{digest}"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in {"GET", "HEAD"}:
            response = self.get_response(request)
            forget_archive_version()  # it may have changed the archive, without a signal
            return response
        if not is_anonymous_get(request):
            return self.get_response(request)
        current = archive_version()
        if current is None:
            return self.get_response(request)
        version, changed_at = current
        try:
            key = page_key(request, version)
            stored = page_cache().get(key)
        except DisallowedHost:
            raise  # refused by Django with 400, and logged once as the routine noise it is (newsroom/logs.py)
        except Exception:  # the cache server down: answer without the cache
            logger.exception("Page cache unavailable for %s", request.path)
            return self.get_response(request)
        if stored is not None:
            return self.from_stored(stored)
        response = self.get_response(request)
        if is_storable(request, response):
            self.store(key, response, changed_at)
        return response

    def store(self, key: str, response, changed_at: datetime) -> None:
        response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
        response["Last-Modified"] = http_date(changed_at.timestamp())
        if not response.has_header("Cache-Control"):
            # Browsers ask again each time, and get a 304 while nothing has changed.
            response["Cache-Control"] = "max-age=0"
        try:
            page_cache().set(key, (response.content, list(response.items())), PAGE_SECONDS)
        except Exception:
            logger.exception("Could not store %s in the page cache", key)

    @staticmethod
    def from_stored(stored) -> HttpResponse:
        content, headers = stored
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        return response
