"""The guard in front of the whole site: hostile input is refused before anything reads it.

It covers a class of fault for every URL, present and future, rather than one
view at a time: ``RejectMalformedRequestMiddleware`` answers 400 to a request
whose path, query or cookies hold a NUL character (PostgreSQL cannot store one,
and psycopg2 refuses to send one: without this guard any lookup of such a value
is a 500), or whose address is longer than any address the archive gives out.
Ids beyond PostgreSQL's bigint need no guard: Django 5.2 answers their lookups
with no rows, hence 404 (tests/test_hostile_urls.py holds it to that).
"""

import logging

from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# Longer than any address the archive gives out (legacy paths are at most 1,000 characters).
MAX_PATH_LENGTH = 2048
# The admin's changelists put filters, search and sorting in the query: generous, but bounded.
MAX_QUERY_STRING_LENGTH = 8192
# The search pages answer an over-long query with a message of their own (articles/search_forms.py): a query
# of 10,000 Arabic letters is 60,000 characters once percent-encoded, of 10,000 Hindi letters or zero-width
# non-joiners (three bytes each) 90,000. The staff page's exports and its "save this search" form carry the same
# query string: a query of 1,000 Hindi letters, which the page takes, is 9,000 characters, over the usual limit.
SEARCH_PATHS = (
    "/search/",
    "/ar/search/",
    "/staff/search/",
    "/staff/search/export.csv",
    "/staff/search/export.jsonl",
    "/staff/search/saved/",
)
MAX_SEARCH_QUERY_STRING_LENGTH = 131072


def refusal_reason(request) -> str | None:
    """Why ``request`` cannot be answered, or None when it can."""
    if len(request.path) > MAX_PATH_LENGTH:
        return f"address longer than {MAX_PATH_LENGTH} characters"
    if "\x00" in request.path:
        return "NUL character in the address"
    limit = MAX_SEARCH_QUERY_STRING_LENGTH if request.path in SEARCH_PATHS else MAX_QUERY_STRING_LENGTH
    if len(request.META.get("QUERY_STRING", "")) > limit:
        return f"query string longer than {limit} characters"
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
