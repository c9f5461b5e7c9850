"""Bylines: the reporters a story names ("Manar al-Freih / Hazem Sabbagh", "By ZEKE MILLER"), told apart from
credits ("Associated Press", "Reuters staff") and from sentences. Pure functions, no database; the agencies'
names and places' forms are ``dateline``'s.
"""

import re

from .dateline import ABBREVIATION, ARABIC, KNOWN_AGENCIES, tidy_place
from .endings import is_byline_credit
from .gazetteer import is_town

_NOT_IN_NAMES = re.compile(r"[!?:;،؟\"“”«»()\d]")
# A full stop stands in a name only after an initial or a suffix: "MICHAEL R. SISAK", "E.J. Dionne", "Jr."; after
# any other word it ends a sentence ("He left.").
_NAME_WITH_STOP = re.compile(r"(?:\w\.)+\w?|(?:Jr|Sr|St)\.", re.IGNORECASE)


def _not_names(text: str) -> bool:
    """Whether ``text`` holds what no name does: a sentence's marks, figures, a full stop after a word."""
    return bool(_NOT_IN_NAMES.search(text)) or any(
        "." in word and not _NAME_WITH_STOP.fullmatch(word) for word in text.split()
    )


_NAME_PARTICLES = {"al", "el", "bin", "ibn", "abu", "de", "del", "da", "van", "von", "der", "la", "le", "du", "bint"}
_PREFIXED = re.compile(r"^(al|el|ad|as|ash|at|az|an|ar|ad-din)-\w", re.IGNORECASE)
_ARABIC_WORD = re.compile(rf"^[{ARABIC}]+$")
# Words no reporter's name holds, that end a story's text on a line of their own: wires' end marks ("Enditem",
# Xinhua; "ENDS"; "انتهى", "ended"), the links a scraped page leaves ("Read More", "Follow Us", "Share This"), and
# the Arabic words that open a sentence's clauses ("وقال", "and he said"; "في", "in"; not "على", "on", which Egyptian
# type also prints for the name "علي", Ali). Compared lower-cased.
_NEVER_IN_NAMES = {
    "enditem", "end", "ends", "more", "read", "follow", "share", "this", "us", "story", "advertisement",
    "related", "comments", "click", "here", "subscribe", "print", "email", "video", "photos", "photo", "the",
    "انتهى", "في", "من", "إلى", "الى", "عن", "مع", "أن", "إن", "ان", "قال", "وقال", "أضاف", "وأضاف", "واضاف",
    "التي", "الذي", "هذا", "هذه", "كما", "وكان", "كان", "حيث",
    # the slogans and wishes a story may end with on a line of its own: "Never Again", "Happy New Year", "Long Live
    # Free Syria", "المجد والخلود لشهدائنا الأبرار", "والله ولي التوفيق"
    "never", "again", "happy", "year", "rest", "live", "free", "thank", "thanks", "you",
    "god", "bless", "merry", "christmas", "mubarak", "forever", "والله", "المجد", "والخلود",
    "لشهدائنا", "الأبرار", "التوفيق", "عاشت", "يحيا", "تحيا", "رحمه",
}  # fmt: skip


# Dutch names' "'t" (het): "Sophie in 't Veld", "Jacobus van 't Hoff"; "in" is a particle only before it.
_T = {"'t", "\u2019t"}


def _is_particle(words: list[str], index: int) -> bool:
    word = words[index].lower()
    return (
        word in _NAME_PARTICLES
        or word in _T
        or (word == "in" and index + 1 < len(words) and words[index + 1].lower() in _T)
        or bool(_PREFIXED.match(word))
    )


def _is_name(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= 5:
        return False
    if all(_ARABIC_WORD.match(word) for word in words):
        return True
    return all(word[0].isupper() or _is_particle(words, n) for n, word in enumerate(words)) and any(
        word[0].isupper() for word in words
    )


# Agencies' bylines: "Manar al-Freih / Hazem Sabbagh" (SANA, last line), "By ZEKE MILLER and AAMER MADHANI" (AP,
# first line), "(Reporting by Tom Balmforth in Moscow; Editing by Alex Richardson)" (Reuters, last line).
# "By" as English, French, German, Spanish and Dutch bylines print it, and Arabic's "بقلم" (by the pen of) or a
# credit with its colon ("كتب:", wrote; "إعداد:", prepared by; "متابعة:", followed up by).
_BY = re.compile(
    r"^(?:(?:by|par|von|por|door)\s+|بقلم\s*:?\s*|(?:كتب|كتبه|إعداد|اعداد|تقرير|متابعة)\s*:\s*)", re.IGNORECASE
)
# Between the names of a "By" line or a credit, and between a name and its agency ("By Jane Doe | Reuters").
_AND = re.compile(r"\s*(?:,\s*and\s+|,\s*|\s+and\s+|\s+with\s+|\s*&\s*|\s+[|/]\s+)", re.IGNORECASE)
# A reporter's title after the name: "By Lisa Mascaro, AP Congressional Correspondent", "By ZEKE MILLER Associated
# Press" (the name before it kept).
_TITLE = re.compile(
    r"\b(?:(?-i:AP)|Associated Press|Reuters|AFP|(?:writer|correspondent|reporter|editor|columnist)s?|staff)\b", re.I
)
# What stands before a reporter's title and is no name: "Political Editor", "Senior Middle East Correspondent".
_BEAT_WORDS = {
    "chief", "senior", "deputy", "political", "diplomatic", "foreign", "economics", "economic", "business",
    "security", "defence", "defense", "health", "science", "environment", "world", "international", "national",
    "middle", "east", "europe", "european", "africa", "asia", "america", "americas", "white", "house", "court",
    "legal", "sports", "culture", "arts", "technology", "energy", "markets", "north", "south", "west",
}  # fmt: skip
# The credits that name a story's authors; "Editing by" names its editors, who are not.
_CREDIT = re.compile(r"^(?:additional\s+)?(?:reporting|writing|compiled|written|reported)\s+by\s+", re.IGNORECASE)
_IN_PLACE = re.compile(r"\s+in\s+(?!['\u2019]t\s)\S.*$")  # not "Sophie in 't Veld"


# What a byline credits that is no person: "By The Associated Press", "By Our Correspondent", "By Agencies", "By
# Reuters Staff", "By Jane Doe, BBC News". Compared lower-cased, word by word.
_CREDIT_WORDS = {
    "the", "our", "staff", "agencies", "agency", "desk", "news", "bureau", "team", "correspondent",
    "correspondents", "reporter", "reporters", "writer", "writers", "special", "web", "online", "newsroom",
    "editorial", "board", "wire", "wires", "service", "services", "press", "associated", "to", "times", "post",
    "daily", "international", "report", "وكالات", "مراسلنا", "المحرر",
}  # fmt: skip
_SERVICES = {"service", "services", "agency", "network", "syndicate", "wire", "wires", "newsroom", "desk"}


def is_credit_only(part: str) -> bool:
    """Whether a byline's part credits an agency, a desk or a paper rather than naming a reporter."""
    if " ".join(part.lower().split()) in KNOWN_AGENCIES:
        return True
    words = part.split()
    if len(words) > 1 and words[-1].lower() in _SERVICES:  # "Tribune News Service", "Gannett News Agency"
        return True
    # An abbreviation is an agency or a paper ("CNN", "BBC News"), unless every word is in capitals: "ZEKE MILLER".
    abbreviations = len(words) == 1 or not part.isupper()
    return all(
        word.lower() in _CREDIT_WORDS
        or word.lower() in KNOWN_AGENCIES
        or (abbreviations and re.fullmatch(ABBREVIATION, word))
        for word in words
    )


def split_names(text: str) -> list[str] | None:
    """The names of "A, B and C" ([] when they are only titles, agencies or bureaus), or None when one is not a
    name. A place after a name is left out: "By Jane Doe in Damascus"."""
    # A title ends a name ("AAMER MADHANI and ZEKE MILLER Associated Press": the second name was dropped whole).
    names = []
    text = text.strip()
    before = ["", *_AND.findall(text)]  # what stands before each part: "", ", ", " and ", ...
    for index, part in enumerate(_AND.split(text)):
        head, *titled = _TITLE.split(part, 1)
        name = _IN_PLACE.sub("", head).strip()
        if not name or is_credit_only(name):
            continue
        # "By Jane Doe, Political Editor": a beat before a title ("Political" was an author); "By Jane Doe, Kyiv":
        # where she wrote from (a town's name after a comma; after "and" it is a reporter's: "and Santa Rosa").
        if titled and (len(name.split()) < 2 or all(word.lower() in _BEAT_WORDS for word in name.split())):
            continue
        if index and "," in before[index] and "and" not in before[index].lower() and is_town(name):
            continue
        names.append(name)
    # Read as printed, then tidied: "By the way" is no name, though "The Way" would be.
    if all(_is_name(name) and not _not_names(name) for name in names):
        return list(dict.fromkeys(tidy_place(name) for name in names))
    return None


def _credits(line: str) -> list[str] | None:
    """The reporters of a Reuters credit line, "(Reporting by A and B in Kyiv; Editing by C)"."""
    names: list[str] = []
    for clause in line.strip().strip("()").split(";"):
        clause = " ".join(clause.split())
        if match := _CREDIT.match(clause):
            found = split_names(",".join(_IN_PLACE.sub("", part) for part in _AND.split(clause[match.end() :])))
            if found is None:
                return None
            names += found
        elif not re.match(r"^(?:editing|edited|graphics|photos?)\s+by\s", clause, re.IGNORECASE):
            return None
    return list(dict.fromkeys(names)) or None


def split_byline(line: str) -> list[str] | None:
    """The names of a byline line, or None when it is not one: "Manar al-Freih / Hazem Sabbagh", "By ZEKE MILLER
    and AAMER MADHANI", "(Reporting by Tom Balmforth in Moscow; Editing by Alex Richardson)"."""
    if len(line) > 200:
        return None
    if line.startswith("(") and line.endswith(")") and _BY.match(line[1:-1].strip()):  # CNA's "(By Joseph Yeh)"
        line = line[1:-1].strip()
    if _CREDIT.match(line.lstrip("( \t")):  # Reuters wraps its credits in parentheses
        return _credits(line)
    if by := _BY.match(line):  # [] when it credits an agency or a desk only: "By The Associated Press"
        return split_names(line[by.end() :]) if len(line) <= 120 else None
    if len(line) > 100 or _not_names(line):
        return None
    # Without a "By" or a credit to say so, a line is names only when each has two words at least ("Manar
    # al-Freih"), none of them one that no name holds: "Enditem", Xinhua's last line, is no reporter.
    names = [" ".join(part.split()) for part in line.split("/")]
    if names and all(
        _is_name(name) and len(name.split()) >= 2 and _NEVER_IN_NAMES.isdisjoint(name.lower().split()) for name in names
    ):
        return names
    return None


def split_leading_byline(line: str) -> list[str] | None:
    """A byline above the story's first paragraph, as AP prints it: only with its "By"."""
    return split_byline(line) if _BY.match(line) else None


def without_leading_byline(paragraphs: list[str], *, at: int = 0) -> tuple[list[str], list[str]]:
    """``paragraphs`` without the byline at index ``at`` (AP's "By ZEKE MILLER", and its credit line "Associated
    Press" under it), and its names ([] when it credits no one: "By The Associated Press"); as they are when the
    paragraph there is no "By" byline. Plain text and JSON Lines read it alike."""
    if len(paragraphs) <= at + 1 or (names := split_leading_byline(paragraphs[at])) is None:
        return paragraphs, []
    paragraphs = [*paragraphs[:at], *paragraphs[at + 1 :]]
    if len(paragraphs) > at + 1 and is_byline_credit(paragraphs[at]):
        paragraphs = [*paragraphs[:at], *paragraphs[at + 1 :]]
    return paragraphs, names
