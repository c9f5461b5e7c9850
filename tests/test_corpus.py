"""The benchmark corpus (bench/corpus.py): deterministic, in the ingest schema, shaped as issued, its queries true.

Everything about the query sets is checked against the corpus's own text, counted
here independently of the generator's bookkeeping: words as PostgreSQL's English
search sees them (Snowball stems), phrases as printed, authors as bylined.
"""

import json
import re
import subprocess
import sys
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest
import Stemmer

from articles.ingest.jsonl import KEYS, parse_lines
from articles.ingest.pipeline import ingest, sources_from_paths
from articles.models import Article, RelatedLink
from bench import corpus as bench_corpus
from bench.corpus_data import ENGLISH_STOP_WORDS, SECTIONS

STORIES = 1000
SEED = 7
ROOT = Path(__file__).resolve().parent.parent
WORD = re.compile(r"[^\W\d_]+")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A corpus of 1,000 stories in files of 400, and its query sets."""
    return bench_corpus.ensure_corpus(tmp_path_factory.mktemp("corpus"), stories=STORIES, seed=SEED, split=400, jobs=1)


@pytest.fixture(scope="module")
def stories(corpus):
    return [json.loads(line) for path in corpus.files for line in path.read_text(encoding="utf-8").splitlines()]


def body_without_dateline(story: dict) -> list[str]:
    """The paragraphs with the first one's dateline cut off (the dateline is what precedes the first word drawn)."""
    first = story["body"][0]
    if story["language"] == "ar":
        cut = first.index("سانا") + len("سانا")
    else:
        cut = max(first.find(marker) + len(marker) for marker in ("– ", "— ", ") - ", "SANA-", "AFP - "))
    return [first[cut:].strip(), *story["body"][1:]]


def test_the_same_seed_writes_the_same_bytes_and_another_seed_others(tmp_path):
    first = tmp_path / "first.jsonl"
    bench_corpus.write_corpus(first, stories=300, seed=SEED, jobs=1)
    # The command line, two processes making chunks of 100: still the same bytes.
    command = [sys.executable, "bench/corpus.py", "--stories", "300", "--seed", str(SEED), "--out", str(tmp_path)]
    subprocess.run(  # noqa: S603 - our own script, with arguments this test wrote
        [*command, "--jobs", "2", "--chunk", "100"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    written, _ = bench_corpus.corpus_paths(tmp_path, stories=300, seed=SEED)
    assert written.read_bytes() == first.read_bytes()
    other = tmp_path / "other.jsonl"
    bench_corpus.write_corpus(other, stories=300, seed=SEED + 1, jobs=1)
    assert other.read_bytes() != first.read_bytes()
    # Split into files, the same stories in the same order.
    bench_corpus.write_corpus(tmp_path / "split", stories=300, seed=SEED, split=120, jobs=1)
    parts = sorted((tmp_path / "split").glob("*.jsonl"))
    assert [len(p.read_text().splitlines()) for p in parts] == [120, 120, 60]
    assert b"".join(p.read_bytes() for p in parts) == first.read_bytes()


def test_any_story_and_headline_can_be_made_alone(stories):
    for n in (0, 1, 499, STORIES - 1):
        assert bench_corpus.story(n, stories=STORIES, seed=SEED) == stories[n]
        assert bench_corpus.headline(n, seed=SEED) == stories[n]["headline"]


def test_an_existing_corpus_is_reused(corpus):
    again = bench_corpus.ensure_corpus(corpus.path.parent, stories=STORIES, seed=SEED, split=400)
    assert again.generated_in is None and again.files == corpus.files


def test_the_query_sets_can_be_derived_again_from_the_written_corpus(corpus, queries):
    stats = bench_corpus.stats_from_files(corpus.files, stories=STORIES, seed=SEED)
    again = bench_corpus.query_sets(stats)
    # Phrases are counted wherever their words stand together in the text: counts can only grow.
    assert {name: sets for name, sets in again.items() if name != "phrase"} == {
        name: sets for name, sets in queries.items() if name != "phrase"
    }
    assert len(again["phrase"]) == len(queries["phrase"])


def test_every_line_parses_with_the_projects_own_parser(corpus):
    parsed = 0
    for path in corpus.files:
        with path.open(encoding="utf-8") as lines:
            for story in parse_lines(lines, source=path.name):
                assert story.headline and story.paragraphs and story.places and story.authors and story.published_at
                parsed += 1
    assert parsed == STORIES


def test_stories_are_shaped_as_an_agency_writes_them(stories):
    assert all(set(story) <= KEYS for story in stories)
    assert len({story["url"] for story in stories}) == STORIES
    for story in stories:
        assert 4 <= len(story["body"]) <= 10
        words = sum(len(paragraph.split()) for paragraph in body_without_dateline(story))
        assert 300 <= words <= 400, (story["url"], words)
        assert 6 <= len(story["headline"].split()) <= 12
        assert 1 <= len(set(story["authors"])) == len(story["authors"]) <= 3
        assert 1 <= len(story["places"]) <= 2
        assert story["section"] in SECTIONS
        assert 1 <= len(story["tags"]) <= 3
        assert date(2010, 1, 1) <= datetime.fromisoformat(story["published"]).date() <= date(2025, 12, 31)

    languages = Counter(story["language"] for story in stories)
    assert 0.07 <= languages["ar"] / STORIES <= 0.13 and languages["en"] + languages["ar"] == STORIES
    agencies = Counter(story["agency"] for story in stories if story["language"] == "en")
    assert agencies["SANA"] > 0.7 * languages["en"] and all(agencies[a] > 0 for a in ("Reuters", "AP", "AFP"))
    years = Counter(story["published"][:4] for story in stories)
    assert sorted(years) == [str(year) for year in range(2010, 2026)]
    assert [story["published"] for story in stories] == sorted(story["published"] for story in stories)
    statuses = Counter(story.get("status", "published") for story in stories)
    assert 0 < statuses["draft"] + statuses["withdrawn"] <= 0.03 * STORIES
    linking = [story for story in stories if "check_also" in story]
    assert 0.25 <= len(linking) / STORIES <= 0.35
    assert all(1 <= len(story["check_also"]) <= 3 for story in linking)
    assert all(link["teaser"].endswith("…") for story in linking for link in story["check_also"])

    lists = bench_corpus.names()
    assert len(lists.reporters) == len(set(lists.reporters)) == 2000
    assert len(lists.places) == len(set(lists.places)) == 300
    assert len(lists.tags) == len(set(lists.tags)) == 300
    assert len(SECTIONS) == 12


def test_each_story_opens_with_a_dateline_in_its_agencys_style(stories):
    styles = {
        "SANA": r"^{places}, SANA( – |-)",
        "Reuters": r"^({places}( \(Reuters\) - |, [A-Z][a-z]+ \d+ \(Reuters\) - )|{places}, Reuters – )",
        "AP": r"^{places} \(AP\) — ",
        "AFP": r"^({places}, AFP - |{places} \(AFP\) - )",
    }
    for story in stories:
        places = re.escape("/".join(story["places"]))
        first = story["body"][0]
        if story["language"] == "ar":
            assert re.match(rf"^{places} ?- ?سانا ", first), first[:60]
        else:
            assert re.match(styles[story["agency"]].format(places=places), first, re.IGNORECASE), first[:60]


@pytest.mark.django_db
def test_the_corpus_ingests_and_its_check_also_links_resolve_back_and_forward(corpus, stories):
    report = ingest(sources_from_paths([str(corpus.path)]))
    assert not report.failed, report.failed
    assert len(report.files) == 3 and report.count("created") == STORIES == Article.objects.count()

    resolved = RelatedLink.objects.filter(target__isnull=False).values_list(
        "source__published_at", "target__published_at"
    )
    assert any(target < source for source, target in resolved), "no link to an earlier story resolved"
    assert any(target > source for source, target in resolved), "no link to a later story resolved"
    # Every link whose title is a corpus headline resolved, to that story; the others (beyond the corpus) wait.
    headlines = {story["headline"] for story in stories}
    printed = [link["title"] for story in stories for link in story.get("check_also", [])]
    assert RelatedLink.objects.count() == len(printed)
    targets = RelatedLink.objects.filter(target__isnull=False).values_list("title", "target__headline")
    assert all(title == headline for title, headline in targets)
    assert len(targets) == sum(title in headlines for title in printed)
    outside = sum(title not in headlines for title in printed)
    assert RelatedLink.objects.filter(target__isnull=True).count() == outside > 0


class Text:
    """The corpus as a search index sees it: stems per English story, tokens per Arabic one, bylines."""

    def __init__(self, stories: list[dict]):
        stem = Stemmer.Stemmer("english").stemWords
        self.english = [s for s in stories if s["language"] == "en"]
        self.arabic = [s for s in stories if s["language"] == "ar"]
        self.english_text = [" ".join([s["headline"], *s["body"]]) for s in self.english]
        tokens = [WORD.findall(text.lower()) for text in self.english_text]
        self.english_words = [f" {' '.join(words)} " for words in tokens]  # punctuation gone, for phrases
        self.english_stems = [set(stem(words)) for words in tokens]
        self.stem_counts = Counter(stem for stems in self.english_stems for stem in stems)
        self.arabic_words = [set(WORD.findall(" ".join([s["headline"], *s["body"]]))) for s in self.arabic]
        self.stem = lambda word: stem([word])[0]

    def share(self, word: str) -> float:
        return self.stem_counts[self.stem(word)] / len(self.english)

    def holding(self, words: list[str]) -> list[int]:
        wanted = {self.stem(word) for word in words}
        return [i for i, stems in enumerate(self.english_stems) if wanted <= stems]


@pytest.fixture(scope="module")
def text(stories):
    return Text(stories)


@pytest.fixture(scope="module")
def queries(corpus):
    return corpus.queries()


def test_every_class_has_forty_distinct_queries(queries):
    classes = ["very_common", "two_common", "three_common", "rare", "common_rare", "phrase", "filtered", "author"]
    assert sorted(queries) == sorted([*classes, "arabic"])
    for name, entries in queries.items():
        assert len({json.dumps(entry, sort_keys=True) for entry in entries}) == len(entries) >= 40, name
        assert all(set(entry) <= {"q", "section", "date_from", "date_to", "stories"} for entry in entries)


def test_very_common_words_are_in_a_quarter_to_two_thirds_of_english_stories(queries, text):
    for entry in queries["very_common"]:
        assert entry["q"] not in ENGLISH_STOP_WORDS
        assert 0.25 <= text.share(entry["q"]) <= 0.65, entry
        assert text.stem_counts[text.stem(entry["q"])] == entry["stories"]


def test_common_words_are_common_and_occur_together(queries, text):
    for name, count in (("two_common", 2), ("three_common", 3)):
        for entry in queries[name]:
            words = entry["q"].split()
            assert len(words) == count and not set(words) & ENGLISH_STOP_WORDS
            assert all(0.05 <= text.share(word) <= 0.65 for word in words), entry
            assert text.holding(words), f"no story holds all of {entry['q']!r}"


def test_rare_words_are_rare_and_occur(queries, text):
    limit = max(1, len(text.english) // 2000)
    for entry in queries["rare"]:
        assert 1 <= text.stem_counts[text.stem(entry["q"])] == entry["stories"] <= limit, entry
    for entry in queries["common_rare"]:
        common, rare = entry["q"].split()
        assert text.share(common) >= 0.05 and text.stem_counts[text.stem(rare)] <= limit, entry
        assert text.holding([common, rare]), entry


def test_phrases_really_occur_as_printed(queries, text):
    for entry in queries["phrase"]:
        assert entry["q"].startswith('"') and entry["q"].endswith('"') and len(entry["q"][1:-1].split()) == 2
        phrase = f" {entry['q'][1:-1]} "
        holding = sum(1 for words in text.english_words if phrase in words)
        assert holding >= entry["stories"] >= 1, entry


def test_filtered_queries_find_a_published_story_of_their_section_and_dates(queries, text):
    for entry in queries["filtered"]:
        matches = [
            text.english[i]
            for i in text.holding(entry["q"].split())
            if text.english[i]["section"] == entry["section"]
            and entry["date_from"] <= text.english[i]["published"][:10] <= entry["date_to"]
            and text.english[i].get("status", "published") == "published"
        ]
        assert matches, entry


def test_authors_and_arabic_words_are_found_where_they_claim(queries, stories, text):
    bylines = Counter(author for story in stories for author in story["authors"])
    for entry in queries["author"]:
        assert bylines[entry["q"]] == entry["stories"] >= 1, entry
    for entry in queries["arabic"]:
        assert re.fullmatch(r"[\u0600-\u06ff]+", entry["q"]), entry
        assert sum(entry["q"] in words for words in text.arabic_words) == entry["stories"] >= 1, entry
