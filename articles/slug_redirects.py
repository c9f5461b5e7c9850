"""A page named by a slug that no longer exists (a merged author, later a renamed section) answers 301 to its successor.

Like LegacyPathRedirectMiddleware it acts only on a 404, so pages that exist pay nothing.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponsePermanentRedirect

from .models import Author, Place, Section, SlugRedirect, Tag

# The reader's pages named by a slug, by URL name, and the model each names.
SLUG_PAGES = {"author": Author, "section": Section, "tag": Tag, "place": Place}


def redirect_for(url_name: str, slug: str) -> str | None:
    model = SLUG_PAGES.get(url_name)
    if model is None:
        return None
    redirect = (
        SlugRedirect.objects.filter(content_type=ContentType.objects.get_for_model(model), old_slug=slug)
        .only("object_id")
        .first()
    )
    if redirect is None:
        return None
    target = model.objects.filter(pk=redirect.object_id).first()
    return target.get_absolute_url() if target else None


class OldSlugRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = request.resolver_match
        if response.status_code != 404 or match is None or match.namespace != "articles" or "slug" not in match.kwargs:
            return response
        location = redirect_for(match.url_name, match.kwargs["slug"])
        return HttpResponsePermanentRedirect(location) if location else response
