"""A story's language when its source does not name it: read from its script, then its words.

A plain-text story names no language (unless its front matter does), nor does a JSON Lines
record without "language". The language decides how the story is indexed for search (its
Snowball stemmer), the ``lang`` and ``dir`` its page is drawn with, and which archive lists it.

The script its letters are mostly written in comes first (``SCRIPTS``): Greek is Greek, Hangul
Korean, kana Japanese (Japanese writes in kanji and kana both; Chinese has no kana), other
Chinese characters Chinese. A script several of the archive's languages share (Latin, Arabic,
Cyrillic, Hebrew, Devanagari) is told apart by py3langid (a character n-gram model trained on
97 languages, shipped inside the wheel: nothing is downloaded), asked to choose among that
script's languages (settings.STORY_LANGUAGES), and trusted only when sure: a short or
ambiguous text takes the script's first language (English, Arabic, Russian, Hebrew, Hindi).
"""

import re
from functools import cache

from django.conf import settings

from ..languages import story_language
from ..text import clean_line
from .parsed import ParseError, quote

DEFAULT = "en"
UNDETERMINED = {"und", "mul", "mis", "zxx"}  # BCP 47's undetermined, multiple, uncoded languages; no language
TAG = re.compile(r"<[^>]*>")
LETTER = re.compile(r"[^\W\d_]")
SAMPLE_CHARS = 1000  # of the story's text: enough to tell, at about 0.2 ms
SURE = 0.95  # the model's probability, among the script's languages, that it takes
FEWEST_LETTERS = 40  # below this many letters the model is not asked
KANA = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
JAPANESE_FROM = 0.1  # of the letters in kana: Japanese, however many are Chinese characters
WORD_LETTERS = 5
# Languages so close that the model, sure a text is one of them, may still split its probability between them
# (an Indonesian story: Indonesian 0.92, Malay 0.08; a Croatian one: Croatian 0.56, Bosnian 0.40). Being sure of
# the group is enough to take its likeliest: unsure, such stories were all taken for English.
CLOSE_LANGUAGES = (
    frozenset({"id", "ms"}),
    frozenset({"hr", "bs", "sr"}),
    frozenset({"no", "da", "sv"}),
    frozenset({"cs", "sk"}),
    frozenset({"es", "gl", "pt", "ca"}),
)

# Each script: its letters, and the languages written in it, the one taken when unsure first. Latin is
# every letter none of the others holds.
SCRIPTS = (
    (
        "arabic",
        re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]"),
        ("ar", "fa", "ur", "ps"),
    ),
    ("cyrillic", re.compile("[\u0400-\u052f]"), ("ru", "uk", "bg", "sr", "mk", "kk")),
    ("greek", re.compile("[\u0370-\u03ff\u1f00-\u1fff]"), ("el",)),
    ("hebrew", re.compile("[\u0590-\u05ff]"), ("he", "yi")),
    ("hangul", re.compile("[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]"), ("ko",)),
    ("kana", KANA, ("ja",)),
    ("han", re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"), ("zh",)),
    ("devanagari", re.compile("[\u0900-\u097f]"), ("hi", "ne")),
    ("bengali", re.compile("[\u0980-\u09ff]"), ("bn",)),
    ("tamil", re.compile("[\u0b80-\u0bff]"), ("ta",)),
    ("thai", re.compile("[\u0e00-\u0e7f]"), ("th",)),
    ("armenian", re.compile("[\u0530-\u058f]"), ("hy",)),
    ("georgian", re.compile("[\u10a0-\u10ff]"), ("ka",)),
    ("ethiopic", re.compile("[\u1200-\u139f]"), ("am",)),
)
NON_LATIN = {code for _script, _letters, codes in SCRIPTS for code in codes}


@cache
def _archive() -> frozenset[str]:
    return frozenset(code for code, _name in settings.STORY_LANGUAGES)


@cache
def _latin_codes() -> tuple[str, ...]:
    """The archive's languages written in Latin script, English first."""
    return tuple(dict.fromkeys([DEFAULT, *(code for code, _ in settings.STORY_LANGUAGES if code not in NON_LATIN)]))


@cache
def _modelled() -> frozenset[str]:
    """The archive's languages py3langid knows."""
    return frozenset(_identifier().nb_classes) & _archive()


@cache
def _identifier():
    """py3langid's model (0.4 s to load, once a process), choosing among the archive's languages it knows."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    known = set(identifier.nb_classes)
    identifier.set_languages(sorted(known & _archive()))
    return identifier


def _choose(sample: str, letters: int, languages: tuple[str, ...]) -> str:
    """The one of ``languages`` (all of one script) ``sample`` is in, when the model is sure; else the first."""
    languages = tuple(code for code in languages if code in _archive()) or (DEFAULT,)
    asked = [code for code in languages if code in _modelled()]
    if len(asked) < 2 or letters < FEWEST_LETTERS:
        return languages[0]
    ranked = [(code, p) for code, p in _identifier().rank(sample) if code in asked]
    total = sum(p for _code, p in ranked)
    best, _probability = ranked[0]
    close = next((group for group in CLOSE_LANGUAGES if best in group), frozenset({best}))
    probability = sum(p for code, p in ranked if code in close)
    return best if total and probability / total >= SURE else languages[0]


def language_code(named: str, *, line: int | None = None, field: str = "language") -> str:
    """The archive's code for a language as a source names it: "de-DE", "EN", "pt_BR", "zh-Hans" -> de, en, pt, zh;
    "nb-NO", "nn" -> no; "iw" -> he; "fil" -> tl; "ary" -> ar; "Arabic" -> ar (``languages.story_language``). ""
    when it names none ("", or "und", "mul": undetermined, many), so that the text tells; one the archive does not
    hold is refused, naming ``field`` and ``line``."""
    named = clean_line(named)
    if not named or named.lower() in UNDETERMINED:
        return ""
    if code := story_language(named):
        return code
    raise ParseError(
        f"{field} {quote(named, 40)} is no language the archive holds; name one of "
        f"{', '.join(sorted(_archive()))} by its code or its name",
        line=line,
    )


def _sample(texts: tuple[str, ...]) -> str:
    return TAG.sub(" ", " ".join(texts)[: SAMPLE_CHARS * 2])[:SAMPLE_CHARS]


def _main_script(sample: str, letters: int) -> str:
    """The script most of ``sample``'s letters are written in: "kana" for Japanese, "latin" by default."""
    counts = {script: len(pattern.findall(sample)) for script, pattern, _codes in SCRIPTS}
    if counts["kana"] >= JAPANESE_FROM * letters:
        return "kana"
    # A Chinese, Japanese or Korean character is about a word, as many letters as a word of another script.
    weighed = {
        script: count * (WORD_LETTERS if script in ("han", "hangul", "kana") else 1) for script, count in counts.items()
    }
    script, most = max(weighed.items(), key=lambda item: item[1])
    latin = letters - sum(counts.values())
    if most > latin + sum(weighed.values()) - most:  # more than half of the letters, so weighed
        return script
    return "latin"


def guess_language(*texts: str) -> str:
    """The ISO 639-1 code of the language ``texts`` (the headline first, then the body) are written in."""
    sample = _sample(texts)
    letters = len(LETTER.findall(sample))
    if not letters:
        return DEFAULT
    script = _main_script(sample, letters)
    if script == "latin":
        return _choose(sample, letters, _latin_codes())
    return _choose(sample, letters, next(codes for name, _pattern, codes in SCRIPTS if name == script))


# Languages written in Latin letters as well as their SCRIPTS entry's (Serbian, Kazakh), or in another script
# beside Latin (Kurdish, Uzbek, Azerbaijani, Malay in Jawi, Punjabi in Shahmukhi...): either fits them.
MORE_THAN_ONE_SCRIPT = {"sr", "kk", "ku", "uz", "az", "ms", "pa", "tk", "mn", "ug", "sd", "ks", "tt", "ba", "ky", "tg"}


def language_of_item(declared: str, *texts: str) -> str:
    """The language of a feed's or an export's item that the feed declares ``declared`` for (its channel's), else
    the one ``texts`` are written in: a declared language written in another script than the item's letters is
    a site's default, not the item's ("en-US" on a site that posts in Arabic stored its Arabic posts as English,
    left to right, stemmed as English)."""
    if not declared:
        return guess_language(*texts)
    if declared in MORE_THAN_ONE_SCRIPT:
        return declared
    sample = _sample(texts)
    if len(letters := LETTER.findall(sample)) < FEWEST_LETTERS:
        return declared
    script = _main_script(sample, len(letters))
    declared_script = next((name for name, _pattern, codes in SCRIPTS if declared in codes), "latin")
    same = script == declared_script or {script, declared_script} <= {"han", "kana"}  # Japanese holds kanji
    return declared if same else guess_language(*texts)
