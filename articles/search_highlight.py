"""Highlights: the story's own text, escaped, with the words the search matched in <mark>.

Each token of the story is normalised as the index normalises it (Arabic folding, "al-"
names joined, lower case, the story language's Snowball stemmer, the one PostgreSQL uses)
and marked when its form is one of the query's lexemes. Everything else is escaped:
story text is untrusted.
"""

import html
import re
from functools import cache

import Stemmer
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

ARABIC_DROP = re.compile("[\u064b-\u0652\u0670\u0640]")
ARABIC_FOLD = str.maketrans(
    "\u0623\u0625\u0622\u0671\u0629\u0649\u0624\u0626", "\u0627\u0627\u0627\u0627\u0647\u064a\u0648\u064a"
)
# A transliterated name's article joined to it, as search_join_names does in the database; else a word.
TOKEN = re.compile(r"\b(?:[Aa][Ll]|[Ee][Ll])[-\u2010\u2011]\w+|\b(?:Al|El|AL|EL) (?=[^\W\d_])\w+|\w+")
TAG = re.compile(r"<[^>]*>")
STEMMERS = {"en": "english", "ar": "arabic", "fr": "french", "es": "spanish", "ru": "russian", "de": "german",
            "it": "italian", "pt": "portuguese", "nl": "dutch", "sv": "swedish", "da": "danish", "fi": "finnish",
            "no": "norwegian", "hu": "hungarian", "ro": "romanian", "tr": "turkish", "el": "greek",
            "id": "indonesian", "ga": "irish", "lt": "lithuanian", "ne": "nepali", "sr": "serbian", "ta": "tamil",
            "hy": "armenian", "eu": "basque", "ca": "catalan", "hi": "hindi", "yi": "yiddish"}  # fmt: skip
SNIPPET_WORDS = 36


def fold(text: str) -> str:
    """The database's search_prepare for one token, and lower case."""
    text = ARABIC_DROP.sub("", text).translate(ARABIC_FOLD)
    text = re.sub(r"^((?:al|el))[-\u2010\u2011 ]", r"\1", text, flags=re.IGNORECASE)
    return text.lower()


@cache
def _stemmer(language: str):
    name = STEMMERS.get(language.split("-")[0])
    try:
        return Stemmer.Stemmer(name) if name else None
    except KeyError:
        return None


def forms(token: str, language: str) -> set[str]:
    folded = fold(token)
    found = {folded}
    for code in {language, "en"}:
        stemmer = _stemmer(code)
        if stemmer:
            found.add(stemmer.stemWord(folded))
    return found


def plain_text(story_html: str) -> str:
    return " ".join(html.unescape(TAG.sub(" ", story_html)).split())


def _marked(pieces: list[tuple[str, bool]]) -> str:
    return "".join(f"<mark>{escape(text)}</mark>" if hit else escape(text) for text, hit in pieces)


def _pieces(text: str, lexemes: frozenset[str], language: str) -> list[tuple[str, bool]]:
    pieces, last = [], 0
    for match in TOKEN.finditer(text):
        if match.start() > last:
            pieces.append((text[last : match.start()], False))
        pieces.append((match.group(), bool(lexemes and forms(match.group(), language) & lexemes)))
        last = match.end()
    if last < len(text):
        pieces.append((text[last:], False))
    return pieces


def highlight(text: str, lexemes: frozenset[str], language: str) -> SafeString:
    """All of ``text`` escaped, matched words marked."""
    return mark_safe(_marked(_pieces(text, lexemes, language)))  # noqa: S308 - every piece escaped above


def snippet(story_html: str, lexemes: frozenset[str], language: str, *, words: int = SNIPPET_WORDS) -> SafeString:
    """A window of about ``words`` words of the story around its first match, escaped, "…" where cut."""
    pieces = _pieces(plain_text(story_html), lexemes, language)
    word_at = [i for i, (text, _) in enumerate(pieces) if TOKEN.fullmatch(text)]
    if not word_at:
        return mark_safe("")
    first_hit = next((n for n, i in enumerate(word_at) if pieces[i][1]), 0)
    start_word = max(0, first_hit - 8)
    end_word = min(len(word_at), start_word + words)
    start, end = word_at[start_word], word_at[end_word - 1] + 1
    text = _marked(pieces[start:end])
    prefix = "… " if start_word > 0 else ""
    suffix = " …" if end_word < len(word_at) else ""
    return mark_safe(prefix + text + suffix)  # noqa: S308 - _marked escapes every piece
