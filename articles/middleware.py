"""Old URLs keep working: a path that would be a 404 but was once a story's address redirects to the story.

WordPress's "?p=4211" links (at the root or under a language, "/en/?p=4211")
redirect by a stored LegacyPath with that query, else by the story's
LegacyIdentifier("wordpress", "4211"). Drafts are never revealed.

Modelled on django.contrib.redirects' fallback middleware: it acts only on a
404, so it costs nothing for pages that exist. The exception is WordPress's
query-style addresses ("/?p=4211"), whose path is our home page: those are
looked up before the view.
"""

import re

from django.conf import settings
from django.http import HttpResponsePermanentRedirect

from .models import Article, LegacyIdentifier, LegacyPath

# WordPress addresses a post by query ("/?p=4211", "/?page_id=2") on a path that exists here.
WORDPRESS_QUERY_KEYS = {"p", "page_id"}
# The agency's WordPress sites answered "?p=" at the root and under each language: "/en/?p=4211".
WORDPRESS_ROOTS = {"/"} | {root for code, _ in settings.LANGUAGES for root in (f"/{code}/", f"/{code}")}
WORDPRESS_POST_ID = re.compile(r"[0-9]{1,18}")
# LegacyPath.path's length: nothing longer can have been stored.
MAX_LEGACY_PATH = 1000


def is_searchable(path: str, query: str) -> bool:
    """Whether an address can be looked up at all: PostgreSQL refuses NUL characters, and nothing stored is longer."""
    return "\x00" not in path and "\x00" not in query and len(path) + len(query) < MAX_LEGACY_PATH


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
        query = request.META.get("QUERY_STRING", "")
        if not is_searchable(request.path, query):
            return None
        legacy = (
            LegacyPath.objects.filter(path__in=candidate_paths(request.path, query))
            .exclude(article__status=Article.Status.DRAFT)
            .select_related("article")
            .first()
        )
        article = legacy.article if legacy is not None else self.wordpress_post(request)
        if article is None:
            return None
        return HttpResponsePermanentRedirect(article.get_absolute_url())

    def wordpress_post(self, request) -> Article | None:
        """The story a WordPress "?p=4211" address showed, by its LegacyIdentifier("wordpress", "4211")."""
        post_id = request.GET.get("p") or request.GET.get("page_id") or ""
        if request.path not in WORDPRESS_ROOTS or not WORDPRESS_POST_ID.fullmatch(post_id):
            return None
        legacy = (
            LegacyIdentifier.objects.filter(scheme="wordpress", value=post_id.lstrip("0") or "0")
            .exclude(article__status=Article.Status.DRAFT)
            .select_related("article")
            .first()
        )
        return legacy.article if legacy is not None else None
