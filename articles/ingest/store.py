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
from django.db import IntegrityError, connection, transaction
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
from .copy import allocate_ids, copy_rows
from .links import Resolution, resolve_pending_links
from .parsed import ParsedStory

BATCH_SIZE = 500
ANALYZE_FIRST_AT = 1000  # created stories; see StoryStore._analyze
LANGUAGE_CODES = {code for code, _ in settings.LANGUAGES}
STATUSES = Article.Status.values
ARTICLE_COLUMNS = [field.attname for field in Article._meta.concrete_fields]
# The story's own columns in its history table (simple-history copies them, under the same names).
HISTORY_COLUMNS = [
    field.attname for field in Article.history.model._meta.concrete_fields if not field.attname.startswith("history_")
]
LINK_COLUMNS = ["source_id", "title", "title_key", "teaser", "url", "position", "observed_at"]
KIND_OBSERVED = (RelatedLink.Kind.OBSERVED.value, False)
PROVENANCE_COLUMNS = ["article_id", "source", "raw", "checksum", "parser", "ingested_at"]


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


def content_checksum(story: ParsedStory, *, body_html: str | None = None) -> str:
    """A fingerprint of what the story says, so re-ingesting it unchanged writes nothing."""
    content = {
        "headline": story.headline,
        "body": story.body_html if body_html is None else body_html,
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
    """Authors, places, tags and sections for a batch, found or created in a few queries, by name as printed."""

    def __init__(self, stories: list[ParsedStory]):
        self.authors = _authors_by_name(_unique(name for s in stories for name in s.authors))
        self.places = _named_by_name(Place, _unique(p for s in stories for p in s.places))
        self.tags = _named_by_name(Tag, _unique(t for s in stories for t in s.tags))
        self.sections = _named_by_name(Section, _unique(s.section for s in stories))

    def authors_of(self, story: ParsedStory) -> list[Author]:
        # Two spellings of one person in a byline are one byline.
        return list({author.pk: author for author in (self.authors[name] for name in story.authors)}.values())

    def places_of(self, story: ParsedStory) -> list[Place]:
        return list({place.pk: place for place in (self.places[name] for name in story.places)}.values())

    def tags_of(self, story: ParsedStory) -> list[Tag]:
        return list({tag.pk: tag for tag in (self.tags[name] for name in story.tags)}.values())

    def section_of(self, story: ParsedStory) -> Section | None:
        return self.sections[story.section] if story.section else None


def _authors_by_name(names: list[str]) -> dict[str, Author]:
    """Byline names to authors by folded name or alternative spelling; new names become authors."""
    keys = {name: match_key(name) for name in names}
    wanted = {key: name for name, key in keys.items()}
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
    return {name: found[key] for name, key in keys.items()}


def _named_by_name(model, names: list[str]) -> dict:
    slugs = {name: make_slug(name) for name in names}
    wanted = {slug: name for name, slug in slugs.items()}
    if not wanted:
        return {}
    model.objects.bulk_create(
        [model(name=name, slug=slug) for slug, name in sorted(wanted.items())], ignore_conflicts=True
    )
    by_slug = {obj.slug: obj for obj in model.objects.filter(slug__in=wanted)}
    return {name: by_slug[slug] for name, slug in slugs.items()}


def _create_with_free_slug(model, **fields):
    base = make_slug(fields["name"])
    for n in range(2, 1000):
        slug = f"{base}-{n}"
        if not model.objects.filter(slug=slug).exists():
            return model.objects.create(slug=slug, **fields)
    raise IntegrityError(f"No free slug for {model.__name__} {fields['name']!r}")


def _article_fields(story: ParsedStory, lookups: _Lookups) -> dict:
    body = story.body_html
    return {
        "headline": story.headline,
        "language": story.language,
        "agency": story.agency,
        "body": body,
        "summary": story.summary,
        "markers": story.markers,
        "published_at": story.published_at,
        "updated_at": story.updated_at,
        "section": lookups.section_of(story),
        "source_url": story.source_url,
        "checksum": content_checksum(story, body_html=body),
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
    if story.status not in STATUSES:
        raise StoreError(f"{where}: status {story.status!r} is not one of {', '.join(STATUSES)}")
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
        self._analyze_at = ANALYZE_FIRST_AT

    def store_all(self, stories: Iterable[ParsedStory]) -> Iterator[tuple[ParsedStory, Outcome]]:
        """Store ``stories`` in batches, yielding each with its outcome as its batch is written."""
        batch: dict[str, ParsedStory] = {}  # by identity key
        for story in stories:
            validate(story)
            key = identity_key(story)
            if key in batch or len(batch) >= self.batch_size:
                # The same story twice in one batch would be created twice: write the batch first.
                yield from zip(batch.values(), self._store_batch(batch), strict=True)
                batch = {}
            batch[key] = story
        if batch:
            yield from zip(batch.values(), self._store_batch(batch), strict=True)

    def store(self, story: ParsedStory) -> tuple[Outcome, Article]:
        validate(story)
        key = identity_key(story)
        [outcome] = self._store_batch({key: story})
        return outcome, self._find_existing({key: story})[key]

    def _store_batch(self, batch: dict[str, ParsedStory]) -> list[Outcome]:
        try:
            with transaction.atomic():
                outcomes = self._write_batch(batch)
        except IntegrityError:
            if len(batch) > 1:
                # Another ingest created some of these since we looked: one at a time sees its rows.
                return [outcome for key, story in batch.items() for outcome in self._store_batch({key: story})]
            with transaction.atomic():
                outcomes = self._write_batch(batch)
        self.counts.update(outcomes)
        if self.counts[Outcome.CREATED] >= self._analyze_at:
            self._analyze()
        return outcomes

    def _analyze(self) -> None:
        """Refresh the planner's statistics of the tables this ingest is growing.

        Autovacuum only sees committed rows, and a file is one transaction: without
        this, a large first import into a young archive is planned as if the tables
        were still tiny, and its lookups turn into whole-table scans that grow with
        every batch. Doubling the threshold keeps the number of ANALYZE runs
        logarithmic in the size of the file.
        """
        tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in (Article, RelatedLink))
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tables}")
        self._analyze_at *= 2

    def _find_existing(self, keys: dict[str, ParsedStory]) -> dict[str, Article]:
        """The archived stories these keys name: by identity key, else by source URL (a story an editor added).

        Two queries rather than one with OR: an OR of the two lookups makes
        PostgreSQL scan the whole table, which grows with the archive.
        """
        found = {article.identity_key: article for article in Article.objects.filter(identity_key__in=list(keys))}
        urls = {story.source_url: key for key, story in keys.items() if story.source_url and key not in found}
        if urls:
            # NOT source_url = '' matches the partial unique index's predicate, so the index serves.
            for article in Article.objects.filter(source_url__in=list(urls)).exclude(source_url=""):
                found[urls[article.source_url]] = article
        return found

    def _write_batch(self, batch: dict[str, ParsedStory]) -> list[Outcome]:
        now = timezone.now()
        existing = self._find_existing(batch)
        lookups = _Lookups(list(batch.values()))
        outcomes, new, touched_keys = [], [], set()
        for key, story in batch.items():
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
        """Write new stories with COPY (see ``copy``): the path every large import takes."""
        if not new:
            return []
        articles = []

        def article_rows():
            # Built as COPY asks for rows, so the database stores one chunk while Python builds the next.
            for pk, (key, story) in zip(allocate_ids(Article, len(new)), new, strict=True):
                article = Article(pk=pk, identity_key=key, status=story.status, **_article_fields(story, lookups))
                # Right from the start, so the triggers that keep these flags (migration 0006) need not update the row.
                article.missing_author = not lookups.authors_of(story)
                article.pending_check_also = bool(story.check_also)
                article.prepare_fields(body_is_clean=True)  # body_html is clean by contract
                article.created_at = article.modified_at = now
                articles.append(article)
                yield [getattr(article, name) for name in ARTICLE_COLUMNS]

        copy_rows(Article, ARTICLE_COLUMNS, article_rows())
        copy_rows(
            Article.history.model,
            [*HISTORY_COLUMNS, "history_date", "history_type", "history_change_reason", "history_user_id"],
            (
                [*(getattr(a, name) for name in HISTORY_COLUMNS), now, "+", "Ingested", self.user and self.user.pk]
                for a in articles
            ),
        )
        bylines, places, tags = [], [], []
        for article, (_, story) in zip(articles, new, strict=True):
            bylines += [(article.pk, a.pk, i) for i, a in enumerate(lookups.authors_of(story))]
            places += [(article.pk, p.pk) for p in lookups.places_of(story)]
            tags += [(article.pk, t.pk) for t in lookups.tags_of(story)]
        copy_rows(Byline, ["article_id", "author_id", "position"], bylines)
        copy_rows(Article.places.through, ["article_id", "place_id"], places)
        copy_rows(Article.tags.through, ["article_id", "tag_id"], tags)
        self._write_extras(
            [(article, story) for article, (_, story) in zip(articles, new, strict=True)], now, fresh=True
        )
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
        self._write_extras([(article, story)], now, fresh=False)

    def _write_extras(self, pairs: list[tuple[Article, ParsedStory]], now: datetime, *, fresh: bool) -> None:
        """Check Also links, legacy identifiers and paths, and provenance of freshly written stories.

        ``fresh`` stories were created in this batch, so their links and provenance
        cannot clash with rows already there and go through COPY.
        """
        links, ids, paths, provenance = [], [], [], []
        for article, story in pairs:
            links += [
                (article.pk, link.title, match_key(link.title), link.teaser, link.url, position, now)
                for position, link in enumerate(story.check_also)
            ]
            ids += [LegacyIdentifier(article=article, scheme=s, value=v) for s, v in story.legacy_ids]
            paths += [LegacyPath(article=article, path=p) for p in story.legacy_paths]
            provenance.append((article.pk, story.source[:1000], story.raw, story.raw_checksum, story.parser, now))
        if fresh:
            copy_rows(RelatedLink, [*LINK_COLUMNS, "kind", "ambiguous"], (row + KIND_OBSERVED for row in links))
            copy_rows(Provenance, PROVENANCE_COLUMNS, provenance)
        else:
            RelatedLink.objects.bulk_create(
                RelatedLink(kind=RelatedLink.Kind.OBSERVED, **dict(zip(LINK_COLUMNS, row, strict=True)))
                for row in links
            )
            # The same input seen again (say, under another file name) is one provenance record.
            Provenance.objects.bulk_create(
                (Provenance(**dict(zip(PROVENANCE_COLUMNS, row, strict=True))) for row in provenance),
                ignore_conflicts=True,
            )
        # An id or old path already claimed by another story stays with it.
        LegacyIdentifier.objects.bulk_create(ids, ignore_conflicts=True)
        LegacyPath.objects.bulk_create(paths, ignore_conflicts=True)
