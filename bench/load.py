"""Load: a realistic mix of readers' requests against gunicorn in production settings; 5xx, latency, worker memory.

    .venv/bin/python bench/load.py                                   # demo archive, 60 s, twice the sustained rate
    .venv/bin/python bench/load.py --stories 1000000 --duration 600  # the issue's run
    .venv/bin/python bench/load.py --rate 200                        # a fixed rate, requests per second

Serves an archive of ``--stories`` generated stories (0: the demo archive) from
its own database (``newsroom_load_<N>``, on DATABASE_URL's server or the embedded
one; kept between runs, since a million stories take a while to ingest) with
``newsroom/gunicorn.conf.py``, DJANGO_ENV=production and collected static files.

The mix is discovered, not listed: the URL resolver's public pages (so feeds and
search count once they exist), links on the home page, and stories, authors,
sections, tags and places drawn from the database. With ``--rate auto`` a short
closed-loop probe measures the rate the server sustains, and the run sends twice
that: an open loop (requests are scheduled at fixed times, and their latency
counts from the scheduled time, so a stalled server cannot hide its queue). The
report: answers by status (any 5xx fails the run), client errors, p50/p95/p99,
and each gunicorn worker's resident memory after warm-up and at the end.
Results go to bench/results/load-<time>.json.
"""

import argparse
import http.client
import json
import os
import queue
import random
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402
import psutil  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import URLPattern, URLResolver, get_resolver, resolve  # noqa: E402
from django.urls.exceptions import Resolver404  # noqa: E402

# Share of each kind of request, as readers would send them; kinds the site lacks are left out.
MIX = {"story": 50, "home": 10, "home-page": 8, "list": 17, "feed": 5, "search": 10}
SEARCH_WORDS = ["wheat", "museum", "water", "harvest", "festival", "Damascus", "Aleppo", "القمح", "المتحف"]


def prepare_database(stories: int) -> str:
    """Point Django at the load database, creating, migrating and filling it as needed; return its DATABASE_URL."""
    name = f"newsroom_load_{stories}" if stories else "newsroom_load_demo"
    if os.environ.get("DATABASE_URL"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{name}"')
        connection.close()
    connection.settings_dict["NAME"] = settings.DATABASES["default"]["NAME"] = name  # embedded: made on connect
    call_command("migrate", verbosity=0, interactive=False)

    from articles.models import Article

    have = Article.objects.count()
    if stories == 0:
        call_command("load_demo", "--if-empty", verbosity=0)
    elif have < stories:
        from articles.ingest.pipeline import ingest, sources_from_paths

        print(f"archive: {have:,} stories, generating and ingesting {stories:,} (kept for later runs)...", flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            report = ingest(sources_from_paths([str(path) for path in corpus_files(stories, Path(tmp))]))
            if report.failed:
                raise SystemExit(f"the load archive did not ingest: {report.failed[0].error}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    params = connection.get_connection_params()
    host = quote(str(params.get("host") or ""), safe="")
    password = f":{quote(params['password'], safe='')}" if params.get("password") else ""
    port = f":{params['port']}" if params.get("port") else ""
    return f"postgres://{quote(params.get('user') or 'postgres', safe='')}{password}@{host}{port}/{name}"


def corpus_files(stories: int, tmp: Path) -> list[Path]:
    """The benchmark corpus's files: bench/corpus.py's realistic one (kept in var/bench) where it exists,
    else the plain one bench/ingest_jsonl.py writes."""
    try:
        from bench.corpus import ensure_corpus
    except ImportError:
        sys.path.insert(0, str(REPO / "bench"))
        from ingest_jsonl import write_corpus

        write_corpus(tmp / "corpus.jsonl", stories)
        return [tmp / "corpus.jsonl"]
    return ensure_corpus(stories=stories).files


def start_server(database_url: str, port: int, workdir: Path, workers: int | None) -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env |= {
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(workdir / "static"),
        "BEHIND_PROXY": "true",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": str(workdir / "access.log"),
    }
    if workers:
        env["GUNICORN_WORKERS"] = str(workers)
    python = sys.executable
    subprocess.run([python, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=REPO, env=env, check=True)  # noqa: S603
    log = (workdir / "server.log").open("wb")
    return subprocess.Popen(  # noqa: S603 - our own server
        [python, "-m", "gunicorn", "--config", "newsroom/gunicorn.conf.py", "newsroom.wsgi"],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def get(port: int, path: str, timeout: float = 60) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def public_pages(resolver=None, prefix: str = "") -> list[tuple[str, str]]:
    """(url name, path) of every public page without parameters: the home page, and feeds or search once they exist."""
    pages = []
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith("admin/"):
            continue
        if isinstance(entry, URLResolver):
            pages += public_pages(entry, route)
        elif isinstance(entry, URLPattern) and not entry.pattern.converters and entry.name:
            pages.append((entry.name, "/" + route))
    return pages


def kind_of(url_name: str) -> str | None:
    if url_name == "home":
        return "home"
    if any(word in url_name for word in ("feed", "rss", "atom")):
        return "feed"
    if "search" in url_name:
        return "search"
    return None


def discover(port: int, rng: random.Random) -> dict[str, list[str]]:
    """The URLs of each kind the mix draws from."""
    from articles.models import Article, Author, Place, Section, Tag

    urls: dict[str, list[str]] = {kind: [] for kind in MIX}
    for name, path in public_pages():
        kind = kind_of(name)
        if kind == "search":
            urls[kind] += [f"{path}?q={quote(word)}" for word in SEARCH_WORDS]
        elif kind:
            urls[kind].append(path)
    # Links on the home page, classified by the resolver: whatever the templates link to.
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/", headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"})
    html = conn.getresponse().read().decode()
    conn.close()
    for href in set(re.findall(r'href="(/[^"#]*)"', html)):
        try:
            match = resolve(href.split("?")[0])
        except Resolver404:
            continue
        kind = kind_of(match.url_name or "") or {"detail": "story"}.get(match.url_name or "")
        if kind and href not in urls[kind]:
            urls[kind].append(href)
    # Stories from the whole archive, not only the newest: ids drawn at random over its range.
    published = Article.objects.published()
    bounds = published.order_by("pk").values_list("pk", flat=True)
    low, high = bounds.first(), bounds.last()
    for _ in range(500 if low is not None else 0):
        story = published.filter(pk__gte=rng.randint(low, high)).order_by("pk").only("pk", "slug").first()
        if story:
            urls["story"].append(story.get_absolute_url())
    pages = max(1, published.count() // 20)
    urls["home-page"] = [f"/?page={rng.randint(2, max(2, min(pages, 200)))}" for _ in range(50)] if pages > 1 else []
    for model in (Section, Tag, Place, Author):
        for obj in model.objects.order_by("?")[:50] if model is not Author else model.objects.all()[:200]:
            urls["list"].append(obj.get_absolute_url())
    return {kind: list(dict.fromkeys(found)) for kind, found in urls.items() if found}


def draw(urls: dict[str, list[str]], rng: random.Random) -> tuple[str, str]:
    kinds = list(urls)
    kind = rng.choices(kinds, weights=[MIX[k] for k in kinds])[0]
    return kind, rng.choice(urls[kind])


def closed_loop(port: int, urls, seconds: float, concurrency: int) -> float:
    """Requests per second the server sustains with ``concurrency`` readers waiting for each answer."""
    done = []
    stop = time.monotonic() + seconds

    def reader(seed: int):
        rng = random.Random(seed)
        while time.monotonic() < stop:
            try:
                get(port, draw(urls, rng)[1])
                done.append(1)
            except OSError:
                pass

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(done) / (time.monotonic() - started)


def open_loop(port: int, urls, rate: float, seconds: float, concurrency: int) -> list[dict]:
    """Send at ``rate`` per second for ``seconds``; each result's latency counts from its scheduled time."""
    pending: queue.Queue = queue.Queue()
    results: list[dict] = []
    rng = random.Random(20261126)

    def sender():
        while (item := pending.get()) is not None:
            scheduled, kind, path = item
            sent = time.monotonic()
            try:
                status = get(port, path)
            except OSError as exc:
                status = f"client error: {type(exc).__name__}"
            now = time.monotonic()
            results.append({"kind": kind, "status": status, "latency": now - scheduled, "service": now - sent})

    threads = [threading.Thread(target=sender) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    started = time.monotonic()
    n = 0
    while (scheduled := started + n / rate) < started + seconds:
        time.sleep(max(0.0, scheduled - time.monotonic()))
        pending.put((scheduled, *draw(urls, rng)))
        n += 1
    for _ in threads:
        pending.put(None)
    for thread in threads:
        thread.join()
    return results


def worker_memory_mb(server: subprocess.Popen) -> list[float]:
    return [round(child.memory_info().rss / 1024 / 1024, 1) for child in psutil.Process(server.pid).children()]


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=0, help="generated stories to serve; 0: the demo archive")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load at the chosen rate")
    parser.add_argument("--rate", default="auto", help="requests per second, or auto: twice the sustained rate")
    parser.add_argument("--probe", type=float, default=15, help="seconds of the closed-loop probe for --rate auto")
    parser.add_argument("--concurrency", type=int, default=64, help="client threads (connections at once)")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: its config's)")
    args = parser.parse_args()

    database_url = prepare_database(args.stories)
    port = 18000 + random.randrange(1000)
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(database_url, port, Path(tmp), args.workers)
        try:
            for _ in range(300):
                try:
                    get(port, "/", timeout=5)
                    break
                except OSError:
                    if server.poll() is not None:
                        raise SystemExit((Path(tmp) / "server.log").read_text()) from None
                    time.sleep(0.2)
            urls = discover(port, random.Random(7))
            print("mix:", ", ".join(f"{kind} {len(found)} URLs" for kind, found in urls.items()), flush=True)
            sustained = closed_loop(port, urls, args.probe, concurrency=8) if args.rate == "auto" else None
            rate = 2 * sustained if sustained else float(args.rate)
            if sustained:
                print(
                    f"sustained (closed loop, 8 readers): {sustained:.0f} req/s; sending {rate:.0f} req/s", flush=True
                )
            memory_start = worker_memory_mb(server)
            started = time.monotonic()
            results = open_loop(port, urls, rate, args.duration, args.concurrency)
            elapsed = time.monotonic() - started
            memory_end = worker_memory_mb(server)
        finally:
            server.terminate()
            server.wait(timeout=60)

    statuses = Counter(str(r["status"]) for r in results)
    server_errors = sum(count for status, count in statuses.items() if status.startswith("5"))
    answered = [r for r in results if isinstance(r["status"], int)]
    latency = [r["latency"] * 1000 for r in answered]
    service = [r["service"] * 1000 for r in answered]
    by_kind = {
        kind: {
            "requests": len(rows),
            "p50_ms": round(percentile([r["latency"] * 1000 for r in rows], 0.50), 1),
            "p95_ms": round(percentile([r["latency"] * 1000 for r in rows], 0.95), 1),
        }
        for kind in urls
        if (rows := [r for r in answered if r["kind"] == kind])
    }
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "stories": args.stories or "demo",
        "duration_s": args.duration,
        "sustained_rps": round(sustained, 1) if sustained else None,
        "target_rps": round(rate, 1),
        "sent": len(results),
        "answered_rps": round(len(answered) / elapsed, 1),
        "statuses": dict(statuses),
        "server_errors_5xx": server_errors,
        "latency_ms": {
            "p50": round(percentile(latency, 0.50), 1),
            "p95": round(percentile(latency, 0.95), 1),
            "p99": round(percentile(latency, 0.99), 1),
            "mean": round(statistics.fmean(latency), 1) if latency else None,
        },
        "service_ms": {"p50": round(percentile(service, 0.50), 1), "p95": round(percentile(service, 0.95), 1)},
        "by_kind": by_kind,
        "worker_rss_mb": {
            "start": memory_start,
            "end": memory_end,
            "growth_total": round(sum(memory_end) - sum(memory_start), 1),
        },
        "concurrency": args.concurrency,
        "cpus": os.cpu_count(),
    }
    results_dir = REPO / "bench" / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    out = results_dir / f"load-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"written to {out.relative_to(REPO)}")
    if server_errors:
        raise SystemExit(f"{server_errors} answers were 5xx: must be 0")


if __name__ == "__main__":
    main()
