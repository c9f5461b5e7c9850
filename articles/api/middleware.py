"""Every answer under /api/ is readable from partners' browsers (CORS), and hostile requests are refused in JSON.

Placed before newsroom's RejectMalformedRequestMiddleware (whose refusals are
HTML pages), and before anything that may answer without the view (a cache, a
redirect of a missing slash), so that each of those answers carries the CORS
headers too. A CORS preflight (OPTIONS) is answered here: the API is public and
read-only, so any origin may GET it, with conditional GET headers.
"""

from django.http import HttpResponse

from newsroom.middleware import refusal_reason

from .responses import ALLOWED_METHODS, ApiError, error_response

API_PREFIX = "/api/"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    # Beyond the headers a page may always read: those a conditional GET needs.
    "Access-Control-Expose-Headers": "ETag, Last-Modified",
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": ALLOWED_METHODS,
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
    "Access-Control-Max-Age": "86400",
    "Allow": ALLOWED_METHODS,
}


def refusal(request) -> ApiError | None:
    """Why a request to the API cannot be answered, naming the parameters at fault; None when it can."""
    reason = refusal_reason(request)
    if reason is None:
        return None
    errors = {
        name: ["Holds a NUL character."]
        for name, values in request.GET.lists()
        if "\x00" in name or any("\x00" in value for value in values)
    }
    return ApiError(400, f"Refused: {reason}.", errors=errors)


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            for header, value in PREFLIGHT_HEADERS.items():
                response[header] = value
        elif (error := refusal(request)) is not None:
            response = error_response(error)
        else:
            response = self.get_response(request)
        for header, value in CORS_HEADERS.items():
            response[header] = value
        return response
