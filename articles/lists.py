"""The readers' lists of stories: the latest, by author, section, tag and place, and by year, month and day.

Every list pages by position (articles/paging.py), never by OFFSET, and none
counts its stories, so each page runs the same few queries at any depth.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta

from django.db import connection
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.views.generic import TemplateView

from .feeds import SITE_NAME, feed_links
from .languages import ARABIC, activate_for, current_archive, in_archive
from .listing import attach_places_and_authors
from .models import Article, Author, Place, Section, Tag
from .paging import LISTING_JOINS, JoinedStorySource, StorySource, paginate

# Stories shown under each section's heading on the home page.
HOME_STORIES_PER_SECTION = 4


class StoryListView(TemplateView):
    """A page of a list of published stories; subclasses say which stories.

    ``archive`` is the archive the list belongs to ("en" at the root, "ar" under
    /ar/): the page is drawn in its language and lists its stories.
    """

    archive = "en"

    # False when the view fetches the page's places and authors itself, with other stories.
    prefetch_page = True

    def stories(self) -> StorySource | QuerySet:
        """The list's published stories (unordered), or a source that knows a faster way to their order."""
        raise NotImplementedError

    def in_archive(self, stories: QuerySet) -> QuerySet:
        """The stories of this list's archive: Arabic ones in the Arabic archive, the others in the English one."""
        if self.archive == ARABIC:
            return stories.filter(language=ARABIC)
        return stories.exclude(language=ARABIC)

    def get_context_data(self, **kwargs):
        activate_for(self.archive)
        queryset = self.stories()
        page = paginate(
            queryset,
            after=self.request.GET.get("after"),
            before=self.request.GET.get("before"),
            prefetch=self.prefetch_page,
        )
        if not page.items and (page.newer or "after" in self.request.GET or "before" in self.request.GET):
            raise Http404("No stories at this point of the list.")
        return super().get_context_data(articles=page.items, page=page, **kwargs)


class HomeView(StoryListView):
    template_name = "articles/home.html"
    prefetch_page = False

    def stories(self):
        return self.in_archive(Article.objects.published())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shown = list(context["articles"])
        if not context["page"].newer:  # the sections' latest only on the first page
            context["sections"] = latest_by_section(self.archive)
            shown += [article for _, stories in context["sections"] for article in stories]
        # The places and authors of the page's stories and the sections' in one query.
        attach_places_and_authors(shown)
        return context


def latest_by_section(archive: str) -> list[tuple[Section, list[Article]]]:
    """Each section with its latest stories in an archive (places and authors not yet fetched), in two queries."""
    pairs = Article.objects.latest_ids_by_section(per_section=HOME_STORIES_PER_SECTION, arabic=archive == ARABIC)
    stories = Article.objects.filter(pk__in=[pk for _, pk in pairs]).select_related("section").defer("body").in_bulk()
    by_section: dict[int, list[Article]] = {}
    for section_id, pk in pairs:
        by_section.setdefault(section_id, []).append(stories[pk])
    grouped = [(stories[0].section, stories) for stories in by_section.values()]
    return sorted(grouped, key=lambda pair: pair[0].display_name)


class TaxonomyView(StoryListView):
    """Published stories that share one author, section, tag or place."""

    template_name = "articles/taxonomy.html"
    model_class = None
    filter_field = ""
    kind = ""
    # (table, column) of the join rows that carry a list_date (see paging.JoinedStorySource), if any.

    def stories(self):
        try:
            self.subject = self.model_class.objects.get(slug=self.kwargs["slug"])
        except (self.model_class.DoesNotExist, ValueError):  # ValueError: a NUL, which PostgreSQL refuses
            raise Http404(f"No {self.kind} with that address.") from None
        stories = Article.objects.published().filter(**{self.filter_field: self.subject})
        if self.model_class not in LISTING_JOINS:
            return self.in_archive(stories)
        # An author's, tag's or place's stories are in practice of one language: the page lists them all.
        table, column = LISTING_JOINS[self.model_class]
        return JoinedStorySource(stories, table=table, column=column, subject_id=self.subject.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        feeds = feed_links(f"{SITE_NAME}: {self.subject.name}", self.kind, self.subject.slug)
        return {**context, "subject": self.subject, "kind": self.kind, "feeds": feeds}


class AuthorView(TaxonomyView):
    model_class, filter_field, kind = Author, "bylines__author", "author"


class SectionView(TaxonomyView):
    # Sections are a column of the story: article_section_list_idx serves them.
    model_class, filter_field, kind = Section, "section", "section"


class TagView(TaxonomyView):
    model_class, filter_field, kind = Tag, "tags", "tag"


class PlaceView(TaxonomyView):
    model_class, filter_field, kind = Place, "places", "place"


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def dates_with_stories(start: date, end: date, step: str, *, archive: str) -> list[date]:
    """The months (step "month") or days ("day") in [start, end) that have a published story of ``archive``.

    One query: each candidate period asks the list index whether it holds a story
    (an EXISTS probe), so a year costs 12 probes however many stories it has.
    """
    table = Article._meta.db_table
    # Written as the indexes' conditions are (see Article.Meta), so that PostgreSQL matches them.
    language = "language = 'ar'" if archive == ARABIC else "NOT (language = 'ar')"
    sql = f"""
        SELECT period::date FROM generate_series(%s::timestamptz, %s::timestamptz, %s::interval) AS period
        WHERE period < %s AND EXISTS (
            SELECT 1 FROM {table} WHERE status = %s AND {language}
            AND published_at >= period AND published_at < period + %s::interval
        ) ORDER BY period
    """  # noqa: S608 - the table name is our model's, values are parameters
    interval = f"1 {step}"
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [_midnight(start), _midnight(end), interval, _midnight(end), Article.Status.PUBLISHED, interval]
        )
        return [row[0] for row in cursor.fetchall()]


class DateArchiveView(StoryListView):
    """Published stories of a year, a month or a day (UTC), newest first, with the periods inside it."""

    template_name = "articles/archive.html"

    def period(self) -> tuple[date, date, str]:
        """The archive's first day, the day after its last, and its kind ("year", "month", "day")."""
        kwargs = self.kwargs
        try:
            if "day" in kwargs:
                first = date(kwargs["year"], kwargs["month"], kwargs["day"])
                return first, first + timedelta(days=1), "day"
            if "month" in kwargs:
                first = date(kwargs["year"], kwargs["month"], 1)
                days = calendar.monthrange(first.year, first.month)[1]
                return first, first + timedelta(days=days), "month"
            first = date(kwargs["year"], 1, 1)
            return first, date(first.year + 1, 1, 1) if first.year < 9999 else date.max, "year"
        except (ValueError, OverflowError):
            raise Http404("No such date.") from None

    def stories(self):
        self.first, self.end, self.kind = self.period()
        return self.in_archive(Article.objects.published_between(_midnight(self.first), _midnight(self.end)))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        inner = {"year": "month", "month": "day"}.get(self.kind)
        days = dates_with_stories(self.first, self.end, inner, archive=self.archive) if inner else []
        periods = [(day, archive_url(day, inner)) for day in days]
        return {**context, "first": self.first, "kind": self.kind, "periods": periods}


def archive_url(day: date, kind: str) -> str:
    kwargs = {"year": day.year}
    if kind in ("month", "day"):
        kwargs["month"] = day.month
    if kind == "day":
        kwargs["day"] = day.day
    return in_archive(reverse(f"articles:archive-{kind}", kwargs=kwargs), current_archive())
