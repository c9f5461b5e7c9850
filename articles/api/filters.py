"""The stories list's filters (django-filter) and the lists' paging parameters: each error names its parameter."""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime

import django_filters
from django import forms
from django.conf import settings
from django.utils.dateparse import parse_date, parse_datetime

from ..models import Author, Place, Section, Tag
from ..paging import InvalidCursor, Position
from ..search_forms import MAX_QUERY_LENGTH
from ..timestamps import OFFSET_MESSAGE, offset_is_storable

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


class DateOrDateTimeField(forms.Field):
    """An ISO 8601 date ("2026-10-01": midnight UTC) or date and time ("2026-10-01T09:30+03:00"; UTC if no offset)."""

    default_error_messages = {
        "invalid": "Enter an ISO 8601 date (2026-10-01) or date and time (2026-10-01T09:30:00Z).",
        "offset": OFFSET_MESSAGE,
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value).strip()
        try:
            day = parse_date(value)
            if day is not None:
                return datetime(day.year, day.month, day.day, tzinfo=UTC)
            moment = parse_datetime(value)
        except ValueError:  # well-formed but impossible: 2026-02-30, hour 25, offset of 30 hours
            moment = None
        if moment is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if not offset_is_storable(moment, written=value):
            raise forms.ValidationError(self.error_messages["offset"], code="offset")
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class DateOrDateTimeFilter(django_filters.Filter):
    field_class = DateOrDateTimeField


def subject_filter(model, field_name: str, noun: str) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=model.objects.all(),
        to_field_name="slug",
        error_messages={"invalid_choice": f"No {noun} has the slug “%(value)s”."},
    )


class StoryFilter(django_filters.FilterSet):
    """The filters of /api/v1/stories/, over published stories; combined, they all apply (AND).

    The queryset they make is the exact answer; ``sources.source_for`` then finds a
    fast way through it for paging (a join table's list index for author, tag and place).
    """

    # Half-open, as the date archives are: published_after <= published_at < published_before.
    published_after = DateOrDateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = DateOrDateTimeFilter(field_name="published_at", lookup_expr="lt")
    section = subject_filter(Section, "section", "section")
    author = subject_filter(Author, "bylines__author", "author")
    place = subject_filter(Place, "places", "place")
    tag = subject_filter(Tag, "tags", "tag")
    language = django_filters.ChoiceFilter(
        choices=settings.STORY_LANGUAGES,
        error_messages={"invalid_choice": "“%(value)s” is not a language of the archive."},
    )
    # The search page's box: words, "phrases", OR, -exclusions and fields (author:, from:, ...), as it reads them.
    q = django_filters.CharFilter(
        method="matching",
        max_length=MAX_QUERY_LENGTH,
        error_messages={"max_length": f"Keep the search under {MAX_QUERY_LENGTH:,} characters."},
    )

    def matching(self, queryset, name, value):
        return queryset.search(value, page_by_page=True) if value.strip() else queryset


class PagingForm(forms.Form):
    """``cursor``: the opaque position a ``next`` link carries; ``limit``: items per page (1-100, 20 by default).

    The cursor is a story's Position (articles/paging.py); ``cleaned_data["cursor"]`` is the token, checked.
    """

    cursor = forms.CharField(required=False, strip=False)
    limit = forms.IntegerField(required=False, min_value=1, max_value=MAX_LIMIT)

    def decode(self, token: str):
        Position.decode(token)
        return token

    def clean_cursor(self):
        token = self.cleaned_data["cursor"]
        if not token:
            return None
        try:
            return self.decode(token)
        except InvalidCursor as error:
            raise forms.ValidationError(str(error), code="invalid") from None

    def clean_limit(self) -> int:
        return self.cleaned_data["limit"] or DEFAULT_LIMIT


class AuthorPagingForm(PagingForm):
    """The authors list pages by slug (its unique index): the cursor is the last slug shown, made opaque.

    ``cleaned_data["cursor"]`` is that slug.
    """

    @staticmethod
    def encode(slug: str) -> str:
        return base64.urlsafe_b64encode(slug.encode()).decode().rstrip("=")

    def decode(self, token: str) -> str:
        try:
            slug = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        except (binascii.Error, UnicodeDecodeError, ValueError):
            slug = ""
        if not slug or len(slug) > Author._meta.get_field("slug").max_length or "\x00" in slug:
            raise InvalidCursor("This paging link is damaged: open the list from its first page.")
        return slug
