"""Export, import and verify rates, each beside a raw COPY of the stories table measured in the same run.

    .venv/bin/python bench/preservation.py [--stories 100000] [--server postgres://postgres@127.0.0.1:5432]
    .venv/bin/python bench/preservation.py --archive postgres://postgres@127.0.0.1:5432/newsroom_1m

Makes two throwaway databases on the server: ingests bench/ingest_jsonl.py's corpus
into the first (manage.py ingest), or with --archive reads an archive already loaded
(the million stories of bench/ingest_jsonl.py --keep; only read), then times, each in its own process as an
operator would run it:
  - manage.py export (full) of the first, beside COPY articles_article TO STDOUT (the floor
    for reading the stories out);
  - manage.py import_archive of that export into the second, beside COPY of the story rows
    back into an empty copy of the table (the floor for writing them in);
  - manage.py export of the second, which must be byte-identical to the first;
  - manage.py verify of the second.
Peak memory (RSS) of each command is sampled, to show it stays flat with size.
Writes the figures to bench/results/preservation-<time>.json.
"""

import argparse
import filecmp
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import psycopg2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))


def run(args: list[str], database_url: str) -> tuple[float, int]:
    """Run a manage.py command; return its wall time and its peak RSS in bytes."""
    env = {**os.environ, "DATABASE_URL": database_url}
    started = time.perf_counter()
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)  # noqa: S603 - our own manage.py
    watched, peak = psutil.Process(process.pid), 0
    while process.poll() is None:
        try:
            peak = max(peak, watched.memory_info().rss)
        except psutil.NoSuchProcess:
            break
        time.sleep(0.1)
    if process.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed with status {process.returncode}")
    return time.perf_counter() - started, peak


def copy_floor(database_url: str, folder: Path) -> tuple[float, float]:
    """Seconds to COPY the stories table out to a file, and back into an empty table of the same shape."""
    path = folder / "articles.copy"
    with psycopg2.connect(database_url) as conn, conn.cursor() as cursor:
        with path.open("wb") as out:
            started = time.perf_counter()
            cursor.copy_expert("COPY articles_article TO STDOUT", out)
            out_seconds = time.perf_counter() - started
        cursor.execute("CREATE TEMP TABLE floor (LIKE articles_article INCLUDING ALL)")
        with path.open("rb") as rows:
            started = time.perf_counter()
            cursor.copy_expert("COPY floor FROM STDIN", rows)
            in_seconds = time.perf_counter() - started
        conn.rollback()
    path.unlink()
    return out_seconds, in_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--archive", help="export this populated database instead of ingesting a new one (read only)")
    options = parser.parse_args()
    if options.archive:
        with psycopg2.connect(options.archive) as conn, conn.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM articles_article")
            options.stories = cursor.fetchone()[0]
        options.server = options.archive.rsplit("/", 1)[0]
    names = ("bench_preserve_a", "bench_preserve_b")
    admin = psycopg2.connect(options.server + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        for name in names:
            cursor.execute(f"DROP DATABASE IF EXISTS {name}")
            cursor.execute(f"CREATE DATABASE {name}")
    first, second = (f"{options.server}/{name}" for name in names)
    first = options.archive or first
    results: dict = {"stories": options.stories}
    try:
        with tempfile.TemporaryDirectory(prefix="bench-preservation-") as work:
            work = Path(work)
            run(["migrate", "--no-input", "-v0"], second)
            if not options.archive:
                from ingest_jsonl import SEED, prepare_corpus  # the corpus of bench/corpus.py, made once

                corpus = prepare_corpus(options.stories, SEED).path
                run(["migrate", "--no-input", "-v0"], first)
                seconds, _ = run(["ingest", "--no-progress", str(corpus)], first)
                results["ingest_stories_per_s"] = round(options.stories / seconds)

            floor_out, floor_in = copy_floor(first, work)
            export_s, export_rss = run(["export", "--no-progress", str(work / "one")], first)
            import_s, import_rss = run(["import_archive", str(work / "one")], second)
            again_s, _ = run(["export", "--no-progress", str(work / "two")], second)
            verify_s, verify_rss = run(["verify", "--no-progress"], second)
            files = [p.name for p in (work / "one").iterdir() if p.name != "manifest.json"]
            _, mismatch, errors = filecmp.cmpfiles(work / "one", work / "two", files, shallow=False)
            size = sum(p.stat().st_size for p in (work / "one").iterdir())
            n = options.stories
            results |= {
                "export_stories_per_s": round(n / export_s),
                "export_seconds": round(export_s, 1),
                "export_peak_rss_mb": round(export_rss / 2**20),
                "copy_out_floor_stories_per_s": round(n / floor_out),
                "export_vs_copy_out": round(export_s / floor_out, 1),
                "import_stories_per_s": round(n / import_s),
                "import_seconds": round(import_s, 1),
                "import_peak_rss_mb": round(import_rss / 2**20),
                "copy_in_floor_stories_per_s": round(n / floor_in),
                "import_vs_copy_in": round(import_s / floor_in, 1),
                "reexport_stories_per_s": round(n / again_s),
                "verify_stories_per_s": round(n / verify_s),
                "verify_peak_rss_mb": round(verify_rss / 2**20),
                "export_bytes": size,
                "reexport_identical": not mismatch and not errors,
            }
    finally:
        with admin.cursor() as cursor:
            for name in names:
                cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.close()
    for key, value in results.items():
        print(f"{key:32} {value}")
    out = ROOT / "bench" / "results" / f"preservation-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
