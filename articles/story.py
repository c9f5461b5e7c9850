"""What a story's page shows around the story: where it leads and what leads to it.

Each function is one or two bounded, indexed queries, whatever the size of the
archive; nothing here is computed at ingest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Q

from .models import Article, Byline, RelatedLink

# How far from a story, before and after it, "Related stories" looks.
RELATED_WINDOW = timedelta(days=30)
# Candidates read per shared author, tag and place on each side of the story's date.
RELATED_CANDIDATES = 25
RELATED_SHOWN = 5
# A shared tag says more about a story's subject than a shared place or author.
RELATED_WEIGHTS = {"tag": 3, "place": 2, "author": 1}
REFERENCED_BY_SHOWN = 10


def check_also(article: Article) -> list[RelatedLink]:
    """The Check Also box: links to published stories, and the ones not yet archived as plain text."""
    return [
        link
        for link in article.related_links.all()
        if link.kind != RelatedLink.Kind.TRANSLATED
        and (link.target is None or link.target.status == Article.Status.PUBLISHED)
    ]


def translations(article: Article) -> list[Article]:
    """Published stories linked to this one as its translation, in either direction."""
    links = (
        RelatedLink.objects.filter(kind=RelatedLink.Kind.TRANSLATED)
        .filter(Q(source=article) | Q(target=article))
        .select_related("source", "target")
    )
    found = {}
    for link in links:
        other = link.target if link.source_id == article.pk else link.source
        if other is not None and other.pk != article.pk and other.status == Article.Status.PUBLISHED:
            found[other.pk] = other
    return sorted(found.values(), key=lambda story: story.language)


def referenced_by(article: Article) -> list[Article]:
    """Published stories whose Check Also points here, newest first."""
    return list(
        Article.objects.published()
        .filter(
            pk__in=RelatedLink.objects.filter(target=article).exclude(kind=RelatedLink.Kind.TRANSLATED).values("source")
        )
        .order_by("-published_at", "-pk")[:REFERENCED_BY_SHOWN]
    )


@dataclass
class Neighbours:
    newer: Article | None
    older: Article | None


def section_neighbours(article: Article) -> Neighbours | None:
    """The next newer and older published stories of the story's section (the section's list index serves both)."""
    if article.section_id is None or article.published_at is None or not article.is_published:
        return None
    section = Article.objects.published().filter(section_id=article.section_id, published_at__isnull=False)
    at = article.published_at
    newer = (
        section.filter(published_at__gte=at)
        .filter(Q(published_at__gt=at) | Q(pk__gt=article.pk))
        .order_by("published_at", "pk")
        .only("pk", "slug", "headline", "language", "published_at")
        .first()
    )
    older = (
        section.filter(published_at__lte=at)
        .filter(Q(published_at__lt=at) | Q(pk__lt=article.pk))
        .order_by("-published_at", "-pk")
        .only("pk", "slug", "headline", "language", "published_at")
        .first()
    )
    return Neighbours(newer=newer, older=older)


def _related_sql(kinds: list[tuple[str, str, str]]) -> str:
    """For each (kind, table, column): the nearest stories before and after, sharing one of its subjects."""
    parts = []
    for kind, table, column in kinds:
        # Before the story: (at - window, at], nearest first; after it: [at, at + window), nearest first.
        sides = [("list_date <= %(at)s AND list_date > %(at)s - %(window)s", "DESC")]
        sides += [("list_date >= %(at)s AND list_date < %(at)s + %(window)s", "ASC")]
        for within, order in sides:
            parts.append(
                f"""
                SELECT j.article_id, j.list_date, {RELATED_WEIGHTS[kind]} AS weight
                FROM unnest(%({kind})s::bigint[]) AS subject(id) CROSS JOIN LATERAL (
                    SELECT article_id, list_date FROM {table}
                    WHERE {column} = subject.id AND list_date IS NOT NULL
                      AND {within}
                      AND article_id <> %(pk)s
                    ORDER BY list_date {order}, article_id {order} LIMIT %(candidates)s
                ) AS j"""  # noqa: S608 - table and column names are our models'; values are parameters
            )
    union = " UNION ALL ".join(parts)
    return f"""
        SELECT article_id FROM ({union}) AS candidate
        GROUP BY article_id
        ORDER BY sum(weight) DESC, min(abs(extract(epoch FROM list_date - %(at)s))), article_id DESC
        LIMIT %(shown)s
    """  # noqa: S608


def related_stories(article: Article) -> list[Article]:
    """Stories near this one in time that share its tags, places and authors, best match first.

    Computed when the page is drawn: for each of the story's subjects, at most
    RELATED_CANDIDATES stories on either side of its date within RELATED_WINDOW,
    each read from the join table's list index (an index-only range scan), then
    scored by what they share. No cost at ingest, and bounded at any archive size.
    """
    if article.published_at is None:
        return []
    subjects = {
        "tag": [tag.pk for tag in article.tags.all()],
        "place": [place.pk for place in article.places.all()],
        "author": [byline.author_id for byline in article.bylines.all()],
    }
    if not any(subjects.values()):
        return []
    kinds = [
        ("tag", Article.tags.through._meta.db_table, "tag_id"),
        ("place", Article.places.through._meta.db_table, "place_id"),
        ("author", Byline._meta.db_table, "author_id"),
    ]
    params = {
        **subjects,
        "at": article.published_at,
        "window": RELATED_WINDOW,
        "pk": article.pk,
        "candidates": RELATED_CANDIDATES,
        "shown": RELATED_SHOWN,
    }
    with connection.cursor() as cursor:
        cursor.execute(_related_sql(kinds), params)
        pks = [row[0] for row in cursor.fetchall()]
    found = Article.objects.in_bulk(pks)
    return [found[pk] for pk in pks if pk in found]


@dataclass
class Withdrawal:
    at: datetime | None
    reason: str


def withdrawal(article: Article) -> Withdrawal | None:
    """When a withdrawn story was withdrawn and why, from its history (the change that withdrew it)."""
    if article.status != Article.Status.WITHDRAWN:
        return None
    history = article.history.order_by("-history_date", "-history_id")
    last_shown = history.exclude(status=Article.Status.WITHDRAWN).values("history_date").first()
    withdrawn = history.filter(status=Article.Status.WITHDRAWN)
    if last_shown is not None:
        withdrawn = withdrawn.filter(history_date__gt=last_shown["history_date"])
    record = withdrawn.order_by("history_date", "history_id").values("history_date", "history_change_reason").first()
    if record is None:
        return Withdrawal(at=None, reason="")
    reason = (record["history_change_reason"] or "").strip()
    # "Withdrawn" is what the admin's action records: it says nothing the notice does not.
    return Withdrawal(at=record["history_date"], reason="" if reason.lower() == "withdrawn" else reason)
