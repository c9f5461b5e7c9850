"""Resolve printed "Check Also" headlines to the archived stories they name.

A link is stored as printed and stays pending until a story with that headline
(compared by ``match_key``) is in the archive; every ingest re-runs resolution
for the headlines it touched, so a link resolves whenever its target arrives.
When several stories share the headline, the one closest in date to the linking
story wins; a tie, or no dates to compare, leaves the link ambiguous for editors.
"""

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from ..models import Article, RelatedLink


@dataclass
class Resolution:
    resolved: int = 0
    ambiguous: int = 0


@dataclass(frozen=True)
class _Candidate:
    pk: int
    published_at: datetime | None
    status: str


def _choose(candidates: list[_Candidate], source_date: datetime | None) -> _Candidate | None:
    """The target among same-headline stories, or None when it cannot be told."""
    if len(candidates) == 1:
        return candidates[0]
    published = [c for c in candidates if c.status == Article.Status.PUBLISHED]
    if len(published) == 1:
        return published[0]
    pool = published or candidates
    if source_date is None or any(c.published_at is None for c in pool):
        return None
    ranked = sorted(pool, key=lambda c: abs(c.published_at - source_date))
    if abs(ranked[0].published_at - source_date) == abs(ranked[1].published_at - source_date):
        return None
    return ranked[0]


def resolve_pending_links(*, keys: Collection[str] | None = None) -> Resolution:
    """Resolve pending observed links whose printed title folds to one of ``keys`` (all when None)."""
    pending = RelatedLink.objects.filter(target__isnull=True, kind=RelatedLink.Kind.OBSERVED).exclude(title_key="")
    if keys is not None:
        if not keys:
            return Resolution()
        pending = pending.filter(title_key__in=list(keys))
    links = list(pending.select_related("source").only("pk", "title_key", "ambiguous", "source__published_at"))
    if not links:
        return Resolution()

    by_key: dict[str, list[_Candidate]] = defaultdict(list)
    rows = Article.objects.filter(headline_key__in={link.title_key for link in links}).values_list(
        "pk", "headline_key", "published_at", "status"
    )
    for pk, key, published_at, status in rows:
        by_key[key].append(_Candidate(pk, published_at, status))

    result = Resolution()
    changed = []
    for link in sorted(links, key=lambda link: link.pk):  # one order everywhere: no deadlocks between ingests
        candidates = [c for c in by_key.get(link.title_key, []) if c.pk != link.source_id]
        if not candidates:
            continue
        target = _choose(candidates, link.source.published_at)
        if target is None:
            result.ambiguous += 1
            if not link.ambiguous:
                link.ambiguous = True
                changed.append(link)
        else:
            link.target_id, link.ambiguous = target.pk, False
            result.resolved += 1
            changed.append(link)
    RelatedLink.objects.bulk_update(changed, ["target", "ambiguous"], batch_size=500)
    return result


def pending_link_count() -> int:
    return RelatedLink.objects.filter(target__isnull=True, kind=RelatedLink.Kind.OBSERVED).count()
