"""Exact phrases: which of the stories holding a phrase's words hold the phrase itself.

The index keeps no positions (migration 0014), so a phrase is checked on the story's text and
names. See ``narrow_to_phrases``.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from django.db import connection
from django.utils.translation import gettext as _

from . import search_counts as counts
from . import search_ranking as ranking
from .page_cache import archive_version, page_cache
from .search_links import MONTH, link_terms

if TYPE_CHECKING:
    from .search_plan import Plan

logger = logging.getLogger(__name__)

# Stories checked for an exact phrase at most, newest first (see narrow_to_phrases): about 40 µs each at a million
# stories, half finding them along the date index, half reading their text; the regular expression is 2. The check
# stops sooner at PHRASE_MATCHES matches: the ranking's pool.
PHRASE_CANDIDATES = 5_000
PHRASE_MATCHES = ranking.BODY_POOL
PHRASE_BATCH = 250  # stories walked and checked for a phrase between two reads of the walk
# How long a check is kept: its key holds the archive's version, so a change to the archive is seen at once.
PHRASE_CACHE_SECONDS = 600
# Where more than WINDOWS_FROM stories hold a phrase's words, they are collected a stretch of months at a time, newest
# first (by_months): the newest months expected to hold WINDOW_MARGIN times WINDOWS[0] of them, then those expected
# to hold WINDOW_MARGIN times WINDOWS[1] with the first, then the rest; up to WINDOW_MONTHS months a stretch.
WINDOWS_FROM = 2 * PHRASE_CANDIDATES
WINDOWS = (2 * PHRASE_MATCHES, PHRASE_CANDIDATES + 1)
WINDOW_MARGIN = 1.25
WINDOW_MONTHS = 120


@dataclass(frozen=True)
class _Checked:
    """What a phrase's check found: the matches' ids; where it stopped at ``most`` matches, the estimate of all
    and the share of the stories checked that held the phrase; where it stopped at PHRASE_CANDIDATES stories,
    the date it reached (kept as data, not as a message: the message is in the language of the page showing it)."""

    ids: list[int]
    estimate: int | None = None
    share: float = 1.0
    reached: str | None = None


def narrow_to_phrases(plan: Plan, *, oldest_first: bool, most: int) -> None:
    """Keep, of the stories holding every word, those with each exact phrase in their text: their ids.

    The check (``_check``, up to PHRASE_CANDIDATES stories read) is kept in the cache under the archive's
    version, which moves on any change to it (``page_cache.archive_version``): the next page of the same
    search, and the staff page's chart beside it, read it back rather than check every story again (a rare
    phrase of common words, 230 ms at a million, each time).
    """
    key = _cache_key(plan, oldest_first=oldest_first, most=most)
    checked = _kept(key) if key else None
    if checked is None:
        checked = _check(plan, oldest_first=oldest_first, most=most)
        if key:
            _keep(key, checked)
    if checked.estimate is not None:
        plan.matches_estimate = checked.estimate
        # For the chart: the stories holding the words, and the share of them that held the phrase.
        plan.phrase_share, plan.words_where, plan.words_params = checked.share, plan.where, plan.params
    elif checked.reached is not None:
        message = (
            _(
                "The exact phrase was looked for in the oldest %(count)s stories holding its words, up to "
                "%(date)s: add dates (from: and to:) to look further on."
            )
            if oldest_first
            else _(
                "The exact phrase was looked for in the newest %(count)s stories holding its words, back to "
                "%(date)s: add dates (from: and to:) to look further back."
            )
        )
        plan.messages.append(message % {"count": f"{PHRASE_CANDIDATES:,}", "date": checked.reached})
    # Each of them holds the words and passes the filters already: the list is the whole condition.
    plan.narrow_to(checked.ids)


def _kept(key: str) -> _Checked | None:
    try:
        return page_cache().get(key)
    except Exception:  # the cache server down: check again, as the pages do (page_cache.PageCacheMiddleware)
        logger.exception("Cache unavailable for an exact phrase's check")
        return None


def _keep(key: str, checked: _Checked) -> None:
    try:
        page_cache().set(key, checked, PHRASE_CACHE_SECONDS)
    except Exception:
        logger.exception("Could not keep an exact phrase's check in the cache")


def _cache_key(plan: Plan, *, oldest_first: bool, most: int) -> str | None:
    """The check's key: the archive's version and everything the check reads of the plan; None without a version."""
    if (version := archive_version()) is None:
        return None
    what = repr((version[0], plan.where, plan.params, plan.phrase_patterns, plan.phrase_query, oldest_first, most))
    return "search-phrases:" + hashlib.sha256(f"{what}|{PHRASE_CANDIDATES}".encode()).hexdigest()


def _check(plan: Plan, *, oldest_first: bool, most: int) -> _Checked:
    """Of the stories holding every word, those with each exact phrase in their text (see narrow_to_phrases).

    The index keeps no positions, so a phrase is checked on the story's own text and names (a
    regular expression, ``phrases_in_story``: reading the story's row costs more). Checked once, here, the
    phrase's matches become a list of ids that the count, the ranking and the facets then read
    by primary key; checked in each of them, as before, a phrase of common words ("including
    became": the words together in one story in ten, the phrase in one in a thousand) read a
    hundred thousand stories three times and hit the statement timeout.

    The stories holding the words are checked newest first (oldest first for the oldest order),
    and the check stops at ``most`` matches (PHRASE_MATCHES, the ranking's pool: every page
    there is) or ``PHRASE_CANDIDATES`` stories, whichever comes first; the stories with the
    phrase's words in order in the headline (the headline index keeps positions) are checked
    however old. Stopped at the matches, the count is an estimate: the share of the stories
    checked that matched, times the stories holding the words (a phrase that is in most of them
    checks a thousand, not five thousand). Stopped at the stories, the results are those of the
    stories checked, and a message says how far back that reached and how to look further
    (dates narrow the stories to check).
    """
    in_text, regexes = phrases_in_story(plan.phrase_patterns)
    walk = ranking.OLDEST if oldest_first else ranking.NEWEST
    with connection.cursor() as cursor:
        holding_words = counts.planner_estimate(cursor, plan)
        # A quoted name's words go together: the planner, taking them as independent, expected 6,118 stories
        # holding "Rami" and "Mahfouz" where 64,396 do. A sample tells, as for the count (_count). A phrase's words
        # go together more often than not, whatever the planner expects: "بشكل كبير", 2,010 expected, 19,596
        # hold both, every one of them collected (204 ms) where months at a time would do (by_months).
        if (
            counts.words_may_go_together(plan, holding_words, limit=PHRASE_CANDIDATES)
            or (
                len(plan.term_hashes) > 1
                and ranking.most_matches(plan.required_hashes or plan.term_hashes) > WINDOWS_FROM
            )
        ) and ((sampled := counts.sampled_estimate(cursor, plan) or 0) > 2 * holding_words):
            holding_words = sampled
        parts = []
        if not oldest_first and not plan.dates_where and holding_words > WINDOWS_FROM:
            parts = by_months(cursor, plan, holding_words)
        collect = bool(parts) or plan.few_matches or ranking.collecting_is_cheaper(holding_words, PHRASE_CANDIDATES)
        found: list[int] = []
        walked, reached, stopped_short = 0, None, False
        for part in parts or [plan]:
            if stopped_short or walked > PHRASE_CANDIDATES:
                break
            stories, stories_params = ranking.ordered(replace(part, few_matches=collect), walk)
            # Story by story in the walk's order (LATERAL), each with whether it holds the phrases, read from a
            # server-side cursor a batch at a time: PostgreSQL walks and checks only as far as the batches read.
            candidates = f"""
                SELECT c.article_id, c.published_at, p.holds FROM ({stories} LIMIT %s) c
                LEFT JOIN LATERAL (
                    SELECT true AS holds FROM articles_article a WHERE a.id = c.article_id AND {in_text}
                ) p ON true
                ORDER BY {walk.replace("d.", "c.")}
            """  # noqa: S608 - fixed SQL and our own WHERE; every value is a parameter
            with connection.chunked_cursor() as walk_cursor:
                # One story more than PHRASE_CANDIDATES, one match more than ``most``: either says there are more.
                walk_cursor.execute(candidates, [*stories_params, PHRASE_CANDIDATES + 1 - walked, *regexes])
                while not stopped_short and (rows := walk_cursor.fetchmany(PHRASE_BATCH)):
                    for article_id, published_at, holds in rows:
                        walked, reached = walked + 1, published_at
                        if walked <= PHRASE_CANDIDATES and holds:
                            if len(found) == most:
                                stopped_short = True
                                break
                            found.append(article_id)
        ids = list(found)
        if plan.phrase_query:
            pool, pool_params = ranking.headline_pool(plan, phrase=True)
            cursor.execute(
                f"SELECT ARRAY(SELECT h.article_id FROM {pool} h JOIN articles_article a"  # noqa: S608
                f" ON a.id = h.article_id WHERE h.article_id <> ALL(%s) AND {in_text})",
                [*pool_params, ids, *regexes],
            )
            ids += cursor.fetchone()[0]
        if stopped_short:
            share = len(found) / (walked - 1)
            if holding_words < walked:  # the planner's estimate is wrong: more hold the words than it expected
                holding_words = max(walked, counts.sampled_estimate(cursor, plan) or 0)
            return _Checked(ids, estimate=max(len(ids), round(share * holding_words)), share=share)
        if walked > PHRASE_CANDIDATES:  # the newest PHRASE_CANDIDATES stories holding the words were checked
            return _Checked(ids, reached=reached.date().isoformat() if reached else "?")
        return _Checked(ids)


def by_months(cursor, plan: Plan, holding_words: int) -> list[Plan]:
    """``plan`` in parts by months, newest first, for a check to collect one after the other (``_check``): the
    newest months expected (the date index's statistics) to hold WINDOW_MARGIN times WINDOWS[0] of the
    ``holding_words`` stories holding the words, the months before them up to WINDOW_MARGIN times WINDOWS[1],
    then the rest. No parts (an empty list) where the date index's statistics are not there yet, or where a part
    would span more than WINDOW_MONTHS months.

    The stories holding a phrase's words were either walked for along the date index, each one tested (a
    phrase whose words are in 30,000 stories or more), or collected through the GIN index, every one, and
    sorted: "looks projects", 29,198 stories, read each one's row (126 ms of the check's 318 at a million, from
    the system's cache) to check the newest 5,001. Each part's own months (migration 0033's link terms) narrow
    its stories through the GIN index with the words, and only that part's rows are read; the next part is
    collected only if the check goes on past it. A phrase in most of the stories holding its words stops in the
    first part, at the ranking's pool.
    """
    cursor.execute(
        "SELECT histogram_bounds::text::timestamptz[], (SELECT max(published_at) FROM articles_searchdocument)"
        " FROM pg_stats WHERE tablename = 'articles_searchdocument' AND attname = 'published_at'"
    )
    row = cursor.fetchone()
    if not row or not row[0] or row[1] is None:
        return []
    bounds, newest = row
    # Each part's first month, newest first: where the share of the dated stories newer than it is the part's.
    firsts: list[int] = []
    for wanted in WINDOWS:
        share = WINDOW_MARGIN * wanted / holding_words
        if share >= 1:
            break
        since = bounds[min(len(bounds) - 1, round((1 - share) * (len(bounds) - 1)))]
        month = since.year * 12 + since.month - 1
        if not firsts or month < firsts[-1]:
            firsts.append(month)
    parts, last = [], newest.year * 12 + newest.month - 1
    for first in firsts:
        if not 0 <= last - first < WINDOW_MONTHS:
            return []
        spanned = [f"{month // 12:04d}-{month % 12 + 1:02d}" for month in range(first, last + 1)]
        # The months' terms narrow through the GIN index; the dates on the row are exact (a hash may collide).
        parts.append(
            replace(
                plan,
                where=f"{plan.where} AND d.terms && %s::int4[] AND d.published_at >= %s AND d.published_at < %s",
                params=[*plan.params, link_terms(MONTH, spanned), _month_start(first), _month_start(last + 1)],
            )
        )
        last = first - 1
    if not parts:
        return []
    rest = f"{plan.where} AND (d.published_at < %s OR d.published_at IS NULL)"
    return [*parts, replace(plan, where=rest, params=[*plan.params, _month_start(last + 1)])]


def _month_start(month: int) -> datetime:
    """The first instant of a month counted from year 0 (``year * 12 + month - 1``), UTC as the month terms are."""
    return datetime(month // 12, month % 12 + 1, 1, tzinfo=UTC)


def phrases_in_story(regexes: list[str]) -> tuple[str, list]:
    """SQL true when a story ``a`` holds every phrase (its regular expression), and its parameters.

    A phrase may stand in the story's text or in one of its authors' or places' names, as the index holds
    them among its words: a reporter's name in quotes finds the reporter's stories. The names that hold it
    are found first (a few thousand short names), so that each story then costs a lookup of its bylines, and
    only for a phrase that is someone's name; each name on its own, so that a phrase cannot run from one name
    into the next. (Tested story by story, "OR the story's authors' names match" became a scan of every
    byline, 2.5 s.)
    """
    tests, params = [], []
    with connection.cursor() as cursor:
        for regex in regexes:
            cursor.execute(
                "SELECT ARRAY(SELECT id FROM articles_author WHERE name ~* %s),"
                " ARRAY(SELECT id FROM articles_place WHERE name ~* %s)",
                [regex, regex],
            )
            authors, places = cursor.fetchone()
            test, values = ["(a.headline || ' ' || a.summary || ' ' || a.body) ~* %s"], [regex]
            if authors:
                test.append(
                    "EXISTS (SELECT 1 FROM articles_byline b WHERE b.article_id = a.id AND b.author_id = ANY(%s))"
                )
                values.append(authors)
            if places:
                test.append(
                    "EXISTS (SELECT 1 FROM articles_article_places ap WHERE ap.article_id = a.id"
                    " AND ap.place_id = ANY(%s))"
                )
                values.append(places)
            tests.append("(" + " OR ".join(test) + ")")
            params += values
    return " AND ".join(tests), params
