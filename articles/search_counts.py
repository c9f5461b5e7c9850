"""How many stories match, and how they fall by section, author, place, year and language (the facets).

Counts are exact up to ``EXACT_UP_TO`` matches, else the planner's estimate, or near that limit a sample's
(``total_is_estimate``; an exact phrase whose check stopped at its ``PHRASE_MATCHES`` is estimated from the
share that matched: ``search_phrases``). Facets by section, language and year are exact wherever the count
collected every match, and by author and place up to ``search_ranking.BODY_POOL`` matches; beyond, they are
counted on the newest ``BODY_POOL`` (the ranking's own sample, walked once for both:
``search_ranking.newest_matches``) and scaled up. Matches too many to collect have every facet counted on a
sample of the archive's rows, spread over every year (``sample_matches``), and scaled up
(``facets_are_estimates``; see ``facet_counts``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import languages
from . import search_ranking as ranking
from .models import Section
from .search_query import Filters

if TYPE_CHECKING:
    from .search_plan import Plan

EXACT_UP_TO = 10_000
# The count collects every match when they are few enough (count_matches): when the planner expects between
# these many, a sample of COUNT_SAMPLE rows tells first whether the collection would be cut short. Below
# SAMPLED_ARCHIVE stories the sample is too small to tell, and the planner's estimate decides alone.
COUNT_SAMPLE = 5_000
SAMPLED_ARCHIVE = 200_000
FACET_SIZE = 10
# Of a sample's matches, those whose authors and places are counted (their bylines and places joined cost about 15
# ms a thousand at a million): taken evenly from all of them, so that every year has its say. 300, not the
# ranking's 500: a very common word's facets took 9.0 ms with 500 (5.6 on the newest 500), 6.2 with 300.
FACET_SAMPLE = 300
# The planner's estimate of a search's matches below this share of the rarest word's stories is its product of
# several words' and filters' shares (estimate_combines): at a million, a word alone is estimated at 0.99 to 1.02
# of it (the published stories' share, its analyses), a word in the language of nine stories in ten at 0.91, two
# words at a product ("man system" 0.22).
COMBINED_SHARE = 0.95
# A walk along the date index passes this many stories of the dates for what collecting one story holding the words
# costs (walking_is_cheaper).
WALK_STEPS_PER_HOLDER = 9
# A page's count that the sample puts past EXACT_UP_TO, by less than half as many again, is taken to be past it without
# collecting every match when the ranking's walk for its newest matches says more than this many times EXACT_UP_TO
# (count_matches, walked_estimate).
WALKED_MARGIN = 1.15


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    language: str = ""  # the label's, where known: a section's or a language's name (the page's, or English)


@dataclass(frozen=True)
class Sample:
    """The matches among about COUNT_SAMPLE of the index's rows, in whole pages spread over the table (the same
    pages every time): how many, how they fall by section, language and year, and FACET_SAMPLE of their ids
    taken evenly, for authors and places. ``where`` is the condition they match: a phrase's check changes it."""

    where: str
    percent: float
    matched: int
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    ids: list[int] = field(default_factory=list)


def planner_estimate(cursor, plan: Plan) -> int:
    """The planner's estimate of the stories matching ``plan``."""
    where, params = (plan.estimated_where, plan.estimated_params) if plan.estimated_where else (plan.where, plan.params)
    return _estimate(cursor, where, params)


def _estimate(cursor, where: str, params: list) -> int:
    cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM articles_searchdocument d WHERE {where}", params)  # noqa: S608
    raw = cursor.fetchone()[0]
    return int((raw if isinstance(raw, list) else json.loads(raw))[0]["Plan"]["Plan Rows"])


def walking_is_cheaper(cursor, plan: Plan) -> bool:
    """Whether to collect a dated search's matches by walking its dates along the date index rather than through
    the words' GIN index.

    The GIN index yields every story holding the words, whatever its date, and each candidate in the dates
    then has its row read; the walk passes every story of the dates in the date index, testing there the
    section and status and the words' bits in the story's signature, and reads the rows of the few that pass
    (``ranking.walk``). Measured on the 50 filtered searches of the bench at a million stories (a section,
    one to sixteen months, two words), the walk was the cheaper wherever the words' stories numbered more than
    a ninth of the dates' (a third of the time, up to three times: "feel goods", 92,605 stories holding the
    words, 83,200 in the dates, 85.8 ms collected, 29.3 walked), the collection below a tenth.
    """
    if not plan.dates_where or plan.walk_where is None or not plan.estimated_words_where:
        return False
    dated = _estimate(cursor, plan.dates_where, plan.dates_params)
    return dated < WALK_STEPS_PER_HOLDER * _estimate(cursor, plan.estimated_words_where, plan.estimated_words_params)


def _by_facet_sql(matches: str) -> str:
    """SQL of an array of (facet, value, count) rows: the rows of ``matches`` (with ``section_id``, ``language``
    and ``published_at``) counted by section, language and year, in one pass over them (GROUPING SETS: three
    GROUP BYs read them three times; for 14,000 matches 10 ms, where this takes 5)."""
    return f"""ARRAY(SELECT ARRAY[CASE GROUPING(section_id, language, y) WHEN 3 THEN 'section'
                                                              WHEN 5 THEN 'language' ELSE 'year' END,
                             coalesce(section_id::text, language, y::text), count(*)::text]
                 FROM (SELECT section_id, language, date_part('year', published_at AT TIME ZONE 'UTC')::int AS y
                       FROM {matches}) g
                 GROUP BY GROUPING SETS ((section_id), (language), (y)))"""  # noqa: S608 - our own SQL


def _evenly(matches: str) -> str:
    """SQL of an array of FACET_SAMPLE ids of ``matches``, taken evenly from all of them."""
    # The n-th of c where n x FACET_SAMPLE / c reaches a next whole number: every one when there are fewer.
    return f"""ARRAY(SELECT article_id FROM (SELECT article_id, row_number() OVER () AS n, count(*) OVER () AS c
                                           FROM {matches}) e
                 WHERE n * {FACET_SAMPLE} / c > (n - 1) * {FACET_SAMPLE} / c)"""  # noqa: S608


def _counted(rows: list[list[str]]) -> dict[str, dict[str, int]]:
    """``_by_facet_sql``'s rows as counts by facet and value; a story without a section or a date is in none."""
    counts: dict[str, dict[str, int]] = {"section": {}, "language": {}, "year": {}}
    for facet, value, count in rows:
        if value is not None:
            counts[facet][value] = int(count)
    return counts


def count_matches(cursor, plan: Plan, *, for_a_page: bool = False) -> tuple[int, bool]:
    """Exact up to EXACT_UP_TO, else the planner's estimate, or near the collection's limit a sample's (never
    counting every match of a common word).

    Where the planner expects few enough matches to collect, they are collected once (up to twice
    EXACT_UP_TO; through the words' GIN index, or along the date index for a search with dates where that
    is cheaper: ``walking_is_cheaper``), for the count, for their counts by section, language and year (the
    facets: ``facet_counts``), and for the newest of them, which the ranking's pool and the facets' sample
    then take from here rather than walk the date index for (``ranking.newest_matches``): for two words
    together in one story in a hundred, the walk read 80,000 stories to find the newest 1,000 (102 ms at a
    million) after the count had read the 12,308 matches already (59 ms).

    ``for_a_page``, a page of results, which reads no more than a page's matches (and, ranked or newest first,
    the newest BODY_POOL of them anyway: its ranking's pool): where the sample puts the matches past EXACT_UP_TO
    but by less than half as many again, the walk for those newest matches tells first whether they are few
    enough to count (``walked_estimate``). Collected, 12,000 to 16,000 matches cost two common words 45 to 160
    ms at a million (the index's rows are read one by one, from the system's cache where PostgreSQL's is too
    small for them); walked for, the newest 500 cost 13 to 50. Oldest first, a page walks for its oldest
    matches besides, as it did after a collection. The chart and the exports, which read every match, collect
    them.
    """
    if plan.matches is not None:
        if plan.matches_estimate is not None:
            return plan.matches_estimate, True
        return len(plan.matches), False
    estimate = planner_estimate(cursor, plan)
    collect = 2 * EXACT_UP_TO
    if estimate > collect:
        if not estimate_combines(plan, estimate) or (sampled := sampled_estimate(cursor, plan)) is None:
            return estimate, True
        if sampled > collect:
            return sampled, True
        estimate = sampled  # far fewer than the planner expected: few enough to collect
    # Past EXACT_UP_TO a sample says whether there are so many that the count may be an estimate. Collecting
    # reads every match's row (3.3 us each: 50 to 65 ms for 15,000 to 19,000 matches at a million), where
    # walking for the newest BODY_POOL reads a few thousand (``ranking.ordered``: 15 to 25 ms); and cut short at
    # 2 x EXACT_UP_TO, the collection has read them all for nothing. The sample is taken to mean more than
    # EXACT_UP_TO from 1.5 times it: its error, on two and three common words at a million, reached a third
    # (6,975 matches sampled as 9,200). Below EXACT_UP_TO the sample's 6 ms cost more than they save, but
    # where the words may go together (a reporter's first and last names: the planner takes them as
    # independent), from a quarter of it.
    together = words_may_go_together(plan, estimate, limit=collect)
    sampled = sampled_estimate(cursor, plan) if estimate >= EXACT_UP_TO or together else None
    if sampled and sampled > EXACT_UP_TO * 3 // 2:
        return sampled, True
    if for_a_page and sampled and sampled > EXACT_UP_TO and (walked := walked_estimate(cursor, plan)) is not None:
        if len(plan.newest) < ranking.BODY_POOL:  # the walk went to the end: these are every match
            return len(plan.newest), False
        if walked > EXACT_UP_TO * WALKED_MARGIN:
            return sampled, True
    if walking_is_cheaper(cursor, plan):
        walk, walk_params = ranking.walk(plan, ranking.NEWEST, also=("section_id", "language"))
        matches, matches_params = f"SELECT * FROM ({walk}) w", walk_params  # noqa: S608
    else:
        columns = "d.article_id, d.published_at, d.section_id, d.language"
        matches = f"SELECT {columns} FROM articles_searchdocument d WHERE {plan.where}"  # noqa: S608
        matches_params = plan.params
    cursor.execute(
        f"""WITH m AS MATERIALIZED ({matches} LIMIT %s)
            SELECT (SELECT count(*) FROM m),
                   ARRAY(SELECT article_id FROM m ORDER BY published_at DESC NULLS LAST, article_id DESC LIMIT %s),
                   {_by_facet_sql("m")}""",  # noqa: S608
        [*matches_params, collect + 1, ranking.BODY_POOL],
    )
    found, newest, counts = cursor.fetchone()
    if found > collect:
        return max(estimate, found), True
    plan.newest = newest  # every match was seen: these are the newest of them
    plan.match_counts = _counted(counts)
    plan.collected = found
    if found <= len(newest):
        plan.narrow_to(newest)
    return found, found > EXACT_UP_TO


def walked_estimate(cursor, plan: Plan) -> int | None:
    """How many stories match, from the walk for the newest BODY_POOL matches (``ranking.newest_matches``, which
    the ranking then reads): that many, over the share of the archive's dated stories as new as the oldest of
    them (the date index's statistics). None where no walk finds them (few matches are collected, filters alone
    are the planner's) or where dates bound the search (the share would be of the dates' stories).

    The sample's COUNT_SAMPLE rows hold 50 to 75 of 10,000 to 15,000 matches in a million, and its error reached a
    third (``count_matches``); the walk's 500 tell the words' share of the newest stories to about a twentieth.
    The newest stories are not the archive's whole: a word more used of late than before is put higher here,
    which is why the count asks both, and collects where either says few.
    """
    if plan.few_matches or plan.walk_where is None or plan.dates_where:
        return None
    newest = ranking.newest_matches(cursor, plan)
    if len(newest) < ranking.BODY_POOL:
        return len(newest)
    cursor.execute("SELECT published_at FROM articles_searchdocument WHERE article_id = %s", [newest[-1]])
    row = cursor.fetchone()
    if row is None or row[0] is None:  # the walk reached the undated stories, last in its order: the dated are few
        return None
    as_new = _estimate(cursor, "d.published_at >= %s", [row[0]])
    dated = _estimate(cursor, "d.published_at IS NOT NULL", [])
    return round(len(newest) * dated / max(as_new, 1))


def estimate_combines(plan: Plan, estimate: int) -> bool:
    """Whether the planner's ``estimate`` of more matches than the count collects is its product of several
    words' and filters' shares, which a sample is to check (``count_matches``).

    It takes them as independent. Words that go together match more stories than it expects: beside an author,
    place or tag, the words may be its name ("damascus place:Damascus": 20,889 expected, 126,000 sampled). Words
    that do not go together match fewer, and the date index was walked to its end for the few: an English and
    an Arabic word ("would بشكل": 25,125 expected, 23 stories, 533 ms; oldest first 900), an English word in
    Arabic stories ("state lang:ar": 32,615 expected, 101 stories, 366 ms). Sampled, then collected through the
    GIN index (with the language's link term, search_links), each now takes about 30 ms. A single word's share
    is the planner's own statistic, and left alone; the sample costs about 7 ms at a million stories, which the
    page's facets then read rather than take their own (``facet_counts``). But a rare word whose stems are common
    words of other languages is counted by the planner with those words in every story ("Bitar": 89,707 expected,
    19,382 stories, Spanish's "bit" counted in English ones: ``search_plan.Plan.stems_beside_languages``).
    """
    if plan.linked_beside_words or plan.stems_beside_languages:
        return True
    rarest = ranking.most_matches(plan.required_hashes or plan.term_hashes)
    return plan.has_text and estimate < rarest * COMBINED_SHARE


def words_may_go_together(plan: Plan, estimate: int, *, limit: int) -> bool:
    """Whether several words, each in more than ``limit`` stories, may match many more than the planner's
    ``estimate`` (from a quarter of EXACT_UP_TO): it takes words as independent, and a name's are not; nor are
    words and the author, place or tag beside them, whatever the estimate ("rami mahfouz author:"Rami
    Mahfouz"": 12 stories expected, where 64,000 hold both)."""
    return (
        (estimate >= EXACT_UP_TO // 4 and len(plan.term_hashes) > 1) or plan.linked_beside_words
    ) and ranking.most_matches(plan.required_hashes or plan.term_hashes) > limit


def sampled_estimate(cursor, plan: Plan) -> int | None:
    """How many stories match, from about COUNT_SAMPLE rows in whole pages (the same pages every time); None
    in an archive too small to sample.

    The planner takes words as independent, and words that go together ("better", "high", "make")
    match more stories than it expects: 27,800 in a sample of 5,000 rows where it expected 19,857. About
    10 ms at a million (the sample's pages stay in memory, read by every such search).
    """
    if ranking.archive_size() < SAMPLED_ARCHIVE:
        return None
    sample = sample_matches(cursor, plan)
    return round(sample.matched * 100.0 / sample.percent)


def sample_matches(cursor, plan: Plan, *, rows: int = COUNT_SAMPLE) -> Sample:
    """The matches among about ``rows`` of the index's rows (``Sample``), read once a plan: for the count's
    estimate, then for the facets of matches too many to count."""
    if plan.sample is None or plan.sample.where != plan.where:
        percent = min(100.0, 100.0 * rows / max(ranking.archive_size(), 1))
        sampled, params = f"articles_searchdocument d TABLESAMPLE SYSTEM ({percent:.4f}) REPEATABLE (0)", plan.params
        if plan.walk_where is not None:
            # The rows whose signature may hold the words first, as a walk tests them (OFFSET 0 keeps the test
            # first): the words' own test, an overlap of arrays, costs about a microsecond a row, and PostgreSQL,
            # ordering the tests by its costs, put it first. Two common words' sample took 7.7 ms, 4.2 so.
            sampled = (
                f"(SELECT * FROM articles_searchdocument s TABLESAMPLE SYSTEM ({percent:.4f}) REPEATABLE (0)"  # noqa: S608
                f" WHERE {plan.walk_where} OFFSET 0) d"
            )
            params = [*plan.walk_params, *plan.params]
        cursor.execute(
            f"""WITH m AS MATERIALIZED (
                    SELECT d.article_id, d.section_id, d.language, d.published_at FROM {sampled} WHERE {plan.where})
                SELECT (SELECT count(*) FROM m), {_by_facet_sql("m")}, {_evenly("m")}""",  # noqa: S608
            params,
        )
        matched, counts, ids = cursor.fetchone()
        plan.sample = Sample(where=plan.where, percent=percent, matched=matched, counts=_counted(counts), ids=ids)
    return plan.sample


# Each facet's counts over the matches ``m`` (article_id, section_id, language, published_at): (facet, value,
# label, count) rows.
FACET_SQL = {
    "section": """SELECT * FROM (SELECT 'section', s.slug, s.name, count(*) FROM m
        JOIN articles_section s ON s.id = m.section_id GROUP BY s.slug, s.name ORDER BY 4 DESC, 3 LIMIT 30) f1""",
    "language": "SELECT 'language', m.language, m.language, count(*) FROM m GROUP BY m.language",
    "year": """SELECT 'year', y::text, y::text, count(*) FROM (
        SELECT extract(year FROM m.published_at AT TIME ZONE 'UTC')::int AS y FROM m
        WHERE m.published_at IS NOT NULL) ys GROUP BY y""",
    "author": """SELECT * FROM (SELECT 'author', au.slug, au.name, count(*) FROM m
        JOIN articles_byline b ON b.article_id = m.article_id JOIN articles_author au ON au.id = b.author_id
        GROUP BY au.slug, au.name ORDER BY 4 DESC, 3 LIMIT %(size)s) f2""",
    "place": """SELECT * FROM (SELECT 'place', p.slug, p.name, count(*) FROM m
        JOIN articles_article_places ap ON ap.article_id = m.article_id JOIN articles_place p ON p.id = ap.place_id
        GROUP BY p.slug, p.name ORDER BY 4 DESC, 3 LIMIT %(size)s) f3""",
}


def facet_counts(cursor, plan: Plan, filters: Filters, total: int, exact: bool) -> tuple[dict, bool]:
    """Each facet's values and counts, and whether the counts are estimates.

    Section, language and year are exact whenever the count collected every match (up to 2 x
    EXACT_UP_TO: ``count_matches`` counts them by these on the way). Authors and places need each
    match's bylines and places joined, about 15 ms a thousand matches: they are counted on every
    match up to BODY_POOL, else on the newest BODY_POOL and scaled up (for 10,000 matches the five
    facets counted on every match took 140-180 ms at a million, the rest of the search 80; taking
    them evenly from all the collected matches cost 3.5 ms more for 14,000). Matches too many to
    collect are counted on the sample of the archive's rows that the count's estimate reads
    (``sample_matches``: about COUNT_SAMPLE rows, fewer for a very common word), and scaled up.
    Counted on the newest matches, as they were, a very common word's years were one, the last:
    "would", in half of a million stories over twenty years, was "2025: 513,998".
    """
    newest = ranking.newest_matches(cursor, plan)
    kept, estimated = plan.match_counts, False
    columns = "SELECT d.article_id, d.section_id, d.language, d.published_at FROM articles_searchdocument d"
    sample = None
    if not exact and kept is None and plan.matches is None:
        # Enough rows for about FACET_SAMPLE matches, from a tenth of the count's COUNT_SAMPLE (the sample is of
        # whole pages, and a few were too few) up to all of it: a very common word's facets need a tenth of the rows
        # that a word in one story in fifty does. At a million, the very common words' facets took 6.2 ms (mean of
        # 40), 5.6 counted on the newest matches.
        rows = FACET_SAMPLE * ranking.archive_size() / max(total, 1)
        sample = sample_matches(cursor, plan, rows=round(min(COUNT_SAMPLE, max(COUNT_SAMPLE // 10, rows))))
    if exact and kept is None and total > len(newest):
        # A phrase's matches, listed by search_phrases.narrow_to_phrases and never collected: few enough to count
        # them all.
        matches, params, sampled = f"{columns} WHERE {plan.where}", plan.params, total
    elif kept is not None:
        # Authors and places need only the ids (read from the index's rows, a rare word's 430 took 1.5 ms of the
        # facets' 5.5).
        matches, params, sampled = "SELECT unnest(%s::bigint[]) AS article_id", [newest], len(newest)
    elif sample is not None and sample.matched:
        share = total / sample.matched
        kept = {key: {value: round(count * share) for value, count in by.items()} for key, by in sample.counts.items()}
        matches, params, sampled = "SELECT unnest(%s::bigint[]) AS article_id", [sample.ids], len(sample.ids)
        estimated = True
    else:
        matches, params, sampled = f"{columns} WHERE d.article_id = ANY(%s::bigint[])", [newest], len(newest)
    counted_here = ["author", "place"] if kept is not None else list(FACET_SQL)
    sql = f"""
        WITH m AS MATERIALIZED ({matches})
        {" UNION ALL ".join(FACET_SQL[key] % {"size": FACET_SIZE} for key in counted_here)}
    """
    cursor.execute(sql, params)
    rows = cursor.fetchall()
    scale = total / sampled if sampled and total > sampled else 1.0
    estimated = estimated or scale != 1.0
    # Every section once, by id for the counted rows and by slug for the labels: a newsroom's few dozen.
    by_pk = {str(section.pk): section for section in Section.objects.all()}
    sections = {section.slug: section for section in by_pk.values()}
    if kept is not None:
        rows += _counted_facet_rows(kept, by_pk)
    selected = {
        "section": filters.section,
        "author": filters.author,
        "place": filters.place,
        "language": languages.story_language(filters.language or "") or "",
        "year": str(filters.year or ""),
    }
    facets: dict[str, list[FacetValue]] = {key: [] for key in ("section", "author", "place", "year", "language")}
    for key, value, label, count in rows:
        language = ""
        if key == "language":
            label, language = languages.named_language(value)
        elif key == "section" and value in sections:
            label, language = sections[value].display_name, sections[value].display_language
        if key in counted_here:
            count = round(count * scale)
        facets[key].append(
            FacetValue(value=value, label=label, count=count, selected=selected[key] == value, language=language)
        )
    facets["section"].sort(key=lambda f: (-f.count, f.label))
    facets["year"].sort(key=lambda f: f.value, reverse=True)
    facets["language"].sort(key=lambda f: -f.count)
    return facets, estimated


def _counted_facet_rows(
    counts: dict[str, dict[str, int]], sections: dict[str, Section]
) -> list[tuple[str, str, str, int]]:
    """The section, language and year rows of ``count_matches``'s counts of every match, sections (by id) named."""
    by_section = sorted(
        ((sections[pk].slug, sections[pk].name, count) for pk, count in counts["section"].items() if pk in sections),
        key=lambda row: (-row[2], row[1]),
    )
    return [
        *(("section", slug, name, count) for slug, name, count in by_section[:30]),
        *(("language", value, value, count) for value, count in counts["language"].items()),
        *(("year", value, value, count) for value, count in counts["year"].items()),
    ]
