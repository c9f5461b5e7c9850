"""Keyset ("cursor") paging for lists of published stories: as fast at depth 50,000 as at the top.

A list is ordered newest first: stories with a date by (published_at DESC, id DESC),
then the few published stories whose date is unknown, by id DESC. A page is found
from the position of the story next to it (``?after=`` for older, ``?before=`` for
newer), never by OFFSET, and nothing counts the list: each page is one or two
index range scans of at most ``size + 1`` rows. The indexes that serve this order
are in ``Article.Meta`` (partial, on published dated stories).

Positions travel as opaque tokens; anything that does not decode to a valid
position is the client's error (400), never a 500.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.exceptions import BadRequest
from django.db import connection
from django.db.models import Q, QuerySet

from .listing import attach_places_and_authors
from .models import Article, Author, Byline, Place, Tag

PAGE_SIZE = 20
# Bigint primary keys; a bigger number cannot be a story.
_MAX_PK = 2**63 - 1
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")
_POSITION = re.compile(r"(?:t(-?\d{1,20})|n):(\d{1,19})")


class InvalidCursor(BadRequest):
    """A paging token that is not one we made (edited, truncated or made up): answered with 400."""


@dataclass(frozen=True)
class Position:
    """Where a story sits in a list: its date (None when unknown) and id."""

    published_at: datetime | None
    pk: int

    @classmethod
    def of(cls, article) -> Position:
        return cls(article.published_at, article.pk)

    def encode(self) -> str:
        if self.published_at is None:
            raw = f"n:{self.pk}"
        else:
            delta = self.published_at - _EPOCH
            micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
            raw = f"t{micros}:{self.pk}"
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> Position:
        if not _TOKEN.fullmatch(token):
            raise InvalidCursor("This paging link is damaged: open the list from its first page.")
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            raise InvalidCursor("This paging link is damaged: open the list from its first page.") from None
        match = _POSITION.fullmatch(raw)
        if not match or not 0 < int(match[2]) <= _MAX_PK:
            raise InvalidCursor("This paging link is damaged: open the list from its first page.")
        published_at = None
        if match[1] is not None:
            try:
                published_at = _EPOCH + timedelta(microseconds=int(match[1]))
            except OverflowError:
                raise InvalidCursor("This paging link points at an impossible date.") from None
        return cls(published_at, int(match[2]))


@dataclass
class Page:
    """One page of a list: its stories and the tokens of the pages either side (None at either end)."""

    items: list
    newer: str | None = None
    older: str | None = None

    @property
    def has_other_pages(self) -> bool:
        return bool(self.newer or self.older)


class StorySource:
    """The stories of one list, and their positions in list order, from an (unordered) queryset of published stories."""

    def __init__(self, queryset: QuerySet):
        self.queryset = queryset.order_by()

    def dated(self, bound: Position | None, *, newer: bool, limit: int) -> list[Position]:
        """Dated stories older than ``bound`` (newest first), or newer (oldest first); from the end when None."""
        rows = self.queryset.filter(published_at__isnull=False)
        if bound is not None and newer:
            # The redundant bound gives the index scan its start; the OR breaks ties on id.
            rows = rows.filter(published_at__gte=bound.published_at).filter(
                Q(published_at__gt=bound.published_at) | Q(pk__gt=bound.pk)
            )
        elif bound is not None:
            rows = rows.filter(published_at__lte=bound.published_at).filter(
                Q(published_at__lt=bound.published_at) | Q(pk__lt=bound.pk)
            )
        order = ("published_at", "pk") if newer else ("-published_at", "-pk")
        return [Position(*row) for row in rows.order_by(*order).values_list("published_at", "pk")[:limit]]

    def undated(self, bound: int | None, *, newer: bool, limit: int) -> list[Position]:
        """Undated stories after the story ``bound`` (by id, descending), or before it (ascending)."""
        rows = self.queryset.filter(published_at__isnull=True)
        if bound is not None:
            rows = rows.filter(pk__gt=bound) if newer else rows.filter(pk__lt=bound)
        pks = rows.order_by("pk" if newer else "-pk").values_list("pk", flat=True)[:limit]
        return [Position(None, pk) for pk in pks]


# The join table and column through which an author's, tag's or place's stories are listed by date.
LISTING_JOINS = {
    Author: (Byline._meta.db_table, "author_id"),
    Tag: (Article.tags.through._meta.db_table, "tag_id"),
    Place: (Article.places.through._meta.db_table, "place_id"),
}


class JoinedStorySource(StorySource):
    """The stories of one author, tag or place: dated positions come from the join table's own index.

    Each byline and story-tag/story-place row carries its story's ``list_date``
    (published_at while published, else NULL), kept by triggers (migration 0007),
    and a partial index (subject, list_date DESC, article_id DESC) serves the
    list, so a page costs the same for a subject of ten stories or of 250,000.
    """

    def __init__(self, queryset: QuerySet, *, table: str, column: str, subject_id: int):
        super().__init__(queryset)
        self.table, self.column, self.subject_id = table, column, subject_id

    def conditions(self) -> tuple[list[str], list]:
        """More SQL conditions on the join row (named by its table) and their parameters; none for a reader's list."""
        return [], []

    def dated(self, bound: Position | None, *, newer: bool, limit: int) -> list[Position]:
        # Table and column names are our models' own (articles/lists.py); values go as parameters.
        sql = f"SELECT list_date, article_id FROM {self.table} WHERE {self.column} = %s AND list_date IS NOT NULL"  # noqa: S608
        params: list = [self.subject_id]
        conditions, condition_params = self.conditions()
        for condition in conditions:
            sql += f" AND {condition}"
        params += condition_params
        if bound is not None:
            sign = ">" if newer else "<"
            sql += f" AND list_date {sign}= %s AND (list_date {sign} %s OR article_id {sign} %s)"
            params += [bound.published_at, bound.published_at, bound.pk]
        sql += " ORDER BY list_date, article_id" if newer else " ORDER BY list_date DESC, article_id DESC"
        sql += " LIMIT %s"
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit])
            return [Position(*row) for row in cursor.fetchall()]


def _older_than(source: StorySource, position: Position | None, limit: int) -> list[Position]:
    """Up to ``limit`` positions after ``position`` (or from the top) in list order."""
    rows: list[Position] = []
    if position is None or position.published_at is not None:
        rows = source.dated(position, newer=False, limit=limit)
    if len(rows) < limit:
        bound = position.pk if position is not None and position.published_at is None else None
        rows += source.undated(bound, newer=False, limit=limit - len(rows))
    return rows


def _newer_than(source: StorySource, position: Position, limit: int) -> list[Position]:
    """Up to ``limit`` positions before ``position`` in list order, nearest first."""
    if position.published_at is None:
        rows = source.undated(position.pk, newer=True, limit=limit)
        if len(rows) < limit:
            rows += source.dated(None, newer=True, limit=limit - len(rows))
        return rows
    return source.dated(position, newer=True, limit=limit)


def paginate(
    source: StorySource | QuerySet,
    *,
    after: str | None = None,
    before: str | None = None,
    size: int = PAGE_SIZE,
    prefetch: bool = True,
    with_body: bool = False,
) -> Page:
    """The page of a list after or before a position token (the first page without either).

    The page's stories come with what a list shows (section, and unless ``prefetch``
    is False, places and authors) in a fixed number of queries; their bodies only
    ``with_body`` (a feed's descriptions), since a list shows none.
    """
    if after and before:
        raise InvalidCursor("A list page is either after or before a story, not both.")
    if isinstance(source, QuerySet):
        source = StorySource(source)
    if before:
        rows = _newer_than(source, Position.decode(before), size + 1)
        positions = list(reversed(rows[:size]))
        page = Page([], newer=positions[0].encode() if len(rows) > size else None)
        page.older = positions[-1].encode() if positions else None
    else:
        position = Position.decode(after) if after else None
        rows = _older_than(source, position, size + 1)
        positions = rows[:size]
        page = Page([], older=positions[-1].encode() if len(rows) > size else None)
        page.newer = positions[0].encode() if position is not None and positions else None
    if positions:
        stories = Article.objects.select_related("section")
        if not with_body:
            stories = stories.defer("body")
        found = stories.in_bulk([p.pk for p in positions])
        page.items = [found[p.pk] for p in positions if p.pk in found]
    if prefetch:
        attach_places_and_authors(page.items)
    return page
