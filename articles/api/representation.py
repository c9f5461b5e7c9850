"""What the API says about each object: plain dicts, every link absolute.

The shapes are the schemas of schema.py (Story, StorySummary, Author, Section,
Subject): change one, change the other; tests/test_api.py holds them together.

A page of 100 stories names some 700 addresses and 500 authors, places and tags,
so both are made cheaply: ``Links`` resolves each kind of address once per
process (an address is a pure function of the view and its arguments) and joins
it to the request's origin, and ``Relations`` reads the stories' authors, places
and tags as plain rows, one query for the whole page, without the cost of a
model instance per row (measured at a million stories: 45 ms a page of 20 with
prefetch_related and reverse() per link, most of it in Python).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import connection
from django.urls import get_script_prefix, reverse

from ..models import Article, Author, Byline, Place, RelatedLink, Section, Tag


@functools.lru_cache(maxsize=65_536)
def _path(view_name: str, prefix: str, **kwargs) -> str:
    # ``prefix`` (the script prefix reverse() puts first) is part of the key, not used here.
    return reverse(view_name, kwargs=kwargs)


class Links:
    """The absolute addresses one response names, on the origin (scheme and host) the request came to."""

    def __init__(self, request):
        self.origin = request.build_absolute_uri("/").removesuffix("/")
        self.prefix = get_script_prefix()

    def to(self, view_name: str, **kwargs) -> str:
        return self.origin + _path(view_name, self.prefix, **kwargs)

    def story(self, pk: int, slug: str) -> str:
        return self.to("articles:detail", pk=pk, slug=slug)

    def api_story(self, pk: int) -> str:
        return self.to("api:story", pk=pk)


@dataclass
class Relations:
    """The authors (in byline order), places and tags of some stories, as (name, slug) pairs by story id."""

    authors: dict[int, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    places: dict[int, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    tags: dict[int, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def of(cls, pks: list[int]) -> Relations:
        """One query, whatever the number of stories; none for none."""
        relations = cls()
        if not pks:
            return relations
        into = [relations.authors, relations.places, relations.tags]
        with connection.cursor() as cursor:
            cursor.execute(_RELATIONS_SQL, {"pks": list(pks)})
            for kind, pk, name, slug, _, _ in cursor.fetchall():
                into[kind][pk].append((name, slug))
        return relations


def _relations_sql() -> str:
    """Bylines in their order, then places and tags by name as the site shows them (Place's and Tag's ordering)."""
    parts = []
    for kind, (join, subject, column, order) in enumerate(
        [
            (Byline._meta.db_table, Author._meta.db_table, "author_id", "j.position"),
            (Article.places.through._meta.db_table, Place._meta.db_table, "place_id", "0"),
            (Article.tags.through._meta.db_table, Tag._meta.db_table, "tag_id", "0"),
        ]
    ):
        select = f"SELECT {kind} AS kind, j.article_id, s.name, s.slug, {order} AS place_in_order, s.id"
        parts.append(f"{select} FROM {join} j JOIN {subject} s ON s.id = j.{column} WHERE j.article_id = ANY(%(pks)s)")
    # Table and column names are our models'; the ids go as a parameter.
    return " UNION ALL ".join(parts) + " ORDER BY kind, article_id, place_in_order, name, id"


_RELATIONS_SQL = _relations_sql()


def subject(view_name: str, name: str, slug: str, links: Links) -> dict:
    """A place or tag: its name, slug and its page on the site."""
    return {"name": name, "slug": slug, "url": links.to(view_name, slug=slug)}


def section(obj: Section | None, links: Links) -> dict | None:
    if obj is None:
        return None
    return {
        "name": obj.name,
        "name_ar": obj.name_ar or None,
        "slug": obj.slug,
        "url": links.to("articles:section", slug=obj.slug),
        "stories": f"{links.to('api:stories')}?{urlencode({'section': obj.slug})}",
    }


def author(name: str, slug: str, links: Links) -> dict:
    return {
        "name": name,
        "slug": slug,
        "url": links.to("articles:author", slug=slug),
        "api_url": links.to("api:author", slug=slug),
    }


def author_detail(obj: Author, links: Links) -> dict:
    return {
        **author(obj.name, obj.slug, links),
        "bio": obj.bio,
        "stories": f"{links.to('api:stories')}?{urlencode({'author': obj.slug})}",
    }


def story_reference(article: Article, links: Links) -> dict:
    """Another story named from this one (a translation): enough to show a link and fetch it."""
    return {
        "id": article.pk,
        "headline": article.headline,
        "language": article.language,
        "url": links.story(article.pk, article.slug),
        "api_url": links.api_story(article.pk),
    }


def dateline(places: list[tuple[str, str]], agency: str) -> str:
    """As Article.dateline prints it, from the places already read: "Damascus/Hasaka, SANA"."""
    names = "/".join(name for name, _ in places)
    return f"{names}, {agency}" if names and agency else names or agency


def story_summary(article: Article, relations: Relations, links: Links) -> dict:
    """A story as a list shows it: everything but its body, links and translations (its section selected)."""
    places = relations.places.get(article.pk, [])
    return {
        **story_reference(article, links),
        "slug": article.slug,
        "published_at": article.published_at,
        "updated_at": article.updated_at,
        "section": section(article.section, links),
        "authors": [author(name, slug, links) for name, slug in relations.authors.get(article.pk, [])],
        "places": [subject("articles:place", name, slug, links) for name, slug in places],
        "tags": [subject("articles:tag", name, slug, links) for name, slug in relations.tags.get(article.pk, [])],
        "agency": article.agency,
        "dateline": dateline(places, article.agency),
        "summary": article.summary,
    }


def check_also_link(link: RelatedLink, links: Links) -> dict:
    """A Check Also link: its story's address, or null while that story is not yet in the archive."""
    target = link.target
    return {
        "title": link.title or target.headline,
        "url": links.story(target.pk, target.slug) if target is not None else None,
        "api_url": links.api_story(target.pk) if target is not None else None,
    }


def story_detail(article: Article, links: Links, *, check_also: list[RelatedLink], translations: list[Article]) -> dict:
    return {
        **story_summary(article, Relations.of([article.pk]), links),
        "status": article.status,
        # Sanitized with nh3 when it was saved (articles/sanitize.py): HTML a partner may show as it is.
        "body": article.body,
        "check_also": [check_also_link(link, links) for link in check_also],
        "translations": [story_reference(other, links) for other in translations],
    }
