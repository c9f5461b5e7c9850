"""A story's content fingerprint: one definition, used by ingest, by every other write, and by verify.

The checksum is the SHA-256 of the story as the archive holds it: its headline,
body, summary, language, agency, markers, dates, status and source URL; which
section, authors (in byline order), places and tags it is filed under, by id
(a renamed author does not change the stories they wrote; their names are rows
of their own, with their own history); and its Check Also links as printed
(title, address, teaser, in order). Editorial links, link targets (resolved
whenever the target arrives), corrections and provenance are not content.

Ingest computes it from the parsed story and the rows it resolved (``from_parsed``
in ``ingest/store.py``); every other write recomputes it from the stored rows
(``seal``); ``manage.py verify`` recomputes it from the stored rows and compares.
All three build a ``StoryContent`` and call ``story_checksum``, so they cannot
drift apart.
"""

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime

from django.db import connection
from django.utils import timezone

from ..models import Article, Byline, RelatedLink

OBSERVED = RelatedLink.Kind.OBSERVED.value
OWN_FIELDS = (
    "id",
    "headline",
    "body",
    "summary",
    "language",
    "agency",
    "markers",
    "published_at",
    "updated_at",
    "status",
    "source_url",
    "section_id",
)


@dataclass(frozen=True)
class StoryContent:
    headline: str
    body: str
    summary: str
    language: str
    agency: str
    markers: Sequence[str]
    published_at: datetime | None
    updated_at: datetime | None
    status: str
    source_url: str
    section_id: int | None
    author_ids: Sequence[int]  # byline order
    place_ids: Sequence[int]  # any order: sorted when hashed
    tag_ids: Sequence[int]
    check_also: Sequence[tuple[str, str, str]]  # (title, url, teaser) in printed order


def _moment(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value is not None else None


_FIELD_NAMES = tuple(f.name for f in fields(StoryContent))


def story_checksum(content: StoryContent) -> str:
    # A shallow dict, not dataclasses.asdict, which deep-copies every value: a quarter of the checksum's time in
    # a bulk ingest (py-spy), for the same JSON.
    canonical = {name: getattr(content, name) for name in _FIELD_NAMES}
    canonical.update(
        markers=list(content.markers),
        published_at=_moment(content.published_at),
        updated_at=_moment(content.updated_at),
        author_ids=list(content.author_ids),
        place_ids=sorted(content.place_ids),
        tag_ids=sorted(content.tag_ids),
        check_also=[list(link) for link in content.check_also],
    )
    text = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _relations(ids: list[int]) -> tuple[dict, dict, dict, dict]:
    """Byline author ids, place ids, tag ids and observed links of the stories ``ids``: four queries."""
    authors, places, tags, links = (defaultdict(list) for _ in range(4))
    for article_id, author_id in (
        Byline.objects.filter(article_id__in=ids).order_by("position", "pk").values_list("article_id", "author_id")
    ):
        authors[article_id].append(author_id)
    filings = ((Article.places.through, "place_id", places), (Article.tags.through, "tag_id", tags))
    for through, column, target in filings:
        for article_id, related_id in through.objects.filter(article_id__in=ids).values_list("article_id", column):
            target[article_id].append(related_id)
    for source_id, title, url, teaser in (
        RelatedLink.objects.filter(source_id__in=ids, kind=OBSERVED)
        .order_by("position", "pk")
        .values_list("source_id", "title", "url", "teaser")
    ):
        links[source_id].append((title, url, teaser))
    return authors, places, tags, links


def stored_contents(ids: Iterable[int]) -> dict[int, tuple[str, StoryContent]]:
    """Each story's stored checksum and its content as stored, in five queries whatever their number."""
    ids = list(ids)
    rows = Article.objects.filter(pk__in=ids).order_by().values_list(*OWN_FIELDS, "checksum")
    authors, places, tags, links = _relations(ids)
    contents = {}
    for row in rows:
        fields = dict(zip(OWN_FIELDS, row[:-1], strict=True))
        pk = fields.pop("id")
        contents[pk] = (
            row[-1],
            StoryContent(
                **fields,
                author_ids=authors.get(pk, []),
                place_ids=places.get(pk, []),
                tag_ids=tags.get(pk, []),
                check_also=links.get(pk, []),
            ),
        )
    return contents


def content_of_unsaved(article: Article) -> StoryContent:
    """The content of ``article`` as it is about to be saved: its own fields, its relations as stored."""
    ids = [article.pk] if article.pk else []
    authors, places, tags, links = _relations(ids) if ids else ({}, {}, {}, {})
    return StoryContent(
        **{name: getattr(article, name) for name in OWN_FIELDS if name != "id"},
        author_ids=authors.get(article.pk, []),
        place_ids=places.get(article.pk, []),
        tag_ids=tags.get(article.pk, []),
        check_also=links.get(article.pk, []),
    )


def reseal(ids: Iterable[int]) -> int:
    """Recompute the stored checksum of stories ``ids`` after a write that changed what they hold.

    A story whose content changed also gets a new ``modified_at``, so an export
    ``--since`` sees a change made through its byline, places, tags or links.
    Returns how many changed.
    """
    ids = sorted(set(ids))
    if not ids:
        return 0
    changed = [
        (pk, new) for pk, (old, content) in stored_contents(ids).items() if old != (new := story_checksum(content))
    ]
    if not changed:
        return 0
    table = connection.ops.quote_name(Article._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS a SET checksum = c.checksum, modified_at = %s "  # noqa: S608 - the model's table, quoted
            "FROM unnest(%s::bigint[], %s::text[]) AS c(id, checksum) WHERE a.id = c.id",
            [timezone.now(), [pk for pk, _ in changed], [checksum for _, checksum in changed]],
        )
    return len(changed)
