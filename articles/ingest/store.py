"""Write parsed stories into the archive: each is created, updated or left unchanged, never duplicated.

A story's identity is its source URL, else its id, else its folded headline,
places and date, and without a date its text too (``identity_key``). The key is unique in the database, so two
ingests of the same files at once cannot both create a story: the loser's
insert fails, and it stores that batch again one story at a time, now seeing
the winner's rows. New stories are written in bulk (the common case of a large
import); changed ones are saved one by one so each update is a revision in the
story's history.

New stories get no history row: their first revision is written when they
first change (``articles.history``), since until then the story is that
revision. Their Check Also links are resolved before they are written.

The store runs inside the caller's transaction; the ingest driver gives each
file its own, so a file that fails leaves nothing behind.
"""

import dataclasses
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import datetime
from enum import StrEnum
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from .. import search_index
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
from ..preservation.checksum import StoryContent, reseal, story_checksum
from ..text import html_text, identity_fold, make_slug, match_key, slug_made_before
from .copy import allocate_ids, copy_rows, insert_skipping_conflicts
from .links import Resolution, resolve_pending_links, targets_for_new_links
from .parsed import ParsedStory, quote
from .read_ahead import read_ahead_of

# Stories per batch: each batch pays a fixed round of statements (lookups, id allocation, ~7 COPYs, link
# resolution, the statement triggers of migrations 0007/0009), so larger batches amortise them. 2,000 keeps a
# batch's rows to a few MB; a batch that clashes with a concurrent ingest is retried one story at a time.
BATCH_SIZE = 2000
SEARCH_INDEX = "articles_searchdocument"  # a table of the database's own (migration 0010), with no model
ANALYZE_FIRST_AT = 1000  # created stories; see StoryStore._analyze_if_grown
LANGUAGE_CODES = {code for code, _ in settings.STORY_LANGUAGES}
STATUSES = Article.Status.values
ARTICLE_COLUMNS = [field.attname for field in Article._meta.concrete_fields]
# What a new version of an ingested story replaces; slug, status and editors' fields follow their own rules.
UPDATED_COLUMNS = [
    "identity_key", "headline", "language", "agency", "body", "summary", "markers", "published_at", "updated_at",
    "source_url",
]  # fmt: skip
LINK_COLUMNS = ["source_id", "title", "title_key", "teaser", "url", "position", "observed_at", "target_id", "ambiguous"]
PROVENANCE_COLUMNS = ["article_id", "source", "raw", "checksum", "parser", "ingested_at", "ingested_by_id"]


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
        # Folded as keys always were (identity_fold, frozen): a stored story is found by its key for ever.
        places = "/".join(sorted(identity_fold(place) for place in story.places))
        date = story.published_at.isoformat() if story.published_at else ""
        basis = f"text:{identity_fold(story.headline)}|{places}|{date}"
        if not date:
            # Without a date, a headline and a place name no one story: SANA runs "Army units destroy terrorist
            # positions in Hama countryside" from Hama most days, and each day's story replaced the last one's
            # text at its address. The text tells them apart. The same file ingested again gives the same key;
            # a story stored under the key without its text (before this) is found by its input's checksum
            # (StoryStore._find_read_anew) and takes the new key.
            basis += "|" + hashlib.sha256(identity_fold(_plain_text(story)).encode()).hexdigest()
    kind = basis.split(":", 1)[0]
    return f"{kind}:{hashlib.sha256(basis.encode()).hexdigest()}"


def _plain_text(story: ParsedStory) -> str:
    if story.html:
        return html_text(story.html)
    return "\n".join(story.paragraphs)


def content_checksum(
    story: ParsedStory, lookups: "_Lookups", *, stored: Article | None = None, status: str | None = None
) -> str:
    """The story's fingerprint as it will be stored, so re-ingesting it unchanged writes nothing.

    ``stored``: the row about to be written (``prepare``), whose text is what the checksum must describe:
    ``Article.prepare_fields`` cleans it. One definition with every other write and with ``manage.py verify``:
    see ``preservation.checksum``.
    """
    section = lookups.section_of(story)
    content = StoryContent(
        headline=story.headline if stored is None else stored.headline,
        body=story.body_html if stored is None else stored.body,
        summary=story.summary if stored is None else stored.summary,
        language=story.language,
        agency=story.agency,
        markers=story.markers,
        published_at=story.published_at,
        updated_at=story.updated_at,
        status=status or story.status,
        source_url=story.source_url,
        section_id=section.pk if section else None,
        author_ids=[author.pk for author in lookups.authors_of(story)],
        place_ids=[place.pk for place in lookups.places_of(story)],
        tag_ids=[tag.pk for tag in lookups.tags_of(story)],
        check_also=[(link.title, link.url, link.teaser) for link in story.check_also],
    )
    return story_checksum(content)


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))


class _Lookups:
    """Authors, places, tags and sections for a batch, found or created in a few queries, by name as printed.

    ``known`` carries what earlier batches of the same file found, so a large
    import asks only about names it has not met yet; it is emptied when a batch
    is retried, since what it holds may be what made the batch fail.
    """

    def __init__(self, stories: list[ParsedStory], known: dict[type, dict], *, names_db: str = DEFAULT_DB_ALIAS):
        def remembered(model, names, find):
            return _remembered(known, model, _unique(names), lambda missing: find(missing, names_db=names_db))

        self.authors = remembered(Author, (n for s in stories for n in s.authors), _authors_by_name)
        self.places = remembered(Place, (p for s in stories for p in s.places), _places_by_name)
        self.tags = remembered(Tag, (t for s in stories for t in s.tags), _tags_by_name)
        self.sections = remembered(Section, (s.section for s in stories), _sections_by_name)

    def authors_of(self, story: ParsedStory) -> list[Author]:
        # Two spellings of one person in a byline are one byline.
        return list({author.pk: author for author in (self.authors[name] for name in story.authors)}.values())

    def places_of(self, story: ParsedStory) -> list[Place]:
        return list({place.pk: place for place in (self.places[name] for name in story.places)}.values())

    def tags_of(self, story: ParsedStory) -> list[Tag]:
        return list({tag.pk: tag for tag in (self.tags[name] for name in story.tags)}.values())

    def section_of(self, story: ParsedStory) -> Section | None:
        return self.sections[story.section] if story.section else None


def _remembered(known: dict[type, dict], model: type, names: list[str], find) -> dict:
    remembered = known.setdefault(model, {})
    missing = [name for name in names if name not in remembered]
    if missing:
        remembered.update(find(missing))
    return remembered


def _places_by_name(names: list[str], *, names_db: str) -> dict[str, Place]:
    return _named_by_name(Place, names, names_db=names_db)


def _tags_by_name(names: list[str], *, names_db: str) -> dict[str, Tag]:
    return _named_by_name(Tag, names, names_db=names_db)


def _sections_by_name(names: list[str], *, names_db: str) -> dict[str, Section]:
    return _named_by_name(Section, names, names_db=names_db)


def _authors_by_name(names: list[str], *, names_db: str) -> dict[str, Author]:
    """Byline names to authors by folded name or alternative spelling; new names become authors.

    New names are written through ``names_db`` (see ``StoryStore``) and read back through the
    store's own connection, which sees them once that connection has committed them.
    """
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
        Author.objects.using(names_db).bulk_create(new, ignore_conflicts=True)
        found.update({a.name_key: a for a in Author.objects.filter(name_key__in=missing)})
        for key in sorted(set(wanted) - set(found)):  # a slug taken by another name
            found[key] = _create_with_free_slug(Author, names_db=names_db, name=wanted[key], name_key=key)
    return {name: found[key] for name, key in keys.items()}


def _named_by_name(model, names: list[str], *, names_db: str) -> dict:
    slugs = {name: make_slug(name) for name in names}
    # A name whose letters carry marks (Hindi, Bengali, Thai) had a slug without them before make_slug kept them: the
    # section, tag or place made then is found by it, rather than made again beside it under the new slug.
    before = {name: slug_made_before(name) for name in names}
    if changed := {name: slug for name, slug in before.items() if slug != slugs[name]}:
        stored = set(
            model.objects.filter(slug__in=[*changed.values(), *(slugs[name] for name in changed)]).values_list(
                "slug", flat=True
            )
        )
        for name, slug in changed.items():
            if slugs[name] not in stored and slug in stored:
                slugs[name] = slug
    wanted = {slug: name for name, slug in slugs.items()}
    if not wanted:
        return {}
    model.objects.using(names_db).bulk_create(
        [model(name=name, slug=slug) for slug, name in sorted(wanted.items())], ignore_conflicts=True
    )
    by_slug = {obj.slug: obj for obj in model.objects.filter(slug__in=wanted)}
    return {name: by_slug[slug] for name, slug in slugs.items()}


def _create_with_free_slug(model, *, names_db: str, **fields):
    base = make_slug(fields["name"])
    for n in range(2, 1000):
        slug = f"{base}-{n}"
        if not model.objects.filter(slug=slug).exists():
            created = model.objects.using(names_db).create(slug=slug, **fields)
            created._state.db = DEFAULT_DB_ALIAS  # the stories that name it are written there
            return created
    raise IntegrityError(f"No free slug for {model.__name__} {fields['name']!r}")


@dataclasses.dataclass
class PreparedStory:
    """A parsed story with all the store derives from it without the database, so that can be done ahead.

    ``article`` is the unsaved row: every column filled but its id, section and
    timestamps, which need the database or the moment of writing.
    """

    story: ParsedStory
    key: str
    article: Article


def prepare(story: ParsedStory) -> PreparedStory:
    """Validate ``story`` and derive its row; pure, so it may run in a read-ahead thread (see ``read_ahead``)."""
    validate(story)
    key = identity_key(story)
    body = story.body_html
    if story.html and not _HAS_TEXT.search(html_text(body)):
        # Given text, the allowlist left none: an unclosed comment ("<!--") or tag took the rest of it.
        where = story.source or repr(story.headline[:60])
        raise StoreError(f"{where}: the body has no text once its HTML is cleaned (an unclosed comment or tag?)")
    article = Article(
        identity_key=key,
        status=story.status,
        headline=story.headline,
        language=story.language,
        agency=story.agency,
        body=body,
        summary=story.summary,
        markers=story.markers,
        published_at=story.published_at,
        updated_at=story.updated_at,
        source_url=story.source_url,
    )
    # The checksum is not derived here: it names the section, authors, places and tags by id, which the
    # database gives (see StoryStore._write_batch and preservation.checksum).
    article.prepare_fields(body_is_clean=True)  # body_html is clean by contract
    return PreparedStory(story=story, key=key, article=article)


def _kept_status(article: Article, story: ParsedStory) -> str:
    # Withdrawal is an editor's call; a feed does not undo it.
    return article.status if article.status == Article.Status.WITHDRAWN else story.status


_HAS_TEXT = re.compile(r"\w")


class StoreError(ValueError):
    """A parsed story the archive cannot hold as it is; says which story and why."""


# The most of each list one story may carry: far more than any agency's story has (a dozen reporters, a few places,
# a few dozen tags), and few enough that its page stays a page. A file that gave one story 2,000 authors, 1,000
# places and 5,000 tags made its page 1.1 MB, drawn in 442 ms.
MOST_PER_STORY = {"authors": 100, "places": 100, "tags": 500, "Check Also links": 100, "legacy paths": 100}


def validate(story: ParsedStory) -> None:
    """Check what the database would refuse, so the error names the story and the field."""
    where = story.source or repr(story.headline[:60])
    lists = {
        "authors": story.authors,
        "places": story.places,
        "tags": story.tags,
        "Check Also links": story.check_also,
        "legacy paths": story.legacy_paths,
    }
    for field, values in lists.items():
        if len(values) > MOST_PER_STORY[field]:
            raise StoreError(f"{where}: {len(values):,} {field}; a story may have at most {MOST_PER_STORY[field]}")
    limits = {"headline": (story.headline, 500), "source url": (story.source_url, 1000), "agency": (story.agency, 100)}
    names = [*story.authors, *story.places, *story.tags, story.section]
    limits |= {f"name {quote(name, 60)}": (name, 200) for name in names}
    for field, (value, limit) in limits.items():
        if len(value) > limit:
            raise StoreError(f"{where}: {field} is {len(value)} characters long; the most allowed is {limit}")
    if not match_key(story.headline):  # an empty key would make two such stories one
        raise StoreError(f"{where}: the headline has no letter or digit")
    if story.language not in LANGUAGE_CODES:
        raise StoreError(f"{where}: language {quote(story.language)} is not one of {', '.join(sorted(LANGUAGE_CODES))}")
    if story.status not in STATUSES:
        raise StoreError(f"{where}: status {quote(story.status)} is not one of {', '.join(STATUSES)}")
    if story.published_at and story.updated_at and story.updated_at < story.published_at:
        raise StoreError(f"{where}: updated {story.updated_at:%Y-%m-%d %H:%M} is before published")
    for scheme, value in story.legacy_ids:
        if len(scheme) > 50 or len(value) > 200:
            raise StoreError(f"{where}: legacy id {quote(f'{scheme}:{value}')} is too long")
    for path in story.legacy_paths:
        if not path.startswith("/") or len(path) > 1000:
            raise StoreError(f"{where}: legacy path {path[:80]!r} must start with / and be at most 1000 characters")


class StoryStore:
    """Stores a stream of parsed stories; ``counts`` and ``links`` say what it did.

    ``names_db`` is the connection new authors, places, tags and sections are
    written through: by default the store's own, so they are part of its
    transaction. A parallel ingest (``ingest.parallel``) gives each worker a second
    connection that commits them at once, or two files meeting the same new name
    would each wait for the other's whole file to commit.
    """

    def __init__(self, *, user=None, batch_size: int = BATCH_SIZE, names_db: str = DEFAULT_DB_ALIAS):
        self.user = user
        self.batch_size = batch_size
        self.names_db = names_db
        self.counts: Counter[Outcome] = Counter()
        self.links = Resolution()
        self._known: dict[type, dict] = {}  # see _Lookups
        self._analyze_at: float | None = None  # see _analyze_if_grown

    def store_all(
        self, stories: Iterable[ParsedStory], *, read_ahead: int = 0
    ) -> Iterator[tuple[ParsedStory, Outcome]]:
        """Store ``stories`` in batches, yielding each with its outcome as its batch is written.

        With ``read_ahead``, up to that many stories are parsed and prepared in a
        thread while this one waits on the database (see ``read_ahead``).
        """
        prepared = map(prepare, stories)
        if read_ahead:
            prepared = read_ahead_of(prepared, size=read_ahead)
        # The search index's words merged in large runs while the caller's transaction stores the stream.
        with search_index.merging_pending_entries():
            batch: dict[str, PreparedStory] = {}  # by identity key
            for item in prepared:
                if item.key in batch or len(batch) >= self.batch_size:
                    # The same story twice in one batch would be created twice: write the batch first.
                    yield from self._store_batch(batch)
                    batch = {}
                batch[item.key] = item
            if batch:
                yield from self._store_batch(batch)

    def store(self, story: ParsedStory) -> tuple[Outcome, Article]:
        item = prepare(story)
        [(_, outcome)] = self._store_batch({item.key: item})
        return outcome, self._find_existing({item.key: item})[item.key]

    def _store_batch(self, batch: dict[str, PreparedStory]) -> list[tuple[ParsedStory, Outcome]]:
        links_before = dataclasses.replace(self.links)
        try:
            with transaction.atomic():
                outcomes = self._write_batch(batch)
        except IntegrityError:
            self.links = links_before  # what the rolled-back attempt counted was never written
            self._known = {}
            if len(batch) > 1:
                # Another ingest created some of these since we looked: one at a time sees its rows.
                return [pair for key, item in batch.items() for pair in self._store_batch({key: item})]
            with transaction.atomic():
                outcomes = self._write_batch(batch)
        self.counts.update(outcomes)
        self._analyze_if_grown()
        return [(item.story, outcome) for item, outcome in zip(batch.values(), outcomes, strict=True)]

    def _analyze_if_grown(self) -> None:
        """Refresh the planner's statistics of the tables this ingest grows, each time it has doubled them.

        Autovacuum only sees committed rows, and a file is one transaction: without
        this, a large first import into a young archive is planned as if the tables
        were still tiny, and its lookups turn into whole-table scans that grow with
        every batch. Waiting for the table to double keeps the number of ANALYZE
        runs logarithmic, and a file added to a large archive needs none.
        """
        created = self.counts[Outcome.CREATED]
        if self._analyze_at is None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [Article._meta.db_table])
                row = cursor.fetchone()
            known = max(row[0] if row else 0, 0)  # -1: never analyzed
            self._analyze_at = max(ANALYZE_FIRST_AT, known)
        if created < self._analyze_at:
            return
        # Every table whose rows the store's queries and the tables' triggers look up (the byline and link
        # triggers of migration 0009 probe bylines and links by story): with the statistics of an empty
        # table, those probes became whole-table scans, and the first file into an empty archive slowed
        # as it grew (830 stories/s over 100,000, against 1,400 for the same file into a filled archive).
        grown = (Article, RelatedLink, Byline, Article.places.through, Article.tags.through)
        # And the search index, which the stories' triggers grow: search reads each word's share of stories
        # from its statistics, and plans by them. Where autovacuum is off (this machine's PostgreSQL 15) a
        # million stories ingested left it with none: a phrase of two common words was planned as if they
        # were in 237 stories together, collected all 244,481 and took 3.2 s; after ANALYZE, 248 ms.
        tables = ", ".join([*(connection.ops.quote_name(model._meta.db_table) for model in grown), SEARCH_INDEX])
        try:
            # ANALYZE holds its lock until the file's transaction ends, and a second ANALYZE of the same
            # table waits for it: two files ingested at once (``--jobs``, or two runs) queued one behind the
            # other for the whole of a file. The lock is asked for without waiting; when another ingest holds
            # it, its statistics serve both and this one tries again after the next batch.
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {tables} IN SHARE UPDATE EXCLUSIVE MODE NOWAIT")
        except OperationalError:
            return
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tables}")
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [Article._meta.db_table])
            known = max(cursor.fetchone()[0], created)
        self._analyze_at = created + known

    def _find_existing(self, batch: dict[str, PreparedStory]) -> dict[str, Article]:
        """The archived stories these keys name: by identity key, else by source URL (a story an editor added),
        else, for a story known by its text, by its headline and the very input it was stored from.

        Separate queries rather than one with OR: an OR of the lookups makes
        PostgreSQL scan the whole table, which grows with the archive.
        """
        found = {
            article.identity_key: article for article in Article.objects.filter(identity_key__in_array=list(batch))
        }
        urls = {item.story.source_url: key for key, item in batch.items() if item.story.source_url and key not in found}
        if urls:
            # NOT source_url = '' matches the partial unique index's predicate, so the index serves.
            for article in Article.objects.filter(source_url__in_array=list(urls)).exclude(source_url=""):
                found[urls[article.source_url]] = article
        found |= self._find_read_anew(
            {key: item for key, item in batch.items() if key.startswith("text:") and key not in found},
            taken={article.pk for article in found.values()},
        )
        return found

    @staticmethod
    def _find_read_anew(batch: dict[str, PreparedStory], *, taken: set[int]) -> dict[str, Article]:
        """Stories known by their text (headline, places, date) whose key a newer parser changed: the same input
        read again now gives places it could not read before ("ROMA, 26 NOV - ..."), and so another key. Found by
        their headline and the checksum of the input they were stored from (their provenance), so that ingesting
        the same file again updates them instead of storing them twice."""
        if not batch:
            return {}
        keys = {item.story.raw_checksum: key for key, item in batch.items() if item.story.raw}
        # As read now, and as printed: a headline flag the parser now reads ("UPDATE 2-") changed the headline too.
        headlines = {
            match_key(headline)
            for item in batch.values()
            for headline in (item.story.headline, item.story.printed_headline)
            if headline
        }
        stored = (
            Provenance.objects.filter(checksum__in_array=list(keys), article__headline_key__in_array=list(headlines))
            .filter(article__identity_key__startswith="text:")
            .order_by()
            .values_list("checksum", "article_id")
        )
        by_checksum = {checksum: pk for checksum, pk in stored if pk not in taken}
        articles = Article.objects.in_bulk(set(by_checksum.values()))
        return {keys[checksum]: articles[pk] for checksum, pk in by_checksum.items() if pk in articles}

    def _write_batch(self, batch: dict[str, PreparedStory]) -> list[Outcome]:
        now = timezone.now()
        existing = self._find_existing(batch)
        lookups = _Lookups([item.story for item in batch.values()], self._known, names_db=self.names_db)
        outcomes, new, touched_keys, touched_urls = [], [], set(), set()
        for key, item in batch.items():
            article = existing.get(key)
            if article is None:
                item.article.checksum = self._checksum(item, lookups, status=item.story.status)
                new.append(item)
                outcomes.append(Outcome.CREATED)
            elif article.checksum == self._checksum(item, lookups, status=_kept_status(article, item.story)) and (
                article.identity_key == key
            ):
                outcomes.append(Outcome.UNCHANGED)
            else:
                self._update(article, item, lookups)
                touched_keys.add(article.headline_key)
                touched_urls.add(article.source_url)
                touched_keys.update(link.title_key for link in article.related_links.all())
                outcomes.append(Outcome.UPDATED)
        created = self._create(sorted(new, key=lambda item: item.key), lookups, now)
        touched_keys.update(article.headline_key for article in created)
        touched_urls.update(article.source_url for article in created)
        touched_urls.discard("")
        resolution = resolve_pending_links(keys=touched_keys, urls=touched_urls)
        self.links.resolved += resolution.resolved
        self.links.ambiguous += resolution.ambiguous
        return outcomes

    @staticmethod
    def _checksum(item: PreparedStory, lookups: _Lookups, *, status: str) -> str:
        return content_checksum(item.story, lookups, stored=item.article, status=status)

    def _create(self, new: list[PreparedStory], lookups: _Lookups, now: datetime) -> list[Article]:
        """Write new stories with COPY (see ``copy``): the path every large import takes."""
        if not new:
            return []
        articles = []
        for pk, item in zip(allocate_ids(Article, len(new)), new, strict=True):
            article = item.article
            article.pk = pk
            article.section = lookups.section_of(item.story)
            # Right from the start, so the byline trigger (migration 0009) need not update the row. Pending
            # Check Also stays False: links are resolved before they are written, and the links' trigger
            # raises the flag only for the few left pending.
            article.missing_author = not lookups.authors_of(item.story)
            article.created_at = article.modified_at = now
            articles.append(article)
        bylines, places, tags = [], [], []
        for article, item in zip(articles, new, strict=True):
            # The join rows carry their story's listing date for the readers' lists (migration 0007); given
            # here, the trigger that would look the story up for each row does not run. NULL when unlisted.
            listed = article.published_at if article.status == Article.Status.PUBLISHED else None
            bylines += [(article.pk, a.pk, i, listed) for i, a in enumerate(lookups.authors_of(item.story))]
            places += [(article.pk, p.pk, listed) for p in lookups.places_of(item.story)]
            tags += [(article.pk, t.pk, listed) for t in lookups.tags_of(item.story)]
        # Bylines and places first (their foreign keys are checked at commit): the stories' insert then indexes
        # each story for search with its names in one go (migration 0010), where bylines written after would
        # rewrite every new index row once more.
        list_date = ["list_date"]
        copy_rows(Byline, ["article_id", "author_id", "position", *list_date], bylines, unmodelled=list_date)
        copy_rows(Article.places.through, ["article_id", "place_id", *list_date], places, unmodelled=list_date)
        copy_rows(Article.tags.through, ["article_id", "tag_id", *list_date], tags, unmodelled=list_date)
        copy_rows(Article, ARTICLE_COLUMNS, ([getattr(a, name) for name in ARTICLE_COLUMNS] for a in articles))
        self._write_extras(
            [(article, item.story) for article, item in zip(articles, new, strict=True)], now, fresh=True
        )
        return articles

    def _update(self, article: Article, item: PreparedStory, lookups: _Lookups) -> None:
        story = item.story
        status = _kept_status(article, story)
        if story.headline != article.headline:
            article.slug = ""  # a new slug from the new headline; the old URL still redirects by id
        for name in UPDATED_COLUMNS:
            setattr(article, name, getattr(item.article, name))
        article.section = lookups.section_of(story)
        article.status = status
        article.checksum = self._checksum(item, lookups, status=status)
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
        self._write_extras([(article, story)], timezone.now(), fresh=False)
        reseal([article.pk])  # its bylines, places, tags and links changed after save()

    def _write_extras(self, pairs: list[tuple[Article, ParsedStory]], now: datetime, *, fresh: bool) -> None:
        """Check Also links, legacy identifiers and paths, and provenance of freshly written stories.

        ``fresh`` stories were created in this batch, so their links and provenance
        cannot clash with rows already there and go through COPY.
        """
        links, ids, paths, provenance = [], [], [], []
        user_id = self.user.pk if self.user else None
        for article, story in pairs:
            links += [
                (article.pk, link.title, match_key(link.title), link.teaser, link.url, position, now)
                for position, link in enumerate(story.check_also)
            ]
            ids += [(article.pk, scheme, value) for scheme, value in story.legacy_ids]
            paths += [(article.pk, path) for path in story.legacy_paths]
            provenance.append(
                (article.pk, story.source[:1000], story.raw, story.raw_checksum, story.parser, now, user_id)
            )
        dates = {article.pk: article.published_at for article, _ in pairs}
        targets = targets_for_new_links([(row[2], row[4], row[0], dates[row[0]]) for row in links])
        links = [row + target for row, target in zip(links, targets, strict=True)]
        self.links.resolved += sum(1 for target, _ in targets if target is not None)
        self.links.ambiguous += sum(1 for _, ambiguous in targets if ambiguous)
        if fresh:
            copy_rows(RelatedLink, [*LINK_COLUMNS, "kind"], ((*row, RelatedLink.Kind.OBSERVED.value) for row in links))
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
        insert_skipping_conflicts(LegacyIdentifier, ["article_id", "scheme", "value"], ids)
        insert_skipping_conflicts(LegacyPath, ["article_id", "path"], paths)
