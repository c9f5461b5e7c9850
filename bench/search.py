"""Search at archive size: p50/p95 per query class for ours, the usual PostgreSQL way, and tantivy.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_1m .venv/bin/python bench/search.py --stories 1000000

Reuses an archive already loaded by the real ingest (bench/ingest_jsonl.py --keep, or
the million-story database) with migration 0010 applied, and the query sets of
bench/corpus.py (queries-<stories>-<seed>.json in the bench cache). For each class
(very common word, two and three common words, rare, common + rare, phrase, filtered,
an author's name, an Arabic word), after warm-ups, it times:

- ours: ``articles.search.search`` relevance-ranked and newest-first (results only), and
  the whole page's work (counts, facets, highlights) relevance-ranked, in this process with
  DEBUG off, as a server runs it (DEBUG on, Django keeps every query's SQL: 1,000 ids and
  1,024-bit masks each);
- the search page over HTTP: ``/search/?q=...`` (with the class's filters) from gunicorn, 2
  workers, DEBUG off and no page cache (each request does the whole page), one client;
- the usual way: a stored weighted tsvector, a GIN index and ``ORDER BY ts_rank`` over every
  match, in a scratch table ``bench_usual_search`` of the same database (built once);
- tantivy in-process (PyPI ``tantivy``, BM25) over the same stories, indexed once into
  var/bench/tantivy-<stories>/ and reused.

It prints p50/p95 per class and the ratios, and writes them to bench/results/search-<stories>-<time>.json.
"""

import argparse
import contextlib
import gc
import json
import os
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DEBUG", "false")
# No cache: each search measured does all its work (an exact phrase's check is kept under the archive's version,
# and the warm-ups are among the queries timed).
os.environ.setdefault("CACHE_URL", "dummy://")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1_000_000, help="the query sets' archive size")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--queries", type=int, default=40, help="queries per class")
    parser.add_argument("--usual-queries", type=int, default=10, help="queries per class for the usual way (slow)")
    parser.add_argument("--warmups", type=int, default=5)
    parser.add_argument("--skip", action="append", default=[], choices=["usual", "tantivy", "page"])
    parser.add_argument("--queries-file", default="")
    parser.add_argument(
        "--build-only", action="store_true", help="build tantivy's index and the usual table, then stop"
    )
    return parser.parse_args()


ARGS = parse_args()
if ARGS.database_url:
    os.environ["DATABASE_URL"] = ARGS.database_url

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402
from pages import fetch, gunicorn  # noqa: E402 - bench/pages.py, Django already set up

from articles.models import Section  # noqa: E402
from articles.search import Filters, Order, search  # noqa: E402
from bench.corpus import CACHE_DIR  # noqa: E402

# As the server does (newsroom/wsgi.py): what is loaded lives as long as the process, out of the collector's sight.
gc.freeze()

RESULTS_DIR = ROOT / "bench" / "results"
TANTIVY_DIR = ROOT / "var" / "bench"


def percentiles(times: list[float]) -> dict:
    times = sorted(times)
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[max(0, int(len(times) * 0.95 + 0.5) - 1)], 2),
        "n": len(times),
    }


def timed(run, items: list, warmups: int) -> dict:
    for item in items[:warmups]:
        run(item)
    times = []
    for item in items:
        start = time.perf_counter()
        run(item)
        times.append((time.perf_counter() - start) * 1000)
    return percentiles(times)


def load_queries(path: str) -> dict[str, list[dict]]:
    if not path:
        found = sorted(CACHE_DIR.glob(f"queries-{ARGS.stories}-*.json"))
        if not found:
            print(f"No query sets for {ARGS.stories} stories in {CACHE_DIR}: run bench/corpus.py --queries-only")
            sys.exit(0)
        path = str(found[-1])
    return json.loads(Path(path).read_text())


_sections: dict[str, str] = {}


def filters_of(query: dict) -> Filters:
    if "section" not in query:
        return Filters()
    if not _sections:
        _sections.update({name.lower(): slug for name, slug in Section.objects.values_list("name", "slug")})
    return Filters(
        section=_sections.get(query["section"].lower(), query["section"]),
        date_from=date.fromisoformat(query["date_from"]),
        date_to=date.fromisoformat(query["date_to"]),
    )


# -- the usual way ------------------------------------------------------------------------------------------------


def page_path(query: dict) -> str:
    """The search page's address for a query of the sets: its words, and a filtered one's section and dates."""
    fields = {"q": query["q"]}
    if "section" in query:
        filters = filters_of(query)
        fields |= {"section": filters.section, "date_from": query["date_from"], "date_to": query["date_to"]}
    return "/search/?" + urlencode(fields)


def page_runner(base: str):
    def run(query: dict) -> None:
        status = fetch(base + page_path(query))
        if status != 200:
            raise SystemExit(f"{page_path(query)} answered {status}")

    return run


def ensure_usual_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_usual_search') IS NOT NULL")
        if cursor.fetchone()[0]:
            return
        print("building bench_usual_search (stored weighted tsvector + GIN) once ...", flush=True)
        cursor.execute("SET maintenance_work_mem = '256MB'")
        cursor.execute(
            """CREATE TABLE bench_usual_search AS
               SELECT a.id, a.status, a.section_id, a.published_at,
                      setweight(to_tsvector(search_config(a.language), a.headline), 'A')
                      || setweight(to_tsvector(search_config(a.language), a.summary || ' ' || a.body), 'B') AS vector
               FROM articles_article a"""
        )
        cursor.execute("CREATE INDEX bench_usual_search_gin ON bench_usual_search USING gin (vector)")
        cursor.execute("ANALYZE bench_usual_search")


def usual(query: dict) -> None:
    """websearch_to_tsquery, @@ on the GIN index, ORDER BY ts_rank over every match."""
    extra, params = "", [query["q"]]
    if "section" in query:
        f = filters_of(query)
        extra = (
            " AND section_id = (SELECT id FROM articles_section WHERE slug = %s)"
            " AND published_at >= %s AND published_at < %s"
        )
        params += [f.section, f.date_from, f.date_to]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM bench_usual_search, websearch_to_tsquery('english', %s) q"
            f" WHERE vector @@ q AND status = 'published' {extra} ORDER BY ts_rank(vector, q) DESC LIMIT 20",
            params,
        )
        cursor.fetchall()


# -- tantivy --------------------------------------------------------------------------------------------------------


def tantivy_index(stories: int):
    import tantivy

    schema_builder = tantivy.SchemaBuilder()
    schema_builder.add_integer_field("id", stored=True, indexed=True)
    schema_builder.add_text_field("headline", stored=False)
    schema_builder.add_text_field("body", stored=False)
    schema_builder.add_text_field("section", stored=False, tokenizer_name="raw")
    schema_builder.add_date_field("published", indexed=True, fast=True)
    schema = schema_builder.build()
    path = TANTIVY_DIR / f"tantivy-{stories}"
    done = path / "complete"
    path.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(schema, path=str(path))
    if not done.exists():
        print(f"building the tantivy index in {path} once ...", flush=True)
        writer = index.writer(heap_size=300_000_000, num_threads=1)
        with transaction.atomic(), connection.chunked_cursor() as cursor:  # server-side: 2 GB of text
            cursor.execute(
                "SELECT a.id, a.headline, a.summary || ' ' || a.body || ' ' || coalesce(("
                "SELECT string_agg(au.name, ' ') FROM articles_byline b JOIN articles_author au"
                " ON au.id = b.author_id WHERE b.article_id = a.id), ''),"
                " coalesce(s.slug, ''), a.published_at FROM articles_article a"
                " LEFT JOIN articles_section s ON s.id = a.section_id WHERE a.status = 'published'"
            )
            while rows := cursor.fetchmany(5000):
                for id_, headline, body, section, published in rows:
                    writer.add_document(
                        tantivy.Document(
                            id=id_, headline=headline, body=body, section=section,
                            published=published or datetime(1970, 1, 1, tzinfo=UTC),
                        )
                    )  # fmt: skip
        writer.commit()
        writer.wait_merging_threads()
        done.write_text("ok")
    index.reload()
    return index


def tantivy_runner(index):
    searcher = index.searcher()

    def run(query: dict) -> None:
        text = query["q"]
        if "section" in query:
            f = filters_of(query)
            text = (
                f"({text}) AND section:{f.section} AND published:[{f.date_from.isoformat()}T00:00:00Z"
                f" TO {f.date_to.isoformat()}T00:00:00Z]"
            )
        parsed = index.parse_query(text, ["headline", "body"])
        searcher.search(parsed, 20).hits  # noqa: B018 - the hits are what is timed

    return run


# -- main ------------------------------------------------------------------------------------------------------------


def ratio(a: dict | None, b: dict | None) -> float | None:
    return round(a["p95_ms"] / b["p95_ms"], 2) if a and b and b["p95_ms"] else None


def main() -> None:
    queries = load_queries(ARGS.queries_file)
    if ARGS.build_only:
        if "tantivy" not in ARGS.skip:
            tantivy_index(ARGS.stories)
        if "usual" not in ARGS.skip:
            ensure_usual_table()
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_searchdocument")
        indexed = cursor.fetchone()[0]
    if not indexed:
        print("No story indexed here: load an archive first (bench/ingest_jsonl.py --keep) and pass its DATABASE_URL.")
        return
    print(f"{indexed:,} stories indexed; {settings.DATABASES['default']['NAME']}\n", flush=True)
    runners = {}
    if "tantivy" not in ARGS.skip:
        runners["tantivy"] = tantivy_runner(tantivy_index(ARGS.stories))
    if "usual" not in ARGS.skip:
        ensure_usual_table()
    report = {"stories": indexed, "at": datetime.now(UTC).isoformat(), "classes": {}}
    with contextlib.ExitStack() as stack:
        if "page" not in ARGS.skip:
            connections.close_all()  # the server's workers are processes of their own
            base, _environment = stack.enter_context(gunicorn({"CACHE_URL": "dummy://"}))
            runners["page_http"] = page_runner(base)
        measure(queries, runners, report)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_total_relation_size('articles_searchdocument'),"
            " (SELECT sum(octet_length(headline) + octet_length(summary) + octet_length(body)) FROM articles_article)"
        )
        index_bytes, text_bytes = cursor.fetchone()
    report["index_bytes"], report["text_bytes"] = index_bytes, int(text_bytes or 0)
    print(f"\n(p50/p95 ms) index {index_bytes / 1e9:.2f} GB vs story text {int(text_bytes or 0) / 1e9:.2f} GB")
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out = RESULTS_DIR / f"search-{ARGS.stories}-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps(report, indent=2))
    print(f"written to {out.relative_to(ROOT)}")


def measure(queries: dict[str, list[dict]], runners: dict, report: dict) -> None:
    header = f"{'class':<14}{'ours rel':>16}{'ours newest':>16}{'ours page':>16}{'page HTTP':>16}{'usual PG':>18}"
    print(header + f"{'tantivy':>16}{'ours/usual':>12}{'ours/tantivy':>14}")
    for name, items in queries.items():
        items = items[: ARGS.queries]
        row = {
            "ours_relevance": timed(
                lambda q: search(q["q"], filters=filters_of(q), with_facets=False), items, ARGS.warmups
            ),
            "ours_newest": timed(
                lambda q: search(q["q"], filters=filters_of(q), order=Order.NEWEST, with_facets=False),
                items,
                ARGS.warmups,
            ),
        }
        if "page" not in ARGS.skip:
            row["ours_page"] = timed(lambda q: search(q["q"], filters=filters_of(q)), items, ARGS.warmups)
            row["page_http"] = timed(runners["page_http"], items, ARGS.warmups)
        if "usual" not in ARGS.skip:
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = '20s'")
            row["usual"] = timed(usual, items[: ARGS.usual_queries], 1)
        if "tantivy" in runners:
            row["tantivy"] = timed(runners["tantivy"], items, ARGS.warmups)
        worst_ours = max((row["ours_relevance"], row["ours_newest"]), key=lambda r: r["p95_ms"])
        row["ours_over_usual_p95"] = ratio(worst_ours, row.get("usual"))
        row["ours_over_tantivy_p95"] = ratio(worst_ours, row.get("tantivy"))
        report["classes"][name] = row

        def cell(key, row=row):
            r = row.get(key)
            return f"{r['p50_ms']:>7.1f}/{r['p95_ms']:<7.1f}" if r else f"{'-':>15}"

        print(
            f"{name:<14}{cell('ours_relevance'):>16}{cell('ours_newest'):>16}{cell('ours_page'):>16}"
            f"{cell('page_http'):>16}{cell('usual'):>18}{cell('tantivy'):>16}"
            f"{row['ours_over_usual_p95'] or '-':>12}{row['ours_over_tantivy_p95'] or '-':>14}",
            flush=True,
        )


if __name__ == "__main__":
    main()
