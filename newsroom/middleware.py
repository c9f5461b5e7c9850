"""Guards in front of the whole site: hostile input is refused early, and web requests get a statement timeout.

Each guard covers a class of fault for every URL, present and future, rather
than one view at a time:

- ``RejectMalformedRequestMiddleware`` answers 400 to a request whose path, query
  or cookies hold a NUL character (PostgreSQL cannot store one, and psycopg2
  refuses to send one: without this guard any lookup of such a value is a 500),
  or whose address is longer than any address the archive ever gives out.
- ``StatementTimeoutMiddleware`` sets ``statement_timeout`` on each database
  connection the web process opens, so one slow query cannot hold a worker;
  management commands (ingest) never load middleware and stay unlimited. A
  query it cancels answers 503 (``newsroom.errors``).
"""

import logging

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db.backends.signals import connection_created
from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# Longer than any address the archive gives out (legacy paths are at most 1,000 characters).
MAX_PATH_LENGTH = 2048
# The admin's changelists put filters, search and sorting in the query: generous, but bounded.
MAX_QUERY_STRING_LENGTH = 8192


def refusal_reason(request) -> str | None:
    """Why ``request`` cannot be answered, or None when it can."""
    if len(request.path) > MAX_PATH_LENGTH:
        return f"address longer than {MAX_PATH_LENGTH} characters"
    if "\x00" in request.path:
        return "NUL character in the address"
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING_LENGTH:
        return f"query string longer than {MAX_QUERY_STRING_LENGTH} characters"
    for key, values in request.GET.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return "NUL character in the query string"
    for key, value in request.COOKIES.items():
        if "\x00" in key or "\x00" in value:
            return "NUL character in a cookie"
    return None


class RejectMalformedRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reason = refusal_reason(request)
        if reason is not None:
            logger.info("Refused %s: %s", request.META.get("REMOTE_ADDR"), reason)
            # Rendered without the request: its context processors would read the very values refused.
            return HttpResponseBadRequest(render_to_string("400.html"))
        return self.get_response(request)


def set_statement_timeout(sender, connection, **kwargs) -> None:
    timeout = settings.WEB_STATEMENT_TIMEOUT_MS
    if timeout and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = %s", [int(timeout)])


class StatementTimeoutMiddleware:
    """Not a middleware at all once loaded: it marks this process as a web server, then steps aside.

    Django loads middleware only to serve requests (gunicorn, runserver, the test
    client), never for a management command; every connection opened after that
    gets the web statement timeout.
    """

    def __init__(self, get_response):
        connection_created.connect(set_statement_timeout, dispatch_uid="newsroom-web-statement-timeout")
        raise MiddlewareNotUsed
