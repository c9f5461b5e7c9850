"""Bulk ingest speed: JSON Lines stories per second, and its ratio to a raw COPY of the same rows.

    .venv/bin/python bench/ingest_jsonl.py [--stories 20000] [--runs 3]

Generates a corpus, COPYs its rows into a bare table (the baseline, the floor for
any ingest), then ingests it through the real pipeline (parser, store, Check Also
resolution, provenance, history) into a throwaway database, and ingests it again
(all unchanged). Each run has its own baseline, on the same machine at the same
moment; the median run is reported, since a shared 2-core machine swings by 15%
from minute to minute while the ratio holds. Also reports the peak memory growth,
which must stay flat whatever the corpus size (the ingest streams).
"""

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django
import psutil

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import get_runner, setup_test_environment  # noqa: E402

WORDS = (  # noqa: SIM905 - a sentence reads better than a list of 30 strings
    "the ministry said on monday that wheat harvest water network museum council minister university conference "
    "province students farmers season restoration project villages electricity station road hospital festival "
    "exhibition teams league trade exports rainfall"
).split(" ")
PLACES = ["Damascus", "Aleppo", "Homs", "Latakia", "Hama", "Tartous", "Hasaka", "Daraa", "Damascus Countryside"]
AUTHORS = [f"Reporter {n} al-Bench" for n in range(60)]


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def headline(n: int) -> str:
    """Story ``n``'s headline, known before the story is written, so links can point forward too."""
    return f"{sentence(random.Random(n), 8)[:-1]} {n}"


def make_story(n: int, rng: random.Random, count: int) -> dict:
    published = datetime(2015, 1, 1, tzinfo=UTC) + timedelta(minutes=37 * n)
    story = {
        "headline": headline(n),
        "body": [sentence(rng, rng.randint(25, 60)) for _ in range(rng.randint(4, 9))],
        "published": published.isoformat(),
        "url": f"https://bench.example/en/{published:%Y/%m/%d}/story-{n}/",
        "language": "en",
        "places": [rng.choice(PLACES)],
        "agency": "SANA",
        "authors": rng.sample(AUTHORS, rng.randint(0, 2)),
        "section": rng.choice(["Politics", "Economy", "Culture", "Sports"]),
        "tags": rng.sample(["water", "harvest", "museums", "education", "energy", "trade"], 2),
    }
    if n > 10 and rng.random() < 0.3:
        # As on the agency's site: mostly an earlier story, some a later one, a few never archived.
        target = rng.choice([rng.randrange(n), rng.randrange(n), rng.randrange(n, n + 200)])
        title = headline(target) if target < count else f"A story outside the archive {target}"
        story["check_also"] = [{"title": title, "teaser": sentence(rng, 12)[:-1] + " …"}]
    return story


def write_corpus(path: Path, count: int) -> None:
    rng = random.Random(20261124)
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            out.write(json.dumps(make_story(n, rng, count), ensure_ascii=False) + "\n")


def copy_baseline(path: Path) -> float:
    """COPY the same rows, as flat text columns, into a bare table: the floor for any ingest.

    The rows go through a file on disk, not memory, so the baseline does not raise
    the process's peak memory, which the ingest's is measured against.
    """
    rows_path = path.with_suffix(".tsv")
    with path.open(encoding="utf-8") as corpus, rows_path.open("w", encoding="utf-8") as rows:
        for line in corpus:
            story = json.loads(line)
            fields = [
                story["headline"],
                "\n\n".join(story["body"]),
                story["language"],
                story["published"],
                story["url"],
                "/".join(story["places"]),
                " / ".join(story["authors"]),
                line.rstrip("\n"),
            ]
            rows.write("\t".join(f.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n") for f in fields))
            rows.write("\n")
    with connection.cursor() as cursor, rows_path.open(encoding="utf-8") as rows:
        cursor.execute(
            "CREATE TABLE bench_copy (headline text, body text, language text, published_at timestamptz, "
            "source_url text, places text, authors text, raw text)"
        )
        started = time.perf_counter()
        cursor.copy_expert("COPY bench_copy FROM STDIN", rows)
        elapsed = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_copy")
    rows_path.unlink()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=20000)
    parser.add_argument(
        "--runs", type=int, default=3, help="measure this many times on an emptied database; the median is reported"
    )
    args = parser.parse_args()

    setup_test_environment(debug=False)
    runner = get_runner(django.conf.settings)(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus.jsonl"
            write_corpus(corpus, args.stories)
            size_mb = corpus.stat().st_size / 1024 / 1024
            print(f"corpus: {args.stories} stories, {size_mb:.1f} MB of JSON Lines; {args.runs} runs")
            runs = []
            for number in range(1, args.runs + 1):
                if number > 1:
                    call_command("flush", interactive=False, verbosity=0)
                runs.append(measure(corpus, args.stories))
                print(
                    f"  run {number}: ingest {runs[-1].rate:,.0f} stories/s, COPY {runs[-1].copy_rate:,.0f} rows/s, "
                    f"ratio {runs[-1].rate / runs[-1].copy_rate:.3f}"
                )
    finally:
        runner.teardown_databases(old_config)

    run = sorted(runs, key=lambda r: r.rate)[len(runs) // 2]  # the median run, with its own baseline
    print(f"ingest (median run): {run.seconds:.2f} s, {run.rate:,.0f} stories/s ({run.summary})")
    print(f"re-run (all unchanged): {run.rerun_seconds:.2f} s, {args.stories / run.rerun_seconds:,.0f} stories/s")
    print(f"COPY baseline: {run.copy_seconds:.2f} s, {run.copy_rate:,.0f} rows/s")
    print(f"ratio ingest/COPY: {run.rate / run.copy_rate:.3f} (COPY is {run.copy_rate / run.rate:.1f}x faster)")
    print(f"peak memory growth during ingest: {max(r.rss_growth_mb for r in runs):.0f} MB (the most of any run)")
    print(f"target 2,000 stories/s: {'met' if run.rate >= 2000 else 'NOT met'}")


@dataclass
class Run:
    seconds: float
    rate: float
    summary: str
    rerun_seconds: float
    copy_seconds: float
    copy_rate: float
    rss_growth_mb: float


def measure(corpus: Path, stories: int) -> Run:
    from articles.ingest.pipeline import ingest, sources_from_paths
    from articles.models import Article

    # The floor first, on a fresh server, so it pays none of the ingest's checkpoint debt.
    copy_seconds = copy_baseline(corpus)

    # The process's peak (ru_maxrss, in KiB) while ingesting, over its size just before.
    rss_before = psutil.Process().memory_info().rss / 1024
    started = time.perf_counter()
    report = ingest(sources_from_paths([str(corpus)]))
    seconds = time.perf_counter() - started
    rss_growth_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    assert not report.failed, report.failed
    assert Article.objects.count() == stories

    started = time.perf_counter()
    rerun = ingest(sources_from_paths([str(corpus)]))
    rerun_seconds = time.perf_counter() - started
    assert rerun.count("unchanged") == stories, rerun.summary()
    return Run(
        seconds=seconds,
        rate=stories / seconds,
        summary=report.summary(),
        rerun_seconds=rerun_seconds,
        copy_seconds=copy_seconds,
        copy_rate=stories / copy_seconds,
        rss_growth_mb=rss_growth_mb,
    )


if __name__ == "__main__":
    main()
