"""Which matches, in which order: relevance ranking, and the walks newest and oldest first.

Ranking (``Order.RELEVANCE``) never touches every match of a common word. It ranks a
pool made of two bounded walks newest-first (tiers, "champion lists": Manning et al.,
*Introduction to Information Retrieval*, ch. 7): the newest ``HEADLINE_POOL`` stories
with every word in the headline, and the newest ``BODY_POOL`` matches. PostgreSQL walks
the date index for common words, testing what the index carries of each story before
reading its row (``ordered``; for headlines, the index alone: it carries the headline's
vector, migration 0020), and collects rare ones through the GIN index. Each story of the
pool then scores

    sum over words of idf(word) x (3 if in the headline + 1 if in the story)
    + 4 if a quoted phrase, or the words in order, are in the headline
    + 2 if the words in order are in the story's text (checked on the best 200 only)
    + a small recency prior (0.5 for today, fading over years)

where idf(word) = ln(1 + 1/f) and f is the share of stories holding the word, read from
the planner's statistics (pg_stats.most_common_elems of ``terms``; words missing
there are rarer than its rarest). Results pages are pages of that ranked pool. Newest and
oldest orders are one walk each.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace
from enum import StrEnum
from typing import TYPE_CHECKING

from django.db import connection

if TYPE_CHECKING:
    from .search_plan import Plan

# The newest stories with every word in the headline. A very common word is in one headline in 60 to 130 (of the
# bench's million, the newest 20,000 hold "year" in 337 headlines, "made" in 149): the walk for 300 of them passed
# some 20,000 of the date index's rows, most of such a search's time. 150 (7 pages of them, first in relevance
# order whatever the pool) took the very common words' p95 at a million from 29.4 ms to 22.6 (p50 22.9 to 18.4;
# each query measured warm with both, in turn); no other class changed. Older headline matches are no longer in
# the pool's 32 pages, as the 301st were not before.
HEADLINE_POOL = 150
# The newest matches, ranked beside the headline pool. Deeper, the pool reaches further back for a story with some
# of the words in its headline (all of them: the headline pool, however old) and adds pages; 500 (with the 150
# headline matches, 32 pages) halve the walk for common words: 1,000 cost 10-20% more per search at a million.
BODY_POOL = 500
RERANK = 200
# Below this many expected matches the matches are found through the GIN index and sorted (cost: the matches);
# above, the date index is walked newest-first, testing each story (cost: the stories walked until enough match).
FEW_MATCHES = 20_000
# Steps of a walk along the date index (ordered) as costly as reading one match's row: see collecting_is_cheaper.
WALK_STEPS_PER_ROW = 6
NEWEST = "d.published_at DESC NULLS LAST, d.article_id DESC"
OLDEST = "d.published_at ASC NULLS FIRST, d.article_id ASC"


class Order(StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"
    OLDEST = "oldest"


# -- what the archive's statistics say ------------------------------------------------------------------------------

# Read at (time.monotonic()), or None: to be read. Not 0: the monotonic clock starts near zero when the machine
# boots, and for its first ten minutes a search would have read no statistics at all.
_frequencies: dict = {"at": None, "table": {}, "floor": 0.0001, "stories": 0}


def word_frequencies() -> tuple[dict[int, float], float]:
    """Share of stories holding each common lexeme (by hash), from the planner's statistics (re-read every 10 min)."""
    if _frequencies["at"] is None or time.monotonic() - _frequencies["at"] > 600:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT most_common_elems::text::int4[], most_common_elem_freqs FROM pg_stats"
                " WHERE tablename = 'articles_searchdocument' AND attname = 'terms'"
            )
            row = cursor.fetchone()
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'articles_searchdocument'::regclass")
            stories = max(cursor.fetchone()[0], 0)  # -1 before the first ANALYZE
        table, floor = {}, 0.0001
        if row and row[0]:
            elements = row[0]
            freqs = row[1] or []
            table = dict(zip(elements, freqs, strict=False))
            # The statistics' own floor: the rarest frequency they kept (after the elements come min, max, nulls).
            floor = (freqs[len(elements)] if len(freqs) > len(elements) else min(freqs, default=0.0002)) / 2
        _frequencies.update(at=time.monotonic(), table=table, floor=max(floor, 1e-7), stories=stories)
    return _frequencies["table"], _frequencies["floor"]


def forget_word_frequencies() -> None:
    """After ANALYZE (tests, rebuild): read the statistics again on the next search."""
    _frequencies["at"] = None


def archive_size() -> int:
    """How many stories the index holds, as the statistics last read say (see ``word_frequencies``)."""
    word_frequencies()
    return _frequencies["stories"]


def most_matches(required: list[list[int]]) -> float:
    """At most how many stories can hold every required word: as many as hold the rarest of them.

    PostgreSQL's own estimate for a word missing from its statistics is a fixed fraction of the rows
    (ten thousand in a million), which for a rare word makes walking the date index look cheap; it then
    reads the whole index to find 400 stories (1.7 s at a million). Our shares give a word missing from
    the statistics their floor. Not a product of the shares: words are not independent (an author's first
    and last names go together), and this bound is never too low.
    """
    table, floor = word_frequencies()
    # A word's analyses (stemmed, as typed) mostly hold the same stories: its share is the largest of theirs.
    shares = [max((table.get(x, floor) for x in hashes), default=1.0) for hashes in required]
    return min(shares, default=1.0) * _frequencies["stories"]


def collecting_is_cheaper(matches: int, wanted: int) -> bool:
    """Whether collecting every one of ``matches`` stories (through the GIN index) and sorting them costs less
    than walking the date index to find the newest ``wanted`` of them.

    The walk reads about ``wanted`` x stories / ``matches`` rows of the date index, testing each one's
    signature there, and the table's row of the few that pass (``ordered``); the collection reads every
    match's row. One match collected costs about WALK_STEPS_PER_ROW steps of the walk: measured on exact
    phrases at a million stories, for 5,000 candidates, the crossing is near 28,000 stories holding the
    words ("looks projects", 26,000: 195 ms collected, 304 walked; "note artists", 30,000: 167 and 88).
    """
    stories = max(archive_size(), 1)
    return matches * matches * WALK_STEPS_PER_ROW < wanted * stories


# -- the walks and the ranking --------------------------------------------------------------------------------------


def ordered(plan: Plan, order: str) -> tuple[str, list]:
    """A statement selecting the matches' ``article_id, published_at`` in ``order`` (NEWEST or OLDEST), for the
    caller to take the first of (LIMIT), and its parameters.

    Few possible matches (``most_matches``) are collected through the GIN index and sorted: a subquery
    PostgreSQL plans on its own (OFFSET 0 keeps the outer ORDER BY and LIMIT out of it), whatever the
    statistics say. The many matches of common words are walked for along the date index, in order, the
    walk stopping at the LIMIT. Each step tests what the index carries (``walk_where``: the filters and the
    words' bits in the story's signature, migration 0021), and only a story that passes has its row read
    and its words tested (the EXISTS, OFFSET 0 so that it stays a test of one row). PostgreSQL's own walk
    read every story's row: for two common words in one story in thirty, 30,000 rows to find the newest
    1,000 matches. The choice is not the planner's: it takes words as independent, and for a reporter's
    first and last names, 64,000 stories where it expected 6,000, it collected them all to sort them.
    """
    if plan.few_matches:
        collected = f"(SELECT * FROM articles_searchdocument d WHERE {plan.where} OFFSET 0) d"  # noqa: S608
        return f"SELECT d.article_id, d.published_at FROM {collected} ORDER BY {order}", plan.params  # noqa: S608
    if plan.walk_where is None:  # filters alone: PostgreSQL chooses between the date index and the filters' own
        sql = f"SELECT d.article_id, d.published_at FROM articles_searchdocument d WHERE {plan.where} ORDER BY {order}"  # noqa: S608
        return sql, plan.params
    return walk(plan, order)


def walk(plan: Plan, order: str, *, also: tuple[str, ...] = ()) -> tuple[str, list]:
    """``ordered``'s walk along the date index, selecting ``article_id, published_at`` and the columns ``also``
    of what the index carries (``section_id``, ``language``, ``status``), whatever the number of matches."""
    columns = ", ".join(f"s.{column}" for column in ("article_id", "published_at", *also))
    holds_words = f"SELECT 1 FROM articles_searchdocument d WHERE d.article_id = s.article_id AND {plan.where} OFFSET 0"  # noqa: S608
    sql = f"""SELECT {columns} FROM articles_searchdocument s
        WHERE {plan.walk_where} AND EXISTS ({holds_words})
        ORDER BY {order.replace("d.", "s.")}"""  # noqa: S608 - fixed SQL and our own WHERE; every value is a parameter
    return sql, [*plan.walk_params, *plan.params]


def _idf(hashes: list[int]) -> float:
    table, floor = word_frequencies()
    frequency = max((table.get(x, floor) for x in hashes), default=floor)
    return math.log(1 + 1 / max(frequency, 1e-7))


def ranked_ids(cursor, plan: Plan, limit: int, offset: int) -> tuple[list[tuple[int, float]], int]:
    """(story id, score) of one page of the ranked pool, and the pool's size."""
    # Each term: idf x (3 if in the headline + 1 if in the story); a required word is in every story of the pool.
    score, score_params = [], []
    for hashes, (in_headline, headline_params), (in_story, story_params) in zip(
        plan.term_hashes, plan.term_headlines, plan.term_stories, strict=True
    ):
        score.append(f"%s::float8 * (3 * ({in_headline})::int + ({in_story})::int)")
        score_params += [_idf(hashes), *headline_params, *story_params]
    phrase_bonus = "4 * (d.headline_vector @@ %s::tsquery)::int" if plan.phrase_query else "0"
    order_bonus = (
        "2 * (EXISTS (SELECT 1 FROM articles_article a WHERE a.id = s.article_id"
        " AND (a.headline || ' ' || a.summary || ' ' || a.body) ~* %s))::int"
        if plan.order_regex
        else "0"
    )
    headlines, headline_params = headline_pool(plan)
    sql = f"""
        WITH pool AS (
            {headlines}
            UNION
            (SELECT unnest(%s::bigint[]))
        ),
        scored AS (
            SELECT d.article_id, d.published_at,
                   {" + ".join(score)}
                   + {phrase_bonus}
                   + coalesce(0.5 / (1 + extract(epoch FROM now() - d.published_at) / 63072000.0), 0) AS score
            FROM pool JOIN articles_searchdocument d USING (article_id)
        ),
        best AS (SELECT * FROM scored ORDER BY score DESC, published_at DESC NULLS LAST, article_id DESC
                 LIMIT {RERANK})
        SELECT article_id, score, pool_size FROM (
            SELECT s.article_id, s.score + {order_bonus} AS score, s.published_at,
                   (SELECT count(*) FROM scored) AS pool_size
            FROM best s
            UNION ALL
            SELECT s.article_id, s.score, s.published_at, NULL FROM scored s
            WHERE s.article_id NOT IN (SELECT article_id FROM best)
        ) ranked
        ORDER BY pool_size IS NULL, score DESC, published_at DESC NULLS LAST, article_id DESC
        LIMIT %s OFFSET %s
    """  # noqa: S608 - fixed SQL and our own WHERE; every value is a parameter
    newest = newest_matches(cursor, plan)
    params = [*headline_params, newest, *score_params]
    if plan.phrase_query:
        params.append(plan.phrase_query)
    if plan.order_regex:
        params.append(plan.order_regex)
    params += [limit, offset]
    cursor.execute(sql, params)
    rows = cursor.fetchall()
    pool = next((r[2] for r in rows if r[2] is not None), None)
    if pool is None and not rows and offset == 0:
        pool = 0
    if pool is None:
        cursor.execute(
            f"SELECT count(*) FROM ({headlines} UNION (SELECT unnest(%s::bigint[]))) p",  # noqa: S608
            [*headline_params, newest],
        )
        pool = cursor.fetchone()[0]
    return [(r[0], float(r[1])) for r in rows], pool


def headline_pool(plan: Plan, *, phrase: bool = False) -> tuple[str, list]:
    """The newest ``HEADLINE_POOL`` stories with every word in the headline (``phrase``: the words in order, the
    phrase query), and its parameters."""
    match, params = (
        ("d.headline_vector @@ %s::tsquery", [plan.phrase_query])
        if phrase
        else (plan.headline_match, plan.headline_match_params)
    )
    sql = (
        f"(SELECT d.article_id FROM articles_searchdocument d WHERE {match}"  # noqa: S608
        f" AND {plan.headline_where} ORDER BY {NEWEST} LIMIT {HEADLINE_POOL})"
    )
    return sql, [*params, *plan.headline_params]


def newest_matches(cursor, plan: Plan) -> list[int]:
    """The ids of the newest ``BODY_POOL`` matches: the ranking's pool and, past search_counts.EXACT_UP_TO,
    the facets' sample.

    Walked once for both (it was walked twice, 1,000 deep for one and 2,000 for the other: for two common
    words, half of a whole page's time went to the second walk).
    """
    if plan.newest is None:
        newest, params = ordered(plan, NEWEST)
        cursor.execute(f"SELECT ARRAY(SELECT article_id FROM ({newest} LIMIT {BODY_POOL}) n)", params)  # noqa: S608
        plan.newest = cursor.fetchone()[0]
    return plan.newest


def walk_ids(cursor, plan: Plan, order: Order, limit: int, offset: int) -> list[tuple[int, float]]:
    newest = plan.newest
    if order != Order.OLDEST and newest is not None and (offset + limit <= len(newest) or len(newest) < BODY_POOL):
        # The count collected every match and kept the newest (search_counts.count_matches): the page is among them
        # (filters without words are ranked newest first too).
        return [(pk, 0.0) for pk in newest[offset : offset + limit]]
    if plan.has_text and plan.collected is not None and collecting_is_cheaper(plan.collected, offset + limit):
        # The count collected every match (search_counts.count_matches) and they are few: collected again and
        # sorted, rather than walked for along the date index, which reads as far as it must to find them (the
        # planner's estimate, which chose the walk, took the words as independent). Filters alone are walked for
        # in the date index alone, which carries them: cheaper than reading their rows.
        plan = replace(plan, few_matches=True)
    walk, params = ordered(plan, OLDEST if order == Order.OLDEST else NEWEST)
    cursor.execute(f"{walk} LIMIT %s OFFSET %s", [*params, limit, offset])
    return [(row[0], 0.0) for row in cursor.fetchall()]
