"""The story admin's date drill-down without reading every story.

Django's ``date_hierarchy`` asks ``queryset.datetimes(field, "year")`` (or month,
or day), a ``SELECT DISTINCT date_trunc(...)`` over every matching story: at a
million stories that reads them all to print sixteen years. The same list comes
from the date index with one small query per year (month, day) found: the first
story on or after the start of the year, then on or after the start of the next
year it is in, and so on. A filtered list of a few thousand stories (a search for a
rare word) is cheaper read than walked: its dates are read once, for its first and
last and for the years, months and days the drill-down then asks for.
"""

from dataclasses import dataclass
from datetime import MAXYEAR, datetime, timedelta

from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Max, Min, QuerySet
from django.utils import timezone

from .admin_paginator import known_count
from .models import ArticleQuerySet

KINDS = ("year", "month", "day")
SMALL = 10_000


@dataclass(frozen=True)
class FewDates:
    """A small list's first and last dates, and the start of each year, month and day it has a story in."""

    first: datetime | None
    last: datetime | None
    starts: dict[str, list[datetime]]


def truncate(moment: datetime, kind: str) -> datetime:
    """The start of the year, month or day ``moment`` (a naive local time) is in."""
    moment = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if kind in ("year", "month"):
        moment = moment.replace(day=1)
    if kind == "year":
        moment = moment.replace(month=1)
    return moment


def following(start: datetime, kind: str) -> datetime | None:
    """The start of the year, month or day after the one ``start`` (naive, local) begins; None after the last one
    a datetime can hold (a story stored as 9999-12-31 before the admin refused such dates)."""
    try:
        if kind == "year":
            return start.replace(year=start.year + 1)
        if kind == "month":
            return start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
        return start + timedelta(days=1)
    except (ValueError, OverflowError):
        return None


def check_drill_down(params: dict[str, list[str]], field: str) -> None:
    """Refuse a drill-down (``field__year``, ``__month``, ``__day``) that names no day of the calendar, as Django's
    "?e=1" redirect.

    Django turns it into a range itself, catching only a ValueError of the start: "?published_at__year=9999"
    overflowed on the end of the year, and a year beyond a C int on the start, each a 500. A part given without
    the year is filtered on as it is, so it is bounded too (a day past bigint was PostgreSQL's DataError).
    """
    parts = {kind: params.get(f"{field}__{kind}") for kind in KINDS}
    try:
        numbers = {kind: int(values[-1]) for kind, values in parts.items() if values}
    except ValueError as exc:
        raise IncorrectLookupParameters(exc) from exc
    highest = {"year": MAXYEAR, "month": 12, "day": 31}
    if any(not 1 <= number <= highest[kind] for kind, number in numbers.items()):
        raise IncorrectLookupParameters(f"{field}: no such date {numbers}")
    if "year" not in numbers:
        return
    try:
        start = datetime(numbers["year"], numbers.get("month", 1), numbers.get("day", 1))
    except ValueError as exc:  # the 30th of February
        raise IncorrectLookupParameters(exc) from exc
    if following(start, "day" if "day" in numbers else "month" if "month" in numbers else "year") is None:
        raise IncorrectLookupParameters(f"{field}: {start:%Y-%m-%d} is the calendar's last")


class StoryAdminQuerySet(ArticleQuerySet):
    """Stories as the admin lists them, with a drill-down that walks the date index."""

    def _few_dates(self) -> FewDates | None:
        """A filtered list's dates in one read when it has at most SMALL stories (a rare word), else None.

        The drill-down asks a list for its first and last dates, then for the years (months, days) it spans:
        over a few thousand stories, reading them beats walking the index for each, and one read serves both.
        Asked as MIN/MAX, then DISTINCT, each read every story again: a search of 9,514 matches at a million
        stories spent 66 and 83 ms on them.
        """
        if not self.query.where:
            return None
        if "_dates_read" not in self.__dict__:  # kept on this queryset, which the drill-down asks both questions
            self.__dict__["_dates_read"] = self._read_few_dates()
        return self.__dict__["_dates_read"]

    def _read_few_dates(self) -> FewDates | None:
        counted = known_count(self, SMALL + 1)  # by the paginator, which counts the same list first
        if getattr(self.query, "matches_at_least", 0) > SMALL or (counted is not None and counted > SMALL):
            return None
        dates = self.prefetch_related(None).order_by().values_list("published_at", flat=True)
        try:
            sql, params = dates.query.sql_with_params()
        except EmptyResultSet:  # .none(), or a filter that cannot match: Django writes no SQL for it
            return FewDates(first=None, last=None, starts={kind: [] for kind in KINDS})
        truncated = {kind: f"array_agg(DISTINCT date_trunc('{kind}', d AT TIME ZONE %s))" for kind in KINDS}
        with connections[self.db].cursor() as cursor:
            cursor.execute(
                f"SELECT count(*), min(d), max(d), {', '.join(truncated.values())}"  # noqa: S608 - our SQL
                f" FROM ({sql} LIMIT %s) AS m(d)",
                [*[timezone.get_current_timezone_name()] * len(KINDS), *params, SMALL + 1],
            )
            stories, first, last, *starts = cursor.fetchone()
        if stories > SMALL:
            return None
        starts = {
            kind: sorted(timezone.make_aware(start) for start in found or () if start)
            for kind, found in zip(KINDS, starts, strict=True)
        }
        return FewDates(first=first, last=last, starts=starts)

    def aggregate(self, *args, **kwargs):
        """The drill-down's first and last dates (``first=Min``, ``last=Max``) as two walks of the date index, or
        from a small list's one read of its dates (``_few_dates``).

        Over a search's matches, MIN and MAX read every match: 1.0 s for a common word at a million stories.
        The oldest and the newest match are each the first one met walking the index from its end.
        """
        if args or set(kwargs) != {"first", "last"}:
            return super().aggregate(*args, **kwargs)
        first, last = kwargs["first"], kwargs["last"]
        if not (isinstance(first, Min) and isinstance(last, Max)):
            return super().aggregate(*args, **kwargs)
        field = first.source_expressions[0].name
        if field != "published_at" or last.source_expressions[0].name != field:
            return super().aggregate(*args, **kwargs)
        if few := self._few_dates():
            return {"first": few.first, "last": few.last}
        dated = self.prefetch_related(None).exclude(published_at=None).values_list("published_at", flat=True)
        return {"first": dated.order_by("published_at").first(), "last": dated.order_by("-published_at").first()}

    def datetimes(self, field_name: str, kind: str, order: str = "ASC", tzinfo=None) -> list[datetime] | QuerySet:
        if field_name != "published_at" or kind not in KINDS or tzinfo is not None:
            return super().datetimes(field_name, kind, order, tzinfo)
        if few := self._few_dates():
            return few.starts[kind] if order == "ASC" else few.starts[kind][::-1]
        dated = self.prefetch_related(None).exclude(published_at=None).order_by("published_at")
        found, after = [], None
        while True:
            remaining = dated if after is None else dated.filter(published_at__gte=after)
            first = remaining.values_list("published_at", flat=True).first()
            if first is None:
                break
            start = truncate(timezone.localtime(first).replace(tzinfo=None), kind)
            found.append(timezone.make_aware(start))
            after = following(start, kind)
            if after is None:
                break
            after = timezone.make_aware(after)
        return found if order == "ASC" else found[::-1]
