"""Old URLs keep working: a path that would be a 404 but was once a story's address redirects to the story.

Modelled on django.contrib.redirects' fallback middleware: it acts only on a
404, so it costs nothing for pages that exist. The exception is WordPress's
query-style addresses ("/?p=4211"), whose path is our home page: those are
looked up before the view.
"""

from django.http import HttpResponsePermanentRedirect

from .models import Article, LegacyPath

# WordPress addresses a post by query ("/?p=4211", "/?page_id=2") on a path that exists here.
WORDPRESS_QUERY_KEYS = {"p", "page_id"}


def candidate_paths(path: str, query: str) -> list[str]:
    """The forms an old address may have been stored in: with its query, without, with or without a slash."""
    bases = [path, path.rstrip("/") or "/", path if path.endswith("/") else path + "/"]
    candidates = [f"{base}?{query}" for base in bases] if query else []
    return list(dict.fromkeys(candidates + bases))


class LegacyPathRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if WORDPRESS_QUERY_KEYS & request.GET.keys() and (redirect := self.redirect_for(request)):
            return redirect
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        return self.redirect_for(request) or response

    def redirect_for(self, request) -> HttpResponsePermanentRedirect | None:
        legacy = (
            LegacyPath.objects.filter(path__in=candidate_paths(request.path, request.META.get("QUERY_STRING", "")))
            .exclude(article__status=Article.Status.DRAFT)
            .select_related("article")
            .first()
        )
        if legacy is None:
            return None
        return HttpResponsePermanentRedirect(legacy.article.get_absolute_url())
