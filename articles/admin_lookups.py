"""Changelist query strings hold only the lookups the list itself sends: its filters and its date drill-down.

Django's admin lets a query string filter on any lookup of the model's own fields, and
turns a lookup it cannot build into "?e=1"; one it builds but the database then refuses
answered 500 on every list: ``?headline__regex=(`` (DataError), ``?headline__range=1``
(IndexError while writing the SQL), ``?markers__exact=x`` (an array literal), and
``?modified_at__year=-5`` or ``?observed_at__iso_year=99999999999``. No page offers those,
so they need not be made safe one by one: anything else is Django's
DisallowedModelAdminLookup, a 400.
"""

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.http import HttpRequest

from .timestamps import offset_is_storable

# What Django's field filters send: ChoicesFieldListFilter and BooleanFieldListFilter "exact" and "isnull",
# DateFieldListFilter "gte", "lt" and "isnull", EmptyFieldListFilter "isempty" (RelatedFieldListFilter below).
FIELD_FILTER_LOOKUPS = ("exact", "isnull", "gte", "lt", "isempty")
DRILL_DOWN_PARTS = ("year", "month", "day")


class ListedLookupsOnly:
    """A ModelAdmin whose list answers only the lookups its list filters and date drill-down offer."""

    # Lookups the list no longer offers that links and bookmarks may still hold.
    kept_lookups: tuple[str, ...] = ()

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest) -> bool:
        return (
            lookup in self.offered_lookups(request)
            and self.storable(lookup, value)
            and super().lookup_allowed(lookup, value, request)
        )

    def storable(self, lookup: str, value: str) -> bool:
        """Whether PostgreSQL can compare a date filter's value: Python reads a UTC offset to 23:59, PostgreSQL to
        15:59 ("?published_at__gte=2026-10-01T00:00%2B16:00" was a DataError, a 500)."""
        try:
            field = get_fields_from_path(self.model, lookup.rsplit("__", 1)[0])[-1]
        except FieldDoesNotExist:  # a SimpleListFilter's own parameter ("attention")
            return True
        if not isinstance(field, models.DateTimeField):
            return True
        try:
            moment = field.to_python(value)
        except ValidationError:
            return True  # not a date at all: Django's own "?e=1"
        return moment is None or offset_is_storable(moment, written=value)

    def offered_lookups(self, request: HttpRequest) -> set[str]:
        offered = set(self.kept_lookups)
        if self.date_hierarchy:
            offered |= {f"{self.date_hierarchy}__{part}" for part in DRILL_DOWN_PARTS}
        for item in self.get_list_filter(request):
            if isinstance(item, type) and issubclass(item, admin.SimpleListFilter):
                offered.add(item.parameter_name)
                continue
            path = item[0] if isinstance(item, list | tuple) else item
            offered |= {f"{path}__{lookup}" for lookup in FIELD_FILTER_LOOKUPS}
            field = get_fields_from_path(self.model, path)[-1]
            if field.is_relation:  # RelatedFieldListFilter: "section__id__exact"
                offered.add(f"{path}__{field.target_field.name}__exact")
        return offered
