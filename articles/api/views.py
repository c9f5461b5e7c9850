"""The API's endpoints: stories (filtered, paged by cursor), one story, authors, one author, sections, the schema.

Each runs a fixed number of queries whatever it lists (tests/test_api.py holds
the bound with assertNumQueries), and none counts a table or uses OFFSET.
"""

from __future__ import annotations

import functools
import json

from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponsePermanentRedirect, QueryDict
from django.urls import Resolver404, resolve, reverse

from .. import story
from ..models import Article, Author, Section, SlugRedirect, Tombstone
from ..paging import paginate
from . import representation
from .filters import AuthorPagingForm, PagingForm, StoryFilter
from .representation import Links, Relations
from .responses import ApiError, BadParameters, api_view, json_bytes_response, json_response
from .schema import DOCUMENT
from .sources import source_for


def check_parameters(query: QueryDict, allowed: set[str]) -> None:
    """Refuse a parameter the endpoint does not know (a typo would silently list everything) or one given twice."""
    errors = {}
    for name, values in query.lists():
        if name not in allowed:
            errors[name] = [f"Unknown parameter; this endpoint takes: {', '.join(sorted(allowed)) or 'none'}."]
        elif len(values) > 1:
            errors[name] = ["Given more than once."]
    if errors:
        raise BadParameters(errors)


def form_errors(*forms) -> dict[str, list[str]]:
    return {name: [str(message) for message in messages] for form in forms for name, messages in form.errors.items()}


def next_url(request, cursor: str | None) -> str | None:
    """The address of the next page: this request's, with the cursor moved on."""
    if cursor is None:
        return None
    query = QueryDict(mutable=True)
    query.update({name: value for name, value in request.GET.items() if value})  # an empty one is no filter
    query["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@api_view
def story_list(request):
    filters = StoryFilter(request.GET, queryset=Article.objects.published())
    paging = PagingForm(request.GET)
    check_parameters(request.GET, {*filters.filters, *paging.fields})
    if not (filters.is_valid() & paging.is_valid()):  # both, so that every bad parameter is named at once
        raise BadParameters(form_errors(filters.form, paging))
    cleaned = filters.form.cleaned_data
    page = paginate(
        source_for(filters.qs, cleaned),
        after=paging.cleaned_data["cursor"],
        size=paging.cleaned_data["limit"],
        prefetch=False,
    )
    links, relations = Links(request), Relations.of([article.pk for article in page.items])
    return json_response(
        {
            "results": [representation.story_summary(article, relations, links) for article in page.items],
            "next": next_url(request, page.older),
        }
    )


def gone_or_missing(pk: int) -> ApiError:
    """A story that is not public: 410 if it was deleted after it was public, 404 otherwise (drafts included)."""
    tombstone = Tombstone.objects.filter(pk=pk).only("deleted_at").first()
    if tombstone is not None:
        return ApiError(410, f"Story {pk} was deleted from the archive.", deleted_at=tombstone.deleted_at)
    return ApiError(404, f"No published story has the id {pk}.")


@api_view
def story_detail(request, pk: int):
    check_parameters(request.GET, set())
    article = (
        Article.objects.exclude(status=Article.Status.DRAFT)
        .select_related("section")
        .prefetch_related("related_links__target")
        .filter(pk=pk)
        .first()
    )
    if article is None:
        raise gone_or_missing(pk)
    if article.status == Article.Status.WITHDRAWN:
        withdrawal = story.withdrawal(article)
        raise ApiError(
            410,
            f"Story {pk} was withdrawn." + (f" {withdrawal.reason}" if withdrawal.reason else ""),
            withdrawn_at=withdrawal.at,
        )
    data = representation.story_detail(
        article, Links(request), check_also=story.check_also(article), translations=story.translations(article)
    )
    return json_response(data)


@api_view
def author_list(request):
    """Authors by slug, a page at a time: the slug's unique index serves the order and the cursor."""
    paging = AuthorPagingForm(request.GET)
    check_parameters(request.GET, set(paging.fields))
    if not paging.is_valid():
        raise BadParameters(form_errors(paging))
    limit, after = paging.cleaned_data["limit"], paging.cleaned_data["cursor"]
    authors = Author.objects.order_by("slug")
    if after is not None:
        authors = authors.filter(slug__gt=after)
    rows, links = list(authors.only("name", "slug")[: limit + 1]), Links(request)
    more = len(rows) > limit
    rows = rows[:limit]
    return json_response(
        {
            "results": [representation.author(author.name, author.slug, links) for author in rows],
            "next": next_url(request, AuthorPagingForm.encode(rows[-1].slug) if more else None),
        }
    )


@api_view
def author_detail(request, slug: str):
    check_parameters(request.GET, set())
    author = Author.objects.filter(slug=slug).first()
    if author is None:
        # A merged author's old slug leads to the author it became, as its page on the site does.
        moved = SlugRedirect.objects.filter(content_type=ContentType.objects.get_for_model(Author), old_slug=slug)
        target = Author.objects.filter(pk__in=moved.values("object_id")).first()
        if target is not None:
            return HttpResponsePermanentRedirect(reverse("api:author", kwargs={"slug": target.slug}))
        raise ApiError(404, "No author has that slug.")
    return json_response(representation.author_detail(author, Links(request)))


@api_view
def section_list(request):
    """Every section (a short list the editors keep), by name."""
    check_parameters(request.GET, set())
    links = Links(request)
    return json_response(
        {"results": [representation.section(section, links) for section in Section.objects.order_by("name", "pk")]}
    )


@functools.cache
def schema_document() -> bytes:
    return json.dumps(DOCUMENT, ensure_ascii=False, indent=1).encode()


@api_view
def openapi_schema(request):
    check_parameters(request.GET, set())
    return json_bytes_response(schema_document())


@api_view
def not_found(request, rest: str = ""):
    # The catch-all resolves every path, so CommonMiddleware's APPEND_SLASH never fires: the same redirect, here.
    if not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "not-found":
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(request.path + "/" + (f"?{query}" if query else ""))
    raise ApiError(404, "No such endpoint: see /api/v1/openapi.json.")
