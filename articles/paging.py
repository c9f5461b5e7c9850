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
from django.db.models import Q, QuerySet, prefetch_related_objects

PAGE_SIZE = 20
# What a list shows of each story beyond its row and section.
LIST_PREFETCH = ("places", "bylines__author")
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


def _older_than(queryset: QuerySet, position: Position | None, limit: int) -> list:
    """Up to ``limit`` stories after ``position`` (or from the top) in list order."""
    rows: list = []
    if position is None or position.published_at is not None:
        dated = queryset.filter(published_at__isnull=False)
        if position is not None:
            # The redundant lower bound gives the index scan its start; the OR breaks ties on id.
            dated = dated.filter(published_at__lte=position.published_at).filter(
                Q(published_at__lt=position.published_at) | Q(pk__lt=position.pk)
            )
        rows = list(dated.order_by("-published_at", "-pk")[:limit])
    if len(rows) < limit:
        undated = queryset.filter(published_at__isnull=True)
        if position is not None and position.published_at is None:
            undated = undated.filter(pk__lt=position.pk)
        rows += list(undated.order_by("-pk")[: limit - len(rows)])
    return rows


def _newer_than(queryset: QuerySet, position: Position, limit: int) -> list:
    """Up to ``limit`` stories before ``position`` in list order, nearest first."""
    rows: list = []
    if position.published_at is None:
        rows = list(queryset.filter(published_at__isnull=True, pk__gt=position.pk).order_by("pk")[:limit])
        if len(rows) < limit:
            dated = queryset.filter(published_at__isnull=False)
            rows += list(dated.order_by("published_at", "pk")[: limit - len(rows)])
        return rows
    dated = queryset.filter(published_at__gte=position.published_at).filter(
        Q(published_at__gt=position.published_at) | Q(pk__gt=position.pk)
    )
    return list(dated.order_by("published_at", "pk")[:limit])


def paginate(
    queryset: QuerySet,
    *,
    after: str | None = None,
    before: str | None = None,
    size: int = PAGE_SIZE,
    prefetch: bool = True,
) -> Page:
    """The page of ``queryset`` after or before a position token (the first page without either).

    ``queryset`` selects the stories (unordered); the page's stories come with what a
    list shows (section, places, authors) in a fixed number of queries.
    """
    if after and before:
        raise InvalidCursor("A list page is either after or before a story, not both.")
    queryset = queryset.select_related("section").order_by()
    if before:
        rows = _newer_than(queryset, Position.decode(before), size + 1)
        items = list(reversed(rows[:size]))
        page = Page(items, newer=Position.of(items[0]).encode() if len(rows) > size else None)
        page.older = Position.of(items[-1]).encode() if items else None
    else:
        position = Position.decode(after) if after else None
        rows = _older_than(queryset, position, size + 1)
        items = rows[:size]
        page = Page(items, older=Position.of(items[-1]).encode() if len(rows) > size else None)
        page.newer = Position.of(items[0]).encode() if position is not None and items else None
    if prefetch:
        prefetch_related_objects(page.items, *LIST_PREFETCH)
    return page
