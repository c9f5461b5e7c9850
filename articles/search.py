"""Search: one page of results, with counts, facets, highlights and "did you mean", for the search pages, the API,
the admin and the exports.

The index is one row per story in ``articles_searchdocument`` (migrations 0010, 0014 and 0016 to 0022), kept by
the database's triggers in the same transaction as every write: ``headline_vector`` (weight A, positions),
``terms`` (every word of the story and its names as analysed for search, each as a 32-bit hash), and a Bloom
signature of the terms that the date index carries (migration 0021). A search goes through:

- ``search_query``: the box's text parsed (words, "phrases", OR, -excluded, fields);
- ``search_plan``: each word analysed in every language the archive is written in, and the query made SQL;
- ``search_phrases``: an exact phrase checked on the text of the stories holding its words;
- ``search_counts``: how many match, and the facets;
- ``search_ranking``: relevance (and newest, oldest): one page of the matches;
- ``search_highlight``: the headline and snippet of each, the words marked, every other character escaped.

Every search runs under a 2-second statement timeout (``search_plan.TIMEOUT``); hitting it gives a message, not an
error. Results go ``MAX_PAGES`` deep, in relevance as in date order.
"""

import logging
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from typing import NamedTuple

from django.db import DatabaseError, connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from . import search_counts as counts
from . import search_phrases as phrases
from . import search_ranking as ranking
from .listing import attach_places_and_authors
from .models import Article
from .search_counts import FacetValue
from .search_fold import CJK_CHARACTER, LETTERS, WORD_PARTS, fold
from .search_highlight import highlight, snippet
from .search_plan import NoMatch, Plan, dates_of, plan_query, timeout_sql, with_timeout
from .search_query import Filters, ParsedQuery, parse_query
from .search_ranking import Order, forget_word_frequencies
from .text import MARKS

__all__ = [
    "FacetValue",
    "Filters",
    "Hit",
    "Order",
    "ParsedQuery",
    "PeriodCounts",
    "Results",
    "forget_word_frequencies",
    "iter_matches",
    "matches_by_period",
    "parse_query",
    "search",
]

logger = logging.getLogger(__name__)

MAX_PAGES = 50
MAX_PER_PAGE = 100
CHART_SAMPLE = 50_000  # index rows read for the chart of a query with too many matches to count, at most
CHART_MATCHES = 5_000  # and the matches the chart's sample is sized to find
LISTED_AS_IDS = 5_000  # matches handed to a list read page by page as their ids, at most (listed_matches)


@dataclass(frozen=True)
class Hit:
    article: Article
    headline_html: SafeString
    snippet_html: SafeString
    score: float


@dataclass(frozen=True)
class Results:
    query: ParsedQuery
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    total_is_estimate: bool = False
    page: int = 1
    per_page: int = 20
    has_next: bool = False
    has_previous: bool = False
    last_page: int | None = None
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    facets_are_estimates: bool = False
    suggestion: str | None = None
    messages: tuple[str, ...] = ()


# -- did you mean ---------------------------------------------------------------------------------------------------


def _suggestion(cursor, parsed: ParsedQuery) -> str | None:
    """The query with each rare or unknown word replaced by a similar word much more frequent in the archive."""
    words = list(parsed.words)
    if not words:
        return None
    changed, text = False, parsed.text
    # Word by word as the archive's words are kept: "O'Neill" is "o" and "neill", never one unknown word that
    # "neill" would stand for.
    for word in (part for typed in words for part in WORD_PARTS.findall(typed)):
        # "al", "el", "of", "2015": no word of the archive's is better; CJK text is cut into characters. A word's
        # marks are letters' ("शिक्षा" is letters; str.isalpha() said not, and no Hindi word was ever corrected).
        if len(word) < 3 or not LETTERS.fullmatch(word) or CJK_CHARACTER.search(word):
            continue
        folded = fold(word)
        cursor.execute("SELECT documents FROM articles_searchword WHERE word = %s", [folded])
        row = cursor.fetchone()
        own = row[0] if row else 0
        if own >= 50:
            continue
        cursor.execute(
            "SELECT word, documents FROM articles_searchword WHERE word %% %s AND word <> %s AND documents >= %s"
            " ORDER BY similarity(word, %s) DESC, documents DESC LIMIT 1",
            [folded, folded, max(10 * own, 1), folded],
        )
        better = cursor.fetchone()
        # The words are kept as headlines spell them: "mélenchon" is no suggestion for "Melenchon", which matched it.
        if better and fold(better[0]) != folded:
            replacement = _cased_like(word, better[0])
            text = re.sub(
                rf"(?<![\w{MARKS}]){re.escape(word)}(?![\w{MARKS}])", lambda _, cased=replacement: cased, text, count=1
            )
            changed = True
    return text if changed else None


def _cased_like(typed: str, word: str) -> str:
    """``word`` (kept in lower case) in the case ``typed`` was: "Mahfuz" -> "Mahfouz", "NATOO" -> "NATO"."""
    if len(typed) > 1 and typed.isupper():
        return word.upper()
    return word[:1].upper() + word[1:] if typed[:1].isupper() else word


# -- the API --------------------------------------------------------------------------------------------------------


def _articles(ids: list[int]) -> dict[int, Article]:
    articles = Article.objects.select_related("section").in_bulk(ids)
    attach_places_and_authors(articles.values())
    return articles


def _hits(scored: list[tuple[int, float]], plan: Plan) -> list[Hit]:
    articles = _articles([i for i, _ in scored])
    hits = []
    for article_id, score in scored:
        article = articles.get(article_id)
        if article is None:
            continue
        lexemes = plan.lexemes | plan.stems.get(article.language, frozenset())  # the words as its language stems them
        hits.append(
            Hit(
                article=article,
                headline_html=highlight(article.headline, lexemes, article.language),
                snippet_html=snippet(article.summary or article.body, lexemes, article.language),
                score=score,
            )
        )
    return hits


def _prepare(text: str, filters: Filters, staff: bool) -> tuple[ParsedQuery, Filters, list[str]]:
    parsed = parse_query(text if isinstance(text, str) else "")
    combined = filters.merged_with(parsed.filters)
    if not staff:
        combined = Filters(**{**combined.__dict__, "status": "", "source": "", "pending_check_also": False})
    problems = list(parsed.problems)
    if parsed.is_empty() and (parsed.excluded or parsed.excluded_phrases) and _no_filters(parsed, combined):
        # Beside a filter, words left out narrow it ("author:Sabbagh -damascus"); alone, they would take the archive.
        problems.append(_("A search cannot only exclude words: add a word to look for."))
    return parsed, combined, problems


def _no_filters(parsed: ParsedQuery, combined: Filters) -> bool:
    """Whether no filter is asked for: an exclusion alone ("-lang:ar", every story not in Arabic) is one."""
    return combined.is_empty() and parsed.excluding.is_empty()


def _plan(
    parsed: ParsedQuery, filters: Filters, *, staff: bool, order: Order = Order.RELEVANCE, phrase_matches: int = 0
) -> Plan:
    """The query made SQL (``search_plan``), its exact phrases checked (``search_phrases``): ``phrase_matches`` of
    their matches at most, by default the ranking's pool (PHRASE_MATCHES), the first in ``order``."""
    plan = plan_query(parsed, filters, staff=staff)
    if plan.phrase_patterns:
        most = phrase_matches or phrases.PHRASE_MATCHES
        phrases.narrow_to_phrases(plan, oldest_first=order == Order.OLDEST, most=most)
    return plan


def search(
    text: str = "",
    *,
    filters: Filters = Filters(),  # noqa: B008 - frozen
    order: Order = Order.RELEVANCE,
    staff: bool = False,
    page: int = 1,
    per_page: int = 20,
    with_facets: bool = True,
) -> Results:
    """One page of results for the search box's text and the form's filters; never raises on user input."""
    parsed, combined, messages = _prepare(text, filters, staff)
    try:
        page = int(page)
    except (TypeError, ValueError):
        page, messages = 1, [*messages, _("Page numbers are whole numbers: showing the first page.")]
    if page < 1:
        page, messages = 1, [*messages, _("Page numbers start at 1: showing the first page.")]
    per_page = max(1, min(int(per_page or 20), MAX_PER_PAGE))
    try:
        order = Order(order)
    except ValueError:
        order = Order.RELEVANCE
    empty = Results(query=parsed, page=page, per_page=per_page, messages=tuple(messages))
    if parsed.is_empty() and _no_filters(parsed, combined):
        return empty
    try:
        with with_timeout(), connection.cursor() as cursor:
            plan = _plan(parsed, combined, staff=staff, order=order)
            if timeout := timeout_sql():  # no word was analysed: set it now
                cursor.execute(timeout)
            messages += plan.messages
            if not plan.has_text and not parsed.is_empty():
                return Results(query=parsed, page=page, per_page=per_page, messages=tuple(messages))
            if page > MAX_PAGES:
                messages.append(
                    _("Results go %(count)s pages deep: narrow the search to see more.") % {"count": MAX_PAGES}
                )
                page = MAX_PAGES
            offset = (page - 1) * per_page
            total, estimate = counts.count_matches(cursor, plan, for_a_page=True)
            if order == Order.RELEVANCE and plan.has_text:
                scored, reachable = ranking.ranked_ids(cursor, plan, per_page, offset)
            else:
                scored, reachable = ranking.walk_ids(cursor, plan, order, per_page, offset), total
            if estimate and plan.matches is None and plan.newest is not None and len(plan.newest) < ranking.BODY_POOL:
                # The ranking's walk for the newest matches found fewer than it looked for: it went to the end, and
                # these are all of them ("people lang:ar": 95 English words in Arabic stories, where the planner,
                # taking word and language as independent, expected 49,267 and the page said "About 49,267").
                # Not an exact phrase's: its list of matches stops at the ranking's pool (search_phrases).
                total, estimate = len(plan.newest), False
            reachable = min(reachable, MAX_PAGES * per_page)
            if not estimate and order == Order.RELEVANCE and plan.has_text:
                reachable = min(reachable, total)
            last_page = max(1, math.ceil(reachable / per_page)) if reachable else 1
            if page > last_page and total:
                messages.append(
                    _("Page %(page)s is past the last page (%(last)s): showing the last page.")
                    % {"page": page, "last": last_page}
                )
                page, offset = last_page, (last_page - 1) * per_page
                if order == Order.RELEVANCE and plan.has_text:
                    scored, _pool = ranking.ranked_ids(cursor, plan, per_page, offset)
                else:
                    scored = ranking.walk_ids(cursor, plan, order, per_page, offset)
            facets, facets_estimated = ({}, False)
            if with_facets and total:
                facets, facets_estimated = counts.facet_counts(cursor, plan, combined, total, exact=not estimate)
            suggestion = _suggestion(cursor, parsed) if plan.has_text and total < 20 else None
            hits = _hits(scored, plan)
    except NoMatch as problem:
        return Results(query=parsed, page=page, per_page=per_page, messages=(*messages, str(problem)))
    except DatabaseError as error:
        if "statement timeout" not in str(error):
            logger.exception("search failed for %r", text)
            return Results(query=parsed, page=page, per_page=per_page, messages=(*messages, _("The search failed.")))
        return Results(
            query=parsed,
            page=page,
            per_page=per_page,
            messages=(*messages, _("This search took too long and was stopped: add words or filters to narrow it.")),
        )
    if not total and plan.has_text:
        messages.append(_("No stories match."))
    return Results(
        query=parsed,
        hits=hits,
        total=total,
        total_is_estimate=estimate,
        page=page,
        per_page=per_page,
        has_next=page < last_page,
        has_previous=page > 1,
        last_page=last_page,
        facets=facets,
        facets_are_estimates=facets_estimated,
        suggestion=suggestion,
        messages=tuple(messages),
    )


def _matching_plan(text: str, filters: Filters, staff: bool) -> Plan | None:
    """The plan of the stories that match, its condition on the index's rows ``d``; None when nothing can match."""
    parsed, combined, _messages = _prepare(text, filters, staff)
    try:
        plan = _plan(parsed, combined, staff=staff)
    except NoMatch:
        return None
    if not plan.has_text and (not parsed.is_empty() or _no_filters(parsed, combined)):
        return None
    return plan


def matching_sql(text: str, *, filters: Filters = Filters(), staff: bool = True) -> tuple[str, list] | None:  # noqa: B008
    """SQL selecting the ids of the stories that match (no order), or None when nothing can match."""
    if (plan := _matching_plan(text, filters, staff)) is None:
        return None
    return _selecting(plan)


def _selecting(plan: Plan) -> tuple[str, list]:
    return f"SELECT d.article_id FROM articles_searchdocument d WHERE {plan.where}", plan.params  # noqa: S608


def matching_exists_sql(text: str, *, story_id: str) -> tuple[str, list] | None:
    """SQL that is true of the story whose id is the column ``story_id`` when it matches ``text`` (any status).

    A condition to test story by story, for a walk of the archive that stops at a page's worth: see
    ``admin_search``. None when nothing can match.
    """
    if (plan := _matching_plan(text, Filters(), True)) is None:
        return None
    return _testing(plan, story_id)


def _testing(plan: Plan, story_id: str) -> tuple[str, list]:
    # OFFSET 0: tested story by story, never turned into a collection of every match (see admin_search).
    sql = f"EXISTS (SELECT 1 FROM articles_searchdocument d WHERE d.article_id = {story_id} AND {plan.where} OFFSET 0)"  # noqa: S608
    return sql, plan.params


def listed_matches(text: str, *, story_id: str) -> tuple[Q, bool]:
    """The condition keeping the stories that match ``text`` (any status) in a list read a page at a time newest
    first along a date index (the API's stories, ``?q=``), and whether it is a list of their ids; ``story_id`` is
    the list's column of story ids.

    Few matches (``few_matching_ids``, up to LISTED_AS_IDS) go as their ids, which PostgreSQL reads by primary key
    and sorts; more are tested story by story as the list's index is walked (``matching_exists_sql``), which stops
    at the page's end. As a subquery of every match (``Article.objects.search``), PostgreSQL collected them all for
    each page: "would" 276 ms, "rami mahfouz" 347, at a million stories. Fields alone, when more than a few, are
    that subquery, which PostgreSQL answers through the index's own indexes (dates, links); tested story by story,
    "from:2099-01-01" read the list to its end to find none (3.2 s).
    """
    if (plan := _matching_plan(text, Filters(), True)) is None:
        return Q(pk__in=[]), True
    if (found := _few_ids(plan, most=LISTED_AS_IDS)) is not None:
        return (Q(pk__in_array=found) if found else Q(pk__in=[])), True
    # The search's dates bound the list too, so that its walk starts at them ("from:2015-09-01 to:2015-09-30", 5,133
    # stories: walked from the newest story back to September 2015, 1.2 s).
    first, end = (
        datetime.combine(day, time.min, tzinfo=UTC) if day else None
        for day in dates_of(_prepare(text, Filters(), True)[1])
    )  # midnights in UTC, as the index's condition reads its dates
    within = Q(published_at__gte=first) if first else Q()
    within &= Q(published_at__lt=end) if end else Q()
    if not plan.has_text:
        return within & Q(pk__in=RawSQL(*_selecting(plan))), False  # noqa: S611 - our SQL, values as parameters
    return within & Q(RawSQL(*_testing(plan, story_id), output_field=BooleanField())), False  # noqa: S611 - as above


def few_matching_ids(text: str, *, most: int) -> list[int] | None:
    """The ids of the stories matching ``text`` (any status) when at most ``most`` do, else None.

    For a search combined with other conditions by OR, as the admin's box does: for
    ``id IN (subquery) OR ...`` PostgreSQL guesses that half the archive matches,
    walks the date index newest-first and tests every story on the way (210 ms to
    find an author's 480 stories at a million). A list of ids it counts, and fetches
    by primary key. Whether few can match comes first from the statistics (the plan's
    ``few_matches``: under FEW_MATCHES), so a common word costs no query here, and words or filters whose
    estimate is a product of shares a sample's look; then from fetching up to ``most`` + 1 of them. ``most``
    should be below FEW_MATCHES.
    """
    if (plan := _matching_plan(text, Filters(), True)) is None:
        return []
    return _few_ids(plan, most=most)


def _few_ids(plan: Plan, *, most: int) -> list[int] | None:
    with connection.cursor() as cursor:
        if not plan.has_text:
            # Fields alone: the planner knows their shares ("from:2015-09-01 to:2015-09-30", 4,200 stories: by id,
            # where the API's list walked from the newest story back to September 2015, 819 ms).
            if counts.planner_estimate(cursor, plan) > 2 * most:
                return None
        elif not plan.few_matches:
            # The planner's share of several words and filters, taken as independent, may be far too many ("people
            # lang:ar": 49,145 expected, 95 match): a sample tells, as for the count (search_counts.count_matches).
            estimate = counts.planner_estimate(cursor, plan)
            if not counts.estimate_combines(plan, estimate) or (counts.sampled_estimate(cursor, plan) or 0) > most:
                return None
        cursor.execute(f"{_selecting(plan)[0]} LIMIT %s", [*plan.params, most + 1])
        ids = [row[0] for row in cursor.fetchall()]
    return ids if len(ids) <= most else None


class PeriodCounts(NamedTuple):
    """Matches per period for the staff page's chart; ``estimated`` when counted on a sample."""

    periods: list[tuple[str, int]]
    estimated: bool = False


def matches_by_period(
    text: str = "",
    *,
    filters: Filters = Filters(),  # noqa: B008
    staff: bool = False,
    year: int | None = None,
) -> PeriodCounts:
    """Matches per year, or per month ("2015-09") inside ``year``: the staff page's chart.

    Exact when the planner expects at most ``2 * counts.EXACT_UP_TO`` matches (by year, the
    count's own, which collected them). Above that (a common word in a million stories has
    hundreds of thousands, too many to count under the statement timeout) the index's rows
    are sampled, enough for about ``CHART_MATCHES`` matches and at most ``CHART_SAMPLE``
    rows, in whole pages (TABLESAMPLE SYSTEM, the same pages every time), and the counts
    scaled up: the shape over time is what the chart shows. An exact phrase in more stories than
    its check reached counts the stories holding its words, scaled by the share of those
    checked that held the phrase.
    """
    if year:
        filters = Filters(**{**filters.__dict__, "year": year})
    parsed, combined, _messages = _prepare(text, filters, staff)
    unit, width = ("month", 7) if year else ("year", 4)
    try:
        with with_timeout(), connection.cursor() as cursor:
            plan = _plan(parsed, combined, staff=staff)
            if not plan.has_text and (not parsed.is_empty() or _no_filters(parsed, combined)):
                return PeriodCounts([])
            if timeout := timeout_sql():
                cursor.execute(timeout)
            total, estimated = counts.count_matches(cursor, plan)
            if unit == "year" and plan.match_counts is not None:
                # Every match was collected, and counted by year on the way (search_counts.count_matches): those
                # counts, exact, where the chart read them all again ("without trains", 13,471 matches at a
                # million: 40 ms more) or sampled them past 10,000.
                return PeriodCounts(sorted(plan.match_counts["year"].items()))
            where, params, scale = plan.where, plan.params, 1.0
            if plan.matches_estimate is not None:
                # A phrase in more stories than were checked (only the newest were: see search_phrases): the
                # stories holding its words over time, times the share of those checked that held the phrase.
                where, params, scale = plan.words_where, plan.words_params, plan.phrase_share
            sample = ""
            if estimated:
                cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'articles_searchdocument'::regclass")
                rows = max(cursor.fetchone()[0], 1)
                # Enough rows for about CHART_MATCHES matches, up to CHART_SAMPLE: a word in half the stories needs
                # a fifth of them ("would": 128 ms with 50,000 rows at a million).
                wanted = min(CHART_SAMPLE, max(CHART_MATCHES, CHART_MATCHES * rows / max(total, 1)))
                percent = min(100.0, 100.0 * wanted / rows)
                sample, scale = f"TABLESAMPLE SYSTEM ({percent:.4f}) REPEATABLE (0)", scale * 100.0 / percent
            by_period = (
                f"SELECT to_char(date_trunc('{unit}', d.published_at AT TIME ZONE 'UTC'), 'YYYY-MM'), count(*)"  # noqa: S608
                f" FROM articles_searchdocument d {sample} WHERE {where} AND d.published_at IS NOT NULL"
                " GROUP BY 1 ORDER BY 1"
            )
            cursor.execute(by_period, params)
            return PeriodCounts(
                [(period[:width], round(count * scale)) for period, count in cursor.fetchall()], estimated
            )
    except (NoMatch, DatabaseError):
        return PeriodCounts([])


def iter_matches(
    text: str = "",
    *,
    filters: Filters = Filters(),  # noqa: B008
    staff: bool = False,
    order: Order = Order.NEWEST,
    limit: int = 100_000,
) -> Iterator[Article]:
    """Every matching story (up to ``limit``) in ``order``, fetched 500 at a time: for exports."""
    parsed, combined, _messages = _prepare(text, filters, staff)
    try:
        # An export takes as many of a phrase's matches as the check can find, not a page's pool.
        plan = _plan(parsed, combined, staff=staff, order=order, phrase_matches=min(limit, phrases.PHRASE_CANDIDATES))
    except NoMatch:
        return
    if not plan.has_text and (not parsed.is_empty() or _no_filters(parsed, combined)):
        return
    with connection.cursor() as cursor:
        if plan.has_text:
            # The count first, as a page's: it collects few matches, and samples an estimate the planner made of
            # several shares, which the walk then reads by id rather than walk the date index to its end for them
            # ("people lang:ar", 95 stories, exported in 1.9 s at a million; now 0.1).
            counts.count_matches(cursor, plan)
        if order == Order.RELEVANCE and plan.has_text:
            ids = [
                i
                for i, _ in ranking.ranked_ids(cursor, plan, min(limit, ranking.HEADLINE_POOL + ranking.BODY_POOL), 0)[
                    0
                ]
            ]
        else:
            ids = [i for i, _ in ranking.walk_ids(cursor, plan, order, limit, 0)]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        articles = _articles(chunk)
        yield from (articles[i] for i in chunk if i in articles)
