"""Resolve printed "Check Also" headlines to the archived stories they name.

A link is stored as printed and stays pending until a story with that headline
(compared by ``match_key``) is in the archive; every ingest re-runs resolution
for the headlines it touched, so a link resolves whenever its target arrives.
When several stories share the headline, the one closest in date to the linking
story wins; a tie, or no dates to compare, leaves the link ambiguous for editors.
A link that gives its story's address (a JSON Lines ``url``, a plain-text box's
address line) resolves first to the story with that source URL, whatever its
headline has become since: an address names one story, a headline may name several.
"""

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from django.db import connection

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


def _candidates(keys: Collection[str]) -> dict[str, list[_Candidate]]:
    by_key: dict[str, list[_Candidate]] = defaultdict(list)
    rows = (
        Article.objects.filter(headline_key__in_array=list(keys))
        .order_by()  # the default ordering would only make the database sort
        .values_list("pk", "headline_key", "published_at", "status")
    )
    for pk, key, published_at, status in rows:
        by_key[key].append(_Candidate(pk, published_at, status))
    return by_key


def _target(candidates: list[_Candidate], source_id: int, source_date: datetime | None) -> tuple[int | None, bool]:
    """(target, ambiguous) for a link from ``source_id`` among the stories bearing its title."""
    candidates = [c for c in candidates if c.pk != source_id]
    if not candidates:
        return None, False
    chosen = _choose(candidates, source_date)
    return (None, True) if chosen is None else (chosen.pk, False)


def _stories_at(urls: Collection[str]) -> dict[str, int]:
    """The archived story at each of ``urls`` (its source URL, unique where given)."""
    if not urls:
        return {}
    return dict(Article.objects.filter(source_url__in=list(urls)).order_by().values_list("source_url", "pk"))


def targets_for_new_links(links: list[tuple[str, str, int, datetime | None]]) -> list[tuple[int | None, bool]]:
    """(target, ambiguous) for links about to be written, given as (title key, url, source id, source date).

    Links are resolved before they are written, so a link whose story is already
    archived is written once, with its target, rather than written pending and
    then updated (an update leaves a dead row behind: 600,000 of them at a
    million stories).
    """
    at_url = _stories_at({url for _, url, _, _ in links if url})
    by_key = _candidates({key for key, _, _, _ in links if key})
    return [
        (at_url[url], False)
        if url in at_url and at_url[url] != source_id
        else _target(by_key.get(key, []), source_id, source_date)
        for key, url, source_id, source_date in links
    ]


def _resolve_by_url(pending, urls: Collection[str] | None) -> Resolution:
    """Resolve the pending links that give the address of a story now archived (at one of ``urls``, or any)."""
    pending = pending.exclude(url="")
    if urls is not None:
        if not urls:
            return Resolution()
        pending = pending.filter(url__in=list(urls))
    links = list(pending.values_list("pk", "url", "source_id"))
    at_url = _stories_at({url for _, url, _ in links})
    changed = sorted(
        (pk, at_url[url], False) for pk, url, source_id in links if at_url.get(url, source_id) != source_id
    )
    _save_targets(changed)
    return Resolution(resolved=len(changed))


def resolve_pending_links(
    *,
    keys: Collection[str] | None = None,
    urls: Collection[str] | None = None,
    observed_since: datetime | None = None,
) -> Resolution:
    """Resolve pending observed links that give the address of one of ``urls``, or whose printed title folds to one
    of ``keys`` (every pending link, both ways, when neither is given).

    ``observed_since`` narrows them to the links written since then, such as a parallel
    ingest's (``parallel``), whose files could not see each other's stories.
    """
    pending = RelatedLink.objects.filter(target__isnull=True, kind=RelatedLink.Kind.OBSERVED).order_by()
    if observed_since is not None:
        pending = pending.filter(observed_at__gte=observed_since)
    everything = keys is None and urls is None
    by_url = _resolve_by_url(pending, None if everything else (urls or ()))
    result = _resolve_by_title(pending.exclude(title_key=""), None if everything else (keys or ()))
    result.resolved += by_url.resolved
    return result


def _resolve_by_title(pending, keys: Collection[str] | None) -> Resolution:
    fields = ("pk", "title_key", "ambiguous", "source_id", "source__published_at")
    if keys is None:
        links = list(pending.values_list(*fields))
        by_key = _candidates({link[1] for link in links})
    else:
        # Only a key that some story carries can resolve a link: find those first, the smaller set.
        by_key = _candidates(keys) if keys else {}
        links = list(pending.filter(title_key__in_array=list(by_key)).values_list(*fields)) if by_key else []
    if not links:
        return Resolution()

    result = Resolution()
    changed: list[tuple[int, int | None, bool]] = []  # (link, target, ambiguous)
    for pk, title_key, was_ambiguous, source_id, source_date in links:
        target, ambiguous = _target(by_key.get(title_key, []), source_id, source_date)
        if ambiguous:
            result.ambiguous += 1
            if not was_ambiguous:
                changed.append((pk, None, True))
        elif target is not None:
            result.resolved += 1
            changed.append((pk, target, False))
    _save_targets(sorted(changed))  # one order everywhere: no deadlocks between ingests
    return result


def _save_targets(changed: list[tuple[int, int | None, bool]]) -> None:
    """Set every changed link's target in one statement (``bulk_update`` writes a CASE per row)."""
    if not changed:
        return
    ids, targets, ambiguous = (list(column) for column in zip(*changed, strict=True))
    meta = RelatedLink._meta
    quote = connection.ops.quote_name
    target_column = quote(meta.get_field("target").column)
    ambiguous_column = quote(meta.get_field("ambiguous").column)
    # Identifiers come from the model and are quoted; the values are parameters.
    sql = (
        f"UPDATE {quote(meta.db_table)} AS link "  # noqa: S608
        f"SET {target_column} = chosen.target, {ambiguous_column} = chosen.ambiguous "
        "FROM unnest(%s::bigint[], %s::bigint[], %s::boolean[]) AS chosen(id, target, ambiguous) "
        f"WHERE link.{quote(meta.pk.column)} = chosen.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [ids, targets, ambiguous])


def pending_link_count() -> int:
    return RelatedLink.objects.filter(target__isnull=True, kind=RelatedLink.Kind.OBSERVED).count()
