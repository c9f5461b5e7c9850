"""How the API answers: JSON in UTF-8, and errors as JSON that say what was wrong and name the parameter.

``api_view`` wraps each view: GET and HEAD only, messages in English whatever
the reader's browser asks for (partners parse them), and any Http404, bad
parameter or unavailable database turned into its JSON error, so that no
request ends in an HTML page or a 500. CORS headers are added to every answer
under /api/ by middleware.ApiMiddleware, errors and redirects included.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt

from newsroom.errors import RETRY_AFTER_SECONDS, is_database_unavailable

CONTENT_TYPE = "application/json; charset=utf-8"
ALLOWED_METHODS = "GET, HEAD, OPTIONS"


class ApiError(Exception):
    """An answer other than 200: its status, a sentence for people, and per parameter what was wrong with it."""

    def __init__(self, status: int, detail: str, *, errors: dict[str, list[str]] | None = None, **extra):
        super().__init__(detail)
        self.status, self.detail, self.errors, self.extra = status, detail, errors or {}, extra

    def body(self) -> dict:
        body = {"status": self.status, "detail": self.detail, **self.extra}
        if self.errors:
            body["errors"] = self.errors
        return body


class BadParameters(ApiError):
    def __init__(self, errors: dict[str, list[str]]):
        names = ", ".join(sorted(errors))
        super().__init__(400, f"Bad query parameter: {names}.", errors=errors)


def json_response(data, *, status: int = 200) -> HttpResponse:
    # ensure_ascii=False: Arabic headlines and bodies travel as UTF-8, a third of the size of \u escapes.
    content = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return json_bytes_response(content.encode(), status=status)


def json_bytes_response(content: bytes, *, status: int = 200) -> HttpResponse:
    return HttpResponse(content, content_type=CONTENT_TYPE, status=status)


def error_response(error: ApiError) -> HttpResponse:
    response = json_response(error.body(), status=error.status)
    if error.status == 405:
        response["Allow"] = ALLOWED_METHODS
    if error.status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def api_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """An API endpoint: GET and HEAD, English messages, every failure as JSON."""

    # Nothing here writes, and no cookie authenticates a partner: a CSRF token has nothing to protect.
    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return error_response(ApiError(405, f"The API is read-only: {request.method} is not allowed."))
        with translation.override("en"):
            try:
                return view(request, *args, **kwargs)
            except ApiError as error:
                return error_response(error)
            except Http404 as error:
                return error_response(ApiError(404, str(error) or "Not found."))
            except Exception as error:
                # A database that is down, or a query cut by the statement timeout: the partner may retry.
                if is_database_unavailable(error):
                    return error_response(ApiError(503, "The archive is briefly unavailable: try again shortly."))
                raise

    return wrapper
