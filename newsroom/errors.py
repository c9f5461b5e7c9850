"""The site's error pages, rendered so that they work when the database does not.

``server_error`` is Django's ``handler500``: it is called for any exception,
raised by a view or by a middleware, while that exception is being handled. A
database that is unreachable, a connection killed under a request, or a query
cancelled by the web statement timeout is not a bug in the site: it answers
503 with Retry-After, so a proxy or a reader can try again. The next request
gets a fresh connection (CONN_HEALTH_CHECKS). Nothing is retried here: a write
may already have reached the database.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponseServerError
from django.template.loader import render_to_string

RETRY_AFTER_SECONDS = 5


def is_database_unavailable(exc: BaseException | None) -> bool:
    return isinstance(exc, OperationalError | InterfaceError)


def server_error(request):
    # No request context: its processors (the user, the session) would query the database.
    if is_database_unavailable(sys.exc_info()[1]):
        response = HttpResponseServerError(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(render_to_string("500.html"))
