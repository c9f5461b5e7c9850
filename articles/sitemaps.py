"""Sitemaps for search engines: an index of one sitemap per month of stories, a Google News sitemap, robots.txt.

A month's sitemap holds its published stories (django.contrib.sitemaps, at most
50,000 URLs a file: at 1,600 stories a day a month would paginate, and the
index then lists its further pages). The index finds the months that have a
story with one index probe per month, never by reading the stories.
"""

from __future__ import annotations

from datetime import MAXYEAR, UTC, date, datetime, timedelta

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .feeds import SITE_NAME
from .models import Article, Author, Place, Section, Tag

SITEMAP_LIMIT = 50_000  # URLs in one sitemap file, the protocol's maximum
NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1_000  # Google News reads at most 1,000 URLs from a news sitemap
SITEMAP_CACHE_SECONDS = 24 * 60 * 60  # the key changes with the month's content; this only bounds memory


def _month_start(year: int, month: int) -> datetime:
    return datetime(year, month, 1, tzinfo=UTC)


def _next_month(start: datetime) -> datetime | None:
    """The start of the month after ``start``'s; None after December 9999, which no datetime can hold."""
    if start.month < 12:
        return start.replace(month=start.month + 1)
    return start.replace(year=start.year + 1, month=1) if start.year < MAXYEAR else None


def _published_in_month(start: datetime):
    end = _next_month(start)
    if end is None:  # a story dated in the calendar's last month (a typing slip kept from an old system)
        return Article.objects.published().filter(published_at__gte=start)
    return Article.objects.published_between(start, end)


class MonthSitemap(Sitemap):
    """The published stories of one month (UTC), oldest first."""

    limit = SITEMAP_LIMIT

    def __init__(self, year: int, month: int):
        self.start = _month_start(year, month)

    def items(self):
        return (
            _published_in_month(self.start)
            .order_by("published_at", "pk")
            .only("pk", "slug", "published_at", "updated_at")
        )

    def lastmod(self, item: Article):
        return item.updated_at or item.published_at

    def get_latest_lastmod(self):
        # Django's default reads every story of the month; the index gives no lastmod instead.
        return None


class SubjectSitemap(Sitemap):
    """Every section, author, tag and place page."""

    limit = SITEMAP_LIMIT

    def items(self):
        subjects = []
        for model in (Section, Author, Tag, Place):
            subjects += list(model.objects.order_by("pk").only("pk", "slug"))
        return subjects

    def get_latest_lastmod(self):
        return None


def months_with_stories() -> list[date]:
    """The months that have a published story, oldest first: one EXISTS probe per month of the archive's span."""
    table = Article._meta.db_table
    sql = f"""
        WITH span AS (
            SELECT date_trunc('month', min(published_at)) AS first, max(published_at) AS last
            FROM {table} WHERE status = %(published)s AND published_at IS NOT NULL
        )
        SELECT month::date FROM span, generate_series(span.first, span.last, interval '1 month') AS month
        WHERE EXISTS (
            SELECT 1 FROM {table} WHERE status = %(published)s
            AND published_at >= month AND published_at < month + interval '1 month'
        ) ORDER BY month
    """  # noqa: S608 - the table name is our model's; values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, {"published": Article.Status.PUBLISHED})
        return [row[0] for row in cursor.fetchall()]


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


@require_safe
@sitemap_views.x_robots_tag
def sitemap_index(request):
    locations = [_absolute(request, reverse("articles:sitemap-subjects"))]
    pages = SubjectSitemap().paginator.num_pages
    locations += [f"{locations[0]}?p={page}" for page in range(2, pages + 1)]
    for month in months_with_stories():
        path = reverse("articles:sitemap-month", kwargs={"year": month.year, "month": month.month})
        locations.append(_absolute(request, path))
    items = [sitemap_views.SitemapIndexItem(location, None) for location in locations]
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml")


def month_sitemap(request, year: int, month: int):
    """A month's sitemap, drawn once per state of the month.

    Drawing 5,000 URLs takes Django about 400 ms; the fingerprint of the month
    (how many published stories, the latest change to any, the highest id) takes
    one index range read, and any edit, publication, withdrawal or new story of
    the month changes it, so the cached copy is never stale after a save().
    """
    try:
        start = _month_start(year, month)
    except ValueError:
        raise Http404("No such month.") from None
    fingerprint = (
        _published_in_month(start).order_by().aggregate(count=Count("pk"), changed=Max("modified_at"), last=Max("pk"))
    )
    if not fingerprint["count"]:
        raise Http404("No stories that month.")
    key = f"{year:04d}-{month:02d}"
    cache_key = "sitemap-month:{}:{}:{}:{}:{}".format(
        request.get_host(), key, fingerprint["count"], fingerprint["last"], fingerprint["changed"].isoformat()
    )
    if request.GET.get("p"):  # a further page of a month over 50,000 stories: drawn each time
        return sitemap_views.sitemap(request, {key: MonthSitemap(year, month)}, section=key)
    cached = cache.get(cache_key)
    if cached is None:
        response = sitemap_views.sitemap(request, {key: MonthSitemap(year, month)}, section=key)
        response.render()
        cached = response.content
        cache.set(cache_key, cached, timeout=SITEMAP_CACHE_SECONDS)
    return HttpResponse(cached, content_type="application/xml", headers={"X-Robots-Tag": "noindex, noodp, noarchive"})


def subject_sitemap(request):
    return sitemap_views.sitemap(request, {"subjects": SubjectSitemap()}, section="subjects")


@require_safe
@sitemap_views.x_robots_tag
def news_sitemap(request):
    """Google News: the stories of the last two days, newest first, with their publication and language."""
    since = timezone.now() - NEWS_WINDOW
    stories = (
        Article.objects.published()
        .filter(published_at__gte=since)
        .order_by("-published_at", "-pk")
        .only("pk", "slug", "headline", "language", "published_at")[:NEWS_LIMIT]
    )
    items = [{"location": _absolute(request, story.get_absolute_url()), "story": story} for story in stories]
    context = {"items": items, "publication": SITE_NAME}
    return TemplateResponse(request, "articles/news_sitemap.xml", context, content_type="application/xml")


@require_safe
@cache_control(max_age=86_400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "",
        f"Sitemap: {_absolute(request, reverse('articles:sitemap-index'))}",
        f"Sitemap: {_absolute(request, reverse('articles:sitemap-news'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
