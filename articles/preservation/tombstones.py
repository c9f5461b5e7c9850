"""No URL dies: a deleted story that was public leaves a tombstone, and its addresses answer 410 Gone.

``pre_delete`` writes the tombstone whatever deletes the story (``services.delete_articles``,
the admin, a shell), before the delete cascades to its legacy paths and identifiers,
which the tombstone keeps. Drafts were never public and leave none.

``TombstoneMiddleware`` is a fallback, like django.contrib.redirects': it looks only
at responses that are already 404 (so it costs live pages nothing), and at WordPress
query addresses ("/?p=4211"), whose path is the home page. It sits before
``LegacyPathRedirectMiddleware`` in MIDDLEWARE, so a live story that has since taken
an old address wins over the tombstone.
"""

from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import timezone

from ..middleware import WORDPRESS_QUERY_KEYS, candidate_paths
from ..models import Article, Tombstone

STORY_URL_NAMES = {"articles:detail", "articles:detail-short"}


@receiver(pre_delete, sender=Article, dispatch_uid="leave_tombstone")
def leave_tombstone(sender, instance: Article, **kwargs) -> None:
    if instance.status == Article.Status.DRAFT:
        return
    Tombstone.objects.update_or_create(
        id=instance.pk,
        defaults={
            "headline": instance.headline,
            "slug": instance.slug,
            "language": instance.language,
            "published_at": instance.published_at,
            "deleted_at": timezone.now(),
            "legacy_paths": list(instance.legacy_paths.order_by("pk").values_list("path", flat=True)),
            "legacy_identifiers": [
                f"{scheme}:{value}"
                for scheme, value in instance.legacy_identifiers.order_by("pk").values_list("scheme", "value")
            ],
        },
    )


def tombstone_for(request) -> Tombstone | None:
    """The tombstone this request's address belonged to, if any."""
    path = request.path_info
    if "\x00" in path or len(path) > 1000:
        return None
    try:
        match = resolve(path)
    except Resolver404:
        match = None
    if match is not None and match.view_name in STORY_URL_NAMES:
        return Tombstone.objects.filter(pk=match.kwargs["pk"]).first()
    if match is not None and match.view_name == "articles:legacy-id":
        key = f"{match.kwargs['scheme']}:{match.kwargs['value']}"
        return Tombstone.objects.filter(legacy_identifiers__contains=[key]).first()
    query = request.META.get("QUERY_STRING", "")
    if "\x00" in query:
        return None
    return Tombstone.objects.filter(legacy_paths__overlap=candidate_paths(request.path, query)).first()


class TombstoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self._may_be_gone(request, response) and (tombstone := tombstone_for(request)) is not None:
            return render(request, "articles/tombstone.html", {"tombstone": tombstone}, status=410)
        return response

    @staticmethod
    def _may_be_gone(request, response) -> bool:
        if response.status_code == 404:
            return True
        # "/?p=4211" answers the home page when no live story has that address.
        return (
            response.status_code == 200
            and request.method in {"GET", "HEAD"}
            and bool(WORDPRESS_QUERY_KEYS & request.GET.keys())
        )
