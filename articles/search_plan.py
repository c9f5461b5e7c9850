"""The search box's query made SQL: each word analysed as the index holds it, and the conditions that find it.

A word is looked up by its lexemes' hashes in the index's ``terms`` (``d.terms && ARRAY[...]``, served by the
GIN index: migration 0014); two words whose hashes collide match each other's stories (about one query word
in two thousand). Each word is analysed with the site's languages, the archive's other languages that have a
stemmer, and unstemmed ('simple'): the unstemmed word may match in any story, a stem only in a story of a
language that stems the word so, as "new" for "news" in French and not in English; spelling is folded on both
sides (``search_fold``). A story matches when its terms hold every word, one word of each ``OR`` group and
none of the excluded words; an "exact phrase" is then checked on the stories' text (``search_phrases``).
A filter by author, place, tag, section, dates or language is looked up there too, as its link terms
(``search_links``), beside its own exact test.

The plan also carries what the ranking needs of each word (in the headline, in the story, its hashes for its
weight) and what a walk of the date index can test before reading a row: the filters the index carries and
each word's, author's, place's and tag's bits in the story's signature (migration 0021).
"""

import math
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from . import languages
from . import search_ranking as ranking
from .models import Article, Author, Place, Section, Tag
from .search_counts import Sample
from .search_fold import CJK_CHARACTER, JOINER, bare_name, fold, spelling_variants, words_in_order_pattern
from .search_links import LANGUAGE, MONTH, MOST_LANGUAGE_SHARE, SECTION, link_terms, months
from .search_phrases import phrases_in_story
from .search_query import Filters, ParsedQuery
from .text import match_key

TIMEOUT = "2s"
ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
CYRILLIC = re.compile("[\u0400-\u04ff]")


class NoMatch(Exception):
    """A filter names something the archive does not have: no story can match."""


@dataclass
class Plan:
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
    few_matches: bool = False  # few enough that walking the date index would cost more (see search_ranking.ordered)
    phrase_query: str = ""  # the phrases (or the words in order), with positions, for headlines
    order_regex: str = ""  # the words in order in the story's text
    lexemes: frozenset[str] = frozenset()  # marked in every story's text
    stems: dict[str, frozenset[str]] = field(default_factory=dict)  # and by language, its stems of the words
    messages: list[str] = field(default_factory=list)
    phrase_patterns: list[str] = field(default_factory=list)  # each exact phrase as a regular expression
    matches: list[int] | None = None  # every match's id, when known (a query with a phrase: narrow_to_phrases)
    matches_estimate: int | None = None  # how many match, when ``matches`` holds only the newest of them
    # Then: the condition of the stories holding the phrases' words, and the share of those checked that held them.
    phrase_share: float = 1.0
    words_where: str = ""
    words_params: list = field(default_factory=list)
    linked_beside_words: bool = False  # an author, place or tag filters the words (search_counts.words_may_go_together)
    # A word's stems are asked of the index beside their languages only (_stems_in_their_languages), and the planner's
    # estimate counts them in every language (search_counts.estimate_combines).
    stems_beside_languages: bool = False
    newest: list[int] | None = None  # the newest BODY_POOL matches' ids, once walked (search_ranking.newest_matches)
    # Every match counted by section id, language and year, when the count collected them all
    # (search_counts.count_matches).
    match_counts: dict[str, dict[str, int]] | None = None
    sample: Sample | None = None  # the matches among a sample of the archive (search_counts.sample_matches)
    # What the date index can test of a story as a walk passes it (alias ``s``): the filters it carries and each
    # positive word's bits in the story's signature (migration 0021). None: no walk, the matches are collected.
    walk_where: str | None = None
    # The WHERE as the planner estimates it best, for search_counts.planner_estimate: the same stories but a few, told
    # apart by language.
    estimated_where: str | None = None
    estimated_params: list = field(default_factory=list)
    walk_params: list = field(default_factory=list)
    # For choosing how to count (search_counts.walking_is_cheaper): the words and the filters' link terms (what the
    # GIN index yields), as the planner estimates them best, and the dates alone, the stretch of the date index a walk
    # would pass. "" when there are no dates.
    estimated_words_where: str = ""
    estimated_words_params: list = field(default_factory=list)
    dates_where: str = ""
    dates_params: list = field(default_factory=list)
    # How many match, when the count collected every one of them (search_counts.count_matches).
    collected: int | None = None

    def narrow_to(self, ids: list[int]) -> None:
        """Every match is one of ``ids`` (an exact phrase's check, or a count that collected them all): from here on
        the matches are read by primary key, the condition PostgreSQL sees. ANDed with the words' GIN conditions,
        the list was read after every story holding the words was collected again ("gun crying": 760 ms); left
        to the planner, which took the words for common, the headline pool and the oldest first walked the date
        index to its end for the few ("دمشق damascus", none: 497 ms oldest first, now 13)."""
        self.matches = sorted(ids)
        self.where, self.params = "d.article_id = ANY(%s::bigint[])", [self.matches]
        self.estimated_where = None
        self.headline_where, self.headline_params = self.where, self.params
        self.few_matches = True


# Filters alone expected, as the product of their shares, to hold fewer stories than this are collected through their
# link terms (plan_query): half of what the ranking collects rather than walks for (FEW_MATCHES), as filters may go
# together more than a product says.
FEW_TOGETHER = ranking.FEW_MATCHES // 2


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
        cursor.execute(timeout_sql() + sql, [[*codes, "simple"], words])
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
            # A run of CJK characters, cut into them by the index, stands in a headline as their phrase; so do the
            # parts of a word with a zero-width non-joiner ("همکاری‌های"), which the parser reads as a space.
            phrase=phrase.replace(" & ", " <-> ") if CJK_CHARACTER.search(word) or JOINER.search(word) else phrase,
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


def _terms_condition(
    forms: list[_Form], hashes: dict[str, int], *, indexed: tuple[str, list] | None = None
) -> tuple[str, list]:
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
    indexed, indexed_values = indexed or _indexed_terms(forms, hashes)
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
    return f"({indexed} AND {exactly})", [*indexed_values, *values]


# A stem only its languages' stories are asked for (_stems_in_their_languages) that the whole archive holds in fewer
# stories than this (or that the planner's statistics do not count among the common) is looked up in them all: its
# stories in other languages cost less to test than the languages' lists of stories cost to read ("Hiba Nasser",
# whose "hib" and "nass" are in 469 stories and none: 21 ms, 42 narrowed).
STEMS_NARROWED_FROM = 1_000


def _stems_in_their_languages(forms: list[_Form], hashes: dict[str, int]) -> tuple[str, list] | None:
    """The GIN index's condition for a rare word some of whose stems are common words: the word as typed, or such
    a stem beside its own languages' link terms (migration 0035); None where that would be no narrower.

    Spanish stems "Bitar" as "bit", which English stories hold by the thousand: the GIN index yielded 3,789
    stories for "Ruba Bitar", 814 of which hold the name, and each one's row was read to tell (11 ms of a 33 ms
    search at a million). Asked for "bit" only beside Spanish stories, the index yields the name's and a few.
    (The planner's estimate is left to the lexemes alone: it would take a stem and a language as independent.)

    Only where the word as typed, and each stem in its languages (as the planner would take them, independent),
    are in fewer than FEW_MATCHES stories: each condition ORed is a scan of the index of its own, and a common
    word's scans built bitmaps too big to keep exact (``_terms_condition``); for languages held by few enough
    stories to look up (``search_links.MOST_LANGUAGE_SHARE``); and for stems common enough to be worth it
    (STEMS_NARROWED_FROM).
    """
    everywhere = sorted({hashes[form.lexemes[0]] for form in forms if not form.languages})
    stems: dict[tuple[str, ...], set[int]] = {}
    for form in forms:
        if form.languages and hashes[form.lexemes[0]] not in everywhere:
            stems.setdefault(tuple(sorted(form.languages)), set()).add(hashes[form.lexemes[0]])
    stories = ranking.archive_size()
    if not everywhere or not stems or _share(everywhere) * stories >= ranking.FEW_MATCHES:
        return None
    common, _floor = ranking.word_frequencies()
    plain, narrowed = set(everywhere), []
    for codes, held in stems.items():
        if sum(common.get(stem, 0.0) for stem in held) * stories < STEMS_NARROWED_FROM:
            plain |= held  # a rare stem brings few stories to test: cheaper than reading its languages' lists
            continue
        languages_held = link_terms(LANGUAGE, list(codes))
        in_languages = _share(languages_held)
        if in_languages > MOST_LANGUAGE_SHARE or _share(sorted(held)) * in_languages * stories >= ranking.FEW_MATCHES:
            return None
        narrowed.append((sorted(held), languages_held))
    if not narrowed:
        return None
    branches = ["d.terms && %s::int4[]", *["(d.terms && %s::int4[] AND d.terms && %s::int4[])"] * len(narrowed)]
    return "(" + " OR ".join(branches) + ")", [sorted(plain), *(value for pair in narrowed for value in pair)]


ANY_LEXEME = "d.terms && %s::int4[]"


def _indexed_terms(forms: list[_Form], hashes: dict[str, int]) -> tuple[str, list]:
    """What the GIN index is asked for a word: any of its forms' lexemes (ANY_LEXEME), or, where a rare word's stems
    are common words, its stems beside their own languages' link terms (``_stems_in_their_languages``)."""
    every = _form_hashes(forms, hashes)
    if all(len(form.lexemes) == 1 for form in forms) and (narrowed := _stems_in_their_languages(forms, hashes)):
        return narrowed
    return ANY_LEXEME, [every]


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
# ">=" where "=" is meant: the story's bits under the mask are a subset of the mask's, so they sort after it
# only when they are all of it. PostgreSQL guesses that "=" of a computed value passes one row in 200, and
# two words' tests 25 of a million: with so few to find, walking the date index to its end looked as dear
# as reading the whole table and sorting it, and an archive built by ingest got the latter (two common words,
# the newest 1,000 matches: 880 ms, against 57 ms walked). It takes ">=" to pass a third, and the walk, which
# stops at the LIMIT, is then the plan by far, as it is in fact.
SIGNATURE_HOLDS = f"(s.signature & %s::bit({SIGNATURE_BITS})) >= %s::bit({SIGNATURE_BITS})"  # the mask, twice


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
            tests.append(SIGNATURE_HOLDS)
            mask = _signature_mask(hashes[x] for x in form.lexemes)
            params += [mask, mask]
        return "(" + " OR ".join(tests) + ")", params

    return _form_condition(forms, may_hold, alias="s")


# A filter naming more than this many authors, places or tags is not tested in the signature: any of its terms'
# bits are set by chance in most stories ("author:Sabbagh", 27 reporters: 20,124 rows read to find 500 matches).
SIGNED_TERMS = 4


def _link_signatures(links: list[tuple[list[int], bool]]) -> tuple[list[str], list]:
    """A walk's tests of the link terms it tests in the signature (an author's, place's or tag's, named by few
    enough terms), and their parameters: one of each filter's terms."""
    tests, params = [], []
    for link, signed in links:
        if signed and len(link) <= SIGNED_TERMS:
            tests.append("(" + " OR ".join([SIGNATURE_HOLDS] * len(link)) + ")")
            params += [mask for term in link for mask in [_signature_mask([term])] * 2]
    return tests, params


def with_timeout():
    """A transaction whose statements PostgreSQL stops after TIMEOUT."""

    class _Scope:
        def __enter__(self):
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            # Sent with the transaction's first query (one round trip fewer): see timeout_sql.
            connection.search_timeout_pending = True
            return self

        def __exit__(self, *exc):
            connection.search_timeout_pending = False
            return self.atomic.__exit__(*exc)

    return _Scope()


def timeout_sql() -> str:
    """The statement timeout of ``with_timeout``, sent ahead of its first query."""
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
        # Each a whole word of the key, whose words are its only spaces: PostgreSQL's \m and \M take a vowel sign
        # ("मीना") for the end of a word.
        whole_words = Q()
        for word in key.split():
            whole_words &= Q(name_key__regex=rf"(^| ){re.escape(word)}( |$)")
        found = list(model.objects.filter(whole_words).values_list("pk", flat=True)[:MOST_NAMED])
    if not found:
        messages = {
            Author: _("No author “%(name)s” in the archive."),
            Place: _("No place “%(name)s” in the archive."),
            Section: _("No section “%(name)s” in the archive."),
            Tag: _("No tag “%(name)s” in the archive."),
        }
        raise NoMatch(messages[model] % {"name": value})
    return found


# A filter that names stories through a link table: the filter's field, the model it names, the table and column.
_LINKED = (
    ("author", Author, "articles_byline", "author_id"),
    ("place", Place, "articles_article_places", "place_id"),
    ("tag", Tag, "articles_article_tags", "tag_id"),
)


# The most of the archive's stories a filter's link terms may hold to narrow the headline pool (see plan_query).
NARROW_HEADLINES = 0.05


def _share(terms: list[int]) -> float:
    """The share of stories holding one of ``terms``, at most (from the planner's statistics of the index's terms)."""
    shares, floor = ranking.word_frequencies()
    return min(1.0, sum(shares.get(term, floor) for term in terms))


def _language_code(name: str) -> str:
    if not (code := languages.story_language(name)):
        raise NoMatch(_("No language “%(name)s”: name it as “fr” or “French”.") % {"name": name[:40]})
    return code


def _resolve_excluded(model, value: str, messages: list[str]) -> list[int]:
    """The ids an excluding field names, or none, with a message: naming nothing, it excludes nothing."""
    try:
        return _resolve(model, value)
    except NoMatch as nothing:
        messages.append(f"{nothing} {_('Nothing excluded.')}")
        return []


def _filter_sql(
    filters: Filters,
    *,
    staff: bool,
    excluding: Filters = Filters(),  # noqa: B008 - frozen
    messages: list[str] | None = None,
    links: list[tuple[list[int], bool]] | None = None,
) -> tuple[list[str], list, list[str], list]:
    """The filters' conditions on the index's rows ``d``, their parameters, and of them those that the date
    index itself can test (status, language, section, dates: it carries them), written for any alias ``{a}``,
    with theirs: a walk of the date index tests them before reading a row (``search_ranking.ordered``).
    ``excluding``'s fields leave out the stories they would keep (``-author:Smith``); what they name that
    the archive does not know goes to ``messages``. Each author, place, tag, section, date range and language
    asked for adds to ``links`` its link terms (``search_links``; not the archive's main language's), and whether a
    walk tests them in the signature (the date index carries the section, the language and the date itself)."""

    def link(kind: str, values: list, *, signed: bool) -> None:
        if links is not None:
            links.append((link_terms(kind, values), signed))

    messages = [] if messages is None else messages
    where, params, indexed, indexed_params = [], [], [], []

    def on_index(condition: str, *values) -> None:
        where.append(condition.format(a="d"))
        indexed.append(condition)
        params.extend(values)
        indexed_params.extend(values)

    if staff:
        if filters.status:
            if filters.status not in Article.Status.values:
                raise NoMatch(_("Unknown status “%(status)s”.") % {"status": filters.status})
            on_index("{a}.status = %s", filters.status)
        if filters.source:
            where.append(
                "EXISTS (SELECT 1 FROM articles_provenance p WHERE p.article_id = d.article_id"
                " AND (p.parser LIKE %s OR p.source LIKE %s))"
            )
            # Matched as typed: LIKE's wildcards and escape ("%", "_", "\\") in a file name are its characters.
            typed = filters.source.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params += [typed + "%", "%" + typed + "%"]
        if filters.pending_check_also:
            where.append("EXISTS (SELECT 1 FROM articles_article a WHERE a.id = d.article_id AND a.pending_check_also)")
    else:
        on_index("{a}.status = 'published'")
    if filters.language:
        code = _language_code(filters.language)
        # A language none of the archive's stories is in: the index has no way to its stories but through their
        # words, and a common word's (300,000 stories) were all read to find none (0.9 s at a million).
        with connection.cursor() as cursor:
            cursor.execute("SELECT EXISTS (SELECT 1 FROM articles_article WHERE language = %s)", [code])
            if not cursor.fetchone()[0]:
                raise NoMatch(
                    _("No story in the archive is in %(language)s.") % {"language": languages.language_name(code)}
                )
        on_index("{a}.language = %s", code)
        if links is not None and _share(terms := link_terms(LANGUAGE, [code])) <= MOST_LANGUAGE_SHARE:
            links.append((terms, False))
    if filters.section:
        ids = _resolve(Section, filters.section)
        on_index("{a}.section_id = ANY(%s)", ids)
        link(SECTION, ids, signed=False)
    for field_name, model, table, column in _LINKED:
        if value := getattr(filters, field_name):
            ids = _resolve(model, value)
            link(field_name, ids, signed=True)
            where.append(
                f"EXISTS (SELECT 1 FROM {table} j WHERE j.article_id = d.article_id AND j.{column} = ANY(%s))"  # noqa: S608
            )
            params.append(ids)
    # Excluded (-author:Smith): what names nothing in the archive excludes nothing, and the search goes on. A field
    # both asked for and excluded ("lang:ar -lang:ar") leaves nothing.
    for name in ("section", "author", "place", "tag", "language"):
        asked, left_out = getattr(filters, name), getattr(excluding, name)
        if asked and left_out and match_key(asked) == match_key(left_out):
            raise NoMatch(
                _("%(field)s: “%(value)s” is both asked for and excluded: no story can match.")
                % {"field": name, "value": asked[:40]}
            )
    if excluding.language:
        try:
            on_index("{a}.language <> %s", _language_code(excluding.language))
        except NoMatch as nothing:
            messages.append(f"{nothing} {_('Nothing excluded.')}")
    if excluding.section and (ids := _resolve_excluded(Section, excluding.section, messages)):
        on_index("({a}.section_id IS NULL OR {a}.section_id <> ALL(%s))", ids)
    for value, model, table, column in _LINKED:
        if (value := getattr(excluding, value)) and (ids := _resolve_excluded(model, value, messages)):
            where.append(
                f"NOT EXISTS (SELECT 1 FROM {table} j WHERE j.article_id = d.article_id AND j.{column} = ANY(%s))"  # noqa: S608
            )
            params.append(ids)
    date_from, date_to = dates_of(filters)
    if date_from:
        on_index("{a}.published_at >= %s", date_from)
    if date_to:
        on_index("{a}.published_at < %s", date_to)
    if spanned := months(date_from, date_to and date_to - timedelta(days=1)):
        link(MONTH, spanned, signed=False)
    return where, params, indexed, indexed_params


def dates_of(filters: Filters) -> tuple[date | None, date | None]:
    """The stories' dates the filters keep (from:, to:, a year), half-open: from the first day's midnight (UTC) to the
    midnight after the last; None where open. NoMatch when they keep none."""
    date_from, date_to = filters.date_from, filters.date_to
    if filters.year:
        if not 1 <= filters.year <= 9999:
            raise NoMatch(_("No year %(year)s.") % {"year": filters.year})
        date_from = max(date_from or date(filters.year, 1, 1), date(filters.year, 1, 1))
        date_to = min(date_to or date(filters.year, 12, 31), date(filters.year, 12, 31))
    if date_from and date_to and date_from > date_to:
        raise NoMatch(
            _("From %(from)s is after to %(to)s: no story can match.")
            % {"from": date_from.isoformat(), "to": date_to.isoformat()}
        )
    return date_from, (date_to + timedelta(days=1) if date_to and date_to < date.max else None)


def _dates_sql(filters: Filters) -> tuple[str, list]:
    """The filters' dates alone as a condition on ``d`` (as ``_filter_sql`` writes them), or "" without dates."""
    _where, _params, indexed, indexed_params = _filter_sql(
        Filters(date_from=filters.date_from, date_to=filters.date_to, year=filters.year), staff=True
    )
    return " AND ".join(condition.format(a="d") for condition in indexed), indexed_params


def _excluding_sql(
    excluded: list[list[_Form]],
    excluded_phrases: list[list[str]],
    excluded_phrase_forms: list[list[list[_Form]]],
    hashes: dict[str, int],
    messages: list[str],
) -> tuple[list[str], list]:
    """The conditions that leave out the stories holding an excluded word or phrase, and their parameters."""
    excluding, excluding_params = [], []
    for forms in excluded:
        sql, values = _terms_condition(forms, hashes)
        excluding.append(f"NOT {sql}")
        excluding_params += values
    for phrase, word_forms in zip(excluded_phrases, excluded_phrase_forms, strict=True):
        if not word_forms:  # only words too common to be indexed ("-\"of the\""): every story would be read
            messages.append(_("“%(phrase)s” is too common to exclude; ignored.") % {"phrase": " ".join(phrase)[:40]})
            continue
        # Its words first: PostgreSQL tests the text only of the stories holding them all. OFFSET 0 keeps the text's
        # test one story's: without it, PostgreSQL may read every story's text once to hash the ids holding the
        # phrase ("people -\"islamic state\"": 6 s).
        tests = [_terms_condition(forms, hashes) for forms in word_forms]
        in_text, in_text_params = phrases_in_story([words_in_order_pattern(phrase)])
        holds = f"EXISTS (SELECT 1 FROM articles_article a WHERE a.id = d.article_id AND {in_text} OFFSET 0)"  # noqa: S608
        tests.append((holds, in_text_params))
        excluding.append("NOT (" + " AND ".join(sql for sql, _values in tests) + ")")
        excluding_params += [value for _sql, values in tests for value in values]
    return excluding, excluding_params


def plan_query(parsed: ParsedQuery, filters: Filters, *, staff: bool) -> Plan:
    """The query as SQL. An exact phrase is only planned for (``phrase_patterns``): ``search_phrases`` checks it."""
    plan_messages: list[str] = []
    links: list[tuple[list[int], bool]] = []
    where, params, indexed, indexed_params = _filter_sql(
        filters, staff=staff, excluding=parsed.excluding, messages=plan_messages, links=links
    )
    words = _join_article_names(list(parsed.words))
    # A word of several Chinese, Japanese or Korean characters is a phrase of them: the index keeps each character
    # as a word (migration 0019), and they must stand together, in order.
    runs = [word for word in words if len(CJK_CHARACTER.findall(word)) > 1]
    words = [word for word in words if word not in runs]
    phrase_words = [_join_article_names(p.split()) for p in parsed.phrases] + [[run] for run in runs]
    groups = [list(g) for g in parsed.any_of]
    excluded_phrases = [_join_article_names(p.split()) for p in parsed.excluded_phrases]
    every = [
        *words,
        *(w for p in phrase_words for w in p),
        *(w for g in groups for w in g),
        *parsed.excluded,
        *(w for p in excluded_phrases for w in p),
    ]
    analysed = _analyse(list(dict.fromkeys(every)), languages.story_language(filters.language or "") or "")
    plan = Plan(where=" AND ".join(where) or "TRUE", params=params, has_text=False, messages=plan_messages)
    # The filters' link terms (search_links), for the GIN index to narrow with; not in the planner's estimates.
    linked = ["d.terms && %s::int4[]"] * len(links)
    linked_params = [link for link, _signed in links]
    # Each positive term's forms: a required word's, or an OR group's words' together.
    required_words = [analysed[w] for w in [*words, *(w for p in phrase_words for w in p)] if analysed[w].forms]
    terms = [list(word.forms) for word in required_words]
    for group in groups:
        if kept := [form for w in group for form in analysed[w].forms]:
            terms.append(list(dict.fromkeys(kept)))
    excluded = [list(analysed[w].forms) for w in parsed.excluded if analysed[w].forms]
    # An excluded phrase's words, each as a required word's forms: a story holding them all is read for the phrase.
    excluded_phrase_forms = [[list(analysed[w].forms) for w in p if analysed[w].forms] for p in excluded_phrases]
    every_excluded = [*excluded, *(forms for p in excluded_phrase_forms for forms in p)]
    if not terms:
        if parsed.words or parsed.phrases or parsed.any_of:
            plan.messages.append(_("Only very common words were given (like “the”): add a word that says more."))
        elif every_excluded:
            # Filters with words left out ("author:Sabbagh -damascus"): the filters' stories without them, the words
            # tested as a search's excluded words are.
            hashes = _hashes({x for forms in every_excluded for form in forms for x in form.lexemes})
            excluding, excluding_params = _excluding_sql(
                excluded, excluded_phrases, excluded_phrase_forms, hashes, plan.messages
            )
            plan.where = " AND ".join([*excluding, plan.where])
            plan.params = [*excluding_params, *plan.params]
        signed, signed_params = _link_signatures(links)
        # Filters the date index carries that together hold few stories (Arabic stories in one section): through
        # their link terms' lists, which the GIN index intersects, where PostgreSQL read the whole date index to find
        # them ("section:Sports lang:ar", 7,040 stories: 172 ms). Dates are left to the date index, which reads only
        # their stretch of it.
        few_together = (
            len(links) > 1
            and not (filters.date_from or filters.date_to or filters.year)
            and math.prod(_share(link) for link, _signed in links) < FEW_TOGETHER / max(ranking.archive_size(), 1)
        )
        if signed or few_together:
            plan.estimated_where, plan.estimated_params = plan.where, plan.params
            plan.where = " AND ".join([*linked, plan.where])
            plan.params = [*linked_params, *plan.params]
            plan.few_matches = True
        if signed:
            # An author, place or tag: its link terms for the GIN index, and walked for along the date index, testing
            # its bits in each story's signature there, unless its stories are few enough to collect (at most as many
            # as the rarest filter's). PostgreSQL's own choice collected "author:"Rami Mahfouz" tag:reconstruction"
            # (14,532 stories) testing each one's two links, 93 ms for the newest 500. Filters the date index carries
            # alone (a section, dates) are walked for or collected as PostgreSQL chooses, without link terms: with a
            # year's months, it collected "from:2015 to:2016" through the GIN index, 8 -> 29 ms.
            plan.walk_where = " AND ".join([*signed, *(condition.format(a="s") for condition in indexed)])
            plan.walk_params = [*signed_params, *indexed_params]
            rarest = min(_share(link) for link, _signed in links)
            plan.few_matches = rarest * ranking.archive_size() < ranking.FEW_MATCHES
        return plan
    # A word asked for and excluded too ("people -people", or "-People"): no story can match, and the walk along
    # the date index would look for one to the archive's end (2 s, the statement timeout, at a million).
    for word in parsed.excluded:
        if analysed[word].forms and any(set(analysed[word].forms) == set(forms) for forms in terms):
            raise NoMatch(_("“%(word)s” is both asked for and excluded: no story can match.") % {"word": word[:40]})
    for phrase in set(parsed.excluded_phrases) & set(parsed.phrases):
        raise NoMatch(_("“%(word)s” is both asked for and excluded: no story can match.") % {"word": phrase[:40]})
    hashes = _hashes({x for forms in [*terms, *every_excluded] for form in forms for x in form.lexemes})
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
    in_story: list[tuple[str, list]] = []  # each word's own test of the story's terms, before any stop-word leeway
    for index, (forms, skipped) in enumerate(zip(terms, skipped_in, strict=True)):
        term_hashes = _form_hashes(forms, hashes)
        plan.term_hashes.append(term_hashes)
        asked = _indexed_terms(forms, hashes)
        in_story.append(_terms_condition(forms, hashes, indexed=asked))
        tests = {
            "terms": in_story[-1],
            "signature": _signature_condition(forms, hashes),
            "headline": _headline_condition(forms),
        }
        if skipped:
            for key, (sql, values) in tests.items():
                alias = "s" if key == "signature" else "d"
                tests[key] = f"({alias}.language = ANY(%s) OR {sql})", [list(skipped), *values]
        else:
            # As the planner estimates it best: any of the lexemes, which its statistics know one by one. Not the
            # stems beside their languages (_indexed_terms): it takes a stem and a language as independent, and an
            # Arabic stem is in Arabic stories only ("بشكل": 6,000 expected where 47,652 match, collected and cut
            # short at 20,001, "About 20,001"). A sample checks it instead (search_counts.estimate_combines).
            estimated.append(ANY_LEXEME)
            estimated_params.append(term_hashes)
            plan.stems_beside_languages |= asked[0] != ANY_LEXEME
            if index < len(required_words):
                plan.required_hashes.append(term_hashes)
        conditions.append(tests["terms"][0])
        condition_params += tests["terms"][1]
        signed.append(tests["signature"][0])
        signed_params += tests["signature"][1]
        plan.term_headlines.append(tests["headline"])
    # The filters' link terms: through the GIN index with the words, and an author's, place's or tag's bits in the
    # signature on a walk. Not in the estimates (each is its filter's own condition again: the planner, taking the
    # two as independent, expected a fifth of "place:Aleppo would" and collected them, 73 -> 219 ms).
    conditions += linked
    condition_params += linked_params
    link_signed, link_signed_params = _link_signatures(links)
    signed += link_signed
    signed_params += link_signed_params
    plan.linked_beside_words = any(signed_too for _link, signed_too in links)
    plan.walk_where = " AND ".join([*signed, *(condition.format(a="s") for condition in indexed)])
    plan.walk_params = [*signed_params, *indexed_params]
    # An OR group's words need the story's terms read to tell which of them it holds, for its score.
    plan.term_stories = [("TRUE", [])] * len(required_words) + in_story[len(required_words) :]
    excluding, excluding_params = _excluding_sql(
        excluded, excluded_phrases, excluded_phrase_forms, hashes, plan.messages
    )
    conditions += excluding
    condition_params += excluding_params
    # The headline pool (search_ranking.headline_pool) is found through the headlines' index: a filter's link terms
    # narrow it there too when they are few, but a common one's bitmap costs more than walking the newest headline
    # matches does ("tag:reconstruction", 225,000 stories, 27 ms; "people place:Damascus", 132,000: 17 -> 30 ms).
    narrow = [(sql, link) for sql, link in zip(linked, linked_params, strict=True) if _share(link) <= NARROW_HEADLINES]
    plan.headline_where = " AND ".join([*(sql for sql, _link in narrow), *excluding, plan.where])
    plan.headline_params = [*(link for _sql, link in narrow), *excluding_params, *params]
    plan.has_text = True
    plan.estimated_where = f"{' AND '.join([*estimated, *excluding])} AND {plan.where}"
    plan.estimated_params = [*estimated_params, *excluding_params, *params]
    if estimated:
        # With the filters' link terms: the GIN index yields only the stories holding them too.
        plan.estimated_words_where = " AND ".join([*estimated, *linked, *excluding])
        plan.estimated_words_params = [*estimated_params, *linked_params, *excluding_params]
    plan.dates_where, plan.dates_params = _dates_sql(filters)
    plan.where = f"{' AND '.join(conditions)} AND {plan.where}"
    plan.params = [*condition_params, *params]
    plan.headline_match = " AND ".join(sql for sql, _values in plan.term_headlines)
    plan.headline_match_params = [value for _sql, values in plan.term_headlines for value in values]
    plan.few_matches = ranking.most_matches(plan.required_hashes or plan.term_hashes) < ranking.FEW_MATCHES
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
    plan.phrase_patterns = [words_in_order_pattern(words) for words in phrase_words]
    return plan
