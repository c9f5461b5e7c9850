"""Bulk ingest at archive size: stories per second as the table grows, memory, and what the database keeps.

    .venv/bin/python bench/ingest_jsonl.py [--stories 100000] [--runs 1] [--seed 20261124]

Takes the benchmark corpus (bench/corpus.py: made once under var/bench/, then
reused) in files of 100,000 stories and ingests the folder through the real
pipeline as ``manage.py ingest FOLDER`` does (parser, store, history, provenance,
Check Also resolution; a transaction per file), into a database of its own
(``test_<name>_bench``, on the embedded server or DATABASE_URL's, never the
developer's), then ingests it again (all unchanged). Reports:

- the rate of each file of 100,000 as the table grows (of each tenth, at 100,000
  stories or fewer), and overall; the re-run's;
- the peak resident memory (sampled) and its growth over the size before the
  ingest, per stretch and overall: it must stay flat;
- a raw ``COPY`` of the same rows into a bare table, measured in the same run on
  the same server (first, on a fresh database, so it pays none of the ingest's
  checkpoint debt), and the ingest's ratio to it;
- the database's size per story, table by table (heap with TOAST, indexes), and
  the dead rows left behind.

With ``--runs`` above 1 the database is emptied between runs and the median run
is reported (a shared machine swings by 15% from minute to minute; the ratio to
the same run's COPY holds better). Figures are written as JSON to
bench/results/ingest-<stories>-<time>.json so two runs can be compared.
"""

import argparse
import contextlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402
import psutil  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import get_runner, setup_test_environment  # noqa: E402

from bench.corpus import CACHE_DIR, SEED, SPLIT, corpus_paths, ensure_corpus  # noqa: E402

RESULTS_DIR = ROOT / "bench" / "results"
TARGET_RATE = 3000  # stories/s over a million (issue 9)
FLAT_WITHIN = 0.20  # the last file's rate within 20% of the first's


class PeakMemory:
    """The process's resident memory and its children's, sampled on a thread: the peak in each named window.

    Sampled every 50 ms; the list of children (a parallel ingest's workers) is looked up once a second, since
    finding them reads every process of the machine: at every 20 ms sample, that took 8% of a core, which the
    ingest being measured then lacked.
    """

    WINDOWS = ("run", "file", "step")
    INTERVAL = 0.05
    CHILDREN_EVERY = 20  # samples

    def __init__(self):
        self.process = psutil.Process()
        self._children: list[psutil.Process] = []
        self._samples = 0
        rss = self.now()
        self.peaks = dict.fromkeys(self.WINDOWS, rss)  # only ever these keys: the thread may iterate meanwhile
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        while not self._stop.wait(self.INTERVAL):
            rss = self.now()
            for window, peak in self.peaks.items():
                if rss > peak:
                    self.peaks[window] = rss

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def now(self) -> int:
        """This process's resident size and its children's: a parallel ingest's workers (--jobs) are its children."""
        if self._samples % self.CHILDREN_EVERY == 0:
            self._children = self.process.children(recursive=True)
        self._samples += 1
        rss = self.process.memory_info().rss
        for child in self._children:
            with contextlib.suppress(psutil.NoSuchProcess):  # a worker that just ended
                rss += child.memory_info().rss
        return rss

    def reset(self, window: str) -> int:
        """The window's peak so far; the window starts again at the present size."""
        rss = self.now()
        peak = max(self.peaks[window], rss)
        self.peaks[window] = rss
        return peak


@dataclass
class Stretch:
    """A stretch of the ingest: a file, or a step of stories."""

    name: str
    stories: int  # in the archive at its end
    seconds: float
    rate: float
    rss_peak_mb: float  # the process's resident size at its peak
    rss_peak_growth_mb: float  # over its size when the ingest began


@dataclass
class Run:
    seconds: float
    rate: float
    summary: str
    rerun_seconds: float
    rerun_rate: float
    copy_seconds: float
    copy_rate: float
    ratio: float  # ingest rate / COPY rate
    rss_before_mb: float
    rss_peak_mb: float
    rss_peak_growth_mb: float
    files: list[Stretch] = field(default_factory=list)
    steps: list[Stretch] = field(default_factory=list)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--runs", type=int, default=1, help="measure this many times on an emptied database")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the ingested database (test_<name>_bench) for the other benchmarks (admin, pages, load)",
    )
    parser.add_argument("--replace", action="store_true", help="drop a database kept by an earlier --keep run")
    parser.add_argument(
        "--jobs",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="files ingested at once, as `manage.py ingest --jobs` does (default: 2, or 1 on one core)",
    )
    parser.add_argument(
        "--without-search-index",
        action="store_true",
        help="disable the search index's triggers, to measure what the index costs the ingest (not with --keep)",
    )
    args = parser.parse_args()
    if args.without_search_index and args.keep:
        parser.error("--without-search-index leaves the search index empty: a kept database would mislead the others")

    corpus = prepare_corpus(args.stories, args.seed)
    corpus_bytes = sum(f.stat().st_size for f in corpus.files)
    print(
        f"corpus: {args.stories:,} stories in {len(corpus.files)} file(s) of up to {SPLIT:,}, "
        f"{corpus_bytes / 1e6:,.0f} MB of JSON Lines ({corpus_bytes / args.stories:,.0f} bytes a story); "
        f"{corpus.path}"
    )

    setup_test_environment(debug=False)  # no query log: memory must measure the ingest, not Django's debug list
    database = connection.settings_dict
    database["TEST"]["NAME"] = f"test_{database['NAME']}_bench"  # not the suite's test database either
    if database_exists(database["TEST"]["NAME"]) and not args.replace:
        sys.exit(
            f"{database['TEST']['NAME']} exists (kept by an earlier --keep run for the other benchmarks); "
            "this run would drop it. Give --replace to drop it anyway."
        )
    runner = get_runner(django.conf.settings)(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    try:
        server = describe_server()
        print(f"database: {server['name']} on {server['version']} ({server['where']})")
        if args.without_search_index:
            disable_search_index()
            print("search index: its triggers disabled (--without-search-index)")
        runs = []
        size = None
        for number in range(1, args.runs + 1):
            if number > 1:
                call_command("flush", interactive=False, verbosity=0)
            run, run_size = measure(corpus.path, args.stories, jobs=args.jobs)
            runs.append(run)
            size = size or run_size
            print(
                f"  run {number}: ingest {run.rate:,.0f} stories/s, COPY {run.copy_rate:,.0f} rows/s, "
                f"ratio {run.ratio:.3f}, re-run {run.rerun_rate:,.0f} stories/s"
            )
    finally:
        if args.keep:
            print(f"kept the database {connection.settings_dict['NAME']} for the other benchmarks")
        else:
            runner.teardown_databases(old_config)

    run = sorted(runs, key=lambda r: r.rate)[len(runs) // 2]  # the median run, with its own baseline
    report(args.stories, run, runs, size, jobs=args.jobs)
    path = write_results(args, corpus, corpus_bytes, server, run, runs, size)
    print(f"figures written to {path.relative_to(ROOT)}")


def prepare_corpus(stories: int, seed: int):
    """The corpus, made in a process of its own when missing, so its memory is not this one's."""
    path, queries = corpus_paths(CACHE_DIR, stories=stories, seed=seed, split=SPLIT)
    if not (path.exists() and queries.exists()):
        command = [sys.executable, str(ROOT / "bench" / "corpus.py"), "--stories", str(stories)]
        command += ["--seed", str(seed), "--split", str(SPLIT), "--out", str(CACHE_DIR)]
        subprocess.run(command, check=True)  # noqa: S603 - our own script, with numbers argparse checked
    return ensure_corpus(CACHE_DIR, stories=stories, seed=seed, split=SPLIT)


def disable_search_index() -> None:
    from articles.search_index import INSERT_TRIGGERS

    with connection.cursor() as cursor:
        for table, trigger in INSERT_TRIGGERS.items():
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")


def database_exists(name: str) -> bool:
    with connection._nodb_cursor() as cursor:  # the server's maintenance database, as Django's test runner does
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def describe_server() -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_database(), current_setting('server_version'), current_setting('shared_buffers')"
        )
        name, version, shared_buffers = cursor.fetchone()
    where = "DATABASE_URL" if os.environ.get("DATABASE_URL") else "embedded"
    return {"name": name, "version": version, "shared_buffers": shared_buffers, "where": where}


def copy_baseline(folder: Path) -> float:
    """COPY the same rows, as flat text columns, into a bare table: the floor for any ingest.

    The rows go through a file on disk, not memory, so the baseline does not raise
    the process's peak memory, which the ingest's is measured against.
    """
    # Beside the corpus, where there is room for it; named for this run, as the folder may be shared.
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=CACHE_DIR, suffix=".copy.tsv", delete=False) as rows:
        rows_path = Path(rows.name)
        for path in sorted(folder.glob("*.jsonl")):
            with path.open(encoding="utf-8") as corpus:
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
                    escaped = (f.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n") for f in fields)
                    rows.write("\t".join(escaped) + "\n")
    try:
        with connection.cursor() as cursor, rows_path.open(encoding="utf-8") as rows:
            cursor.execute(
                "CREATE TABLE bench_copy (headline text, body text, language text, published_at timestamptz, "
                "source_url text, places text, authors text, raw text)"
            )
            started = time.perf_counter()
            cursor.copy_expert("COPY bench_copy FROM STDIN", rows)
            elapsed = time.perf_counter() - started
            cursor.execute("DROP TABLE bench_copy")
    finally:
        rows_path.unlink()
    return elapsed


def measure(folder: Path, stories: int, *, jobs: int) -> tuple[Run, dict]:
    from articles.ingest.parallel import ingest_in_parallel
    from articles.ingest.pipeline import ingest, sources_from_paths
    from articles.models import Article

    copy_seconds = copy_baseline(folder)

    # Files of 100,000 give the rate as the table grows; at 100,000 stories and below, tenths show it (not below
    # 10,000 stories: the store reports stories a batch at a time, so short steps would measure its batching).
    step = SPLIT if stories > SPLIT else max(10_000, stories // 10)
    files: list[Stretch] = []
    steps: list[Stretch] = []
    with PeakMemory() as memory:
        rss_before = memory.now()
        maxrss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        started = time.perf_counter()
        marks = {"file": (started, 0), "step": (started, 0)}
        archived = 0

        def stretch(window: str, name: str) -> Stretch:
            now = time.perf_counter()
            since, count_before = marks[window]
            marks[window] = (now, archived)
            peak = memory.reset(window)
            rate = (archived - count_before) / (now - since)
            return Stretch(name, archived, now - since, rate, peak / 1e6, (peak - rss_before) / 1e6)

        def on_story(story, outcome) -> None:
            nonlocal archived
            archived += 1
            if archived % step == 0 and step not in (SPLIT, stories):
                steps.append(stretch("step", f"{archived - step + 1:,}-{archived:,}"))
                print(
                    f"    stories {steps[-1].name}: {steps[-1].rate:,.0f} stories/s, "
                    f"peak memory {steps[-1].rss_peak_mb:.0f} MB (+{steps[-1].rss_peak_growth_mb:.0f})",
                    flush=True,
                )

        def on_file(result) -> None:
            nonlocal archived
            if jobs > 1:
                # Files end in twos and threes, so the time between their ends says nothing: each file's
                # rate is its own (stories over the seconds its worker took), the table's size as it ended.
                count = sum(result.counts.values())
                archived += count
                peak = memory.reset("file")
                rate = count / max(result.seconds, 1e-9)
                name = Path(result.name).name
                files.append(Stretch(name, archived, result.seconds, rate, peak / 1e6, (peak - rss_before) / 1e6))
            else:
                files.append(stretch("file", Path(result.name).name))
            print(
                f"    {files[-1].name}: {archived:>9,} stories in the archive, {files[-1].rate:,.0f} stories/s, "
                f"peak memory {files[-1].rss_peak_mb:.0f} MB (+{files[-1].rss_peak_growth_mb:.0f})",
                flush=True,
            )

        # The same call `manage.py ingest FOLDER` makes (its progress bar counts stories the same way).
        if jobs > 1:
            report = ingest_in_parallel(sources_from_paths([str(folder)]), jobs=jobs, on_file=on_file)
        else:
            report = ingest(sources_from_paths([str(folder)]), on_story=on_story, on_file=on_file)
        seconds = time.perf_counter() - started
        peak = memory.reset("run")
        # ru_maxrss is the process's peak since it started: when the ingest raised it, it catches a spike
        # that fell between two samples.
        maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        if maxrss > maxrss_before:
            peak = max(peak, maxrss)
    assert not report.failed, [f.error for f in report.failed]
    assert Article.objects.count() == stories, report.summary()
    size = database_size(stories)

    started = time.perf_counter()
    rerun = (
        ingest_in_parallel(sources_from_paths([str(folder)]), jobs=jobs)
        if jobs > 1
        else ingest(sources_from_paths([str(folder)]))
    )
    rerun_seconds = time.perf_counter() - started
    assert rerun.count("unchanged") == stories, rerun.summary()
    run = Run(
        seconds=seconds,
        rate=stories / seconds,
        summary=report.summary(),
        rerun_seconds=rerun_seconds,
        rerun_rate=stories / rerun_seconds,
        copy_seconds=copy_seconds,
        copy_rate=stories / copy_seconds,
        ratio=(stories / seconds) / (stories / copy_seconds),
        rss_before_mb=rss_before / 1e6,
        rss_peak_mb=peak / 1e6,
        rss_peak_growth_mb=(peak - rss_before) / 1e6,
        files=files,
        steps=steps,
    )
    return run, size


def database_size(stories: int) -> dict:
    """Every table of the archive: heap (with TOAST), indexes, rows, dead rows; and the totals per story."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")  # this session's row counts, now rather than in a second
        cursor.execute(
            """
            SELECT c.relname, pg_table_size(c.oid), pg_indexes_size(c.oid),
                   coalesce(s.n_live_tup, 0), coalesce(s.n_dead_tup, 0)
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
            WHERE c.relkind = 'r' AND n.nspname = current_schema()
            ORDER BY pg_total_relation_size(c.oid) DESC
            """
        )
        tables = [
            {"table": name, "heap_bytes": heap, "index_bytes": index, "rows": live, "dead_rows": dead}
            for name, heap, index, live, dead in cursor.fetchall()
        ]
        cursor.execute("SELECT pg_database_size(current_database())")
        (database_bytes,) = cursor.fetchone()
    for table in tables:
        table["bytes_per_story"] = (table["heap_bytes"] + table["index_bytes"]) / stories
    total = sum(t["heap_bytes"] + t["index_bytes"] for t in tables)
    return {
        "database_bytes": database_bytes,
        "tables_bytes": total,
        "bytes_per_story": total / stories,
        "index_bytes": sum(t["index_bytes"] for t in tables),
        "dead_rows": sum(t["dead_rows"] for t in tables),
        "tables": tables,
    }


def report(stories: int, run: Run, runs: list[Run], size: dict, *, jobs: int) -> None:
    print(
        f"ingest (median of {len(runs)}, {jobs} file(s) at once): {run.seconds:,.1f} s, {run.rate:,.0f} stories/s "
        f"({run.summary})"
    )
    stretches = run.files if len(run.files) > 1 else run.steps
    if stretches:
        each = f"each file's own rate, {jobs} at once" if jobs > 1 and stretches is run.files else "as the table grows"
        print(f"  per {'file' if stretches is run.files else 'tenth'}, {each}:")
        for figures in stretches:
            print(
                f"    {figures.stories:>9,} stories: {figures.rate:>6,.0f} stories/s, "
                f"peak memory {figures.rss_peak_mb:,.0f} MB (+{figures.rss_peak_growth_mb:,.0f})"
            )
    if len(stretches) > 1:
        first, last = stretches[0].rate, stretches[-1].rate
        verdict = "within" if abs(last - first) <= FLAT_WITHIN * first else "NOT within"
        print(f"  the last {last:,.0f} vs the first {first:,.0f} stories/s: {verdict} {FLAT_WITHIN:.0%}")
    print(f"re-run (all unchanged): {run.rerun_seconds:,.1f} s, {run.rerun_rate:,.0f} stories/s")
    print(f"COPY baseline: {run.copy_seconds:,.1f} s, {run.copy_rate:,.0f} rows/s")
    print(f"ratio ingest/COPY: {run.ratio:.3f} (COPY is {1 / run.ratio:.1f}x faster)")
    most = max(runs, key=lambda r: r.rss_peak_growth_mb)
    print(
        f"peak memory during ingest: {most.rss_peak_mb:,.0f} MB, {most.rss_peak_growth_mb:,.0f} MB over the "
        f"{most.rss_before_mb:,.0f} MB before it (the most of any run)"
    )
    print(
        f"database: {size['tables_bytes'] / 1e6:,.0f} MB in tables and indexes, "
        f"{size['bytes_per_story']:,.0f} bytes a story ({size['index_bytes'] / 1e6:,.0f} MB indexes, "
        f"{size['dead_rows']:,} dead rows); database on disk {size['database_bytes'] / 1e6:,.0f} MB"
    )
    print(f"  {'table':<34} {'heap+TOAST':>11} {'indexes':>9} {'bytes/story':>12} {'rows':>11} {'dead rows':>10}")
    for table in size["tables"]:
        if table["heap_bytes"] + table["index_bytes"] < size["tables_bytes"] / 200:
            continue  # the JSON has every table; the screen, those that take at least 0.5%
        print(
            f"  {table['table']:<34} {table['heap_bytes'] / 1e6:>9,.1f}MB {table['index_bytes'] / 1e6:>7,.1f}MB "
            f"{table['bytes_per_story']:>12,.0f} {table['rows']:>11,} {table['dead_rows']:>10,}"
        )
    print(f"target {TARGET_RATE:,} stories/s: {'met' if run.rate >= TARGET_RATE else 'NOT met'} ({stories:,} stories)")


def git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git from PATH, as a developer runs it
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def write_results(args, corpus, corpus_bytes: int, server: dict, run: Run, runs: list[Run], size: dict) -> Path:
    now = datetime.now(UTC)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"ingest-{args.stories}-{now:%Y%m%dT%H%M%SZ}.json"
    figures = {
        "benchmark": "ingest_jsonl",
        "at": now.isoformat(timespec="seconds"),
        "commit": git_commit(),
        "stories": args.stories,
        "seed": args.seed,
        "search_index": not args.without_search_index,
        "jobs": args.jobs,
        "corpus": {"files": len(corpus.files), "bytes": corpus_bytes, "bytes_per_story": corpus_bytes / args.stories},
        "database": server,
        "ingest": asdict(run),
        "median_of": len(runs),
        "rates_of_all_runs": [r.rate for r in runs],
        "rate_spread": statistics.pstdev([r.rate for r in runs]) / run.rate if len(runs) > 1 else 0.0,
        "size": size,
        "target_rate": TARGET_RATE,
        "target_met": run.rate >= TARGET_RATE,
    }
    path.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    main()
