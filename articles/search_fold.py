"""Spelling variants search treats as one: the Python side of the database's folding.

The index folds text before it analyses it (migrations 0010, 0013 and 0016): Arabic
diacritics and tatweel dropped, the alef, hamza, taa marbuta and alef maqsura forms and the
Persian yeh, kaf and heh folded to one letter each, Arabic-Indic and Persian digits to ASCII
ones (``search_fold_arabic``), and accents dropped from Latin and
Greek letters (PostgreSQL's ``unaccent``, in the ``newsroom_*`` text search
configurations): "Mélenchon" is indexed as "melenchon", "أمطار" as "امطار".

A transliterated name is one word joined to its article ("al-Assad", "Al Assad" ->
"alassad") and, among the story's words, bare as well ("assad", as AP writes it).

Two things in Python must fold alike: the highlighter, which marks a story's words whose
folded form the query matched (``fold``, ``bare_name``), and the exact-phrase test, a
regular expression run on the story's own unfolded text (``words_in_order_pattern``): it
has to accept every spelling that folds to the typed words. Both follow ``unaccent``'s
rules for the letters names are written in (tests/test_search_fold.py compares them with
the database's).
"""

import re
import unicodedata
from functools import cache

from .text import MARKS

ARABIC_DROP = re.compile("[\u064b-\u0652\u0670\u0640]")
# أ إ آ ٱ ة ى ؤ ئ, Persian ی ک ۀ, Arabic-Indic and Persian digits (migration 0017), and the Arabic decimal and
# thousands separators ٫ ٬ (migration 0032)
ARABIC_FROM = "\u0623\u0625\u0622\u0671\u0629\u0649\u0624\u0626\u06cc\u06a9\u06c0٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹\u066b\u066c"
ARABIC_TO = "\u0627\u0627\u0627\u0627\u0647\u064a\u0648\u064a\u064a\u0643\u0647" + "0123456789" * 2 + ".,"
ARABIC_FOLD = str.maketrans(ARABIC_FROM, ARABIC_TO)
ARABIC_LETTER = re.compile("[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff]")
# Marks the index drops, as they may stand after any Arabic letter of the story's text; and the zero-width
# non-joiner and joiner, which Persian writes inside a word ("همکاری‌های") and the index holds it joined without too.
ARABIC_MARKS = "[\u064b-\u0652\u0670\u0640\u200c\u200d]*"
# The zero-width non-joiner and joiner: inside a word they say how its letters join, and the word is one word
# written with them or without ("همکاری‌های" or "همکاریهای", "رئیس‌جمهور" or "رئیسجمهور": migration 0028).
JOINERS = "\u200c\u200d"
JOINER = re.compile(f"[{JOINERS}]")
JOINED = re.compile(r"^((?:al|el))[-\u2010\u2011 ]", flags=re.IGNORECASE)
# A transliterated name's article, as the index's search_join_names and search_name_forms see it.
ARTICLE = re.compile(r"^(?:al|el)[-\u2010\u2011 ](?=\w\w)", flags=re.IGNORECASE)
OPTIONAL_ARTICLE = "(?:(?:[Aa][Ll]|[Ee][Ll])[-\u2010\u2011 ])?"
# A word's runs of letters and digits, each letter with its marks (vowel signs, viramas: "शिक्षा" is one run).
WORD_PARTS = re.compile(rf"(?:[^\W_]|[{MARKS}])+")
LETTERS = re.compile(rf"(?:[^\W\d_]|[{MARKS}])+")  # letters only, with their marks
# The combining marks unaccent drops (its rules for U+0300-U+0362 and a few enclosing marks); every other mark, a
# virama, a vowel sign, a Thai tone mark, a Hebrew point, stays in the index's word and in ``fold``'s.
UNACCENT_MARKS = re.compile("[\u0300-\u0362\u20dd-\u20e0\u20e2-\u20e4]")
# Scripts written without spaces between words, which the index cuts into characters (migration 0019): hiragana,
# katakana, CJK ideographs, Hangul syllables.
CJK = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\uff66-\uff9f"
CJK_CHARACTER = re.compile(f"[{CJK}]")

# Letters unaccent maps that Unicode does not decompose to a base letter: with strokes, hooks, bars, ligatures.
_UNDECOMPOSED = {
    "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "ß": "ss", "ẞ": "SS", "Þ": "TH", "þ": "th", "ŉ": "'n",
    "ƕ": "hv", "Ƣ": "OI", "ƣ": "oi", "ȸ": "db", "ȹ": "qp", "Ỻ": "LL", "ỻ": "ll",
    "Ø": "O", "ø": "o", "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ð": "D", "ð": "d",
    "Ħ": "H", "ħ": "h", "ı": "i", "Ŧ": "T", "ŧ": "t", "Ŋ": "N", "ŋ": "n", "ĸ": "q", "ƒ": "f", "ẛ": "ẛ",
    **dict(zip("ĿŀƀƁƂƃƇƈƉƊƋƌƐƑƓƖƗƘƙƚƝƞƤƥƫƬƭƮƲƳƴƵƶǤǥȡȤȥȴȵȶȷȺȻȼȽȾȿɀɃɄɆɇɈɉɌɍɎɏẚẜẝỼỽỾỿ",
               "LlbBBbCcDDDdEFGIIKklNnPptTtTVYyZzGgdZzlntjACcLTszBUEeJjRrYyassVvYy", strict=True)),
}  # fmt: skip
# The blocks of accented Latin and Greek letters: Latin-1 Supplement, Latin Extended-A and -B, Greek, Latin
# Extended Additional.
_ACCENTED_BLOCKS = (range(0x00C0, 0x0250), range(0x0386, 0x03D0), range(0x1E00, 0x1F00))


def _strip_accents(letter: str) -> str:
    if letter in _UNDECOMPOSED:
        return _UNDECOMPOSED[letter]
    base = "".join(c for c in unicodedata.normalize("NFKD", letter) if not unicodedata.combining(c))
    return base if base and (base.isascii() or "\u0370" <= base <= "\u03ff") else letter


ACCENTS = {
    letter: base
    for letter, base in ((chr(code), _strip_accents(chr(code))) for block in _ACCENTED_BLOCKS for code in block)
    if base != letter
}
_ACCENT_FOLD = str.maketrans(ACCENTS)


def fold_letters(text: str) -> str:
    """Arabic folded and accents dropped, as the index folds text (case kept)."""
    if text.isascii():
        return text
    text = ARABIC_DROP.sub("", text).translate(ARABIC_FOLD)
    # Combining accents (a decomposed "é") are dropped, as unaccent drops them; not other marks, which the index
    # keeps: "शिक्षा" lost its virama ("शिकषा"), and no Hindi word the index held was highlighted.
    return UNACCENT_MARKS.sub("", unicodedata.normalize("NFC", text)).translate(_ACCENT_FOLD)


def bare_name(word: str) -> str:
    """A transliterated name without its article: "al-Assad" -> "Assad", as AP writes it (other words unchanged)."""
    return ARTICLE.sub("", word)


_UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
_UMLAUT = re.compile("[äöüÄÖÜ]")
# "ue" in "Mueller", "oe" in "Schroeder": a vowel pair written for an umlaut, inside a name, before a consonant.
_UMLAUT_WRITTEN_OUT = re.compile(r"(?<=[^\W\daeiouy_])(ae|oe|ue)(?=[^\W\daeiouy_])", re.IGNORECASE)
_SLAVIC_ENDING = re.compile(r"(?<=sk)(yy|iy|y|i)$", re.IGNORECASE)  # Zelenskyy, Zelenskiy, Zelensky, Zelenski


def spelling_variants(word: str) -> list[str]:
    """Other ways agencies spell the same name, which folding does not join: a German umlaut written out or
    not ("Müller" and "Mueller"), a Slavic name's ending as each transliteration has it ("Zelenskyy",
    "Zelensky", "Zelenskiy"). The umlaut is put back only in a capitalised word: "guests" is not "güsts".
    And a word written with a zero-width non-joiner or joiner, without it: "همکاری‌های" is "همکاریهای" too."""
    variants = []
    if JOINER.search(word):
        variants.append(JOINER.sub("", word))
    if _UMLAUT.search(word):
        variants.append(_UMLAUT.sub(lambda m: _UMLAUTS[m.group()], word))
    elif word[:1].isupper() and _UMLAUT_WRITTEN_OUT.search(word):
        umlauts = {"ae": "ä", "oe": "ö", "ue": "ü"}
        variants.append(_UMLAUT_WRITTEN_OUT.sub(lambda m: umlauts[m.group().lower()], word))
    if len(word) >= 6 and (ending := _SLAVIC_ENDING.search(word)):
        stem = word[: ending.start()]
        variants += [stem + other for other in ("yy", "iy", "y", "i") if other != ending.group().lower()]
    return variants


def fold(token: str) -> str:
    """One token as the index sees it before stemming: letters folded, "al-" joined, lower case."""
    token = fold_letters(token)
    if token[:2].lower() in {"al", "el"}:
        token = JOINED.sub(r"\1", token)
    return token.lower()


@cache
def _spellings() -> dict[str, str]:
    """Each folded letter -> every letter of a story's text that folds to it (both cases), as one string."""
    found: dict[str, set[str]] = {}
    for letter, base in ACCENTS.items():
        if len(base) == 1:
            # Both cases, where each is one letter ("ẙ".upper() is "Y" and a combining ring).
            found.setdefault(base.lower(), set()).update(
                c for c in (letter, letter.lower(), letter.upper()) if len(c) == 1
            )
    for letter, base in zip(ARABIC_FROM, ARABIC_TO, strict=True):
        found.setdefault(base, set()).add(letter)
    return {base: "".join(sorted(letters | {base, base.upper()})) for base, letters in found.items()}


@cache
def _ligatures() -> dict[str, str]:
    """Each pair of folded letters -> the letters that fold to the pair: "ss" -> "ßẞ", "ae" -> "Ææ"."""
    found: dict[str, set[str]] = {}
    for letter, base in ACCENTS.items():
        if len(base) == 2 and base.isalpha():
            found.setdefault(base.lower(), set()).add(letter)
    return {pair: "".join(sorted(letters)) for pair, letters in found.items()}


def _letter_pattern(letter: str) -> str:
    spellings = _spellings().get(letter)
    pattern = f"[{spellings}]" if spellings else re.escape(letter).replace(r"\-", "-")
    return pattern + ARABIC_MARKS if ARABIC_LETTER.match(letter) else pattern


def spelling_pattern(word: str) -> str:
    """A regular expression (PostgreSQL's or Python's) for ``word`` in any spelling that folds to its own:
    "Strasse" and "Straße" both find "STRASSE" and "Straße"."""
    folded, pattern, at = fold_letters(word).lower(), [], 0
    while at < len(folded):
        if ligature := _ligatures().get(folded[at : at + 2]):
            pattern.append(f"(?:{_letter_pattern(folded[at])}{_letter_pattern(folded[at + 1])}|[{ligature}])")
            at += 2
        else:
            pattern.append(_letter_pattern(folded[at]))
            at += 1
    return "".join(pattern)


def _part_pattern(part: str) -> str:
    """A run of letters or digits; typed in capitals ("US", "UAE"), with or without dots between them ("U.S.")."""
    if part.isupper() and part.isascii() and 2 <= len(part) <= 5:
        return r"\.?".join(map(spelling_pattern, part))
    return spelling_pattern(part)


def _runs(word: str) -> list[str]:
    return WORD_PARTS.findall(fold_letters(word))


# Where a word starts and ends in PostgreSQL's regular expressions: where no letter, digit or mark stands beside it.
# Its \m and \M take a virama or a Thai tone mark for no letter: "தமிழ்" (ending in a virama) was never a whole
# word, and "कक" was one inside "कक्ष".
_WORD_START = f"(?<![[:alnum:]_{MARKS}])"
_WORD_END = f"(?![[:alnum:]_{MARKS}])"
_NOT_WORD = f"[^[:alnum:]{MARKS}]"  # what may stand between two words, or two runs of one


def words_in_order_pattern(words: list[str]) -> str:
    """A PostgreSQL regular expression (for ``~*``) true where ``words`` stand in a text in order, in any spelling
    that folds to theirs, with anything but letters and digits between them, each with or without an article
    ("Bashar Assad" and "Bashar al-Assad" are one name).

    Inside a word, what is not a letter or a digit may be any such mark or none, as the index splits words
    there: "O'Neill" finds "O’Neill" (the typographic apostrophe agencies print), "Jean-Luc" "Jean Luc".
    An acronym typed in capitals finds it with its dots: "US-led" finds "U.S.-led" (migration 0018).
    """
    # Each word's runs of letters and digits; Chinese, Japanese and Korean words stand inside runs of other
    # characters: no word boundary at their edges, nor any space required between two of them.
    words = [word for word in map(bare_name, words) if _runs(word)]
    if not words:
        return r"\m\M"  # no word: nothing stands there
    pattern = ""
    for previous, word in zip([None, *words], words, strict=False):
        parts = _runs(word)
        if previous:
            cjk = CJK_CHARACTER.match(_runs(previous)[-1][-1]) or CJK_CHARACTER.match(parts[0][0])
            pattern += f"{_NOT_WORD}*" if cjk else f"{_NOT_WORD}+"
        # And in its other spellings: "Mueller" finds "Müller" (spelling_variants).
        spellings = dict.fromkeys(
            f"{_NOT_WORD}*".join(map(_part_pattern, runs))
            for runs in [parts, *map(_runs, spelling_variants(word))]
            if runs
        )
        pattern += OPTIONAL_ARTICLE + (next(iter(spellings)) if len(spellings) == 1 else f"(?:{'|'.join(spellings)})")
    runs = [_runs(word) for word in words]
    start = "" if CJK_CHARACTER.match(runs[0][0][0]) else _WORD_START
    end = "" if CJK_CHARACTER.match(runs[-1][-1][-1]) else _WORD_END
    return start + pattern + end
