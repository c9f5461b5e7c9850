"""The staff search's exports (CSV, JSON Lines), saved searches, and each saved search's private Atom feed."""

from __future__ import annotations

import unicodedata

from django import forms
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View

from .feeds import XMLSafeAtomFeed
from .models import Article, SavedSearch
from .search import Order, iter_matches, search
from .search_export import CONTROL, csv_lines, json_lines
from .search_forms import FILTER_NAMES, STAFF_FILTER_NAMES, StaffSearchFilterSet
from .search_views import StaffRequiredMixin, query_string
from .text import clean_line

EXPORT_LIMIT = 100_000
FEED_ITEMS = 50
EXPORTS = {
    "csv": ("text/csv; charset=utf-8", csv_lines),
    "jsonl": ("application/x-ndjson; charset=utf-8", json_lines),
}


class ExportView(StaffRequiredMixin, View):
    """The staff search's matches, newest first unless asked otherwise, streamed as CSV or JSON Lines."""

    def get(self, request, format: str):
        if format not in EXPORTS:
            raise Http404("No such export format.")
        content_type, lines = EXPORTS[format]
        filterset = StaffSearchFilterSet(request.GET)
        if problems := filterset.problems():
            # The page shows the search without the invalid filter, with a message; a file has no room for the
            # message, and exporting the archive unfiltered (drafts and all) is not what was asked.
            return HttpResponseBadRequest(
                "Nothing exported: " + " ".join(problems) + "\n", content_type="text/plain; charset=utf-8"
            )
        text, filters = filterset.text(), filterset.search_filters()
        order = filterset.search_order() if request.GET.get("order") else Order.NEWEST
        articles = iter_matches(text, filters=filters, staff=True, order=order, limit=EXPORT_LIMIT)
        base_url = request.build_absolute_uri("/").rstrip("/")
        response = StreamingHttpResponse(lines(articles, base_url=base_url), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="search.{format}"'
        return response


class SavedSearchForm(forms.Form):
    name = forms.CharField(max_length=200, strip=True)

    def clean_name(self) -> str:
        # A name as the rest of the site keeps text (clean_line): a right-to-left override ("\u202eabc") turned the
        # name, and what followed it, around in the list and in its feed's title, and a name of zero-width or bidi
        # characters only was kept as a name that shows nothing.
        name = clean_line(CONTROL.sub("", self.cleaned_data["name"]))
        if all(unicodedata.category(character) in ("Cf", "Zs") for character in name):  # "\u200c", "\u2066\u2069"
            raise forms.ValidationError("A saved search needs a name.")
        return name


class SaveSearchView(StaffRequiredMixin, View):
    """Keep the search in the query string under a name, for its owner."""

    def post(self, request):
        form = SavedSearchForm(request.POST)
        filterset = StaffSearchFilterSet(request.GET)
        back = reverse("articles:staff-search")
        names = (*FILTER_NAMES, *STAFF_FILTER_NAMES, "order")
        cleaned = filterset.cleaned()
        params = {name: request.GET[name] for name in names if request.GET.get(name, "") != "" and name in cleaned}
        if not form.is_valid() or filterset.problems():
            return HttpResponseRedirect(back + query_string({"q": request.GET.get("q", ""), **params}))
        saved = SavedSearch.objects.create(
            owner=request.user, name=form.cleaned_data["name"], query=filterset.text(), filters=params
        )
        return HttpResponseRedirect(saved.get_absolute_url())


class DeleteSavedSearchView(StaffRequiredMixin, View):
    def post(self, request, pk: int):
        get_object_or_404(SavedSearch, pk=pk, owner=request.user).delete()
        return HttpResponseRedirect(reverse("articles:staff-search"))


class SavedSearchFeed(Feed):
    """A saved search's newest matches as Atom, at an address only its owner knows (feed readers do not log in).

    It shows what the staff page shows (drafts and withdrawn included) while its owner is
    active staff; for anyone else, or a wrong token, there is no such feed.
    """

    feed_type = XMLSafeAtomFeed

    def get_object(self, request, token: str):
        saved = get_object_or_404(SavedSearch.objects.select_related("owner"), feed_token=token)
        if not (saved.owner.is_active and saved.owner.is_staff):
            raise Http404("No such feed.")
        return saved

    def title(self, saved: SavedSearch) -> str:
        return f"Newsroom search: {saved.display_name}"

    def subtitle(self, saved: SavedSearch) -> str:
        # The query as typed, in quotation marks: repr() showed Python's escapes ('\u202e zebrafinch').
        query = clean_line(saved.query)
        return f"The newest stories matching “{query}”" if query else "The newest stories matching"

    def link(self, saved: SavedSearch) -> str:
        return saved.get_absolute_url()

    def items(self, saved: SavedSearch):
        filterset = StaffSearchFilterSet(saved.filters)
        results = search(
            saved.query,
            filters=filterset.search_filters(),
            order=Order.NEWEST,
            staff=True,
            per_page=FEED_ITEMS,
            with_facets=False,
        )
        return results.hits

    def item_title(self, hit) -> str:
        return hit.article.headline

    def item_description(self, hit) -> str:
        return hit.snippet_html

    def item_link(self, hit) -> str:
        article = hit.article
        if article.status == Article.Status.DRAFT:
            return reverse("admin:articles_article_change", args=[article.pk])
        return article.get_absolute_url()

    def item_guid(self, hit) -> str:
        return f"story-{hit.article.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, hit):
        return hit.article.published_at

    def item_updateddate(self, hit):
        return hit.article.updated_at or hit.article.published_at or hit.article.modified_at

    def item_author_name(self, hit) -> str:
        return ", ".join(author.name for author in hit.article.byline_authors())

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response
