"""The search pages: the readers' /search/ (published stories) and the staff's /staff/search/ (everything).

Both read their query string through a FilterSet (articles/search_forms.py), run
``articles.search.search`` and draw its Results: highlighted hits, a count, facets that
add (or remove) their filter, page numbers and "did you mean". Every link keeps every
other field of the query string. The staff page's exports, saved searches and feeds
are in articles/staff_search.py.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from .languages import activate_for
from .models import SavedSearch
from .search import Results, matches_by_period, search
from .search_chart import matches_chart
from .search_forms import FILTER_NAMES, STAFF_FILTER_NAMES, SearchFilterSet, StaffSearchFilterSet
from .text import clean_line

FACET_KEYS = ("section", "author", "place", "year", "language")
# Page links either side of the current page.
PAGE_WINDOW = 3


def query_string(params: dict[str, str], **changes: str | None) -> str:
    """ "?q=...&section=..." from ``params`` with ``changes`` (None removes a key); empty values left out."""
    merged = {**params, **changes}
    kept = {key: value for key, value in merged.items() if value not in (None, "")}
    return "?" + urlencode(kept) if kept else "?"


class SearchView(TemplateView):
    """The readers' search over published stories, in the archive's language ("en" or "ar")."""

    template_name = "articles/search.html"
    archive = "en"
    filterset_class = SearchFilterSet
    staff = False

    def known_params(self) -> dict[str, str]:
        """The query string's fields this page knows (the rest is dropped from every link), page left out."""
        names = ("q", "order", *FILTER_NAMES, *(STAFF_FILTER_NAMES if self.staff else ()))
        return {name: self.request.GET[name] for name in names if self.request.GET.get(name, "") != ""}

    def get_context_data(self, **kwargs):
        activate_for(self.archive)
        filterset = self.filterset_class(self.request.GET)
        messages = filterset.problems()
        text, filters = filterset.text(), filterset.search_filters()
        results = None
        if text.strip() or not filters.is_empty():
            results = search(
                text, filters=filters, order=filterset.search_order(), staff=self.staff, page=filterset.page_number()
            )
            messages += list(results.messages)
        params = self.known_params()
        context = super().get_context_data(**kwargs)
        context.update(
            form=filterset.form,
            query=text,
            # The query in the page's <title>: without the bidi controls that would turn it, and the site's name
            # after it, around ("\u202eabc" showed "evihcra moorsweN · cba").
            title_query=clean_line(text),
            results=results,
            problems=messages,
            params=params,
            facets=self.facet_links(results, params) if results else [],
            active_filters=self.active_filters(filterset, params),
            pages=self.page_links(results, params) if results else [],
            suggestion_url=query_string(params, q=results.suggestion) if results and results.suggestion else "",
            search_url=self.request.path,
            first_number=(results.page - 1) * results.per_page + 1 if results else 1,
            staff=self.staff,
        )
        return context

    def facet_links(self, results: Results, params: dict[str, str]) -> list[dict]:
        """Each facet's values as links that add their filter (or, when selected, take it away)."""
        titles = {
            "section": _("Section"),
            "author": _("Author"),
            "place": _("Place"),
            "year": _("Year"),
            "language": _("Language"),
        }
        groups = []
        for key in FACET_KEYS:
            values = results.facets.get(key) or []
            if not values:
                continue
            links = [
                {
                    "facet": value,
                    "url": query_string(params, **{key: None if value.selected else value.value}),
                }
                for value in values
            ]
            groups.append({"key": key, "title": titles[key], "links": links})
        return groups

    def active_filters(self, filterset, params: dict[str, str]) -> list[dict]:
        """The filters in force, each with the link that removes it."""
        form = filterset.form
        active = []
        for name in (*FILTER_NAMES, *(STAFF_FILTER_NAMES if self.staff else ())):
            if name in params and name in form.fields and name not in form.errors:
                label = form.fields[name].label or name
                active.append({"label": label, "value": params[name], "url": query_string(params, **{name: None})})
        return active

    def page_links(self, results: Results, params: dict[str, str]) -> list[dict]:
        last = results.last_page or results.page
        if last <= 1:
            return []
        numbers = sorted(
            {1, last, *range(max(1, results.page - PAGE_WINDOW), min(last, results.page + PAGE_WINDOW) + 1)}
        )
        links, previous = [], 0
        for number in numbers:
            if number - previous > 1:
                links.append({"gap": True})
            links.append(
                {
                    "number": number,
                    "url": query_string(params, page=str(number) if number > 1 else None),
                    "current": number == results.page,
                }
            )
            previous = number
        return links


class StaffRequiredMixin(AccessMixin):
    """Logged-in staff only: anyone else is sent to log in, and a logged-in non-staff user is refused (403)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not (request.user.is_active and request.user.is_staff):
            raise PermissionDenied("Staff only.")
        return super().dispatch(request, *args, **kwargs)


class StaffSearchView(StaffRequiredMixin, SearchView):
    """The readers' page over every story, with the staff's filters, chart, exports and saved searches."""

    template_name = "articles/staff_search.html"
    filterset_class = StaffSearchFilterSet
    staff = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        results = context["results"]
        if results is not None and results.total:
            filterset = StaffSearchFilterSet(self.request.GET)
            filters = filterset.search_filters()
            periods, estimated = matches_by_period(context["query"], filters=filters, staff=True, year=filters.year)
            by = _("month") if filters.year else _("year")
            description = _("%(count)s periods; the table below gives each figure.") % {"count": len(periods)}
            if estimated:
                description += " " + _("Estimated from a sample of the archive.")
            context["chart_periods"] = periods
            context["chart_estimated"] = estimated
            context["chart"] = matches_chart(
                periods, title=_("Matches by %(period)s") % {"period": by}, description=description
            )
        params = context["params"]
        context["export_csv"] = reverse("articles:staff-search-export", kwargs={"format": "csv"}) + query_string(params)
        context["export_jsonl"] = reverse("articles:staff-search-export", kwargs={"format": "jsonl"}) + query_string(
            params
        )
        context["saved_searches"] = SavedSearch.objects.filter(owner=self.request.user)
        context["saved_params"] = {key: value for key, value in params.items() if key != "q"}
        return context
