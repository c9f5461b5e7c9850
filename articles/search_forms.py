"""The search pages' forms: every field of the query string validated (django-filter), turned into search Filters.

The FilterSets are used for their forms only: the search itself is ``articles.search.search``,
which reads the box's text and a ``Filters``. An invalid field gives the page a message and
is left out of the search, so a bad date or an unknown section never costs a 500.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import languages
from .models import Article, Section
from .search import Filters, Order

# The engine cuts a query to 500 characters itself, with a message; this only refuses absurd input.
MAX_QUERY_LENGTH = 1000
DATE_ATTRS = {"pattern": "[0-9]{4}-[0-9]{2}-[0-9]{2}", "inputmode": "numeric", "size": "10"}
FILTER_NAMES = ("section", "author", "place", "tag", "language", "date_from", "date_to", "year")
STAFF_FILTER_NAMES = ("status", "source", "pending_check_also")


class MarkedSelect(forms.Select):
    """A <select> whose options say which language their names are in where it is not the page's (a section
    with no Arabic name on the Arabic page: <option lang="en" dir="ltr">), so that a screen reader reads each
    in its own voice. ``language_of(value)`` gives an option's language, "" for the page's own words."""

    def __init__(self, language_of, attrs=None, choices=()):
        super().__init__(attrs, choices)
        self.language_of = language_of

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["attrs"].update(languages.marked(self.language_of(value) if value not in (None, "") else ""))
        return option


def _section_language(value) -> str:
    return value.instance.display_language  # a ModelChoiceIteratorValue


def _story_language_name_language(code: str) -> str:
    return languages.named_language(code)[1]


def _english(value) -> str:
    return "en"


class SearchFilterSet(django_filters.FilterSet):
    """The public page's fields: the box, the filters, the order and the page number."""

    q = django_filters.CharFilter(
        label=_("Search for"),
        max_length=MAX_QUERY_LENGTH,
        error_messages={"max_length": _("Keep the search under 1,000 characters.")},
    )
    section = django_filters.ModelChoiceFilter(
        label=_("Section"),
        queryset=Section.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("Any section"),
        widget=MarkedSelect(_section_language),
    )
    author = django_filters.CharFilter(label=_("Author"), max_length=200)
    place = django_filters.CharFilter(label=_("Place"), max_length=200)
    tag = django_filters.CharFilter(label=_("Tag"), max_length=200)
    language = django_filters.ChoiceFilter(
        label=_("Language"),
        choices=settings.STORY_LANGUAGES,
        empty_label=_("Any"),
        widget=MarkedSelect(_story_language_name_language),
    )
    # Text, not type="date": a bad date typed in the address is shown back as typed, with its message.
    date_from = django_filters.DateFilter(
        label=_("From"), help_text=_("As 2015-09-01."), widget=forms.DateInput(attrs=DATE_ATTRS)
    )
    date_to = django_filters.DateFilter(
        label=_("To"), help_text=_("As 2015-12-31; inclusive."), widget=forms.DateInput(attrs=DATE_ATTRS)
    )
    year = django_filters.NumberFilter(label=_("Year"), widget=forms.HiddenInput)
    order = django_filters.ChoiceFilter(
        label=_("Order"),
        choices=[
            (Order.RELEVANCE, _("Relevance")),
            (Order.NEWEST, _("Newest first")),
            (Order.OLDEST, _("Oldest first")),
        ],
        empty_label=None,
    )
    page = django_filters.NumberFilter(label=_("Page"), widget=forms.HiddenInput)

    class Meta:
        model = Article
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, queryset=Article.objects.none(), **kwargs)
        # Each section by the name the page shows (its Arabic name on Arabic pages, where it has one).
        self.form.fields["section"].label_from_instance = lambda section: section.display_name
        # Whole numbers only: "2015.5" is not a year.
        for name, highest in (("year", 9999), ("page", 10_000)):
            self.form.fields[name] = forms.IntegerField(
                required=False,
                min_value=1,
                max_value=highest,
                label=self.form.fields[name].label,
                widget=forms.HiddenInput,
            )
        # The list offers the languages the archive's stories are written in (and one asked for), not all that a
        # story may be in; any of those is still accepted from the address.
        language = self.form.fields["language"]
        offered = {*languages.written(), *([self.data.get("language")] if self.data else [])}
        language.widget.choices = [
            (code, languages.language_name(code) if code else name)
            for code, name in language.choices
            if not code or code in offered
        ]

    def problems(self) -> list[str]:
        """The form's errors as messages naming their field."""
        form = self.form
        if form.is_valid():
            return []
        messages = []
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else name
            messages += [f"{label}: {error}" for error in errors]
        return messages

    def cleaned(self) -> dict:
        """The valid fields' values (invalid ones left out, as if not given)."""
        form = self.form
        form.is_valid()
        return {name: value for name, value in getattr(form, "cleaned_data", {}).items() if name not in form.errors}

    def text(self) -> str:
        return self.cleaned().get("q") or ""

    def search_order(self) -> Order:
        return Order(self.cleaned().get("order") or Order.RELEVANCE)

    def page_number(self) -> int:
        return self.cleaned().get("page") or 1

    def search_filters(self) -> Filters:
        values = self.cleaned()
        section = values.get("section")
        return Filters(
            section=section.slug if section else "",
            author=values.get("author") or "",
            place=values.get("place") or "",
            tag=values.get("tag") or "",
            language=values.get("language") or "",
            date_from=values.get("date_from"),
            date_to=values.get("date_to"),
            year=values.get("year"),
            **self.staff_filters(values),
        )

    def staff_filters(self, values: dict) -> dict:
        return {}


class StaffSearchFilterSet(SearchFilterSet):
    """The staff page's fields: the public ones, plus status, source and "has a pending Check Also"."""

    # The statuses' names are the model's, in English.
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Article.Status.choices, empty_label=_("Any"), widget=MarkedSelect(_english)
    )
    source = django_filters.CharFilter(
        label=_("Source"), max_length=200, help_text=_("The parser (e.g. jsonl) or part of the file name or URL.")
    )
    pending_check_also = django_filters.BooleanFilter(label=_("Has a pending Check Also"), widget=forms.CheckboxInput)

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.form.fields["pending_check_also"] = forms.BooleanField(
            required=False, label=self.form.fields["pending_check_also"].label
        )

    def staff_filters(self, values: dict) -> dict:
        return {
            "status": values.get("status") or "",
            "source": values.get("source") or "",
            "pending_check_also": bool(values.get("pending_check_also")),
        }
