"""Search: parsing, matching, ranking, counts, facets, highlights and "did you mean" over the search index.

The index (migrations 0010, 0014 and 0016 to 0020) is one row per story in ``articles_searchdocument``:
``headline_vector`` (weight A, positions) and ``terms`` (every word of the story and its
names as analysed for search, each as a 32-bit hash: ``hashtext(lexeme)``), kept by the
database's triggers.

Matching: a story matches when its ``terms`` hold every word (each word analysed with
the site's languages, the archive's other languages with a stemmer and unstemmed
'simple': the unstemmed word may match in any story, a stem only in a story of a
language that stems the word so, as "new" for "news" in French and not in English;
spelling folded on both sides: ``search_fold``), one word of each ``OR``
group, none of the excluded words, and every "exact phrase" in its text or one of its
authors' or places' names, in any spelling that folds to the phrase's. A phrase is checked
on the stories holding its words, newest first, up to ``PHRASE_MATCHES`` matches or
``PHRASE_CANDIDATES`` stories (``_narrow_to_phrases``). A word is looked up by its lexemes' hashes
(``d.terms && ARRAY[...]``, served by the GIN index): two words whose hashes collide
match each other's stories (about one query word in two thousand; see migration 0014).

Ranking (``Order.RELEVANCE``) never touches every match of a common word. It ranks a
pool made of two bounded walks newest-first (tiers, "champion lists": Manning et al.,
*Introduction to Information Retrieval*, ch. 7): the newest ``HEADLINE_POOL`` stories
with every word in the headline, and the newest ``BODY_POOL`` matches. PostgreSQL walks
the date index with the text test as a filter for common words (for headlines, the index
alone: it carries the headline's vector, migration 0020), and a GIN bitmap for
rare ones. Each story of the pool then scores

    sum over words of idf(word) x (3 if in the headline + 1 if in the story)
    + 4 if a quoted phrase, or the words in order, are in the headline
    + 2 if the words in order are in the story's text (checked on the best 200 only)
    + a small recency prior (0.5 for today, fading over years)

where idf(word) = ln(1 + 1/f) and f is the share of stories holding the word, read from
the planner's statistics (pg_stats.most_common_elems of ``terms``; words missing
there are rarer than its rarest). Results pages are pages of that ranked pool: at most
``MAX_PAGES``. Newest and oldest orders are one walk each, ``MAX_PAGES`` deep too.

Counts are exact up to 10,000 matches, else the planner's estimate (``total_is_estimate``; an
exact phrase whose check stopped at ``PHRASE_MATCHES`` is estimated from the share that matched);
facets by section, language and year are exact wherever the count collected every match, and by
author and place up to ``BODY_POOL`` matches; beyond, they are counted on the newest ``BODY_POOL``
(the ranking's own sample, walked once for both: ``_newest_matches``) and scaled up
(``facets_are_estimates``; see ``_facets``). Every search runs under a 2-second statement
timeout; hitting it gives a message, not an error.
"""

import json
import logging
import math
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from . import languages
from .models import Article, Author, Place, Section, Tag
from .search_fold import CJK_CHARACTER, WORD_PARTS, bare_name, fold, spelling_variants, words_in_order_pattern
from .search_highlight import highlight, snippet
from .search_query import Filters, ParsedQuery, parse_query
from .text import match_key

__all__ = [
    "FacetValue",
    "Filters",
    "Hit",
    "Order",
    "ParsedQuery",
    "PeriodCounts",
    "Results",
    "iter_matches",
    "matches_by_period",
    "parse_query",
    "search",
]

logger = logging.getLogger(__name__)

HEADLINE_POOL = 300
BODY_POOL = 1000
RERANK = 200
MAX_PAGES = 50
MAX_PER_PAGE = 100
EXACT_UP_TO = 10_000
# Below this many expected matches the matches are found through the GIN index and sorted (cost: the matches);
# above, the date index is walked newest-first, testing each story (cost: the stories walked until enough match).
FEW_MATCHES = 20_000
# Stories checked for an exact phrase at most, newest first (see _narrow_to_phrases): about 25 µs each. The check
# stops sooner at PHRASE_MATCHES matches: the ranking's pool.
PHRASE_CANDIDATES = 5_000
PHRASE_MATCHES = BODY_POOL
# Steps of a walk along the date index (_ordered) as costly as reading one match's row: see _collecting_is_cheaper.
WALK_STEPS_PER_ROW = 6
PHRASE_BATCH = 250  # stories walked and checked for a phrase between two reads of the walk
CHART_SAMPLE = 50_000  # index rows read for the chart of a query with too many matches to count
# The count collects every match when they are few enough (_count): when the planner expects between these
# many, a sample of COUNT_SAMPLE rows tells first whether the collection would be cut short. Below
# SAMPLED_ARCHIVE stories the sample is too small to tell, and the planner's estimate decides alone.
COUNT_SAMPLE = 5_000
SAMPLED_ARCHIVE = 200_000
FACET_SIZE = 10
TIMEOUT = "2s"
ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
CYRILLIC = re.compile("[\u0400-\u04ff]")
NEWEST = "d.published_at DESC NULLS LAST, d.article_id DESC"
OLDEST = "d.published_at ASC NULLS FIRST, d.article_id ASC"


class Order(StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"
    OLDEST = "oldest"


@dataclass(frozen=True)
class Hit:
    article: Article
    headline_html: SafeString
    snippet_html: SafeString
    score: float


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


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


class _NoMatch(Exception):
    """A filter names something the archive does not have: no story can match."""


# -- the query in SQL ---------------------------------------------------------------------------------------------


@dataclass
class _Plan:
    """A parsed query made SQL: the WHERE over ``articles_searchdocument d`` and what ranking needs."""

    where: str
    params: list
    has_text: bool
    headline_match: str = "TRUE"  # every word in the headline (SQL, on ``d``)
    headline_match_params: list = field(default_factory=list)
    # The WHERE beside headline_match: the filters and excluded words. Every positive word is in the story's
    # terms when it is in its headline, and the terms' GIN condition ANDed in cost a bitmap of every story
    # with the word (328,000 for "state", 32 ms) to find the newest 300 with it in the headline.
    headline_where: str = "TRUE"
    headline_params: list = field(default_factory=list)
    # Per positive term (a required word, then an OR group), SQL on ``d`` for scoring: in the headline, in the story.
    term_headlines: list[tuple[str, list]] = field(default_factory=list)
    term_stories: list[tuple[str, list]] = field(default_factory=list)
    term_hashes: list[list[int]] = field(default_factory=list)  # each positive word's lexemes, hashed
    required_hashes: list[list[int]] = field(default_factory=list)  # of the words required of every story
    few_matches: bool = False  # few enough that walking the date index would cost more (see _matches)
    phrase_query: str = ""  # the phrases (or the words in order), with positions, for headlines
    order_regex: str = ""  # the words in order in the story's text
    lexemes: frozenset[str] = frozenset()  # marked in every story's text
    stems: dict[str, frozenset[str]] = field(default_factory=dict)  # and by language, its stems of the words
    messages: list[str] = field(default_factory=list)
    matches: list[int] | None = None  # every match's id, when known (a query with a phrase: _narrow_to_phrases)
    matches_estimate: int | None = None  # how many match, when ``matches`` holds only the newest of them
    # Then: the condition of the stories holding the phrases' words, and the share of those checked that held them.
    phrase_share: float = 1.0
    words_where: str = ""
    words_params: list = field(default_factory=list)
    newest: list[int] | None = None  # the newest BODY_POOL matches' ids, once walked (_newest_matches)
    # Every match counted by section id, language and year, when the count collected them all (_count).
    match_counts: dict[str, dict[str, int]] | None = None
    # What the date index can test of a story as a walk passes it (alias ``s``): the filters it carries and each
    # positive word's bits in the story's signature (migration 0021). None: no walk, the matches are collected.
    walk_where: str | None = None
    # The WHERE as the planner estimates it best, for _estimate: the same stories but a few, told apart by language.
    estimated_where: str | None = None
    estimated_params: list = field(default_factory=list)
    walk_params: list = field(default_factory=list)


def _quote_lexeme(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _lexemes_of(tsquery: str) -> list[str]:
    return [m.replace("''", "'").replace("\\\\", "\\") for m in re.findall(r"'((?:[^']|'')*)'", tsquery)]


def _join_article_names(words: list[str]) -> list[str]:
    """ "Al Freih" typed as two words is one name, as the index joins it: "Al-Freih"."""
    joined: list[str] = []
    for word in words:
        if joined and joined[-1].lower() in {"al", "el"}:
            joined[-1] = joined[-1] + "-" + word
        else:
            joined.append(word)
    return joined


QUERY_LANGUAGES = [code for code, _ in settings.LANGUAGES]


@dataclass(frozen=True)
class _Form:
    """One analysis of a query word: its lexemes (every one of them must be there), as a tsquery too, in the
    stories written in ``languages``; in every story when ``languages`` is empty (the word unstemmed, as each
    story's names and the stories in a language without a stemmer are indexed). A stem is looked for only in
    its own language's stories: French reads "news" as "new", which English stories hold by the thousand."""

    lexemes: tuple[str, ...]
    tsquery: str
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Word:
    """A word of the query as the index knows it: its analyses, any of which may match (none: a stop word)."""

    forms: tuple[_Form, ...]
    phrase: str = ""  # the analysis in the word's own script's language, for phrases in headlines
    stop_in: tuple[str, ...] = ()  # the story languages it is a stop word of, whose stories' index lacks it


def _analyse(words: list[str], language: str) -> dict[str, _Word]:
    """Each word -> its analyses; a stop word has none (empty ``query``).

    Analysed with each of the site's languages, the other languages the archive's stories are written in
    that have a stemmer, and unstemmed ('simple'): a story is indexed with its own language's configuration,
    whichever it is. A stop word of the word's script's language (English for Latin script, Arabic,
    Russian) is in no such story's index, so it is left out of the query.
    """
    if not words:
        return {}
    # A name typed with its article ("al-Assad") matches it without one too ("Bashar Assad", as AP writes it), and
    # in its other spellings ("Mueller" and "Müller", "Zelensky" and "Zelenskyy": spelling_variants).
    bare = {word: bare_name(word) for word in words if bare_name(word) != word}
    variants = {word: spelling_variants(word) for word in words}
    words = list(dict.fromkeys([*words, *bare.values(), *(v for found in variants.values() for v in found)]))
    codes = list(dict.fromkeys([*QUERY_LANGUAGES, *([language] if language else [])]))
    # And the other languages the archive's stories are written in that have a stemmer of their own (a German
    # story's "Häuser" is indexed as "haus").
    sql = f"""
        WITH codes(code) AS (
            SELECT unnest(%s::text[])
            UNION
            SELECT code FROM ({languages.WRITTEN_SQL}) w WHERE search_config(code) <> 'simple'::regconfig
        )
        SELECT u.w, c.code, plainto_tsquery(search_config(c.code), search_prepare(u.w))::text
        FROM unnest(%s::text[]) AS u(w) CROSS JOIN codes c
    """  # noqa: S608 - fixed SQL
    found: dict[str, dict[str, str]] = {word: {} for word in words}
    with connection.cursor() as cursor:
        cursor.execute(_timeout_sql() + sql, [[*codes, "simple"], words])
        for word, code, query in cursor.fetchall():
            found[word][code] = query
    codes += sorted({code for by_code in found.values() for code in by_code} - {*codes, "simple"})
    analysed = {}
    for word, by_code in found.items():
        script = "ar" if ARABIC_SCRIPT.search(word) else "ru" if CYRILLIC.search(word) else "en"
        main = by_code.get(script, "")
        if not main and not (language and by_code.get(language)):
            analysed[word] = _Word(())
            continue
        phrase = main or by_code.get("simple", "")
        analysed[word] = _Word(
            forms=_forms(by_code, codes),
            # A run of CJK characters, cut into them by the index, stands in a headline as their phrase.
            phrase=phrase.replace(" & ", " <-> ") if CJK_CHARACTER.search(word) else phrase,
            stop_in=tuple(code for code in codes if by_code.get(code) == ""),
        )
    for word, others in [*((word, [name]) for word, name in bare.items()), *variants.items()]:
        if analysed[word].forms and (also := [form for other in others for form in analysed[other].forms]):
            forms = tuple(dict.fromkeys([*analysed[word].forms, *also]))
            analysed[word] = replace(analysed[word], forms=forms)
    return analysed


def _forms(by_code: dict[str, str], codes: list[str]) -> tuple[_Form, ...]:
    """A word's analyses (tsquery text by configuration code) as forms: unstemmed for every story, and each
    stem that differs from it for the stories in the languages that stem it so."""
    unstemmed = by_code.get("simple", "")
    everywhere = tuple(_lexemes_of(unstemmed))
    stems: dict[tuple[str, ...], tuple[str, list[str]]] = {}
    for code in codes:
        analysis = by_code.get(code, "")
        lexemes = tuple(_lexemes_of(analysis))
        if analysis and lexemes != everywhere:
            stems.setdefault(lexemes, (analysis, []))[1].append(code)
    forms = [_Form(everywhere, unstemmed)] if everywhere else []
    return (*forms, *(_Form(lexemes, query, tuple(langs)) for lexemes, (query, langs) in stems.items()))


def _hashes(lexemes: set[str]) -> dict[str, int]:
    """Each lexeme's hash as the index stores it (migration 0014's search_terms)."""
    if not lexemes:
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT l, hashtext(l) FROM unnest(%s::text[]) AS l", [sorted(lexemes)])
        return dict(cursor.fetchall())


def _form_condition(forms: list[_Form], test, *, alias: str) -> tuple[str, list]:
    """SQL true of the row ``alias`` when its story holds one of ``forms`` in its own language: ``test`` gives the
    SQL and parameters that test a row for a group of forms, applied to the stories in the group's languages."""
    by_languages: dict[tuple[str, ...], list[_Form]] = {}
    for form in forms:
        by_languages.setdefault(form.languages, []).append(form)
    tests, params = [], []
    for codes, group in by_languages.items():
        sql, values = test(group)
        if codes:
            sql, values = f"({alias}.language = ANY(%s) AND {sql})", [list(codes), *values]
        tests.append(sql)
        params += values
    return ("(" + " OR ".join(tests) + ")" if len(tests) > 1 else tests[0]), params


def _terms_condition(forms: list[_Form], hashes: dict[str, int]) -> tuple[str, list]:
    """SQL true when a story's terms hold one of ``forms`` (each: all of its lexemes) in its language.

    The GIN index serves a story holding any of the forms' lexemes (``d.terms && ...``, ANDed for every word in
    one scan of the index); which of them, in which language, is tested on the rows it finds, through the
    operators' functions, which the planner does not take to the index: as separate scans of it, ORed, for
    three common words they built three bitmaps of 150,000 to 330,000 stories each, too big to keep exact (700
    ms where the one scan took 60).
    """
    every = _form_hashes(forms, hashes)
    if all(len(form.lexemes) == 1 and not form.languages for form in forms):
        return "d.terms && %s::int4[]", [every]
    if all(len(form.lexemes) == 1 for form in forms):
        exactly, values = _own_language_condition(forms, hashes, every)
    else:  # a hyphenated word's parts: every one of them
        exactly, values = _form_condition(
            forms,
            lambda group: (
                "(" + " OR ".join("arraycontains(d.terms, %s::int4[])" for _form in group) + ")",
                [sorted({hashes[x] for x in form.lexemes}) for form in group],
            ),
            alias="d",
        )
    return f"(d.terms && %s::int4[] AND {exactly})", [every, *values]


def _own_language_condition(forms: list[_Form], hashes: dict[str, int], every: list[int]) -> tuple[str, list]:
    """SQL true when a story holding one of ``every`` (the forms' hashes) holds one that is its language's.

    A language the forms give every hash to (English for "government": "government" and "govern") needs no
    test; the others hold one of theirs (English, for "news": "news", not French's "new"); a language no form
    names, the unstemmed word. One test a story at most, where testing each form cost a fifth of the count.
    """
    everywhere = {hashes[form.lexemes[0]] for form in forms if not form.languages}
    own: dict[str, set[int]] = {}
    for form in forms:
        for code in form.languages:
            own.setdefault(code, set(everywhere)).add(hashes[form.lexemes[0]])
    by_hashes: dict[tuple[int, ...], list[str]] = {}
    for code, held in own.items():
        by_hashes.setdefault(tuple(sorted(held)), []).append(code)
    cases, params = [], []
    for held, codes in by_hashes.items():
        if list(held) == every:
            cases.append("WHEN d.language = ANY(%s) THEN TRUE")
            params.append(codes)
        else:
            cases.append("WHEN d.language = ANY(%s) THEN arrayoverlap(d.terms, %s::int4[])")
            params += [codes, list(held)]
    if not everywhere:
        return f"CASE {' '.join(cases)} ELSE FALSE END", params
    if sorted(everywhere) == every:
        return f"CASE {' '.join(cases)} ELSE TRUE END", params
    return f"CASE {' '.join(cases)} ELSE arrayoverlap(d.terms, %s::int4[]) END", [*params, sorted(everywhere)]


def _form_hashes(forms: list[_Form], hashes: dict[str, int]) -> list[int]:
    """Every lexeme's hash of ``forms``, sorted: what the GIN index is asked for."""
    return sorted({hashes[x] for form in forms for x in form.lexemes})


def _headline_condition(forms: list[_Form]) -> tuple[str, list]:
    """SQL true when a story's headline holds one of ``forms`` in its language."""

    def holds(group: list[_Form]) -> tuple[str, list]:
        return "d.headline_vector @@ %s::tsquery", [" | ".join(f"( {form.tsquery} )" for form in group)]

    return _form_condition(forms, holds, alias="d")


SIGNATURE_BITS = 1024  # migration 0021


def _signature_mask(hashes) -> str:
    """The signature with the bits of each of these hashes set (two each: migration 0021), as ``bit`` text."""
    bits = ["0"] * SIGNATURE_BITS
    for value in hashes:
        bits[value & (SIGNATURE_BITS - 1)] = bits[(value >> 11) & (SIGNATURE_BITS - 1)] = "1"
    return "".join(bits)


def _signature_condition(forms: list[_Form], hashes: dict[str, int]) -> tuple[str, list]:
    """SQL true of the date index's row ``s`` when its story's signature may hold one of ``forms`` in its
    language: true of every story that does, and of others by chance (a Bloom filter)."""

    def may_hold(group: list[_Form]) -> tuple[str, list]:
        tests, params = [], []
        for form in group:
            tests.append(f"(s.signature & %s::bit({SIGNATURE_BITS})) = %s::bit({SIGNATURE_BITS})")
            mask = _signature_mask(hashes[x] for x in form.lexemes)
            params += [mask, mask]
        return "(" + " OR ".join(tests) + ")", params

    return _form_condition(forms, may_hold, alias="s")


def _timeout_sql() -> str:
    """The statement timeout of ``_with_timeout``, sent ahead of its first query."""
    if getattr(connection, "search_timeout_pending", False):
        connection.search_timeout_pending = False
        return f"SET LOCAL statement_timeout = '{TIMEOUT}'; "
    return ""


MOST_NAMED = 50  # authors a part of a name may stand for (author:Sabbagh)


def _resolve(model, value: str) -> list[int]:
    """The ids a filter's value names: by slug or name, accents and case aside; an author also by alias, or by
    a part of the name ("author:Sabbagh": every author whose name holds that word)."""
    key = match_key(value)
    lookup = Q(slug=value) | Q(name__iexact=value) | Q(name__unaccent__iexact=value)
    if model is Author:
        lookup |= Q(name_key=key) | Q(aliases__name_key=key)
    found = list(model.objects.filter(lookup).values_list("pk", flat=True)[:1])
    if not found and model is Author and key:
        whole_words = Q()
        for word in key.split():
            whole_words &= Q(name_key__regex=rf"\m{re.escape(word)}\M")
        found = list(model.objects.filter(whole_words).values_list("pk", flat=True)[:MOST_NAMED])
    if not found:
        messages = {
            Author: _("No author “%(name)s” in the archive."),
            Place: _("No place “%(name)s” in the archive."),
            Section: _("No section “%(name)s” in the archive."),
            Tag: _("No tag “%(name)s” in the archive."),
        }
        raise _NoMatch(messages[model] % {"name": value})
    return found


def _filter_sql(filters: Filters, *, staff: bool) -> tuple[list[str], list, list[str], list]:
    """The filters' conditions on the index's rows ``d``, their parameters, and of them those that the date
    index itself can test (status, language, section, dates: it carries them), written for any alias ``{a}``,
    with theirs: a walk of the date index tests them before reading a row (``_walk``)."""
    where, params, indexed, indexed_params = [], [], [], []

    def on_index(condition: str, *values) -> None:
        where.append(condition.format(a="d"))
        indexed.append(condition)
        params.extend(values)
        indexed_params.extend(values)

    if staff:
        if filters.status:
            if filters.status not in Article.Status.values:
                raise _NoMatch(_("Unknown status “%(status)s”.") % {"status": filters.status})
            on_index("{a}.status = %s", filters.status)
        if filters.source:
            where.append(
                "EXISTS (SELECT 1 FROM articles_provenance p WHERE p.article_id = d.article_id"
                " AND (p.parser LIKE %s OR p.source LIKE %s))"
            )
            params += [filters.source.replace("%", "") + "%", "%" + filters.source.replace("%", "") + "%"]
        if filters.pending_check_also:
            where.append("EXISTS (SELECT 1 FROM articles_article a WHERE a.id = d.article_id AND a.pending_check_also)")
    else:
        on_index("{a}.status = 'published'")
    if filters.language:
        if not (code := languages.story_language(filters.language)):
            raise _NoMatch(_("No language “%(name)s”: name it as “fr” or “French”.") % {"name": filters.language[:40]})
        on_index("{a}.language = %s", code)
    if filters.section:
        on_index("{a}.section_id = ANY(%s)", _resolve(Section, filters.section))
    for value, model, table, column in (
        (filters.author, Author, "articles_byline", "author_id"),
        (filters.place, Place, "articles_article_places", "place_id"),
        (filters.tag, Tag, "articles_article_tags", "tag_id"),
    ):
        if value:
            where.append(
                f"EXISTS (SELECT 1 FROM {table} j WHERE j.article_id = d.article_id AND j.{column} = ANY(%s))"  # noqa: S608
            )
            params.append(_resolve(model, value))
    date_from, date_to = filters.date_from, filters.date_to
    if filters.year:
        if not 1 <= filters.year <= 9999:
            raise _NoMatch(_("No year %(year)s.") % {"year": filters.year})
        date_from = max(date_from or date(filters.year, 1, 1), date(filters.year, 1, 1))
        date_to = min(date_to or date(filters.year, 12, 31), date(filters.year, 12, 31))
    if date_from:
        on_index("{a}.published_at >= %s", date_from)
    if date_to and date_to < date.max:
        on_index("{a}.published_at < %s", date_to + timedelta(days=1))
    return where, params, indexed, indexed_params


def _plan(
    parsed: ParsedQuery, filters: Filters, *, staff: bool, order: Order = Order.RELEVANCE, phrase_matches: int = 0
) -> _Plan:
    """The query as SQL; ``phrase_matches``: how many of an exact phrase's matches to find (PHRASE_MATCHES)."""
    where, params, indexed, indexed_params = _filter_sql(filters, staff=staff)
    words = _join_article_names(list(parsed.words))
    # A word of several Chinese, Japanese or Korean characters is a phrase of them: the index keeps each character
    # as a word (migration 0019), and they must stand together, in order.
    runs = [word for word in words if len(CJK_CHARACTER.findall(word)) > 1]
    words = [word for word in words if word not in runs]
    phrase_words = [_join_article_names(p.split()) for p in parsed.phrases] + [[run] for run in runs]
    groups = [list(g) for g in parsed.any_of]
    every = [*words, *(w for p in phrase_words for w in p), *(w for g in groups for w in g), *parsed.excluded]
    analysed = _analyse(list(dict.fromkeys(every)), languages.story_language(filters.language or "") or "")
    plan = _Plan(where=" AND ".join(where) or "TRUE", params=params, has_text=False)
    # Each positive term's forms: a required word's, or an OR group's words' together.
    required_words = [analysed[w] for w in [*words, *(w for p in phrase_words for w in p)] if analysed[w].forms]
    terms = [list(word.forms) for word in required_words]
    for group in groups:
        if kept := [form for w in group for form in analysed[w].forms]:
            terms.append(list(dict.fromkeys(kept)))
    if not terms:
        if parsed.words or parsed.phrases or parsed.any_of:
            plan.messages.append(_("Only very common words were given (like “the”): add a word that says more."))
        return plan
    excluded = [list(analysed[w].forms) for w in parsed.excluded if analysed[w].forms]
    hashes = _hashes({x for forms in [*terms, *excluded] for form in forms for x in form.lexemes})
    # A word that is a stop word of a story language (French "la", German "und": those stories' index lacks it) is
    # required only of the stories in the other languages; unless every word is such a one, which would leave the
    # GIN index nothing to look up.
    skipped_in = [word.stop_in for word in required_words]
    if all(skipped_in):
        skipped_in = [()] * len(required_words)
    skipped_in += [()] * (len(terms) - len(required_words))
    conditions, condition_params = [], []
    estimated, estimated_params = [], []
    signed, signed_params = [], []
    for index, (forms, skipped) in enumerate(zip(terms, skipped_in, strict=True)):
        term_hashes = _form_hashes(forms, hashes)
        plan.term_hashes.append(term_hashes)
        tests = {
            "terms": _terms_condition(forms, hashes),
            "signature": _signature_condition(forms, hashes),
            "headline": _headline_condition(forms),
        }
        if skipped:
            for key, (sql, values) in tests.items():
                alias = "s" if key == "signature" else "d"
                tests[key] = f"({alias}.language = ANY(%s) OR {sql})", [list(skipped), *values]
        else:
            # As the planner estimates it best: any of the lexemes, which its statistics know one by one.
            estimated.append("d.terms && %s::int4[]")
            estimated_params.append(term_hashes)
            if index < len(required_words):
                plan.required_hashes.append(term_hashes)
        conditions.append(tests["terms"][0])
        condition_params += tests["terms"][1]
        signed.append(tests["signature"][0])
        signed_params += tests["signature"][1]
        plan.term_headlines.append(tests["headline"])
    plan.walk_where = " AND ".join([*signed, *(condition.format(a="s") for condition in indexed)])
    plan.walk_params = [*signed_params, *indexed_params]
    # An OR group's words need the story's terms read to tell which of them it holds, for its score.
    plan.term_stories = [("TRUE", [])] * len(required_words) + [
        _terms_condition(forms, hashes) for forms in terms[len(required_words) :]
    ]
    excluding, excluding_params = [], []
    for forms in excluded:
        sql, values = _terms_condition(forms, hashes)
        excluding.append(f"NOT {sql}")
        excluding_params += values
    conditions += excluding
    condition_params += excluding_params
    plan.headline_where = " AND ".join([*excluding, plan.where])
    plan.headline_params = [*excluding_params, *params]
    plan.has_text = True
    plan.estimated_where = f"{' AND '.join([*estimated, *excluding])} AND {plan.where}"
    plan.estimated_params = [*estimated_params, *excluding_params, *params]
    plan.where = f"{' AND '.join(conditions)} AND {plan.where}"
    plan.params = [*condition_params, *params]
    plan.headline_match = " AND ".join(sql for sql, _values in plan.term_headlines)
    plan.headline_match_params = [value for _sql, values in plan.term_headlines for value in values]
    plan.few_matches = _most_matches(plan.required_hashes or plan.term_hashes) < FEW_MATCHES
    phrase_forms = [" <-> ".join(analysed[w].phrase for w in p if analysed[w].phrase) for p in phrase_words]
    if not phrase_forms and len(words) > 1:
        phrase_forms = [" <-> ".join(analysed[w].phrase for w in words if analysed[w].phrase)]
    plan.phrase_query = " & ".join(f"( {p} )" for p in phrase_forms if p)
    if len(words) > 1 and not parsed.phrases:
        plan.order_regex = words_in_order_pattern(words)
    every_form = [form for forms in terms for form in forms]
    plan.lexemes = frozenset(x for form in every_form if not form.languages for x in form.lexemes)
    for form in every_form:
        for code in form.languages:
            plan.stems[code] = plan.stems.get(code, frozenset()) | frozenset(form.lexemes)
    if runs:  # highlighted where the run stands, not wherever one of its characters does
        characters = {c for run in runs for c in run} - set(words)
        plan.lexemes = frozenset({x for x in plan.lexemes if x not in characters} | {fold(run) for run in runs})
    if phrase_words:
        _narrow_to_phrases(
            plan,
            [words_in_order_pattern(words) for words in phrase_words],
            oldest_first=order == Order.OLDEST,
            most=phrase_matches or PHRASE_MATCHES,
        )
    return plan


def _narrow_to_phrases(plan: _Plan, regexes: list[str], *, oldest_first: bool, most: int) -> None:
    """Keep, of the stories holding every word, those with each exact phrase in their text: their ids.

    The index keeps no positions, so a phrase is checked on the story's own text and names (a
    regular expression, about 25 µs a story: ``_phrases_in_story``). Checked once, here, the
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
    in_text, regexes = _phrases_in_story(regexes)
    walk = OLDEST if oldest_first else NEWEST
    with connection.cursor() as cursor:
        holding_words = _estimate(cursor, plan)
        # A quoted name's words go together: the planner, taking them as independent, expected 6,118 stories
        # holding "Rami" and "Mahfouz" where 64,396 do. A sample tells, as for the count (_count).
        if _words_may_go_together(plan, holding_words, limit=PHRASE_CANDIDATES) and (
            (sampled := _sampled_estimate(cursor, plan) or 0) > 2 * holding_words
        ):
            holding_words = sampled
        collect = _collecting_is_cheaper(holding_words, PHRASE_CANDIDATES)
        stories, stories_params = _ordered(replace(plan, few_matches=plan.few_matches or collect), walk)
        # Story by story in the walk's order (LATERAL), each with whether it holds the phrases, read from a
        # server-side cursor a batch at a time: PostgreSQL walks and checks only as far as the batches read.
        candidates = f"""
            SELECT c.article_id, c.published_at, p.holds FROM ({stories} LIMIT %s) c
            LEFT JOIN LATERAL (SELECT true AS holds FROM articles_article a WHERE a.id = c.article_id AND {in_text}) p
            ON true
            ORDER BY {walk.replace("d.", "c.")}
        """  # noqa: S608 - fixed SQL and our own WHERE; every value is a parameter
        found: list[int] = []
        walked, reached, stopped_short = 0, None, False
        with connection.chunked_cursor() as walk_cursor:
            # One story more than PHRASE_CANDIDATES, one match more than ``most``: either says there are more.
            walk_cursor.execute(candidates, [*stories_params, PHRASE_CANDIDATES + 1, *regexes])
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
            pool, pool_params = _headline_pool(plan, phrase=True)
            cursor.execute(
                f"SELECT ARRAY(SELECT h.article_id FROM {pool} h JOIN articles_article a"  # noqa: S608
                f" ON a.id = h.article_id WHERE h.article_id <> ALL(%s) AND {in_text})",
                [*pool_params, ids, *regexes],
            )
            ids += cursor.fetchone()[0]
        if stopped_short:
            share = len(found) / (walked - 1)
            if holding_words < walked:  # the planner's estimate is wrong: more hold the words than it expected
                holding_words = max(walked, _sampled_estimate(cursor, plan) or 0)
            plan.matches_estimate = max(len(ids), round(share * holding_words))
            # For the chart: the stories holding the words, and the share of them that held the phrase.
            plan.phrase_share, plan.words_where, plan.words_params = share, plan.where, plan.params
        elif walked > PHRASE_CANDIDATES:  # the newest PHRASE_CANDIDATES stories holding the words were checked
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
            date_text = reached.date().isoformat() if reached else "?"
            plan.messages.append(message % {"count": f"{PHRASE_CANDIDATES:,}", "date": date_text})
    # Each of them holds the words and passes the filters already: the list is the whole condition, and the
    # only one PostgreSQL sees, so it reads them by primary key (ANDed with the words' GIN conditions, it
    # collected every story with the words again: 760 ms for "gun crying").
    plan.matches = sorted(ids)
    plan.where, plan.estimated_where = "d.article_id = ANY(%s::bigint[])", None
    plan.params = [plan.matches]
    plan.headline_where, plan.headline_params = plan.where, plan.params
    plan.few_matches = True


def _collecting_is_cheaper(matches: int, wanted: int) -> bool:
    """Whether collecting every one of ``matches`` stories (through the GIN index) and sorting them costs less
    than walking the date index to find the newest ``wanted`` of them.

    The walk reads about ``wanted`` x stories / ``matches`` rows of the date index, testing each one's
    signature there, and the table's row of the few that pass (``_ordered``); the collection reads every
    match's row. One match collected costs about WALK_STEPS_PER_ROW steps of the walk: measured on exact
    phrases at a million stories, for 5,000 candidates, the crossing is near 28,000 stories holding the
    words ("looks projects", 26,000: 195 ms collected, 304 walked; "note artists", 30,000: 167 and 88).
    """
    stories = max(_frequencies["stories"], 1)
    return matches * matches * WALK_STEPS_PER_ROW < wanted * stories


def _phrases_in_story(regexes: list[str]) -> tuple[str, list]:
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


def _estimate(cursor, plan: _Plan) -> int:
    """The planner's estimate of the stories matching ``plan``."""
    where, params = (plan.estimated_where, plan.estimated_params) if plan.estimated_where else (plan.where, plan.params)
    cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM articles_searchdocument d WHERE {where}", params)  # noqa: S608
    raw = cursor.fetchone()[0]
    return int((raw if isinstance(raw, list) else json.loads(raw))[0]["Plan"]["Plan Rows"])


# -- ranking --------------------------------------------------------------------------------------------------------

# Read at (time.monotonic()), or None: to be read. Not 0: the monotonic clock starts near zero when the machine
# boots, and for its first ten minutes a search would have read no statistics at all.
_frequencies: dict = {"at": None, "table": {}, "floor": 0.0001, "stories": 0}


def _word_frequencies() -> tuple[dict[int, float], float]:
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


def _most_matches(required: list[list[int]]) -> float:
    """At most how many stories can hold every required word: as many as hold the rarest of them.

    PostgreSQL's own estimate for a word missing from its statistics is a fixed fraction of the rows
    (ten thousand in a million), which for a rare word makes walking the date index look cheap; it then
    reads the whole index to find 400 stories (1.7 s at a million). Our shares give a word missing from
    the statistics their floor. Not a product of the shares: words are not independent (an author's first
    and last names go together), and this bound is never too low.
    """
    table, floor = _word_frequencies()
    # A word's analyses (stemmed, as typed) mostly hold the same stories: its share is the largest of theirs.
    shares = [max((table.get(x, floor) for x in hashes), default=1.0) for hashes in required]
    return min(shares, default=1.0) * _frequencies["stories"]


def _ordered(plan: _Plan, order: str) -> tuple[str, list]:
    """A statement selecting the matches' ``article_id, published_at`` in ``order`` (NEWEST or OLDEST), for the
    caller to take the first of (LIMIT), and its parameters.

    Few possible matches (``_most_matches``) are collected through the GIN index and sorted: a subquery
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
    holds_words = f"SELECT 1 FROM articles_searchdocument d WHERE d.article_id = s.article_id AND {plan.where} OFFSET 0"  # noqa: S608
    sql = f"""SELECT s.article_id, s.published_at FROM articles_searchdocument s
        WHERE {plan.walk_where} AND EXISTS ({holds_words})
        ORDER BY {order.replace("d.", "s.")}"""  # noqa: S608 - fixed SQL and our own WHERE; every value is a parameter
    return sql, [*plan.walk_params, *plan.params]


def _idf(hashes: list[int]) -> float:
    table, floor = _word_frequencies()
    frequency = max((table.get(x, floor) for x in hashes), default=floor)
    return math.log(1 + 1 / max(frequency, 1e-7))


def _ranked_ids(cursor, plan: _Plan, limit: int, offset: int) -> tuple[list[tuple[int, float]], int]:
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
    headlines, headline_params = _headline_pool(plan)
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
    newest = _newest_matches(cursor, plan)
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


def _headline_pool(plan: _Plan, *, phrase: bool = False) -> tuple[str, list]:
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


def _newest_matches(cursor, plan: _Plan) -> list[int]:
    """The ids of the newest ``BODY_POOL`` matches: the ranking's pool and, past EXACT_UP_TO, the facets' sample.

    Walked once for both (it was walked twice, 1,000 deep for one and 2,000 for the other: for two common
    words, half of a whole page's time went to the second walk).
    """
    if plan.newest is None:
        newest, params = _ordered(plan, NEWEST)
        cursor.execute(f"SELECT ARRAY(SELECT article_id FROM ({newest} LIMIT {BODY_POOL}) n)", params)  # noqa: S608
        plan.newest = cursor.fetchone()[0]
    return plan.newest


def _walk_ids(cursor, plan: _Plan, order: Order, limit: int, offset: int) -> list[tuple[int, float]]:
    newest = plan.newest
    if order == Order.NEWEST and newest is not None and (offset + limit <= len(newest) or len(newest) < BODY_POOL):
        # The count collected every match and kept the newest (see _count): the page is among them.
        return [(pk, 0.0) for pk in newest[offset : offset + limit]]
    ordered, params = _ordered(plan, OLDEST if order == Order.OLDEST else NEWEST)
    cursor.execute(f"{ordered} LIMIT %s OFFSET %s", [*params, limit, offset])
    return [(row[0], 0.0) for row in cursor.fetchall()]


# -- counts and facets ----------------------------------------------------------------------------------------------


def _count(cursor, plan: _Plan) -> tuple[int, bool]:
    """Exact up to EXACT_UP_TO, else the planner's estimate, or near the collection's limit a sample's (never
    counting every match of a common word).

    Where the planner expects few enough matches to collect, they are collected once (up to twice
    EXACT_UP_TO), for the count, for their counts by section, language and year (the facets: ``_facets``),
    and for the newest of them, which the ranking's pool and the facets'
    sample then take from here rather than walk the date index for (``_newest_matches``): for two words
    together in one story in a hundred, the walk read 80,000 stories to find the newest 1,000 (102 ms at a
    million) after the count had read the 12,308 matches already (59 ms).
    """
    if plan.matches is not None:
        if plan.matches_estimate is not None:
            return plan.matches_estimate, True
        return len(plan.matches), False
    estimate = _estimate(cursor, plan)
    collect = 2 * EXACT_UP_TO
    if estimate > collect:
        return estimate, True
    # Past EXACT_UP_TO a sample says whether there are so many that the count may be an estimate. Collecting
    # reads every match's row (3.3 us each: 50 to 65 ms for 15,000 to 19,000 matches at a million), where
    # walking for the newest BODY_POOL reads a few thousand (``_ordered``: 15 to 25 ms); and cut short at
    # 2 x EXACT_UP_TO, the collection has read them all for nothing. The sample is taken to mean more than
    # EXACT_UP_TO from 1.5 times it: its error, on two and three common words at a million, reached a third
    # (6,975 matches sampled as 9,200). Below EXACT_UP_TO the sample's 6 ms cost more than they save, but
    # where the words may go together (a reporter's first and last names: the planner takes them as
    # independent), from a quarter of it.
    together = _words_may_go_together(plan, estimate, limit=collect)
    sampled = _sampled_estimate(cursor, plan) if estimate >= EXACT_UP_TO or together else None
    if sampled and sampled > EXACT_UP_TO * 3 // 2:
        return sampled, True
    cursor.execute(
        f"""WITH m AS MATERIALIZED (
                SELECT d.article_id, d.published_at, d.section_id, d.language
                FROM articles_searchdocument d WHERE {plan.where} LIMIT %s)
            SELECT (SELECT count(*) FROM m),
                   ARRAY(SELECT article_id FROM m ORDER BY published_at DESC NULLS LAST, article_id DESC LIMIT %s),
                   ARRAY(SELECT ARRAY[facet, value, count::text] FROM (
                       SELECT 'section', section_id::text, count(*) FROM m WHERE section_id IS NOT NULL GROUP BY 2
                       UNION ALL SELECT 'language', language, count(*) FROM m GROUP BY 2
                       UNION ALL SELECT 'year', extract(year FROM published_at AT TIME ZONE 'UTC')::int::text, count(*)
                                 FROM m WHERE published_at IS NOT NULL GROUP BY 2) c(facet, value, count))""",  # noqa: S608
        [*plan.params, collect + 1, BODY_POOL],
    )
    found, newest, counts = cursor.fetchone()
    if found > collect:
        return max(estimate, found), True
    plan.newest = newest  # every match was seen: these are the newest of them
    plan.match_counts = {"section": {}, "language": {}, "year": {}}
    for facet, value, count in counts:
        plan.match_counts[facet][value] = int(count)
    return found, found > EXACT_UP_TO


def _words_may_go_together(plan: _Plan, estimate: int, *, limit: int) -> bool:
    """Whether several words, each in more than ``limit`` stories, may match many more than the planner's
    ``estimate`` (from a quarter of EXACT_UP_TO): it takes words as independent, and a name's are not."""
    return (
        estimate >= EXACT_UP_TO // 4
        and len(plan.term_hashes) > 1
        and _most_matches(plan.required_hashes or plan.term_hashes) > limit
    )


def _sampled_estimate(cursor, plan: _Plan) -> int | None:
    """How many stories match, from about COUNT_SAMPLE rows in whole pages (the same pages every time); None
    in an archive too small to sample.

    The planner takes words as independent, and words that go together ("better", "high", "make")
    match more stories than it expects: 27,800 in a sample of 5,000 rows where it expected 19,857. About
    10 ms at a million (the sample's pages stay in memory, read by every such search).
    """
    _word_frequencies()  # reads the archive's size with the words' shares (every 10 minutes)
    if _frequencies["stories"] < SAMPLED_ARCHIVE:
        return None
    percent = min(100.0, 100.0 * COUNT_SAMPLE / _frequencies["stories"])
    cursor.execute(
        f"SELECT count(*) FROM articles_searchdocument d TABLESAMPLE SYSTEM ({percent:.4f}) REPEATABLE (0)"  # noqa: S608
        f" WHERE {plan.where}",
        plan.params,
    )
    return round(cursor.fetchone()[0] * 100.0 / percent)


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


def _facets(cursor, plan: _Plan, filters: Filters, total: int, exact: bool) -> tuple[dict, bool]:
    """Each facet's values and counts, and whether the counts are estimates.

    Section, language and year are exact whenever the count collected every match (up to 2 x
    EXACT_UP_TO: ``_count`` counts them by these on the way). Authors and places need each
    match's bylines and places joined, about 15 ms a thousand matches: they are counted on every
    match up to BODY_POOL, else on the newest BODY_POOL and scaled up (for 10,000 matches the five
    facets counted on every match took 140-180 ms at a million, the rest of the search 80).
    Without that collection, with too many matches to count, every facet is counted on the newest
    BODY_POOL and scaled.
    """
    newest = _newest_matches(cursor, plan)
    kept = plan.match_counts
    if exact and kept is None and total > len(newest):
        # A phrase's matches, listed by _narrow_to_phrases and never collected: few enough to count them all.
        sample, params, sampled = plan.where, plan.params, total
    else:
        sample, params, sampled = "d.article_id = ANY(%s::bigint[])", [newest], len(newest)
    counted_here = ["author", "place"] if kept is not None else list(FACET_SQL)
    sql = f"""
        WITH m AS MATERIALIZED (
            SELECT d.article_id, d.section_id, d.language, d.published_at
            FROM articles_searchdocument d WHERE {sample})
        {" UNION ALL ".join(FACET_SQL[key] % {"size": FACET_SIZE} for key in counted_here)}
    """  # noqa: S608 - fixed SQL and our own WHERE; every value is a parameter
    cursor.execute(sql, params)
    rows = cursor.fetchall()
    scale = total / sampled if sampled and total > sampled else 1.0
    if kept is not None:
        rows += _counted_facet_rows(kept)
    selected = {
        "section": filters.section,
        "author": filters.author,
        "place": filters.place,
        "language": languages.story_language(filters.language or "") or "",
        "year": str(filters.year or ""),
    }
    facets: dict[str, list[FacetValue]] = {key: [] for key in ("section", "author", "place", "year", "language")}
    for key, value, label, count in rows:
        if key == "language":
            label = languages.language_name(value)
        if key in counted_here:
            count = round(count * scale)
        facets[key].append(FacetValue(value=value, label=label, count=count, selected=selected[key] == value))
    facets["section"].sort(key=lambda f: (-f.count, f.label))
    facets["year"].sort(key=lambda f: f.value, reverse=True)
    facets["language"].sort(key=lambda f: -f.count)
    return facets, scale != 1.0


def _counted_facet_rows(counts: dict[str, dict[str, int]]) -> list[tuple[str, str, str, int]]:
    """The section, language and year rows of ``_count``'s counts of every match, sections named."""
    names = Section.objects.filter(pk__in=[int(pk) for pk in counts["section"]]).values_list("pk", "slug", "name")
    sections = {str(pk): (slug, name) for pk, slug, name in names}
    by_section = sorted(
        ((*sections[pk], count) for pk, count in counts["section"].items() if pk in sections),
        key=lambda row: (-row[2], row[1]),
    )
    return [
        *(("section", slug, name, count) for slug, name, count in by_section[:30]),
        *(("language", value, value, count) for value, count in counts["language"].items()),
        *(("year", value, value, count) for value, count in counts["year"].items()),
    ]


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
        # "al", "el", "of", "2015": no word of the archive's is better; CJK text is cut into characters
        if len(word) < 3 or not word.isalpha() or CJK_CHARACTER.search(word):
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
            text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", better[0], text, count=1)
            changed = True
    return text if changed else None


# -- the API --------------------------------------------------------------------------------------------------------


def _articles(ids: list[int]) -> dict[int, Article]:
    return Article.objects.for_listing().in_bulk(ids)


def _hits(scored: list[tuple[int, float]], plan: _Plan) -> list[Hit]:
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
    return parsed, combined, list(parsed.problems)


def _with_timeout():
    """A transaction whose statements PostgreSQL stops after TIMEOUT."""

    class _Scope:
        def __enter__(self):
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            # Sent with the transaction's first query (one round trip fewer): see _timeout_sql.
            connection.search_timeout_pending = True
            return self

        def __exit__(self, *exc):
            connection.search_timeout_pending = False
            return self.atomic.__exit__(*exc)

    return _Scope()


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
    if parsed.is_empty() and combined.is_empty():
        return empty
    try:
        with _with_timeout(), connection.cursor() as cursor:
            plan = _plan(parsed, combined, staff=staff, order=order)
            if timeout := _timeout_sql():  # no word was analysed: set it now
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
            total, estimate = _count(cursor, plan)
            if order == Order.RELEVANCE and plan.has_text:
                scored, reachable = _ranked_ids(cursor, plan, per_page, offset)
            else:
                scored, reachable = _walk_ids(cursor, plan, order, per_page, offset), total
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
                    scored, _pool = _ranked_ids(cursor, plan, per_page, offset)
                else:
                    scored = _walk_ids(cursor, plan, order, per_page, offset)
            facets, facets_estimated = ({}, False)
            if with_facets and total:
                facets, facets_estimated = _facets(cursor, plan, combined, total, exact=not estimate)
            suggestion = _suggestion(cursor, parsed) if plan.has_text and total < 20 else None
            hits = _hits(scored, plan)
    except _NoMatch as problem:
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


def _matching_plan(text: str, filters: Filters, staff: bool) -> _Plan | None:
    """The plan of the stories that match, its condition on the index's rows ``d``; None when nothing can match."""
    parsed, combined, _messages = _prepare(text, filters, staff)
    try:
        plan = _plan(parsed, combined, staff=staff)
    except _NoMatch:
        return None
    if not plan.has_text and (not parsed.is_empty() or combined.is_empty()):
        return None
    return plan


def matching_sql(text: str, *, filters: Filters = Filters(), staff: bool = True) -> tuple[str, list] | None:  # noqa: B008
    """SQL selecting the ids of the stories that match (no order), or None when nothing can match."""
    if (plan := _matching_plan(text, filters, staff)) is None:
        return None
    return f"SELECT d.article_id FROM articles_searchdocument d WHERE {plan.where}", plan.params  # noqa: S608


def matching_exists_sql(text: str, *, story_id: str) -> tuple[str, list] | None:
    """SQL that is true of the story whose id is the column ``story_id`` when it matches ``text`` (any status).

    A condition to test story by story, for a walk of the archive that stops at a page's worth: see
    ``admin_search``. None when nothing can match.
    """
    if (plan := _matching_plan(text, Filters(), True)) is None:
        return None
    # OFFSET 0: tested story by story, never turned into a collection of every match (see admin_search).
    sql = f"EXISTS (SELECT 1 FROM articles_searchdocument d WHERE d.article_id = {story_id} AND {plan.where} OFFSET 0)"  # noqa: S608
    return sql, plan.params


def few_matching_ids(text: str, *, most: int) -> list[int] | None:
    """The ids of the stories matching ``text`` (any status) when at most ``most`` do, else None.

    For a search combined with other conditions by OR, as the admin's box does: for
    ``id IN (subquery) OR ...`` PostgreSQL guesses that half the archive matches,
    walks the date index newest-first and tests every story on the way (210 ms to
    find an author's 480 stories at a million). A list of ids it counts, and fetches
    by primary key. Whether few can match comes first from the statistics (the plan's
    ``few_matches``: under FEW_MATCHES), so a common word costs no query here; then
    from fetching up to ``most`` + 1 of them. ``most`` should be below FEW_MATCHES.
    """
    plan = _matching_plan(text, Filters(), True)
    if plan is None:
        return []
    if not plan.has_text or not plan.few_matches:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d.article_id FROM articles_searchdocument d WHERE {plan.where} LIMIT %s",  # noqa: S608
            [*plan.params, most + 1],
        )
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

    Exact when the planner expects at most ``2 * EXACT_UP_TO`` matches. Above that (a
    common word in a million stories has hundreds of thousands, too many to count under
    the statement timeout) the index's rows are sampled, about ``CHART_SAMPLE`` of them
    in whole pages (TABLESAMPLE SYSTEM, the same pages every time), and the counts scaled
    up: the shape over time is what the chart shows. An exact phrase in more stories than
    its check reached counts the stories holding its words, scaled by the share of those
    checked that held the phrase.
    """
    if year:
        filters = Filters(**{**filters.__dict__, "year": year})
    parsed, combined, _messages = _prepare(text, filters, staff)
    unit, width = ("month", 7) if year else ("year", 4)
    try:
        with _with_timeout(), connection.cursor() as cursor:
            plan = _plan(parsed, combined, staff=staff)
            if not plan.has_text and (not parsed.is_empty() or combined.is_empty()):
                return PeriodCounts([])
            if timeout := _timeout_sql():
                cursor.execute(timeout)
            _total, estimated = _count(cursor, plan)
            where, params, scale = plan.where, plan.params, 1.0
            if plan.matches_estimate is not None:
                # A phrase in more stories than were checked (only the newest were: see _narrow_to_phrases): the
                # stories holding its words over time, times the share of those checked that held the phrase.
                where, params, scale = plan.words_where, plan.words_params, plan.phrase_share
            sample = ""
            if estimated:
                cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'articles_searchdocument'::regclass")
                rows = max(cursor.fetchone()[0], 1)
                percent = min(100.0, 100.0 * CHART_SAMPLE / rows)
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
    except (_NoMatch, DatabaseError):
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
        plan = _plan(parsed, combined, staff=staff, order=order, phrase_matches=min(limit, PHRASE_CANDIDATES))
    except _NoMatch:
        return
    if not plan.has_text and (not parsed.is_empty() or combined.is_empty()):
        return
    with connection.cursor() as cursor:
        if order == Order.RELEVANCE and plan.has_text:
            ids = [i for i, _ in _ranked_ids(cursor, plan, min(limit, HEADLINE_POOL + BODY_POOL), 0)[0]]
        else:
            ids = [i for i, _ in _walk_ids(cursor, plan, order, limit, 0)]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        articles = _articles(chunk)
        yield from (articles[i] for i in chunk if i in articles)
