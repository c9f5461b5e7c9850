"""A page named by a slug that no longer exists (a merged or renamed author, section, tag or place) answers 301.

Like LegacyPathRedirectMiddleware it acts only on a 404, so pages that exist pay nothing,
and an object that later takes an old slug wins over the redirect.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.http import HttpResponsePermanentRedirect
from django.urls import reverse

from .models import Author, Place, Section, SlugRedirect, Tag

# The reader's pages named by a slug, by URL name, and the model each names.
SLUG_PAGES = {"author": Author, "section": Section, "tag": Tag, "place": Place}


@receiver(pre_save)
def remember_old_slug(sender, instance, raw=False, **kwargs) -> None:
    """A renamed author, section, tag or place keeps its old address, whoever renames it (admin, service, shell).

    Runs in the save's own transaction. Redirects point at the object, not at a URL, so
    a second rename needs no rewrite of the first: both old slugs lead to where it is now.
    """
    if raw or sender not in SLUG_PAGES.values() or instance.pk is None:
        return  # fixtures and imports bring their redirects with them; a new object has no old address
    old_slug = sender.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
    new_slug = instance.slug or ""
    if old_slug is None or not new_slug or old_slug == new_slug:
        return  # gone from the table meanwhile, or unchanged (save() fills an empty slug before this runs)
    kind = ContentType.objects.get_for_model(sender)
    SlugRedirect.objects.update_or_create(content_type=kind, old_slug=old_slug, defaults={"object_id": instance.pk})
    # Back at an address it once had: the page answers there itself, so no redirect should outlive it.
    SlugRedirect.objects.filter(content_type=kind, old_slug=new_slug, object_id=instance.pk).delete()


def page_kind(url_name: str) -> str:
    """The kind of object a slugged page (list or feed, either archive) names: "ar-tag-feed-atom" -> "tag"."""
    return url_name.removeprefix("ar-").split("-feed-")[0]


def redirect_for(url_name: str, kwargs: dict) -> str | None:
    """The same page (list, feed; same archive) of the object that once had ``kwargs["slug"]``, if any."""
    model = SLUG_PAGES.get(page_kind(url_name))
    if model is None:
        return None
    redirect = (
        SlugRedirect.objects.filter(content_type=ContentType.objects.get_for_model(model), old_slug=kwargs["slug"])
        .only("object_id")
        .first()
    )
    if redirect is None:
        return None
    slug = model.objects.filter(pk=redirect.object_id).values_list("slug", flat=True).first()
    return reverse(f"articles:{url_name}", kwargs={**kwargs, "slug": slug}) if slug else None


class OldSlugRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = request.resolver_match
        if response.status_code != 404 or match is None or match.namespace != "articles" or "slug" not in match.kwargs:
            return response
        location = redirect_for(match.url_name, match.kwargs)
        return HttpResponsePermanentRedirect(location) if location else response
