"""Write parsed stories into the archive: each is created, updated or left unchanged, never duplicated.

A story's identity is its source URL, else its id, else its folded headline,
places and date (``identity_key``). The key is unique in the database, so two
ingests of the same files at once cannot both create a story: the loser's
insert fails, and it stores that batch again one story at a time, now seeing
the winner's rows. New stories are written in bulk (the common case of a large
import); changed ones are saved one by one so each update is a revision in the
story's history.

The store runs inside the caller's transaction; the ingest driver gives each
file its own, so a file that fails leaves nothing behind.
"""

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import datetime
from enum import StrEnum
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from ..models import (
    Article,
    Author,
    AuthorAlias,
    Byline,
    LegacyIdentifier,
    LegacyPath,
    Place,
    Provenance,
    RelatedLink,
    Section,
    Tag,
)
from ..text import make_slug, match_key
from .links import Resolution, resolve_pending_links
from .parsed import ParsedStory

BATCH_SIZE = 500
LANGUAGE_CODES = {code for code, _ in settings.LANGUAGES}


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


def normalize_url(url: str) -> str:
    """The same page whatever the scheme, host case, fragment or trailing slash it was printed with."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https", parts.netloc.lower(), path, parts.query, ""))


def identity_key(story: ParsedStory) -> str:
    if story.source_url:
        basis = "url:" + normalize_url(story.source_url)
    elif story.legacy_ids:
        scheme, value = story.legacy_ids[0]
        basis = f"id:{scheme}:{value}"
    else:
        places = "/".join(sorted(match_key(place) for place in story.places))
        date = story.published_at.isoformat() if story.published_at else ""
        basis = f"text:{match_key(story.headline)}|{places}|{date}"
    kind = basis.split(":", 1)[0]
    return f"{kind}:{hashlib.sha256(basis.encode()).hexdigest()}"


def content_checksum(story: ParsedStory) -> str:
    """A fingerprint of what the story says, so re-ingesting it unchanged writes nothing."""
    content = {
        "headline": story.headline,
        "body": story.body_html,
        "language": story.language,
        "places": story.places,
        "agency": story.agency,
        "authors": story.authors,
        "published_at": story.published_at.isoformat() if story.published_at else None,
        "updated_at": story.updated_at.isoformat() if story.updated_at else None,
        "status": story.status,
        "section": story.section,
        "tags": story.tags,
        "summary": story.summary,
        "markers": story.markers,
        "check_also": [[link.title, link.url, link.teaser] for link in story.check_also],
        "source_url": story.source_url,
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))


class _Lookups:
    """Authors, places, tags and sections for a batch, found or created in a few queries."""

    def __init__(self, stories: list[ParsedStory]):
        self.authors = _authors_by_key(_unique(name for s in stories for name in s.authors))
        self.places = _named_by_slug(Place, _unique(p for s in stories for p in s.places))
        self.tags = _named_by_slug(Tag, _unique(t for s in stories for t in s.tags))
        self.sections = _named_by_slug(Section, _unique(s.section for s in stories))

    def authors_of(self, story: ParsedStory) -> list[Author]:
        return list(
            {self.authors[match_key(name)].pk: self.authors[match_key(name)] for name in story.authors}.values()
        )

    def places_of(self, story: ParsedStory) -> list[Place]:
        return list({self.places[make_slug(n)].pk: self.places[make_slug(n)] for n in story.places}.values())

    def tags_of(self, story: ParsedStory) -> list[Tag]:
        return list({self.tags[make_slug(n)].pk: self.tags[make_slug(n)] for n in story.tags}.values())

    def section_of(self, story: ParsedStory) -> Section | None:
        return self.sections[make_slug(story.section)] if story.section else None


def _authors_by_key(names: list[str]) -> dict[str, Author]:
    """Byline names to authors by folded name or alternative spelling; new names become authors."""
    wanted = {match_key(name): name for name in names}
    if not wanted:
        return {}
    found = {a.name_key: a for a in Author.objects.filter(name_key__in=wanted)}
    for alias in AuthorAlias.objects.filter(name_key__in=set(wanted) - set(found)).select_related("author"):
        found[alias.name_key] = alias.author
    missing = sorted(set(wanted) - set(found))
    if missing:
        new = [Author(name=wanted[key], name_key=key, slug=make_slug(wanted[key])) for key in missing]
        # Concurrent ingests may add the same author: the constraint decides, we read back.
        Author.objects.bulk_create(new, ignore_conflicts=True)
        found.update({a.name_key: a for a in Author.objects.filter(name_key__in=missing)})
        for key in sorted(set(wanted) - set(found)):  # a slug taken by another name
            found[key] = _create_with_free_slug(Author, name=wanted[key], name_key=key)
    return found


def _named_by_slug(model, names: list[str]) -> dict:
    wanted = {make_slug(name): name for name in names}
    if not wanted:
        return {}
    model.objects.bulk_create(
        [model(name=name, slug=slug) for slug, name in sorted(wanted.items())], ignore_conflicts=True
    )
    return {obj.slug: obj for obj in model.objects.filter(slug__in=wanted)}


def _create_with_free_slug(model, **fields):
    base = make_slug(fields["name"])
    for n in range(2, 1000):
        slug = f"{base}-{n}"
        if not model.objects.filter(slug=slug).exists():
            return model.objects.create(slug=slug, **fields)
    raise IntegrityError(f"No free slug for {model.__name__} {fields['name']!r}")


def _article_fields(story: ParsedStory, lookups: _Lookups) -> dict:
    return {
        "headline": story.headline,
        "language": story.language,
        "agency": story.agency,
        "body": story.body_html,
        "summary": story.summary,
        "markers": story.markers,
        "published_at": story.published_at,
        "updated_at": story.updated_at,
        "section": lookups.section_of(story),
        "source_url": story.source_url,
        "checksum": content_checksum(story),
    }


class StoreError(ValueError):
    """A parsed story the archive cannot hold as it is; says which story and why."""


def validate(story: ParsedStory) -> None:
    """Check what the database would refuse, so the error names the story and the field."""
    where = story.source or repr(story.headline[:60])
    limits = {"headline": (story.headline, 500), "source url": (story.source_url, 1000), "agency": (story.agency, 100)}
    limits |= {f"name {name!r}": (name, 200) for name in [*story.authors, *story.places, *story.tags, story.section]}
    for field, (value, limit) in limits.items():
        if len(value) > limit:
            raise StoreError(f"{where}: {field} is {len(value)} characters long; the most allowed is {limit}")
    if not story.headline.strip():
        raise StoreError(f"{where}: the story has no headline")
    if story.language not in LANGUAGE_CODES:
        raise StoreError(f"{where}: language {story.language!r} is not one of {', '.join(sorted(LANGUAGE_CODES))}")
    if story.status not in Article.Status.values:
        raise StoreError(f"{where}: status {story.status!r} is not one of {', '.join(Article.Status.values)}")
    if story.published_at and story.updated_at and story.updated_at < story.published_at:
        raise StoreError(f"{where}: updated {story.updated_at:%Y-%m-%d %H:%M} is before published")
    for scheme, value in story.legacy_ids:
        if len(scheme) > 50 or len(value) > 200:
            raise StoreError(f"{where}: legacy id {scheme}:{value} is too long")
    for path in story.legacy_paths:
        if not path.startswith("/") or len(path) > 1000:
            raise StoreError(f"{where}: legacy path {path[:80]!r} must start with / and be at most 1000 characters")


class StoryStore:
    """Stores a stream of parsed stories; ``counts`` and ``links`` say what it did."""

    def __init__(self, *, user=None, batch_size: int = BATCH_SIZE):
        self.user = user
        self.batch_size = batch_size
        self.counts: Counter[Outcome] = Counter()
        self.links = Resolution()

    def store_all(self, stories: Iterable[ParsedStory]) -> Iterator[tuple[ParsedStory, Outcome]]:
        """Store ``stories`` in batches, yielding each with its outcome as its batch is written."""
        batch: list[ParsedStory] = []
        keys: set[str] = set()
        for story in stories:
            validate(story)
            key = identity_key(story)
            if key in keys or len(batch) >= self.batch_size:
                # The same story twice in one batch would be created twice: write the batch first.
                yield from zip(batch, self._store_batch(batch), strict=True)
                batch, keys = [], set()
            batch.append(story)
            keys.add(key)
        if batch:
            yield from zip(batch, self._store_batch(batch), strict=True)

    def store(self, story: ParsedStory) -> tuple[Outcome, Article]:
        validate(story)
        [outcome] = self._store_batch([story])
        return outcome, self._find_existing([story])[identity_key(story)]

    def _store_batch(self, stories: list[ParsedStory]) -> list[Outcome]:
        try:
            with transaction.atomic():
                outcomes = self._write_batch(stories)
        except IntegrityError:
            if len(stories) > 1:
                # Another ingest created some of these since we looked: one at a time sees its rows.
                return [outcome for story in stories for outcome in self._store_batch([story])]
            with transaction.atomic():
                outcomes = self._write_batch(stories)
        self.counts.update(outcomes)
        return outcomes

    def _find_existing(self, stories: list[ParsedStory]) -> dict[str, Article]:
        keys = {identity_key(story): story for story in stories}
        urls = {story.source_url: key for key, story in keys.items() if story.source_url}
        found = {}
        for article in Article.objects.filter(Q(identity_key__in=keys) | Q(source_url__in=urls)):
            found[article.identity_key if article.identity_key in keys else urls[article.source_url]] = article
        return found

    def _write_batch(self, stories: list[ParsedStory]) -> list[Outcome]:
        now = timezone.now()
        existing = self._find_existing(stories)
        lookups = _Lookups(stories)
        outcomes, new, touched_keys = [], [], set()
        for story in stories:
            key = identity_key(story)
            article = existing.get(key)
            if article is None:
                new.append((key, story))
                outcomes.append(Outcome.CREATED)
            elif article.checksum == content_checksum(story) and article.identity_key == key:
                outcomes.append(Outcome.UNCHANGED)
            else:
                self._update(article, story, key, lookups, now)
                touched_keys.add(article.headline_key)
                touched_keys.update(link.title_key for link in article.related_links.all())
                outcomes.append(Outcome.UPDATED)
        created = self._create(sorted(new, key=lambda pair: pair[0]), lookups, now)
        for article in created:
            touched_keys.add(article.headline_key)
        touched_keys.update(match_key(link.title) for _, story in new for link in story.check_also)
        resolution = resolve_pending_links(keys=touched_keys)
        self.links.resolved += resolution.resolved
        self.links.ambiguous += resolution.ambiguous
        return outcomes

    def _create(self, new: list[tuple[str, ParsedStory]], lookups: _Lookups, now: datetime) -> list[Article]:
        if not new:
            return []
        articles = []
        for key, story in new:
            article = Article(identity_key=key, status=story.status, **_article_fields(story, lookups))
            article.prepare_fields()
            articles.append(article)
        Article.objects.bulk_create(articles)
        Article.history.bulk_history_create(
            articles, default_user=self.user, default_change_reason="Ingested", default_date=now
        )
        bylines, places, tags = [], [], []
        for article, (_, story) in zip(articles, new, strict=True):
            bylines += [Byline(article=article, author=a, position=i) for i, a in enumerate(lookups.authors_of(story))]
            places += [Article.places.through(article=article, place=p) for p in lookups.places_of(story)]
            tags += [Article.tags.through(article=article, tag=t) for t in lookups.tags_of(story)]
        Byline.objects.bulk_create(bylines)
        Article.places.through.objects.bulk_create(places)
        Article.tags.through.objects.bulk_create(tags)
        self._write_extras([(article, story) for article, (_, story) in zip(articles, new, strict=True)], now)
        return articles

    def _update(self, article: Article, story: ParsedStory, key: str, lookups: _Lookups, now: datetime) -> None:
        if story.headline != article.headline:
            article.slug = ""  # a new slug from the new headline; the old URL still redirects by id
        for name, value in _article_fields(story, lookups).items():
            setattr(article, name, value)
        article.identity_key = key
        if article.status != Article.Status.WITHDRAWN:  # withdrawal is an editor's call; a feed does not undo it
            article.status = story.status
        article._history_user = self.user
        article._change_reason = f"Re-ingested from {story.source}"[:100]
        article.save()
        article.bylines.all().delete()
        Byline.objects.bulk_create(
            [Byline(article=article, author=a, position=i) for i, a in enumerate(lookups.authors_of(story))]
        )
        article.places.set(lookups.places_of(story))
        article.tags.set(lookups.tags_of(story))
        article.related_links.filter(kind=RelatedLink.Kind.OBSERVED).delete()
        self._write_extras([(article, story)], now)

    def _write_extras(self, pairs: list[tuple[Article, ParsedStory]], now: datetime) -> None:
        """Check Also links, legacy identifiers and paths, and provenance of freshly written stories."""
        links, ids, paths, provenance = [], [], [], []
        for article, story in pairs:
            links += [
                RelatedLink(
                    source=article,
                    title=link.title,
                    title_key=match_key(link.title),
                    teaser=link.teaser,
                    url=link.url,
                    kind=RelatedLink.Kind.OBSERVED,
                    position=position,
                    observed_at=now,
                )
                for position, link in enumerate(story.check_also)
            ]
            ids += [LegacyIdentifier(article=article, scheme=s, value=v) for s, v in story.legacy_ids]
            paths += [LegacyPath(article=article, path=p) for p in story.legacy_paths]
            provenance.append(
                Provenance(
                    article=article,
                    source=story.source[:1000],
                    raw=story.raw,
                    checksum=story.raw_checksum,
                    parser=story.parser,
                    ingested_at=now,
                )
            )
        RelatedLink.objects.bulk_create(links)
        # An id or old path already claimed by another story stays with it.
        LegacyIdentifier.objects.bulk_create(ids, ignore_conflicts=True)
        LegacyPath.objects.bulk_create(paths, ignore_conflicts=True)
        Provenance.objects.bulk_create(provenance, ignore_conflicts=True)
