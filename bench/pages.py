"""Readers' pages under gunicorn: p50/p95 per page type with one client, and requests/s with 8 clients.

    DATABASE_URL=postgres://.../archive .venv/bin/python bench/pages.py [--requests 40] [--seconds 10]

Serves the archive that DATABASE_URL names (a populated one: bench/corpus.py and
`manage.py ingest`, or any copy of the archive) with gunicorn, 2 workers, DEBUG
off, and measures in one run: each page type (home, a story, each list, a list
at depth 50,000 where the list is that long, date archives, a feed, the
sitemaps) with one client, then requests per second with 8 clients for the home
page and a story beside a minimal Django view (HttpResponse("ok")) served by the
same server, and prints the ratios. Figures go to bench/results/pages-*.json.
Without a populated archive it says so and measures nothing.
"""

import argparse
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pages_site.settings")

import django  # noqa: E402

django.setup()

from articles.models import Article, Author, Place, Section, Tag  # noqa: E402
from articles.paging import Position  # noqa: E402

MIN_STORIES = 1_000
DEPTH = 50_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def deep_cursor(stories, depth: int) -> str | None:
    """The ?after= token of the page at ``depth`` stories into a list, if the list is that long."""
    row = list(
        stories.filter(published_at__isnull=False)
        .order_by("-published_at", "-pk")
        .values_list("published_at", "pk")[depth : depth + 1]
    )
    return Position(*row[0]).encode() if row else None


def page_types() -> dict[str, str]:
    published = Article.objects.published()
    story = published.exclude(published_at=None).order_by("-published_at").first()
    section = Section.objects.order_by("pk").first()
    author, tag, place = (model.objects.order_by("pk").first() for model in (Author, Tag, Place))
    day = story.published_at
    pages = {
        "home": "/",
        "story": story.get_absolute_url(),
        "section": section.get_absolute_url(),
        "author": author.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "place": place.get_absolute_url(),
        "archive year": f"/archive/{day:%Y}/",
        "archive month": f"/archive/{day:%Y/%m}/",
        "archive day": f"/archive/{day:%Y/%m/%d}/",
        "arabic home": "/ar/",
        "feed rss": "/rss/",
        "feed atom (tag)": tag.get_absolute_url() + "atom/",
        "sitemap index": "/sitemap.xml",
        "sitemap news": "/sitemaps/news.xml",
        "sitemap month": f"/sitemaps/stories-{day:%Y-%m}.xml",
        "api stories": "/api/v1/stories/",
        "api story": f"/api/v1/stories/{story.pk}/",
    }
    for name, stories, path in [
        ("home", published.exclude(language="ar"), "/"),
        ("section", published.filter(section=section).exclude(language="ar"), section.get_absolute_url()),
    ]:
        token = deep_cursor(stories, DEPTH)
        if token:
            pages[f"{name} at depth {DEPTH:,}"] = f"{path}?after={token}"
    # The API lists every language; bench/api.py measures it with each filter.
    token = deep_cursor(published, DEPTH)
    if token:
        pages[f"api stories at depth {DEPTH:,}"] = f"/api/v1/stories/?cursor={token}"
    return pages


def fetch(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our own local server
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def latencies(url: str, count: int) -> dict:
    for _ in range(3):
        fetch(url)
    times, statuses = [], set()
    for _ in range(count):
        start = time.perf_counter()
        statuses.add(fetch(url))
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
        "statuses": sorted(statuses),
    }


@contextlib.contextmanager
def gunicorn(settings: dict[str, str]):
    """Serve the project with gunicorn (2 workers, DEBUG off) on a free port: yields (base URL, its environment).

    Connections persist as production has them (CONN_MAX_AGE 60 under DJANGO_ENV=production):
    a new PostgreSQL connection per request would add ~20 ms to every page the cache misses.
    """
    port = free_port()
    environment = {
        **os.environ,
        "DEBUG": "false",
        "DJANGO_SETTINGS_MODULE": "pages_site.settings",
        "ALLOWED_HOSTS": "127.0.0.1",
        "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60"),
        **settings,
    }
    server = subprocess.Popen(  # noqa: S603 - gunicorn from our own virtualenv
        [
            sys.executable, "-m", "gunicorn", "--pythonpath", f"{ROOT},{ROOT / 'bench'}",
            "--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "newsroom.wsgi",
        ],
        env=environment,
        cwd=ROOT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if fetch(base + "/_minimal/") == 200:
                    break
            except OSError:
                time.sleep(0.1)
        yield base, environment
    finally:
        server.terminate()
        server.wait(timeout=30)


def throughput(url: str, clients: int, seconds: float) -> float:
    done = [0] * clients
    stop = time.perf_counter() + seconds

    def client(number: int):
        while time.perf_counter() < stop:
            fetch(url)
            done[number] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return round(sum(done) / seconds, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40, help="requests per page type (one client)")
    parser.add_argument("--seconds", type=float, default=10, help="seconds per throughput run (8 clients)")
    parser.add_argument(
        "--no-cache", action="store_true", help="serve with no page cache (CACHE_URL=dummy://): what a miss costs"
    )
    args = parser.parse_args()

    from django.db import DatabaseError

    try:
        stories = Article.objects.published().count()  # once, to say what is measured
    except DatabaseError:  # an empty, unmigrated database
        stories = 0
    if stories < MIN_STORIES:
        print(f"bench/pages.py: the archive holds {stories} published stories; it needs at least {MIN_STORIES:,}.")
        print("Point DATABASE_URL at a populated archive (bench/corpus.py, then manage.py ingest). Nothing measured.")
        return
    pages = page_types()
    from django.db import connections

    connections.close_all()

    environment = {"CACHE_URL": "dummy://"} if args.no_cache else {}
    with gunicorn(environment) as (base, environment):
        results = {"stories": stories, "when": datetime.now(UTC).isoformat(timespec="seconds"), "pages": {}}
        results["page_cache"] = not args.no_cache
        print(
            f"{stories:,} published stories; gunicorn, 2 workers, DEBUG off, "
            f"CONN_MAX_AGE={environment['CONN_MAX_AGE']}, page cache {'off' if args.no_cache else 'on'}\n"
        )
        print(f"{'page':28s} {'p50 ms':>8s} {'p95 ms':>8s}  status")
        for name, path in {"minimal view": "/_minimal/", **pages}.items():
            figures = latencies(base + path, args.requests)
            results["pages"][name] = {"path": path, **figures}
            print(f"{name:28s} {figures['p50_ms']:8.1f} {figures['p95_ms']:8.1f}  {figures['statuses']}")
        print(f"\nrequests/s with 8 clients ({args.seconds:g} s each):")
        rates = {}
        for name, path in [("minimal view", "/_minimal/"), ("home", "/"), ("story", pages["story"])]:
            rates[name] = throughput(base + path, 8, args.seconds)
        for name, rate in rates.items():
            ratio = rate / rates["minimal view"] if rates["minimal view"] else 0
            print(f"  {name:14s} {rate:8.1f}/s   {ratio:.2f} of the minimal view")
        results["requests_per_second"] = rates
        out = ROOT / "bench" / "results"
        out.mkdir(parents=True, exist_ok=True)
        path = out / f"pages-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
        path.write_text(json.dumps(results, indent=2))
        print(f"\nwritten to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
