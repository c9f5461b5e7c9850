"""A realistic archive to measure against: stories as the agency writes them, at any size, the same every time.

    python bench/corpus.py --stories 100000 [--seed 20261124] [--out var/bench] [--split 100000]

writes OUT/corpus-N-S.jsonl (or, with --split, the folder OUT/corpus-N-S/ of files of
that many stories, as ``manage.py ingest`` takes them) and OUT/queries-N-S.json, for N
stories of seed S, and reuses them when they are there (OUT is var/bench/ by default, or
$NEWSROOM_BENCH_DIR, so that worktrees can share one corpus); with --queries-only it derives
the query sets anew from the corpus that is there. Benchmarks import it instead:

    from bench.corpus import ensure_corpus
    corpus = ensure_corpus(stories=100_000)  # generated once under var/bench/, then reused
    corpus.files, corpus.queries_path

The stories are JSON Lines in the project's ingest schema (articles/ingest/jsonl.py).
Words are drawn with Zipf frequencies (exponent 1.07 over rank) from wordfreq's 50,000
most frequent English words (alphabetic, longer than two letters) and, for one story
in ten, from its Arabic list. A body has 300-400 words in 4-10 paragraphs, the first
opening with a dateline in its agency's style ("Moscow, SANA – ", "WASHINGTON
(Reuters) - ", "حلب-سانا "); a headline has 6-12 words. 2,000 reporters sign 1-3 to a
story, 300 places dateline 1-2, in 12 sections with 300 tags, over 16 years
(2010-2025) in order. About 30% of stories print 1-3 Check Also links, to an earlier
story, a later one, or one outside the corpus, titled with the target's exact
headline. About 1% are drafts or withdrawn.

Deterministic and random-access: story n is drawn from its own generator, seeded from
(seed, n), so the same seed and size give the same bytes, and ``headline(n)`` is
known without writing the stories before n (so links can point forward). Streaming:
each story is written as it is made; what is kept for the query sets (document
frequencies per word, a few hundred sample stories) is bounded by the vocabulary,
not by the corpus, so memory is flat at any size.

The query sets (``{"class": [{"q": ..., optional "section", "date_from", "date_to"}]}``)
are derived from what was generated, so each query hits what its class claims:
counts are taken per Snowball stem, as PostgreSQL's English full-text search matches,
and no query uses a stop word, a place, a reporter's or a tag's word.
"""

import argparse
import bisect
import functools
import itertools
import json
import multiprocessing
import os
import random
import re
import resource
import shutil
import sys
import time
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import Stemmer
import wordfreq

if __package__ in (None, ""):  # run as a script: python bench/corpus.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import corpus_data as data

ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = Path(os.environ.get("NEWSROOM_BENCH_DIR") or ROOT / "var" / "bench")
SEED = 20261124
# Of what the generator writes: raise it with any change to the stories, so that an older corpus is never reused
# (it is in the file names from version 2 on).
VERSION = 1
SPLIT = 100_000  # stories per file: a million stories are ingested as 10 files of 100,000

VOCABULARY_SIZE = 50_000
ZIPF_EXPONENT = 1.07
ARABIC_PER_MILLE = 100
BODY_WORDS = (300, 400)
PARAGRAPHS = (4, 10)
HEADLINE_WORDS = (6, 12)
FIRST_DAY = datetime(2010, 1, 1, tzinfo=UTC)
SPAN = datetime(2026, 1, 1, tzinfo=UTC) - FIRST_DAY  # 16 years, 2010-2025
PLACE_COUNT = 300
REPORTERS = (1700, 300)  # transliterated Arabic names (SANA's staff), western names (the wire services')
PHRASE_COUNT = 400  # collocations the bodies repeat, as news text does ("security council")
LINK_SHARE = 0.30
LINK_WINDOW = 3000  # stories either side a Check Also link points within (a twentieth of a small corpus)
QUERIES_PER_CLASS = 50
SAMPLES = 400  # stories, spread over the corpus, kept whole for the query sets
VERY_COMMON = (0.26, 0.64)  # the class's 25-65% of English stories, with a margin for drafts left out of search
COMMON = (0.05, 0.64)

# (agency, share of the English stories, its site)
AGENCIES = [
    ("SANA", 0.82, "sana.example"),
    ("Reuters", 0.08, "reuters.example"),
    ("AP", 0.05, "apnews.example"),
    ("AFP", 0.05, "afp.example"),
]
SECTION_WEIGHTS = [20, 15, 12, 12, 8, 7, 5, 4, 4, 4, 5, 4]

_MASK = (1 << 64) - 1
_ARABIC_WORD = re.compile("[\u0621-\u064a\u0671-\u06d3]+")


def _mix(value: int) -> int:
    """SplitMix64: a well-spread 64-bit hash, far cheaper than seeding a generator."""
    value = (value + 0x9E3779B97F4A7C15) & _MASK
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & _MASK
    return value ^ (value >> 31)


def _zipf_cum_weights(count: int, exponent: float) -> list[float]:
    return list(itertools.accumulate(1 / rank**exponent for rank in range(1, count + 1)))


@dataclass(frozen=True)
class Vocabulary:
    words: list[str]
    cum_weights: list[float]
    stem_of: dict[str, int]  # word -> its Snowball stem's number; English only
    canonical: list[str]  # stem number -> the most frequent word with that stem


@functools.cache
def english() -> Vocabulary:
    words = [w for w in wordfreq.top_n_list("en", 2 * VOCABULARY_SIZE) if w.isascii() and w.isalpha() and len(w) > 2]
    words = words[:VOCABULARY_SIZE]
    numbers: dict[str, int] = {}
    stem_of = {}
    for word, stem in zip(words, Stemmer.Stemmer("english").stemWords(words), strict=True):
        stem_of[word] = numbers.setdefault(stem, len(numbers))
    canonical = [""] * len(numbers)
    for word in reversed(words):  # words come most frequent first: the first one of each stem wins
        canonical[stem_of[word]] = word
    return Vocabulary(words, _zipf_cum_weights(len(words), ZIPF_EXPONENT), stem_of, canonical)


@functools.cache
def arabic() -> Vocabulary:
    # As Arabic on the web does, the list holds some Latin words ("google", "http"); the text keeps them, the
    # Arabic query class does not.
    words = [w for w in wordfreq.top_n_list("ar", 2 * VOCABULARY_SIZE) if w.isalpha() and len(w) > 2]
    words = words[:VOCABULARY_SIZE]
    return Vocabulary(words, _zipf_cum_weights(len(words), ZIPF_EXPONENT), {}, [])


@dataclass(frozen=True)
class Names:
    """The corpus's fixed lists, with the cumulative weights the draws use."""

    places: list[str]
    places_cum: list[float]
    syrian_places: int  # the first this many places are Syria's; the wire services dateline the rest
    wire_places_cum: list[float]
    arabic_places: list[str]  # Arabic names of places[: len(arabic_places)]
    arabic_places_cum: list[float]
    sana_reporters: list[str]
    sana_reporters_cum: list[float]
    wire_reporters: list[str]
    wire_reporters_cum: list[float]
    sections_cum: list[float]
    tags: list[str]
    tags_cum: list[float]
    agencies_cum: list[float]
    phrases: list[str]
    phrases_cum: list[float]

    @property
    def reporters(self) -> list[str]:
        return self.sana_reporters + self.wire_reporters


def _reporters(given: list[str], family: list[str], count: int, salt: int) -> list[str]:
    combinations = [f"{first} {last}" for first in given for last in family]
    return random.Random(salt).sample(combinations, count)


@functools.cache
def names() -> Names:
    places = [english for english, _ in data.PLACES_WITH_ARABIC]
    places += data.PLACES_ENGLISH_ONLY[: PLACE_COUNT - len(places)]
    arabic_places = [arabic for _, arabic in data.PLACES_WITH_ARABIC]
    syrian = places.index("Beirut")
    sana = _reporters(data.ARABIC_GIVEN_NAMES, data.ARABIC_FAMILY_NAMES, REPORTERS[0], salt=1)
    wire = _reporters(data.WESTERN_GIVEN_NAMES, data.WESTERN_FAMILY_NAMES, REPORTERS[1], salt=2)
    tags = data.TOPIC_TAGS + places[: 300 - len(data.TOPIC_TAGS)]
    vocabulary = english()
    # Collocations: pairs of content words the bodies repeat, so that a phrase query has something to find.
    rng = random.Random(3)
    candidates = [w for w in vocabulary.words[30:3000] if w not in data.ENGLISH_STOP_WORDS]
    phrases = []
    while len(phrases) < PHRASE_COUNT:
        first, second = rng.sample(candidates, 2)
        if f"{first} {second}" not in phrases:
            phrases.append(f"{first} {second}")
    return Names(
        places=places,
        places_cum=_zipf_cum_weights(len(places), 1.0),
        syrian_places=syrian,
        wire_places_cum=_zipf_cum_weights(len(places) - syrian, 0.8),
        arabic_places=arabic_places,
        arabic_places_cum=_zipf_cum_weights(len(arabic_places), 1.0),
        sana_reporters=sana,
        sana_reporters_cum=_zipf_cum_weights(len(sana), 0.8),
        wire_reporters=wire,
        wire_reporters_cum=_zipf_cum_weights(len(wire), 0.8),
        sections_cum=list(itertools.accumulate(SECTION_WEIGHTS)),
        tags=tags,
        tags_cum=_zipf_cum_weights(len(tags), 0.9),
        agencies_cum=list(itertools.accumulate(share for _, share, _ in AGENCIES)),
        phrases=phrases,
        phrases_cum=_zipf_cum_weights(len(phrases), 1.0),
    )


# --- One story ---------------------------------------------------------------------------------------------------


def language(n: int, *, seed: int = SEED) -> str:
    """Story ``n``'s language, from a hash: cheap enough to look for a same-language link target."""
    return "ar" if _mix(_mix(seed) ^ n) % 1000 < ARABIC_PER_MILLE else "en"


def _rng(n: int, seed: int) -> random.Random:
    return random.Random(_mix(_mix(seed + 1) ^ n))


@dataclass
class _Head:
    language: str
    agency: str
    places: list[str]  # as printed in the dateline (Arabic names in Arabic stories)
    headline: str
    headline_words: list[str]


def _draw_distinct(rng: random.Random, population: list, cum_weights: list[float], count: int) -> list:
    """``count`` different items, drawn by weight (a byline does not name a reporter twice)."""
    chosen = list(dict.fromkeys(rng.choices(population, cum_weights=cum_weights, k=count)))
    while len(chosen) < count:
        extra = rng.choices(population, cum_weights=cum_weights)[0]
        if extra not in chosen:
            chosen.append(extra)
    return chosen


def _head(n: int, seed: int) -> tuple[_Head, random.Random]:
    """What is drawn first from story ``n``'s generator: all that ``headline(n)`` needs."""
    rng = _rng(n, seed)
    lists = names()
    lang = language(n, seed=seed)
    place_count = 2 if rng.random() < 0.15 else 1
    if lang == "ar":
        agency = "SANA"
        places = _draw_distinct(rng, lists.arabic_places, lists.arabic_places_cum, place_count)
        vocabulary = arabic()
    else:
        agency = AGENCIES[bisect.bisect(lists.agencies_cum, rng.random() * lists.agencies_cum[-1])][0]
        if agency == "SANA":
            places = _draw_distinct(rng, lists.places, lists.places_cum, place_count)
        else:
            places = _draw_distinct(rng, lists.places[lists.syrian_places :], lists.wire_places_cum, place_count)
        vocabulary = english()
    length = HEADLINE_WORDS[0] + int(rng.random() * (HEADLINE_WORDS[1] - HEADLINE_WORDS[0] + 1))
    place = places[0] if rng.random() < 0.3 else ""
    place_words = len(place.split())
    words = rng.choices(vocabulary.words, cum_weights=vocabulary.cum_weights, k=max(3, length - place_words))
    printed = list(words)
    if place:
        printed.insert(int(rng.random() * (len(printed) + 1)), place)
    text = " ".join(printed)
    if lang == "en":
        text = text[0].upper() + text[1:]
    return _Head(lang, agency, places, text, words), rng


def headline(n: int, *, seed: int = SEED) -> str:
    """Story ``n``'s headline, without making the story: what a Check Also link to it prints."""
    return _head(n, seed)[0].headline


def _dateline(head: _Head, rng: random.Random, published: datetime) -> str:
    places = "/".join(head.places)
    style = rng.random()
    if head.language == "ar":
        return f"{places}-سانا " if style < 0.8 else f"{places} - سانا "
    if head.agency == "SANA":
        if style < 0.6:
            return f"{places}, SANA – "
        return f"{places}, SANA-" if style < 0.85 else f"{places.upper()}, SANA-"
    if head.agency == "Reuters":
        if style < 0.6:
            return f"{places.upper()} (Reuters) - "
        if style < 0.85:
            return f"{places.upper()}, {data.MONTHS[published.month - 1]} {published.day} (Reuters) - "
        return f"{places}, Reuters – "
    if head.agency == "AP":
        return f"{places.upper()} (AP) — "
    return f"{places}, AFP - " if style < 0.6 else f"{places.upper()} (AFP) - "


def _paragraphs(rng: random.Random, tokens: list[str], count: int, *, capitalize: bool) -> list[str]:
    """``tokens`` as ``count`` paragraphs of sentences of 6-28 words."""
    random_ = rng.random
    total = len(tokens)
    share = total / count
    bounds = [0, *(round(share * (i + (random_() - 0.5) * 0.5)) for i in range(1, count)), total]
    paragraphs = []
    for start, end in itertools.pairwise(bounds):
        sentences = []
        i = start
        while i < end:
            j = i + 6 + int(random_() * 23)
            if j > end - 4:
                j = end
            sentence = " ".join(tokens[i:j])
            sentences.append((sentence[0].upper() + sentence[1:] if capitalize else sentence) + ".")
            i = j
        paragraphs.append(" ".join(sentences))
    return paragraphs


@dataclass
class _Facts:
    """What the query sets need to know of a story."""

    language: str
    status: str
    words: set[str]  # headline and body words drawn from the vocabulary
    phrases: list[int]
    authors: list[str]
    section: str
    published: datetime


def _story(n: int, stories: int, seed: int) -> tuple[dict, _Facts]:
    head, rng = _head(n, seed)
    random_ = rng.random
    lists = names()
    vocabulary = arabic() if head.language == "ar" else english()
    published = FIRST_DAY + SPAN * ((n + random_()) / stories)
    published = published.replace(second=0, microsecond=0)

    words = BODY_WORDS[0] + int(random_() * (BODY_WORDS[1] - BODY_WORDS[0] + 1))
    phrases = []
    if head.language == "en":
        phrases = rng.choices(range(PHRASE_COUNT), cum_weights=lists.phrases_cum, k=1 + int(random_() * 3))
    # The place is named once in the text ("in Aleppo"), as a story about it would.
    mention = (("في " if head.language == "ar" else "in ") + head.places[-1]) if random_() < 0.6 else ""
    drawn = rng.choices(
        vocabulary.words,
        cum_weights=vocabulary.cum_weights,
        k=words - 2 * len(phrases) - len(mention.split()),
    )
    tokens = list(drawn)
    for phrase in phrases:
        tokens.insert(int(random_() * len(tokens)), lists.phrases[phrase])
    if mention:
        tokens.insert(int(random_() * len(tokens)), mention)
    paragraph_count = PARAGRAPHS[0] + int(random_() * (PARAGRAPHS[1] - PARAGRAPHS[0] + 1))
    body = _paragraphs(rng, tokens, paragraph_count, capitalize=head.language == "en")
    summary = body[0].split(".", 1)[0] + "." if random_() < 0.2 else ""
    body[0] = _dateline(head, rng, published) + body[0]

    if head.language == "ar" or head.agency == "SANA":
        pool, cum = lists.sana_reporters, lists.sana_reporters_cum
    else:
        pool, cum = lists.wire_reporters, lists.wire_reporters_cum
    byline = random_()
    authors = _draw_distinct(rng, pool, cum, 1 if byline < 0.7 else 2 if byline < 0.92 else 3)
    section = data.SECTIONS[bisect.bisect(lists.sections_cum, random_() * lists.sections_cum[-1])]
    tags = _draw_distinct(rng, lists.tags, lists.tags_cum, 1 + int(random_() * 3))
    chance = random_()
    status = "draft" if chance < 0.006 else "withdrawn" if chance < 0.01 else "published"

    site = next(site for agency, _, site in AGENCIES if agency == head.agency)
    story = {
        "headline": head.headline,
        "body": body,
        "published": published.strftime("%Y-%m-%dT%H:%M:00Z"),
    }
    if random_() < 0.05:
        story["updated"] = (published + timedelta(minutes=30 + int(random_() * 2880))).strftime("%Y-%m-%dT%H:%M:00Z")
    if head.agency == "SANA":  # the agency's WordPress ids, kept from its old site
        story["url"] = f"https://{site}/{head.language}/?p={n + 1000}"
        story["id"] = n + 1000
    else:
        story["url"] = f"https://{site}/world/{n + 1000}"
    story["language"] = head.language
    story["places"] = head.places
    story["agency"] = head.agency
    story["authors"] = authors
    story["section"] = section
    story["tags"] = tags
    if summary:
        story["summary"] = summary
    if status != "published":
        story["status"] = status
    if random_() < LINK_SHARE:
        story["check_also"] = _links(n, stories, seed, rng, head.language)

    facts = _Facts(head.language, status, set(drawn), phrases, authors, section, published)
    facts.words.update(head.headline_words)
    for phrase in phrases:
        facts.words.update(lists.phrases[phrase].split())
    return story, facts


def _links(n: int, stories: int, seed: int, rng: random.Random, lang: str) -> list[dict]:
    """1-3 Check Also links, as the agency prints them: to a recent story, a later one, or one never archived."""
    random_ = rng.random
    window = min(LINK_WINDOW, max(20, stories // 20))
    count = 1 if (r := random_()) < 0.6 else 2 if r < 0.9 else 3
    targets = []
    for _ in range(count):
        kind = random_()
        if kind < 0.05:  # a story outside the corpus: beyond its last one
            target = stories + int(random_() * window)
        else:
            step = 1 if kind < 0.30 or n == 0 else -1  # a quarter point forward, the rest back
            target = n + step * (1 + int(random_() * window))
            for _ in range(200):  # to a story in the same language
                if target < 0:
                    target, step = n + 1, 1
                if language(target, seed=seed) == lang and target != n:
                    break
                target += step
        if target not in targets:
            targets.append(target)
    vocabulary = arabic() if lang == "ar" else english()
    links = []
    for target in targets:
        teaser = " ".join(rng.choices(vocabulary.words, cum_weights=vocabulary.cum_weights, k=12 + int(random_() * 14)))
        links.append({"title": headline(target, seed=seed), "teaser": teaser + " …"})
    return links


def story(n: int, *, stories: int, seed: int = SEED) -> dict:
    """Story ``n`` of a corpus of ``stories``, as its JSON line holds it, without making the others."""
    return _story(n, stories, seed)[0]


# --- The corpus and its query sets ------------------------------------------------------------------------------


@dataclass
class CorpusStats:
    """Counts kept while writing, bounded by the vocabulary and the sample, not by the corpus's size."""

    stories: int
    seed: int
    languages: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    linking_stories: int = 0
    links: int = 0
    english_stems: Counter = field(default_factory=Counter)  # stem number -> English stories containing it
    arabic_words: Counter = field(default_factory=Counter)  # word -> Arabic stories containing it
    phrases: Counter = field(default_factory=Counter)  # phrase number -> English stories containing it
    authors: Counter = field(default_factory=Counter)
    samples: list[_Facts] = field(default_factory=list)  # published stories spread over the corpus

    def add(self, n: int, story: dict, facts: _Facts) -> None:
        self.languages[facts.language] += 1
        self.statuses[facts.status] += 1
        if "check_also" in story:
            self.linking_stories += 1
            self.links += len(story["check_also"])
        self.authors.update(facts.authors)
        if facts.language == "en":
            stem_of = english().stem_of
            self.english_stems.update({stem_of[word] for word in facts.words})
            self.phrases.update(set(facts.phrases))
        else:
            self.arabic_words.update(facts.words)
        sample_every = max(1, self.stories // SAMPLES)
        if n % sample_every == sample_every // 2 and facts.status == "published":
            self.samples.append(facts)

    def merge(self, other: "CorpusStats") -> None:
        """Add ``other``'s counts, of the stories that follow this one's."""
        for name in ("languages", "statuses", "english_stems", "arabic_words", "phrases", "authors"):
            getattr(self, name).update(getattr(other, name))
        self.linking_stories += other.linking_stories
        self.links += other.links
        self.samples += other.samples


def stories_of(stories: int, *, seed: int = SEED) -> Iterator[dict]:
    """The corpus's stories in order, as their JSON lines hold them."""
    for n in range(stories):
        yield _story(n, stories, seed)[0]


def _part_name(number: int) -> str:
    return f"part-{number:05d}.jsonl"


CHUNK = 5000  # stories a worker makes at a time: big enough that merging counts costs nothing


def _make_chunk(task: tuple[int, int, int, int]) -> tuple[int, str, CorpusStats]:
    """Stories ``start`` to ``end`` as JSON Lines, and their counts: one worker's share."""
    start, end, stories, seed = task
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    stats = CorpusStats(stories=stories, seed=seed)
    lines = []
    for n in range(start, end):
        record, facts = _story(n, stories, seed)
        lines.append(dumps(record))
        stats.add(n, record, facts)
    lines.append("")
    return start, "\n".join(lines), stats


def _chunks(stories: int, seed: int, split: int | None, chunk: int) -> list[tuple[int, int, int, int]]:
    """Ranges of stories, none across a file boundary."""
    bounds = set(range(0, stories, chunk)) | (set(range(0, stories, split)) if split else set())
    starts = sorted(bounds)
    return [(start, end, stories, seed) for start, end in itertools.pairwise([*starts, stories])]


def _made_in_order(tasks: list, jobs: int) -> Iterator[tuple[int, str, CorpusStats]]:
    """Each chunk made, in order; by ``jobs`` processes, with at most two chunks each in flight (memory stays flat)."""
    if jobs <= 1 or len(tasks) == 1:
        yield from map(_make_chunk, tasks)
        return
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        pending: deque = deque()
        for task in tasks:
            pending.append(pool.apply_async(_make_chunk, (task,)))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def write_corpus(
    path: Path,
    *,
    stories: int,
    seed: int = SEED,
    split: int | None = None,
    jobs: int | None = None,
    chunk: int = CHUNK,
) -> CorpusStats:
    """Write ``stories`` stories to ``path`` (a .jsonl file; with ``split``, a folder of files of that many).

    Stories are made by ``jobs`` processes (all cores by default): each story
    depends only on the seed, its number and the corpus's size, so the bytes are
    the same however many make them. Written under a temporary name and renamed
    when complete, so a half-written corpus is never taken for a whole one.
    """
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    if partial.is_dir():
        shutil.rmtree(partial)
    else:
        partial.unlink(missing_ok=True)
    if split:
        partial.mkdir(parents=True)
    else:
        partial.parent.mkdir(parents=True, exist_ok=True)
    english(), arabic(), names()  # loaded once, before the workers fork, and shared with them
    stats = CorpusStats(stories=stories, seed=seed)
    out = None
    try:
        for start, text, counts in _made_in_order(_chunks(stories, seed, split, chunk), jobs or os.cpu_count() or 1):
            if out is None or (split and start % split == 0):
                if out:
                    out.close()
                out = (partial / _part_name(start // split + 1) if split else partial).open("w", encoding="utf-8")
            out.write(text)
            stats.merge(counts)
    finally:
        if out:
            out.close()
    if path.is_dir():
        shutil.rmtree(path)
    os.replace(partial, path)
    return stats


def _reserved_stems() -> set[int]:
    """Stems of the words that places, reporters, sections, tags, agencies and datelines print outside the text."""
    lists = names()
    printed = [*lists.places, *lists.reporters, *data.SECTIONS, *lists.tags, *data.MONTHS]
    printed += [agency for agency, _, _ in AGENCIES]
    words = {word for text in printed for word in "".join(c if c.isalpha() else " " for c in text.lower()).split()}
    stemmer = Stemmer.Stemmer("english")
    stems = set(stemmer.stemWords(sorted(words)))
    return {number for word, number in english().stem_of.items() if stemmer.stemWord(word) in stems}


def query_sets(stats: CorpusStats) -> dict[str, list[dict]]:
    """The search benchmark's queries, each from what the corpus really holds.

    Word counts are per stem, over English stories of every status (drafts and
    withdrawn stories, 1%, included); multi-word queries come from sample stories
    that hold every word, so each finds at least that story.
    """
    vocabulary = english()
    lists = names()
    rng = random.Random(_mix(stats.seed + 2))
    english_stories = max(1, stats.languages["en"])
    excluded = _reserved_stems() | {vocabulary.stem_of[w] for w in data.ENGLISH_STOP_WORDS if w in vocabulary.stem_of}

    def share(word: str) -> float:
        return stats.english_stems[vocabulary.stem_of[word]] / english_stories

    def usable(word: str) -> bool:
        return vocabulary.stem_of[word] not in excluded

    rare_limit = max(1, english_stories // 2000)  # in at most 0.05% of English stories

    def rare(word: str) -> bool:
        return stats.english_stems[vocabulary.stem_of[word]] <= rare_limit

    def common(word: str) -> bool:
        return COMMON[0] <= share(word) <= COMMON[1]

    def distinct_stems(words: list[str]) -> list[str]:
        return list({vocabulary.stem_of[w]: w for w in words}.values())

    english_samples = [s for s in stats.samples if s.language == "en"]
    sets: dict[str, list[dict]] = {}

    very_common = [
        word
        for stem, word in enumerate(vocabulary.canonical)
        if stem not in excluded and VERY_COMMON[0] <= stats.english_stems[stem] / english_stories <= VERY_COMMON[1]
    ]
    sets["very_common"] = [{"q": w, "stories": stats.english_stems[vocabulary.stem_of[w]]} for w in very_common]

    def from_samples(make) -> list[dict]:
        queries: dict[str, dict] = {}
        for sample in rng.sample(english_samples, len(english_samples)):
            words = distinct_stems(sorted(w for w in sample.words if usable(w)))
            query = make(sample, words)
            if query:
                queries.setdefault(json.dumps(query, sort_keys=True), query)
            if len(queries) == QUERIES_PER_CLASS:
                break
        return list(queries.values())

    def common_words(count):
        def make(sample, words):
            pool = [w for w in words if common(w)]
            return {"q": " ".join(rng.sample(pool, count))} if len(pool) >= count else None

        return make

    sets["two_common"] = from_samples(common_words(2))
    sets["three_common"] = from_samples(common_words(3))

    def rare_word(sample, words):
        pool = [w for w in words if rare(w)]
        if not pool:
            return None
        word = rng.choice(pool)
        return {"q": word, "stories": stats.english_stems[vocabulary.stem_of[word]]}

    sets["rare"] = from_samples(rare_word)

    def common_and_rare(sample, words):
        commons, rares = [w for w in words if common(w)], [w for w in words if rare(w)]
        return {"q": f"{rng.choice(commons)} {rng.choice(rares)}"} if commons and rares else None

    sets["common_rare"] = from_samples(common_and_rare)

    occurred = [phrase for phrase, _ in _by_frequency(stats.phrases)]
    sets["phrase"] = [
        {"q": f'"{lists.phrases[phrase]}"', "stories": stats.phrases[phrase]} for phrase in _spread(occurred)
    ]

    def filtered(sample, words):
        pool = [w for w in words if common(w)]
        if len(pool) < 2:
            return None
        return {
            "q": " ".join(rng.sample(pool, 2)),
            "section": sample.section,
            "date_from": (sample.published - timedelta(days=rng.randrange(365))).date().isoformat(),
            "date_to": (sample.published + timedelta(days=rng.randrange(365))).date().isoformat(),
        }

    sets["filtered"] = from_samples(filtered)

    sets["author"] = [{"q": author, "stories": stories} for author, stories in _spread(_by_frequency(stats.authors))]
    printed_in_arabic = {word for place in lists.arabic_places for word in place.split()} | {"سانا", "في"}
    arabic_words = [
        (word, stories)
        for word, stories in _by_frequency(stats.arabic_words)
        if len(word) > 3 and _ARABIC_WORD.fullmatch(word) and word not in printed_in_arabic
    ][20:]  # past the most frequent, "على", "إلى" and such
    sets["arabic"] = [{"q": word, "stories": stories} for word, stories in _spread(arabic_words)]
    return sets


def _by_frequency(counts: Counter) -> list[tuple]:
    """Most frequent first, ties in key order: ``most_common`` breaks ties by insertion order, which hash seeds vary."""
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


def _spread(items: list) -> list:
    """``QUERIES_PER_CLASS`` items evenly spaced from most to least frequent (all of them when fewer)."""
    if len(items) <= QUERIES_PER_CLASS:
        return list(items)
    step = len(items) / QUERIES_PER_CLASS
    return [items[int(i * step)] for i in range(QUERIES_PER_CLASS)]


_TOKEN = re.compile(r"[^\W\d_]+")


def stats_from_files(files: list[Path], *, stories: int, seed: int = SEED) -> CorpusStats:
    """The counts ``write_corpus`` keeps, read back from a corpus it wrote: to derive the query sets anew.

    Words are read from the text, so besides the drawn ones they include the
    dateline's and the place's, which the query sets leave out anyway; a phrase
    counts wherever its two words stand together, so its count can only grow.
    """
    vocabulary = english()
    phrases = {phrase: number for number, phrase in enumerate(names().phrases)}
    stats = CorpusStats(stories=stories, seed=seed)
    n = 0
    for path in files:
        with Path(path).open(encoding="utf-8") as lines:
            for line in lines:
                story = json.loads(line)
                tokens = _TOKEN.findall(" ".join([story["headline"], *story["body"]]).lower())
                if story["language"] == "en":
                    words = {token for token in tokens if token in vocabulary.stem_of}
                    found = {phrases.get(f"{a} {b}") for a, b in itertools.pairwise(tokens)} - {None}
                else:
                    words, found = set(tokens), set()
                published = datetime.fromisoformat(story["published"].replace("Z", "+00:00"))
                facts = _Facts(
                    language=story["language"],
                    status=story.get("status", "published"),
                    words=words,
                    phrases=sorted(found),
                    authors=story["authors"],
                    section=story["section"],
                    published=published,
                )
                stats.add(n, story, facts)
                n += 1
    return stats


def write_query_sets(path: Path, stats: CorpusStats) -> dict[str, list[dict]]:
    sets = query_sets(stats)
    partial = Path(path).with_name(Path(path).name + ".partial")
    partial.write_text(json.dumps(sets, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(partial, path)
    return sets


@dataclass(frozen=True)
class Corpus:
    path: Path  # the .jsonl file, or the folder of them
    files: list[Path]
    queries_path: Path
    generated_in: float | None  # seconds, or None when it was already there

    def queries(self) -> dict[str, list[dict]]:
        return json.loads(self.queries_path.read_text(encoding="utf-8"))


def corpus_paths(out_dir: Path, *, stories: int, seed: int = SEED, split: int | None = None) -> tuple[Path, Path]:
    """Where a corpus and its query sets are written: its size and seed are in the names."""
    out_dir = Path(out_dir)
    name = f"{stories}-{seed}" + (f"-v{VERSION}" if VERSION > 1 else "")
    return (out_dir / f"corpus-{name}" if split else out_dir / f"corpus-{name}.jsonl"), out_dir / f"queries-{name}.json"


def ensure_corpus(
    out_dir: Path = CACHE_DIR,
    *,
    stories: int,
    seed: int = SEED,
    split: int | None = SPLIT,
    jobs: int | None = None,
    chunk: int = CHUNK,
) -> Corpus:
    """The corpus of ``stories`` for ``seed`` under ``out_dir``: reused when there, written when not.

    The query sets are written after the corpus is complete, so their presence
    marks a whole corpus.
    """
    path, queries_path = corpus_paths(out_dir, stories=stories, seed=seed, split=split)
    generated_in = None
    if not (queries_path.exists() and path.exists()):
        started = time.perf_counter()
        stats = write_corpus(path, stories=stories, seed=seed, split=split, jobs=jobs, chunk=chunk)
        write_query_sets(queries_path, stats)
        generated_in = time.perf_counter() - started
    files = sorted(path.glob("*.jsonl")) if split else [path]
    return Corpus(path, files, queries_path, generated_in)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=CACHE_DIR, help="the folder to write in (default var/bench)")
    parser.add_argument("--split", type=int, default=0, help="write files of this many stories into a folder")
    parser.add_argument("--force", action="store_true", help="write anew even when the corpus is there")
    parser.add_argument(
        "--queries-only", action="store_true", help="derive the query sets anew from the corpus that is there"
    )
    parser.add_argument("--jobs", type=int, default=0, help="processes making stories (default: one per core)")
    parser.add_argument("--chunk", type=int, default=CHUNK, help="stories a process makes at a time")
    args = parser.parse_args(argv)
    if args.stories < 1 or args.chunk < 1 or min(args.seed, args.split, args.jobs) < 0:
        parser.error("--stories and --chunk must be at least 1; --seed, --split and --jobs not negative")
    path, queries_path = corpus_paths(args.out, stories=args.stories, seed=args.seed, split=args.split)
    if args.queries_only:
        if not path.exists():
            parser.error(f"{path} is not there: make the corpus first")
        files = sorted(path.glob("*.jsonl")) if args.split else [path]
        started = time.perf_counter()
        write_query_sets(queries_path, stats_from_files(files, stories=args.stories, seed=args.seed))
        print(f"queries: read {path} and wrote {queries_path} in {time.perf_counter() - started:.1f} s")
        return
    if args.force:
        queries_path.unlink(missing_ok=True)
    corpus = ensure_corpus(
        args.out,
        stories=args.stories,
        seed=args.seed,
        split=args.split or None,
        jobs=args.jobs or None,
        chunk=args.chunk,
    )
    size = sum(f.stat().st_size for f in corpus.files)
    if corpus.generated_in is None:
        print(f"corpus: {corpus.path} is there already ({args.stories:,} stories, {size / 1e6:,.0f} MB); reused")
    else:
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"corpus: {args.stories:,} stories in {corpus.generated_in:.1f} s "
            f"({args.stories / corpus.generated_in:,.0f} stories/s), {size / 1e6:,.0f} MB "
            f"({size / args.stories:,.0f} bytes a story) in {len(corpus.files)} file(s), peak memory {peak_mb:.0f} MB"
        )
    print(f"  {corpus.path}\n  {corpus.queries_path}")


if __name__ == "__main__":
    main()
