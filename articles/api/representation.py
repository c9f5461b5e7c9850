"""What the API says about each object: plain dicts, every link absolute, read from what views have prefetched.

The shapes are the schemas of openapi.json (Story, StorySummary, Author, Section,
Subject): change one, change the other; tests/test_api.py holds them together.
"""

from __future__ import annotations

from django.urls import reverse

from ..models import Article, Author, RelatedLink, Section


def subject(obj, request) -> dict:
    """A place or tag: its name, slug and its page on the site."""
    return {"name": obj.name, "slug": obj.slug, "url": request.build_absolute_uri(obj.get_absolute_url())}


def section(obj: Section | None, request) -> dict | None:
    if obj is None:
        return None
    return {
        "name": obj.name,
        "name_ar": obj.name_ar or None,
        "slug": obj.slug,
        "url": request.build_absolute_uri(obj.get_absolute_url()),
        "stories": request.build_absolute_uri(f"{reverse('api:stories')}?section={obj.slug}"),
    }


def author(obj: Author, request) -> dict:
    return {
        "name": obj.name,
        "slug": obj.slug,
        "url": request.build_absolute_uri(obj.get_absolute_url()),
        "api_url": request.build_absolute_uri(reverse("api:author", kwargs={"slug": obj.slug})),
    }


def author_detail(obj: Author, request) -> dict:
    return {
        **author(obj, request),
        "bio": obj.bio,
        "stories": request.build_absolute_uri(f"{reverse('api:stories')}?author={obj.slug}"),
    }


def story_reference(article: Article, request) -> dict:
    """Another story named from this one (a translation): enough to show a link and fetch it."""
    return {
        "id": article.pk,
        "headline": article.headline,
        "language": article.language,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "api_url": request.build_absolute_uri(reverse("api:story", kwargs={"pk": article.pk})),
    }


def story_summary(article: Article, request) -> dict:
    """A story as a list shows it: everything but its body, links and translations.

    Needs the story's section, places, tags and bylines' authors prefetched.
    """
    return {
        **story_reference(article, request),
        "slug": article.slug,
        "published_at": article.published_at,
        "updated_at": article.updated_at,
        "section": section(article.section, request),
        "authors": [author(byline.author, request) for byline in article.bylines.all()],
        "places": [subject(place, request) for place in article.places.all()],
        "tags": [subject(tag, request) for tag in article.tags.all()],
        "agency": article.agency,
        "dateline": article.dateline,
        "summary": article.summary,
    }


def check_also_link(link: RelatedLink, request) -> dict:
    """A Check Also link: its story's address, or null while that story is not yet in the archive."""
    url = request.build_absolute_uri(link.target.get_absolute_url()) if link.target is not None else None
    api_url = request.build_absolute_uri(reverse("api:story", kwargs={"pk": link.target_id})) if url else None
    return {"title": link.title or link.target.headline, "url": url, "api_url": api_url}


def story_detail(article: Article, request, *, links: list[RelatedLink], translations: list[Article]) -> dict:
    return {
        **story_summary(article, request),
        "status": article.status,
        # Sanitized with nh3 when it was saved (articles/sanitize.py): HTML a partner may show as it is.
        "body": article.body,
        "check_also": [check_also_link(link, request) for link in links],
        "translations": [story_reference(other, request) for other in translations],
    }
