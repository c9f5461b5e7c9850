"""The API's stories list under gunicorn: p50/p95 with each filter, at the top and at depth 50,000.

    DATABASE_URL=postgres://.../archive .venv/bin/python bench/api.py [--requests 40]

Serves the archive DATABASE_URL names (a populated one, as bench/pages.py needs)
with gunicorn, 2 workers, DEBUG off, and measures with one client
/api/v1/stories/ unfiltered and with each filter alone (the largest section,
author, tag and place, Arabic, a date on either side), plus a few combinations:
the first page and the page 50,000 stories in (its cursor found beforehand,
outside the timing), beside the minimal view (HttpResponse("ok")) on the same
server as the baseline. Connections persist as in production (CONN_MAX_AGE=60
unless the environment says otherwise). Figures go to bench/results/api-*.json.
"""

import argparse
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pages_site.settings")

from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402
from pages import MIN_STORIES, deep_cursor, gunicorn, latencies  # noqa: E402 - sets Django up

from articles.api.filters import StoryFilter  # noqa: E402
from articles.models import Article, Section  # noqa: E402
from articles.paging import LISTING_JOINS  # noqa: E402

DEPTH = 50_000
URL = "/api/v1/stories/"


def largest(model) -> str:
    """The slug of the author, tag or place with the most listed stories: the longest list of its kind."""
    table, column = LISTING_JOINS[model]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM {table} WHERE list_date IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
        )
        return model.objects.get(pk=cursor.fetchone()[0]).slug


def queries() -> dict[str, dict]:
    from articles.models import Author, Place, Tag

    section = max(Section.objects.all(), key=lambda s: Article.objects.published().filter(section=s).count())
    author, tag, place = largest(Author), largest(Tag), largest(Place)
    return {
        "no filter": {},
        "section": {"section": section.slug},
        "author": {"author": author},
        "tag": {"tag": tag},
        "place": {"place": place},
        "language ar": {"language": "ar"},
        "language en": {"language": "en"},
        "published_after": {"published_after": "2022-01-01"},
        "published_before": {"published_before": "2018-01-01T00:00:00Z"},
        "section + language ar": {"section": section.slug, "language": "ar"},
        "tag + place": {"tag": tag, "place": place},
        "author + date range": {"author": author, "published_after": "2012-01-01", "published_before": "2020-01-01"},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40, help="requests per page (one client)")
    parser.add_argument("--stories", type=int, help="(make bench) ignored: the archive measured is DATABASE_URL's")
    args = parser.parse_args()

    from django.db import DatabaseError

    try:
        stories = Article.objects.published().count()  # once, to say what is measured
    except DatabaseError:
        stories = 0
    if stories < MIN_STORIES:
        print(f"bench/api.py: the archive holds {stories} published stories; it needs at least {MIN_STORIES:,}.")
        print("Point DATABASE_URL at a populated archive (bench/corpus.py, then manage.py ingest). Nothing measured.")
        return

    pages = {}
    for name, params in queries().items():
        pages[name] = URL + ("?" + urlencode(params) if params else "")
        stories_of = StoryFilter(QueryDict(urlencode(params)), queryset=Article.objects.published()).qs
        token = deep_cursor(stories_of, DEPTH)
        if token:
            pages[f"{name} at depth {DEPTH:,}"] = URL + "?" + urlencode({**params, "cursor": token})
    connection.close()

    with gunicorn({}) as (base, environment):
        results = {"stories": stories, "when": datetime.now(UTC).isoformat(timespec="seconds"), "pages": {}}
        conn_max_age = environment["CONN_MAX_AGE"]
        results["conn_max_age"] = conn_max_age
        print(f"{stories:,} published stories; gunicorn, 2 workers, DEBUG off, CONN_MAX_AGE={conn_max_age}")
        print(f"{args.requests} requests each, one client\n")
        print(f"{'page':42s} {'p50 ms':>8s} {'p95 ms':>8s}  status")
        for name, path in {"minimal view (baseline)": "/_minimal/", **pages}.items():
            figures = latencies(base + path, args.requests)
            results["pages"][name] = {"path": path, **figures}
            print(f"{name:42s} {figures['p50_ms']:8.1f} {figures['p95_ms']:8.1f}  {figures['statuses']}")
        out = ROOT / "bench" / "results"
        out.mkdir(parents=True, exist_ok=True)
        path = out / f"api-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
        path.write_text(json.dumps(results, indent=2))
        print(f"\nwritten to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
