"""A paginator for admin lists of a million rows: exact counts while they are cheap, PostgreSQL's estimate after.

Django's admin counts the whole filtered list on every page, which at a million
stories reads them all. Counting is cheap up to a few thousand rows, and an editor
needs no exact figure beyond that: this paginator counts at most
``EXACT_COUNT_LIMIT + 1`` rows, and above that asks the planner (the table's
``reltuples`` when the list is unfiltered, else the row estimate of ``EXPLAIN``).
Small tables, and every test, get exact counts.
"""

import json

from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, Paginator
from django.db import connections
from django.db.models import Value
from django.utils.functional import cached_property

EXACT_COUNT_LIMIT = 10_000
# Up to this many matches the page is taken from their ids (see page()); more ids cost more than they save.
PAGE_FROM_IDS_LIMIT = 5_000


class EstimatedCountPaginator(Paginator):
    """``count`` is exact up to ``EXACT_COUNT_LIMIT``, an estimate above it (then ``count_is_estimate``)."""

    exact_count_limit = EXACT_COUNT_LIMIT
    count_is_estimate = False
    matching_ids: list | None = None  # all of a filtered list's ids, when it has no more than the limit

    @cached_property
    def count(self) -> int:
        queryset = self.object_list.order_by()
        self.count_is_estimate = False
        # A search that knows it has more matches than are counted (admin_search: a prolific author's name).
        at_least = getattr(queryset.query, "matches_at_least", 0)
        if at_least > self.exact_count_limit:
            self.count_is_estimate = True
            return at_least
        if not queryset.query.where:
            estimate = table_estimate(queryset)
            if estimate > self.exact_count_limit:
                self.count_is_estimate = True
                return estimate
        counted = count_up_to(self.object_list, self.exact_count_limit + 1)
        if counted <= self.exact_count_limit:
            if queryset.query.where and counted <= PAGE_FROM_IDS_LIMIT:
                self.matching_ids = list(queryset.values_list("pk", flat=True))
            return counted
        self.count_is_estimate = True
        return max(plan_estimate(queryset), counted)

    def validate_number(self, number):
        try:
            return super().validate_number(number)
        except EmptyPage:
            # Past an estimated end there may still be rows: show what is there, not an error. Not twice as far
            # as the estimate says, though: "?p=999999999" read the whole million-row list to find none (0.9 s).
            if self.count_is_estimate and 1 < int(number) <= 2 * self.num_pages:
                return int(number)
            raise

    def page(self, number):
        self.count  # noqa: B018 - counting first says whether the count is an estimate
        if self.matching_ids is not None:
            # A few thousand matches (a rare word): PostgreSQL would rather walk the
            # list's order index hoping to meet them soon, and reads far more rows than match. Taking
            # the page from the ids it just found makes it sort only those.
            number = self.validate_number(number)
            bottom = (number - 1) * self.per_page
            top = bottom + self.per_page
            if top + self.orphans >= self.count:
                top = self.count
            return self._get_page(self.object_list.filter(pk__in=self.matching_ids)[bottom:top], number, self)
        if not self.count_is_estimate:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)


def count_up_to(queryset, limit: int) -> int:
    """How many rows ``queryset`` has, counting no further than ``limit``.

    It selects a constant, not the id, so PostgreSQL can count from the filter's
    index alone (an index-only scan) instead of visiting each row. The answer is
    kept on the queryset: the admin's list counts it for its paginator, then
    again for its date drill-down.
    """
    if getattr(queryset.query, "matches_at_least", 0) >= limit:
        return limit  # a search that knows it has more (admin_search: a prolific author's name)
    known = queryset.__dict__.setdefault("_counted_up_to", {})
    if limit not in known:
        try:
            sql, params = queryset.order_by().annotate(one=Value(1)).values("one")[:limit].query.sql_with_params()
        except EmptyResultSet:  # .none(), or a filter that cannot match: Django writes no SQL for it
            known[limit] = 0
            return 0
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({sql}) AS counted", params)  # noqa: S608 - Django's own SQL
            known[limit] = cursor.fetchone()[0]
    return known[limit]


def known_count(queryset, limit: int) -> int | None:
    """What ``count_up_to(queryset, limit)`` already answered for this queryset, without counting; None if not asked."""
    return queryset.__dict__.get("_counted_up_to", {}).get(limit)


def table_estimate(queryset) -> int:
    """Rows in the queryset's table by the last ANALYZE or VACUUM; -1 if never analysed."""
    with connections[queryset.db].cursor() as cursor:
        table = queryset.model._meta.db_table
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [table])
        row = cursor.fetchone()
    return row[0] if row else -1


def plan_estimate(queryset) -> int:
    """The planner's estimate of how many rows ``queryset`` returns."""
    sql, params = queryset.values("pk").query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])
