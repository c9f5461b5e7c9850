"""The editors' admin at archive size: p50/p95 and query count of every page an editor uses.

    .venv/bin/python bench/admin.py [--stories 100000] [--runs 20]
    .venv/bin/python bench/admin.py --database-url postgres://.../newsroom   # an archive that is already there

Without ``--database-url`` it makes a throwaway database, fills it with
``--stories`` synthetic stories written by SQL (``generate_archive``: real English
and Arabic words with Zipf-like frequencies, 2,000 authors with 1-3 bylines, 300
places, 12 sections, 300 tags, about 30% of stories with a Check Also link, a
third of those pending, 2% undated, history and provenance rows as the ingest
writes them), measures, and drops it. With ``--database-url`` it measures the
archive it finds there (its own story count is printed and recorded) and writes
only a staff superuser to log in with.

Each page is requested once to warm up, then ``--runs`` times through Django's
test Client (no network noise); the baselines, measured in the same run, are
``SELECT 1`` and the admin index page. Figures go to stdout and to
bench/results/admin-<stories>-<timestamp>.json.
"""

import argparse
import io
import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote_plus

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

if "--database-url" in sys.argv:  # before Django reads its settings
    os.environ["DATABASE_URL"] = sys.argv[sys.argv.index("--database-url") + 1]

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import get_runner, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
TARGET_MS = 300
SLOW_MS = 2000


def generate_archive(stories: int) -> None:
    """Fill an empty archive with ``stories`` synthetic stories, in SQL (a million takes a few minutes)."""
    from wordfreq import top_n_list

    from articles.text import match_key

    english = [w for w in top_n_list("en", 30000) if w.isalpha() and len(w) > 2]
    arabic = [w for w in top_n_list("ar", 5000) if w.isalpha() and len(w) > 2]
    first = "Manar Hazem Lina Rami Sara Omar Yara Fadi Hala Samer Dima Bassel Rasha Nour Ghaith Mais".split()  # noqa: SIM905
    last = [f"{w.title()}" for w in english[3000:3112]]
    names = [f"{f} {ln}" for ln in last for f in first][:2000]
    sections = "Politics Economy Culture Sports Health Science Local World Opinion Tourism Education Environment"
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO articles_author (name, slug, bio, name_key) SELECT n, 'author-' || i, '', k "
            "FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS t(n, k, i)",
            [names, [match_key(n) for n in names]],
        )
        cur.execute(
            "INSERT INTO articles_section (name, slug) SELECT s, lower(s) FROM unnest(%s::text[]) s",
            [sections.split()],
        )
        for table, prefix in [("articles_place", "Place"), ("articles_tag", "Tag")]:
            cur.execute(
                f"INSERT INTO {table} (name, slug) SELECT %s || ' ' || w, lower(%s) || '-' || g "
                "FROM unnest(%s::text[]) WITH ORDINALITY AS t(w, g)",
                [prefix, prefix, [w.title() for w in english[100:400]]],
            )
        # Text is drawn in Python (a word pick per SQL expression would detoast the whole vocabulary each
        # time): 2,000 paragraphs of 55-75 words per language, a body being six of them (about 2.5 KB),
        # and a 6-12 word headline per story, ranks spread Zipf-like (log-uniform).
        rng = random.Random(20261126)

        def words(vocabulary: list[str], count: int) -> str:
            return " ".join(vocabulary[int(len(vocabulary) ** rng.random()) - 1] for _ in range(count))

        cur.execute("CREATE TEMP TABLE paragraphs (lang text, p int, text text, PRIMARY KEY (lang, p))")
        cur.execute("CREATE TEMP TABLE headlines (id bigint PRIMARY KEY, headline text)")
        paragraphs = [
            f"{lang}\t{p}\t{words(vocabulary, 55 + p % 20)}\n"
            for lang, vocabulary in [("en", english), ("ar", arabic)]
            for p in range(2000)
        ]
        cur.cursor.copy_expert("COPY paragraphs FROM STDIN", io.StringIO("".join(paragraphs)))
        for chunk in range(0, stories, 100_000):
            rows = (
                f"{g}\t{words(arabic if g % 10 == 5 else english, 6 + g % 7).capitalize()}\n"
                for g in range(chunk + 1, min(stories, chunk + 100_000) + 1)
            )
            cur.cursor.copy_expert("COPY headlines FROM STDIN", io.StringIO("".join(rows)))
        cur.execute("ANALYZE paragraphs")
        cur.execute("ANALYZE headlines")
        cur.execute(
            """
            INSERT INTO articles_article (id, headline, slug, language, agency, body, summary, markers,
                published_at, updated_at, status, source_url, identity_key, headline_key, checksum,
                created_at, modified_at, section_id)
            SELECT g, h.headline, 'story-' || g, lang, 'SANA',
                (SELECT string_agg('<p>' || text || '</p>', '' ORDER BY p) FROM paragraphs
                 WHERE paragraphs.lang = s.lang AND p = ANY(ARRAY[(g * 7) %% 2000, (g * 13 + 1) %% 2000,
                 (g * 17 + 2) %% 2000, (g * 19 + 3) %% 2000, (g * 23 + 4) %% 2000, (g * 29 + 5) %% 2000])),
                '', '{}',
                CASE WHEN g %% 50 = 7 THEN NULL
                     ELSE timestamptz '2010-01-01' + (g::float / %(n)s) * interval '16 years'
                          + (g %% 97) * interval '1 minute' END,
                NULL,
                CASE WHEN g %% 25 = 3 THEN 'draft' WHEN g %% 100 = 11 THEN 'withdrawn' ELSE 'published' END,
                'https://sana.example/' || lang || '/?p=' || g, 'url:' || md5(g::text), lower(h.headline),
                md5(h.headline), now(), now(), 1 + (g * 7919) %% 12
            FROM generate_series(1::bigint, %(n)s) g
            JOIN headlines h ON h.id = g
            CROSS JOIN LATERAL (SELECT CASE WHEN g %% 10 = 5 THEN 'ar' ELSE 'en' END AS lang) s
            """,
            {"n": stories},
        )
        cur.execute("SELECT setval(pg_get_serial_sequence('articles_article', 'id'), %s)", [stories])
        # 1% with no author; 40% with two, 15% with three (677 * k mod 2000 keeps them distinct).
        cur.execute(
            """
            INSERT INTO articles_byline (article_id, author_id, position)
            SELECT g, 1 + ((g * 4241) %% 2000 + k * 677) %% 2000, k
            FROM generate_series(1::bigint, %(n)s) g, generate_series(0, 2) k
            WHERE g %% 100 <> 13 AND (k = 0 OR (k = 1 AND g %% 5 < 2) OR (k = 2 AND g %% 20 < 3))
            """,
            {"n": stories},
        )
        cur.execute(
            "INSERT INTO articles_article_places (article_id, place_id) SELECT g, 1 + ((g * 31) %% 300 + k * 7) %% 300 "
            "FROM generate_series(1::bigint, %(n)s) g, generate_series(0, 1) k WHERE k = 0 OR g %% 3 = 0",
            {"n": stories},
        )
        cur.execute(
            "INSERT INTO articles_article_tags (article_id, tag_id) SELECT g, 1 + ((g * 37) %% 300 + k * 11) %% 300 "
            "FROM generate_series(1::bigint, %(n)s) g, generate_series(0, 2) k WHERE k = 0 OR g %% 4 < k",
            {"n": stories},
        )
        # 30% of stories print a Check Also; a third of those are still pending (no target yet).
        cur.execute(
            """
            INSERT INTO articles_relatedlink (source_id, target_id, title, title_key, teaser, url, kind, position,
                observed_at, ambiguous)
            SELECT g, CASE WHEN g %% 30 < 3 THEN NULL ELSE t END, coalesce(a.headline, 'Lost story ' || g),
                lower(coalesce(a.headline, 'lost story ' || g)), 'See also', '', 'observed', 0, now(), false
            FROM generate_series(11::bigint, %(n)s) g
            CROSS JOIN LATERAL (SELECT greatest(1, g - 1 - (g * 7) %% 5000) AS t) x
            LEFT JOIN articles_article a ON a.id = x.t
            WHERE g %% 10 < 3
            """,
            {"n": stories},
        )
        cur.execute(
            """
            INSERT INTO articles_historicalarticle (id, headline, slug, language, agency, body, summary, markers,
                published_at, updated_at, status, source_url, identity_key, headline_key, checksum, created_at,
                section_id, history_date, history_change_reason, history_type)
            SELECT id, headline, slug, language, agency, body, summary, markers, published_at, updated_at, status,
                source_url, identity_key, headline_key, checksum, created_at, section_id, now(), 'Ingested', '+'
            FROM articles_article
            """,
            [],
        )
        cur.execute(
            """
            INSERT INTO articles_provenance (article_id, source, raw, checksum, parser, ingested_at)
            SELECT id, 'corpus-' || (id / 100000) || '.jsonl:' || id,
                json_build_object('headline', headline, 'url', source_url, 'body', body)::text, md5(body),
                CASE WHEN id %% 3 = 0 THEN 'plaintext/1' ELSE 'jsonl/1' END, now()
            FROM articles_article
            """,
            [],
        )
    # The bulk ingest also leaves the planner's statistics fresh; VACUUM sets the visibility map.
    old_autocommit = connection.get_autocommit()
    connection.set_autocommit(True)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    connection.set_autocommit(old_autocommit)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def pages(common: str, rare: str) -> list[tuple[str, str]]:
    """(name, URL) of every admin page an editor uses, with the data it needs picked from the archive."""
    from articles.models import Article, Byline, RelatedLink, Section

    changelist = reverse("admin:articles_article_changelist")
    story = (
        Article.objects.filter(pk__in=RelatedLink.objects.values("source")[:1]).first()
        or Article.objects.order_by("-pk").first()
    )
    dated = Article.objects.exclude(published_at=None).order_by("-pk").first()
    byline = Byline.objects.select_related("author").order_by("-pk").first()
    section = Section.objects.order_by("pk").first()
    day_of = dated.published_at if dated else datetime(2020, 1, 1, tzinfo=UTC)
    year, month, day = day_of.year, day_of.month, day_of.day
    url = story.source_url if story else ""
    author_name = byline.author.name if byline else "nobody"
    autocomplete = reverse("admin:autocomplete")
    week_start, week_end = (quote_plus(f"{day_of.date() + timedelta(days=d)} 00:00:00+00:00") for d in (-7, 0))
    return [
        ("baseline: admin index", reverse("admin:index")),
        ("story list", changelist),
        ("story list, page 3", f"{changelist}?p=3"),
        (f"search, common word ({common})", f"{changelist}?q={common}"),
        (f"search, rare word ({rare})", f"{changelist}?q={rare}"),
        (f"search, common and rare ({common} {rare})", f"{changelist}?q={common}+{rare}"),
        ("search, author name", f"{changelist}?q={author_name.replace(' ', '+')}"),
        ("search, source URL", f"{changelist}?q={url}"),
        ("filter: status draft", f"{changelist}?status__exact=draft"),
        ("filter: status withdrawn", f"{changelist}?status__exact=withdrawn"),
        ("filter: needs attention, any", f"{changelist}?attention=any"),
        ("filter: needs attention, no date", f"{changelist}?attention=no-date"),
        ("filter: needs attention, no author", f"{changelist}?attention=no-author"),
        ("filter: needs attention, unresolved", f"{changelist}?attention=unresolved"),
        ("filter: section", f"{changelist}?section__id__exact={section.pk if section else 0}"),
        ("filter: language Arabic", f"{changelist}?language__exact=ar"),
        ("filter: language French (none)", f"{changelist}?language__exact=fr"),
        ("filter: published, a week", f"{changelist}?published_at__gte={week_start}&published_at__lt={week_end}"),
        ("filter: published, no date", f"{changelist}?published_at__isnull=True"),
        ("date drill-down: year", f"{changelist}?published_at__year={year}"),
        ("date drill-down: month", f"{changelist}?published_at__year={year}&published_at__month={month}"),
        (
            "date drill-down: day",
            f"{changelist}?published_at__year={year}&published_at__month={month}&published_at__day={day}",
        ),
        ("story change page", reverse("admin:articles_article_change", args=[story.pk if story else 0])),
        ("story history page", reverse("admin:articles_article_history", args=[story.pk if story else 0])),
        ("author list", reverse("admin:articles_author_changelist")),
        ("author change page", reverse("admin:articles_author_change", args=[byline.author_id if byline else 0])),
        ("section list", reverse("admin:articles_section_changelist")),
        ("tag list", reverse("admin:articles_tag_changelist")),
        ("place list", reverse("admin:articles_place_changelist")),
        ("related-link list", reverse("admin:articles_relatedlink_changelist")),
        ("related-link list, pending", reverse("admin:articles_relatedlink_changelist") + "?target__isempty=1"),
        ("provenance list", reverse("admin:articles_provenance_changelist")),
        ("import page", reverse("admin-import")),
        (
            "autocomplete: byline author",
            f"{autocomplete}?term={author_name.split()[0]}&app_label=articles&model_name=byline&field_name=author",
        ),
        (
            "autocomplete: Check Also target",
            f"{autocomplete}?term={rare}&app_label=articles&model_name=relatedlink&field_name=target",
        ),
        (
            "autocomplete: Check Also target, common",
            f"{autocomplete}?term={common}&app_label=articles&model_name=relatedlink&field_name=target",
        ),
    ]


def pick_rare_word() -> str:
    """A word from the middle of the archive's headlines that few other headlines hold: its longest."""
    from articles.models import Article

    count = Article.objects.order_by().count()
    story = Article.objects.filter(pk__gte=count // 2, language="en").order_by("pk").first()
    words = [w for w in (story.headline.split() if story else []) if w.isalpha()]
    return max(words, key=len, default="zyzzyva").lower()


def measure(client: Client, url: str, runs: int) -> dict:
    reset_queries()
    started = time.perf_counter()
    response = client.get(url)  # warm-up: caches, and the pages the server has not read yet
    first = (time.perf_counter() - started) * 1000
    times, queries, status = [], len(connection.queries), response.status_code
    if first > SLOW_MS:
        # A page this slow is far over its target whatever the next runs say: timed once, warm-up included.
        times, runs = [first], 1
    for _ in range(runs if not times else 0):
        reset_queries()
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        queries, status = len(connection.queries), response.status_code
    return {
        "url": url,
        "runs": runs,
        "status": status,
        "queries": queries,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
    }


def select_one(runs: int) -> dict:
    times = []
    with connection.cursor() as cursor:
        for _ in range(runs + 1):
            started = time.perf_counter()
            cursor.execute("SELECT 1")
            cursor.fetchone()
            times.append((time.perf_counter() - started) * 1000)
    times = times[1:]
    return {"url": "", "status": 0, "queries": 1, "p50_ms": round(statistics.median(times), 3), "p95_ms": 0}


def run(args) -> dict:
    from django.contrib.auth.models import User

    from articles.models import Article

    settings.DEBUG = True  # so connection.queries counts each page's queries
    stories = Article.objects.order_by().count()
    print(f"measuring on {connection.settings_dict['NAME']}: {stories:,} stories, {args.runs} runs per page")
    user, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True, "email": "bench@example.org"}
    )
    client = Client()
    client.force_login(user)
    results = {"baseline: SELECT 1": select_one(args.runs)}
    rare = args.rare or pick_rare_word()
    for name, url in pages(args.common, rare):
        results[name] = measure(client, url, args.runs)
        r = results[name]
        flag = "" if r["p95_ms"] <= TARGET_MS else f"  over {TARGET_MS} ms"
        print(f"  {name:48} p50 {r['p50_ms']:8.1f} ms  p95 {r['p95_ms']:8.1f} ms  {r['queries']:3} queries{flag}")
        if r["status"] != 200:
            print(f"    status {r['status']} for {url}")
    settings.DEBUG = False
    over = [name for name, r in results.items() if r["p95_ms"] > TARGET_MS]
    print(f"pages over {TARGET_MS} ms at p95: {len(over)}" + (f" ({', '.join(over)})" if over else ""))
    return {"stories": stories, "runs": args.runs, "server": connection.pg_version, "pages": results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=100_000, help="size of the generated archive")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database-url", help="measure this archive as it is instead of a generated one")
    parser.add_argument("--generate", action="store_true", help="with --database-url: fill an empty archive first")
    parser.add_argument("--common", default="the", help="a word in many headlines")
    parser.add_argument("--rare", help="a word in few headlines (default: picked from the archive)")
    args = parser.parse_args()

    setup_test_environment(debug=False)
    if args.database_url:
        from articles.models import Article

        if args.generate and not Article.objects.exists():
            started = time.perf_counter()
            generate_archive(args.stories)
            print(f"generated {args.stories:,} stories in {time.perf_counter() - started:.0f} s")
        report = run(args)
    else:
        runner = get_runner(settings)(verbosity=0, interactive=False)
        old_config = runner.setup_databases()
        try:
            started = time.perf_counter()
            generate_archive(args.stories)
            print(f"generated {args.stories:,} stories in {time.perf_counter() - started:.0f} s")
            report = run(args)
        finally:
            runner.teardown_databases(old_config)

    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"admin-{report['stories']}-{stamp}.json"
    path.write_text(json.dumps(report, indent=2))
    print(f"written {path.relative_to(RESULTS.parent.parent)}")


if __name__ == "__main__":
    main()
