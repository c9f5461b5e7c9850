"""A fast way through the filtered stories for keyset paging, whatever the filters, at any depth.

The filtered queryset (filters.StoryFilter) is the exact answer, and what the
few undated stories at the end of the list are read from. The dated stories,
nearly all of them, are read in list order from an index:

- with an author, tag or place: that subject's join table list index
  (paging.LISTING_JOINS, the readers' author/tag/place pages use it), the other
  filters checked per row (the date range on the join row's own list_date, the
  section and language on the story, other subjects on their join tables by
  their (article, subject) unique indexes);
- otherwise the story table's list indexes, through the queryset
  (status and date; section; language).

Either way a page is one index range scan from its cursor, never an OFFSET.
"""

from __future__ import annotations

from datetime import datetime

from django.db import connection
from django.db.models import QuerySet

from ..models import Article
from ..paging import LISTING_JOINS, JoinedStorySource, StorySource
from ..search import matching_exists_sql

# With several subjects, the one with the fewest stories drives: each list is probed for up to this many (an
# index-only range scan of at most this many entries, a millisecond), and the shortest is read in order, the others
# checked per row. Driving from a long list when another is short would read the long one to its end: measured at a
# million stories, the largest tag (223,000 stories) with a place of 250 took 3.6 s; the other way round, a few ms.
PROBE_LIMIT = 5_000
# Among lists longer than the probe, authors' first, then tags', then places'.
DRIVING_ORDER = ("author", "tag", "place")


def probed_length(subject) -> int:
    """How many listed stories ``subject`` has, counted up to PROBE_LIMIT."""
    table, column = LISTING_JOINS[type(subject)]
    # Table and column names are our models'; values go as parameters.
    sql = f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {column} = %s AND list_date IS NOT NULL LIMIT %s) AS s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [subject.pk, PROBE_LIMIT])
        return cursor.fetchone()[0]


class FilteredJoinedSource(JoinedStorySource):
    """One subject's join-table list, narrowed by the other filters."""

    def __init__(self, queryset: QuerySet, *, driver, others: list, filters: dict):
        table, column = LISTING_JOINS[type(driver)]
        super().__init__(queryset, table=table, column=column, subject_id=driver.pk)
        self.others, self.filters = others, filters

    def conditions(self) -> tuple[list[str], list]:
        # Table and column names are our models' own; every value goes as a parameter.
        join, article = self.table, Article._meta.db_table
        conditions, params = [], []
        since: datetime | None = self.filters.get("published_after")
        until: datetime | None = self.filters.get("published_before")
        if since is not None:
            conditions.append(f"{join}.list_date >= %s")
            params.append(since)
        if until is not None:
            conditions.append(f"{join}.list_date < %s")
            params.append(until)
        on_story, story_params = [], []
        if self.filters.get("section") is not None:
            on_story.append("story.section_id = %s")
            story_params.append(self.filters["section"].pk)
        if self.filters.get("language"):
            on_story.append("story.language = %s")
            story_params.append(self.filters["language"])
        if on_story:
            where = " AND ".join(on_story)
            conditions.append(f"EXISTS (SELECT 1 FROM {article} story WHERE story.id = {join}.article_id AND {where})")  # noqa: S608
            params += story_params
        for subject in self.others:
            other, column = LISTING_JOINS[type(subject)]
            shared = f"SELECT 1 FROM {other} shared WHERE shared.article_id = {join}.article_id"  # noqa: S608
            conditions.append(f"EXISTS ({shared} AND shared.{column} = %s)")
            params.append(subject.pk)
        if (text := self.filters.get("q", "")).strip():
            # Tested story by story as the subject's list is walked: its stories are at most the list's.
            if (matching := matching_exists_sql(text, story_id=f"{join}.article_id")) is None:
                conditions.append("FALSE")
            else:
                conditions.append(matching[0])
                params += matching[1]
        return conditions, params


def source_for(queryset: QuerySet, filters: dict) -> StorySource:
    """How to page through ``queryset``, the published stories that match ``filters`` (StoryFilter's cleaned data)."""
    subjects = [filters[name] for name in DRIVING_ORDER if filters.get(name) is not None]
    if not subjects or getattr(queryset.query, "matches_listed_by_id", False):
        # A search's few matches, by id, are shorter than any subject's list ("chaparral" in "tag=electricity": 389
        # stories against 91,000, each tested as the tag's list was walked, 438 ms at a million).
        return StorySource(queryset)
    if len(subjects) > 1:
        subjects.sort(key=probed_length)  # stable: DRIVING_ORDER among the long ones
    return FilteredJoinedSource(queryset, driver=subjects[0], others=subjects[1:], filters=filters)
