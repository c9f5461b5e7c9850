"""Highlights: the story's own text, escaped, with the words the search matched in <mark>.

Each token of the story is normalised as the index normalises it (Arabic and accents
folded, "al-" names joined, lower case, the story language's Snowball stemmer, the one PostgreSQL uses)
and marked when its form is one of the query's lexemes. Everything else is escaped:
story text is untrusted.
"""

import html
import re
from collections.abc import Iterable
from functools import cache, lru_cache

import Stemmer
from django.utils.safestring import SafeString, mark_safe

from .search_fold import CJK, CJK_CHARACTER, JOINERS, bare_name, fold, spelling_pattern
from .text import MARKS, html_text


def _letters(letter: str) -> str:
    """A run of ``letter`` (a character class) with the marks that stand in it, as the index's parser keeps them:
    "शिक्षा" is one word, not "श", "क" and "ष", and is marked whole.

    Atomic (``(?>...)``): the run is always taken whole, so nothing is lost by never trying it shorter, and a
    word that is not hyphenated is not tried again at every shorter length before TOKEN's last alternative."""
    return rf"(?>{letter}+(?:[{MARKS}]+{letter}*)*)"


# A transliterated name's article joined to it, as search_join_names does in the database; an acronym with its
# dots ("U.S"), as search_fold_acronyms reads it; a number with a decimal point or separators ("2.5", "1,500",
# "10:30"); a hyphenated word, which the index holds joined too ("F-16" is "F16", search_joined_forms), and a word
# with a zero-width non-joiner or joiner inside ("همکاری‌های" is "همکاریهای" too, search_joined_across_joiners); else
# a word.
_LETTER = rf"[^\W{CJK}]"  # a letter, digit or "_" of a script written with spaces
_LETTER_OR_DIGIT = rf"[^\W_{CJK}]"
# Every token starts with a word character or a CJK one: the lookahead turns each space and punctuation mark
# away at once, where each of the six alternatives was tried there (the snippets of a page of 20 results took
# 5 ms, most of it here; the two changes together tokenize 1,200 characters of a story in 88 us, not 160).
TOKEN = re.compile(
    rf"(?=[\w{CJK}])(?:"
    r"\b(?:[Aa][Ll]|[Ee][Ll])[-\u2010\u2011]\w+|\b(?:Al|El|AL|EL) (?=[^\W\d_])\w+|\b[A-Z](?:\.[A-Z])+\b"
    r"|\d+(?:[.,:\u066b\u066c]\d+)+"
    rf"|{_letters(_LETTER_OR_DIGIT)}(?:[-{JOINERS}]{_letters(_LETTER_OR_DIGIT)})+"
    rf"|[{CJK}]|{_letters(_LETTER)})"  # Chinese, Japanese and Korean text a character at a time, as the index cuts it
)
STEMMERS = {"en": "english", "ar": "arabic", "fr": "french", "es": "spanish", "ru": "russian", "de": "german",
            "it": "italian", "pt": "portuguese", "nl": "dutch", "sv": "swedish", "da": "danish", "fi": "finnish",
            "no": "norwegian", "hu": "hungarian", "ro": "romanian", "tr": "turkish", "el": "greek",
            "id": "indonesian", "ga": "irish", "lt": "lithuanian", "ne": "nepali", "sr": "serbian", "ta": "tamil",
            "hy": "armenian", "eu": "basque", "ca": "catalan", "hi": "hindi", "yi": "yiddish"}  # fmt: skip
SNIPPET_WORDS = 36
SNIPPET_CHARS = 1200


@cache
def _stemmer(language: str):
    name = STEMMERS.get(language.split("-")[0])
    try:
        return Stemmer.Stemmer(name) if name else None
    except KeyError:
        return None


# Tokens' forms, kept across searches. A plain dict of tuples of strings, emptied when full: an lru_cache of
# frozensets kept 50,000 entries as 150,000 objects that Python's garbage collector walked on each full collection,
# a 35 ms pause every few dozen searches; tuples of strings and a dict of them it stops tracking.
_FORMS: dict[tuple[str, str], tuple[str, ...]] = {}
FORMS_KEPT = 50_000


def forms(token: str, language: str) -> tuple[str, ...]:
    """The index's forms of a story's token: folded, and stemmed; a name with its article ("al-Assad") bare too."""
    key = (token, language)
    found = _FORMS.get(key)
    if found is None:
        if len(_FORMS) >= FORMS_KEPT:
            _FORMS.clear()
        found = _FORMS[key] = tuple(_forms(token, language))
    return found


_JOINED_BY = re.compile(f"[-{JOINERS}]")
_NUMBER = re.compile(r"\d+(?:[.,:\u066b\u066c]\d+)+")  # with Arabic's decimal and thousands separators
_NUMBER_SEPARATORS = re.compile("[,:]")


def _forms(token: str, language: str) -> set[str]:
    if _NUMBER.fullmatch(token):
        # As PostgreSQL's parser reads it: "2.5" (and "1.500.000") whole, "1,500" and "10:30" in parts; and
        # "1,500" joined ("1500"), as search_joined_forms adds it.
        token = fold(token)
        return {token, token.replace(",", ""), *_NUMBER_SEPARATORS.split(token)}
    token = token.replace(".", "")  # "U.S" is "US"
    # "F-16", "e-mail", "همکاری‌های": each part, and the parts joined
    if _JOINED_BY.search(token) and bare_name(token) == token:
        return set().union(
            *(forms(part, language) for part in _JOINED_BY.split(token)),
            forms(_JOINED_BY.sub("", token), language),
            {fold(token)},
        )
    found = set()
    for word in {token, bare_name(token)}:
        folded = fold(word)
        found.add(folded)
        for code in {language, "en"}:
            stemmer = _stemmer(code)
            if stemmer:
                found.add(stemmer.stemWord(folded))
    return found


def plain_text(story_html: str) -> str:
    return " ".join(html_text(story_html).split())


def _marked(text: str, start: int, end: int, tokens: Iterable[re.Match], lexemes: frozenset[str], language: str) -> str:
    """``text[start:end]`` escaped, each of ``tokens`` (its words) whose form is one of ``lexemes`` in <mark>.

    The text between two marked words is escaped in one piece: escaped word by word, a page's 20 snippets
    and headlines took some 1,500 calls of html.escape (the five characters django.utils.html.escape escapes,
    without its lazy-string wrapper, which took a fifth of a search's Python time)."""
    out, plain_from = [], start
    for token in tokens:
        if lexemes and not lexemes.isdisjoint(forms(token.group(), language)):
            out += [html.escape(text[plain_from : token.start()]), "<mark>", html.escape(token.group()), "</mark>"]
            plain_from = token.end()
    out.append(html.escape(text[plain_from:end]))
    return "".join(out)


@lru_cache(maxsize=1000)
def _tokens(lexemes: frozenset[str]) -> re.Pattern:
    """TOKEN, and first the query's runs of CJK characters, each one word where it stands whole."""
    runs = sorted((x for x in lexemes if len(CJK_CHARACTER.findall(x)) > 1), key=len, reverse=True)
    return re.compile("|".join([*map(re.escape, runs), TOKEN.pattern])) if runs else TOKEN


def highlight(text: str, lexemes: frozenset[str], language: str) -> SafeString:
    """All of ``text`` escaped, matched words marked."""
    marked = _marked(text, 0, len(text), _tokens(lexemes).finditer(text), lexemes, language)
    return mark_safe(marked)  # noqa: S308 - _marked escapes every piece


@lru_cache(maxsize=1000)
def _likely_matches(lexemes: frozenset[str]) -> tuple[re.Pattern, ...]:
    """Case-blind searches for the lexemes, in any spelling that folds to theirs: where a match likely is.

    A stem is nearly always the start of the words it stands for; but an English stem may end in a letter its
    words spell otherwise: "hope" for "hoping", "countri" for "country". Where the stems themselves are not
    found, such a stem of four letters or more is looked for without that letter ("use" is not: "us" is in
    "thus" and "bus")."""

    def search(stems: set[str]) -> re.Pattern:
        return re.compile("|".join(map(spelling_pattern, sorted(stems, key=len, reverse=True))), re.IGNORECASE)

    loose = {x[:-1] if len(x) >= 4 and x[-1] in "ei" else x for x in lexemes}
    return (search(set(lexemes)), search(loose)) if loose != lexemes else (search(set(lexemes)),)


def _likely_match(text: str, lexemes: frozenset[str]) -> re.Match | None:
    for pattern in _likely_matches(lexemes):
        if found := pattern.search(text):
            return found
    return None


# What the index reads through inside a word ("U.S", "e-mail", "F-16", "1,500", a zero-width non-joiner) and
# between a name and its article ("Al Freih"): gone, the text shows such a word as its lexeme is spelt.
_INSIDE_WORDS = re.compile(rf"[-.,\s{JOINERS}]+")
# Stems found at the start of their words, as a plain letters' stem is (with _likely_matches' leeway); not
# Hebrew's or Arabic's ("يستخدمون" is "استخدم"), nor one of three letters that ends in a letter its words spell
# otherwise ("use" for "using", "tri" for "try").
_LETTER_NOT_SEMITIC = r"[^\W\d_\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]"
_STARTS_ITS_WORDS = re.compile(rf"{_LETTER_NOT_SEMITIC}{{4,}}|{_LETTER_NOT_SEMITIC}{{1,3}}(?<![ei])")


def snippet(story_html: str, lexemes: frozenset[str], language: str, *, words: int = SNIPPET_WORDS) -> SafeString:
    """A window of about ``words`` words of the story around its first match, escaped, "…" where cut."""
    text = plain_text(story_html)

    def opening() -> SafeString:
        return _window(text, 0, frozenset(), lexemes, language, words)

    if not lexemes:
        return opening()
    # Only a window around the first likely match is cut into words: the lexemes' own letters find where to look.
    found = _likely_match(text, lexemes)
    if (
        found is None
        and all(_STARTS_ITS_WORDS.fullmatch(x) for x in lexemes)
        and _likely_match(_INSIDE_WORDS.sub("", text), lexemes) is None
    ):
        # No word of the story can be a match (they were in its headline or a name: at a million, one snippet in
        # five for three common words, nine in ten for an author's name): its opening words, without looking each
        # up (which read the whole window, 200 words, for none).
        return opening()
    start = 0
    if found and len(text) > SNIPPET_CHARS:
        start = max(0, found.start() - SNIPPET_CHARS // 4)
        if start:
            start = text.find(" ", start) + 1 or start
    around = _window(text, start, lexemes, lexemes, language, words)
    # A likely match that was not one ("brain" in "brainstorm"): the story's opening words, as where none is.
    return around if around is not None else opening()


def _window(
    text: str, start: int, sought: frozenset[str], lexemes: frozenset[str], language: str, words: int
) -> SafeString | None:
    """``words`` words of the text from ``start``, from 8 before the first of them that is one of ``sought``
    (if any is), with the ``lexemes`` marked; None where some were sought after the text's start and none found."""
    window = text[start : start + SNIPPET_CHARS]
    # The window's words, read until the snippet's last: up to the first match, then ``words`` from 8 before
    # it (the whole window was read and every word looked up before: a third of a search's time at a million).
    tokens: list[re.Match] = []
    first_hit = None
    token = _tokens(lexemes)
    for match in token.finditer(window):
        tokens.append(match)
        if first_hit is None and sought and not sought.isdisjoint(forms(match.group(), language)):
            first_hit = len(tokens) - 1
        if (first_hit is not None or not sought) and len(tokens) >= max(0, (first_hit or 0) - 8) + words:
            break
    if first_hit is None and sought and start:
        return None
    if not tokens:
        return mark_safe("")
    start_word = max(0, first_hit - 8) if first_hit is not None else 0
    chosen = tokens[start_word : start_word + words]
    marked = _marked(window, chosen[0].start(), chosen[-1].end(), chosen, lexemes, language)
    prefix = "… " if start_word > 0 or start > 0 else ""
    more = token.search(window, chosen[-1].end()) is not None
    suffix = " …" if more or start + SNIPPET_CHARS < len(text) else ""
    return mark_safe(prefix + marked + suffix)  # noqa: S308 - _marked escapes every piece
