"""Each page speaks the language of what it shows: a story's page its story's, a list its archive's.

The archive has two sets of lists: the English archive at the root ("/",
"/sections/culture/", ...) lists every story not in Arabic, and the Arabic
archive under "/ar/" lists the Arabic stories, with Arabic labels and dates,
right to left. A story keeps one address whatever its language.
"""

import functools
import re
import unicodedata

import langcodes
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.db import connection
from django.utils import translation
from django.utils.translation import get_language_info

from .text import match_key

ARABIC = "ar"
ARCHIVES = ("en", ARABIC)
# The languages written right to left: the archive's (settings.STORY_LANGUAGES) and those a story may be tagged with
# before it is filed under one of them, or that a page may name: Sorani Kurdish, Sindhi, Uyghur, Dhivehi (Thaana),
# Kashmiri, Balochi, Mazanderani, Gilaki, Luri, Southern Azerbaijani, Syriac, Aramaic, N'Ko, Samaritan, Mandaic.
RIGHT_TO_LEFT = {
    "ar", "fa", "he", "ur", "ps", "yi",
    "ckb", "sd", "ug", "dv", "ks", "bal", "mzn", "glk", "lrc", "azb", "syr", "arc", "nqo", "sam", "mid",
}  # fmt: skip
# Languages written in either direction, by the writer's script: Kurdish is Sorani in Arabic letters (right to left)
# or Kurmanji in Latin ones, Punjabi Shahmukhi or Gurmukhi, Azerbaijani Arabic letters in Iran, Latin in Azerbaijan.
# Their text decides: "ku" (which "ckb" is filed under) was drawn left to right, a Sorani headline mirrored.
EITHER_WAY = {"ku", "pa", "az"}
# Right-to-left languages written in Hebrew letters, whose comma is the Latin one, not Arabic script's "،".
HEBREW_SCRIPT = {"he", "yi"}
_KNOWN = {code for code, _ in settings.LANGUAGES}


def activate_for(language: str) -> str:
    """Draw the rest of this request in ``language`` (English for one the site does not know); return it."""
    code = language if language in _KNOWN else settings.LANGUAGE_CODE
    translation.activate(code)
    return code


def in_archive(path: str, archive: str) -> str:
    """A list's path in the given archive: "/tags/x/" is "/ar/tags/x/" in the Arabic archive."""
    return f"/{ARABIC}{path}" if archive == ARABIC and not path.startswith(f"/{ARABIC}/") else path


def current_archive() -> str:
    return ARABIC if (translation.get_language() or "").startswith(ARABIC) else "en"


# The languages the archive's stories are written in, a row each: read from the language index one language at a
# time (a loose index scan), so that it costs a few index lookups at a million stories, not a scan of them.
WRITTEN_SQL = """
    WITH RECURSIVE written(code) AS (
        (SELECT language FROM articles_article ORDER BY language LIMIT 1)
        UNION ALL
        SELECT (SELECT language FROM articles_article WHERE language > w.code ORDER BY language LIMIT 1)
        FROM written w WHERE w.code IS NOT NULL
    )
    SELECT code FROM written WHERE code IS NOT NULL
"""


def written() -> list[str]:
    """The codes of the languages the archive's stories are written in."""
    with connection.cursor() as cursor:
        cursor.execute(WRITTEN_SQL)
        return [row[0] for row in cursor.fetchall()]


_STORY_NAMES = dict(settings.STORY_LANGUAGES)
_DJANGO_CODES = {"zh": "zh-hans"}  # Django knows Chinese by its scripts


def _info(code: str) -> dict | None:
    try:
        return get_language_info(_DJANGO_CODES.get(code, code))
    except KeyError:
        return None


def language_name(code: str) -> str:
    """A story language's name in the language of the page being drawn ("German", "الألمانيّة"): Django's
    translation where it has one, else the archive's English name (settings.STORY_LANGUAGES), else the code."""
    return named_language(code)[0]


def page_language() -> str:
    """The language of the page being drawn ("en", "ar")."""
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def named_language(code: str) -> tuple[str, str]:
    """``language_name``'s name and the language that name is in: the page's, or English where there is no
    translation ("Pashto" on an Arabic page); "" for a code named by itself."""
    info = _info(code)
    if info:
        name = str(info["name_translated"])
        return name, "en" if name == info["name"] else page_language()
    return (_STORY_NAMES[code], "en") if code in _STORY_NAMES else (code, "")


def direction(language: str, text: str = "") -> str:
    """ "rtl" or "ltr" for words in ``language``; for one written either way (``EITHER_WAY``), by the first letter of
    ``text`` that has a direction (Unicode's bidirectional class), left to right where there is none."""
    code = language.split("-")[0].lower()
    if code in EITHER_WAY and text:
        return text_direction(text) or "ltr"
    return "rtl" if code in RIGHT_TO_LEFT else "ltr"


def text_direction(text: str) -> str | None:
    """The direction of ``text``'s first strong letter (as a browser's dir="auto" decides), None for none."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return None


def marked(language: str) -> dict[str, str]:
    """The attributes that mark words in ``language`` inside the page being drawn, so that a screen reader reads
    them in their own voice: lang where it is not the page's, and dir where its script runs the other way too
    ({"lang": "en", "dir": "ltr"} on an Arabic page). None for the page's own language or an unknown one."""
    page = page_language()
    if not language or language.split("-")[0] == page:
        return {}
    attributes = {"lang": language}
    if direction(language) != direction(page):
        attributes["dir"] = direction(language)
    return attributes


# A language tag as BCP 47 writes one, "_" allowed for "-" ("pt_BR"): anything else is a name, or nothing.
_TAG = re.compile(r"[a-z]{2,8}(?:[-_][a-z0-9]{1,8})*")


@functools.cache
def _archive_codes() -> dict[str, str]:
    """The archive's codes by each code a language tag may standardise them to: "tl" is "fil" in CLDR."""
    codes = {code: code for code, _ in settings.STORY_LANGUAGES}
    for code in list(codes):
        codes.setdefault(langcodes.Language.get(code, normalize=True).language or code, code)
    return codes


@functools.cache
def _macrolanguages() -> dict[str, str]:
    """Each language IANA's registry files under a macrolanguage -> that macrolanguage: "ary" (Moroccan Arabic) ->
    "ar", "nb" and "nn" -> "no", "ckb" -> "ku", "yue" -> "zh". Read once (0.1 s), when a code is not the archive's."""
    from langcodes.registry_parser import parse_registry

    return {
        entry["Subtag"]: entry["Macrolanguage"]
        for entry in parse_registry()
        if entry.get("Type") == "language" and "Macrolanguage" in entry
    }


@functools.lru_cache(maxsize=1024)
def _code_of_tag(tag: str) -> str | None:
    """The archive's code for a BCP 47 tag (langcodes): its region, script and variants dropped ("nb-NO", "zh-Hans",
    "pt_BR"), an old code made the current one ("iw" -> he, "in" -> id, "ji" -> yi, "mo" -> ro), a three-letter one
    the two-letter ("deu" -> de, "fil" -> tl), a language the archive keeps under its macrolanguage ("nb", "nn" ->
    no, "ary", "arz" -> ar)."""
    if not _TAG.fullmatch(tag):
        return None
    try:
        code = langcodes.Language.get(tag, normalize=True).language
    except langcodes.LanguageTagError:
        return None
    if not code:
        return None
    return _archive_codes().get(code) or _archive_codes().get(_macrolanguages().get(code, ""))


@functools.cache
def _codes_by_name() -> dict[str, str]:
    """Every name a story language goes by, folded (``match_key``: case, accents, Arabic's marks) -> its code: its
    code, English and own names, and the names of the languages Django knows that are one of them ("Norwegian
    Bokmål" -> no)."""
    names: dict[str, str] = {}
    for code, english in settings.STORY_LANGUAGES:
        info = _info(code) or {}
        for name in (code, english, info.get("name", ""), info.get("name_local", "")):
            if name:
                names.setdefault(match_key(str(name)), code)
    for tag, info in LANG_INFO.items():
        if (code := _code_of_tag(tag)) and "name" in info:
            for name in (info["name"], info["name_local"]):
                names.setdefault(match_key(str(name)), code)
    return names


def story_language(named: str) -> str | None:
    """The code of the story language ``named`` names, or None: a code as sources write it ("de", "DE", "de-DE",
    "pt_BR", "zh-Hans", "nb-NO", "iw", "ary": ``_code_of_tag``) or a name ("German", "deutsch", "Arabic")."""
    named = " ".join(named.split())
    if not named or len(named) > 100:
        return None
    return _codes_by_name().get(match_key(named)) or _code_of_tag(named.lower())
