"""Pure text helpers shared by the parsers, the store and the admin.

Matching in an archive of scraped text has to see past typography: the same
headline arrives with straight or curly quotes, different dashes, doubled
spaces, and, in Arabic, different forms of the same letter. ``match_key``
folds all of that so that two printings of one headline compare equal.
"""

import html
import re
import unicodedata

from django.utils.html import strip_tags
from django.utils.text import Truncator, slugify

# Arabic letter forms that writers and scrapers use interchangeably.
_ARABIC_FOLDS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ئ": "ي",
        "ؤ": "و",
        "ة": "ه",
        "ـ": None,  # tatweel, a stretching stroke with no meaning
    }
)
_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_TAG = re.compile(r"<[^>]*>")


def _combining_marks() -> str:
    """Unicode's combining marks (categories Mn, Mc, Me) in the Basic Multilingual Plane, as ranges for a regular
    expression's character class, in escapes Python's and PostgreSQL's regular expressions both read."""
    ranges: list[list[int]] = []
    for code in range(0x10000):
        if unicodedata.category(chr(code))[0] == "M":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)


# Vowel signs, viramas, nuktas, Thai vowels and tone marks, Hebrew points, decomposed accents: they are part of the
# word they stand in, as PostgreSQL's parser keeps them ("प्रधानमंत्री" is one token). Python's \w leaves them
# out (it is str.isalnum() and "_"), so a pattern of words adds them: ``rf"[\w{MARKS}]+"``. Those of the Basic
# Multilingual Plane, where every living script's are: above it, historic scripts' (Brahmi, Grantha) cost Python's
# re a test a range each, and took the highlighter from 0.2 to 0.5 ms a snippet.
MARKS = _combining_marks()

# The marks that are accents or vowel points, written or not (Latin, Greek and Cyrillic accents left decomposed after
# NFKC, as "i̇" of "İstanbul".lower(); Hebrew points; Arabic harakat): slugs go without them (make_slug), and
# match_key folds them away, with the nuktas of Indic scripts (combining class 7), which writers leave out as often.
_ACCENTS_AND_POINTS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
    "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
)
_NUKTAS = "".join(chr(code) for code in range(0x900, 0x1000) if unicodedata.combining(chr(code)) == 7)
_FOLDED_MARKS = re.compile(f"[{_ACCENTS_AND_POINTS}{_NUKTAS}]")
# What match_key reads as a space: anything but a word's characters and the other marks.
_NOT_WORD_OR_MARK = re.compile(rf"[^\w{MARKS}]+")

# Characters that are not text: control codes (an escape character, a bell) and the two non-characters. XML 1.0
# cannot hold them, so one in a headline stopped every feed listing the story (a 500). The controls that are white
# space (tab, line and form feeds, the separators \x1c-\x1f) are left to the white-space rules.
NOT_TEXT = re.compile("[\x01-\x08\x0e-\x1b\x7f\ufffe\uffff]")
# And what XML 1.0 refuses besides: every control but tab, line feed and carriage return.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold, for feeds: stories archived before they were refused
    may hold them, and a feed must still be drawn."""
    return _NOT_XML.sub("", text) if not text.isprintable() else text


# Characters that show nothing and mean nothing inside a word: where they are, the word is cut in two for search,
# highlighting and matching ("informa\u00adtion" was "informa" and "tion"). Layout systems and web pages put soft
# hyphens (&shy;) inside words as hyphenation hints, and zero-width spaces and word joiners as line-break hints.
# The zero-width non-joiner and joiner are left: they change how Persian and Indic letters are drawn.
INVISIBLE = "\u00ad\u200b\u2060\ufeff"  # soft hyphen, zero-width space, word joiner, byte-order mark

# Typographic forms that scraped text carries, mapped to their plain forms.
_TYPOGRAPHY = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u2007": " ",
        "\u202f": " ",
        **dict.fromkeys(INVISIBLE),
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
    }
)


# The explicit bidi controls: embeddings and overrides (LRE, RLE, PDF, LRO, RLO) and isolates (LRI, RLI, FSI, PDI).
# An override reverses what follows it ("\u202eabc" shows "cba"), and an embedding or an isolate left open runs on
# past its own text: a headline holding one was drawn reversed, or turned the wrong way, in lists, in the page's
# <title> (the site's name after it) and in feeds. They are dropped, but for an isolate closed by its PDI in the
# same text: it sets a Latin name apart in an Arabic sentence, as Arabic and Hebrew typing does, and ends where it
# is closed. The marks LRM, RLM and ALM (U+200E, U+200F, U+061C) stay: they open nothing that could run on, and
# Arabic and Hebrew typing needs them to put the punctuation beside them on the right side ("(SANA)" at a line's end).
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_OPEN_ISOLATES = "\u2066\u2067\u2068"  # LRI, RLI, FSI
_CLOSE_ISOLATE = "\u2069"  # PDI


def _closed_isolates_only(text: str) -> str:
    """``text`` without its bidi controls (``BIDI_CONTROLS``) but the isolates its PDIs close."""
    dropped, opened = [], []
    for match in BIDI_CONTROLS.finditer(text):
        control, at = match[0], match.start()
        if control in _OPEN_ISOLATES:
            opened.append(at)
        elif control == _CLOSE_ISOLATE and opened:
            opened.pop()
        else:  # an embedding, an override, their PDF, or a PDI that closes nothing
            dropped.append(at)
    pieces, start = [], 0
    for at in sorted(dropped + opened):  # isolates never closed go too
        pieces.append(text[start:at])
        start = at + 1
    return "".join([*pieces, text[start:]])


def drop_invisible(text: str) -> str:
    """``text`` without the characters that show nothing inside a word (``INVISIBLE``), and without the bidi
    controls that would turn it, and what follows it, around (``BIDI_CONTROLS``)."""
    if text.isascii():
        return text
    for mark in INVISIBLE:  # a scan in C each, where translate() would look every character up in Python
        if mark in text:
            text = text.replace(mark, "")
    if BIDI_CONTROLS.search(text):
        text = _closed_isolates_only(text)
    return text


def clean_line(line: str) -> str:
    """A scraped line with its runs of white space (no-break spaces too) made one space, invisible marks and bidi
    controls dropped (``drop_invisible``)."""
    # Most lines are clean already, and two scans in C say so: an ASCII line that is printable holds no tab,
    # newline or other control character, so only the space itself can be amiss (6 µs a story of 2 KB, against
    # 29 µs for nine substring scans and 31 µs for splitting every line into words and joining them again).
    if line.isascii() and line.isprintable():
        if "  " not in line and line[:1] != " " and line[-1:] != " ":
            return line
    else:
        line = drop_invisible(line)
    # str.split() splits on every Unicode space, no-break and figure spaces included, in C.
    return " ".join(line.split())


def _ascii_key(text: str) -> str:
    return _NON_WORD.sub(" ", text.lower()).replace("_", " ").strip()


def _common_forms(text: str) -> str:
    """Typographic forms (NFKC, quotes, dashes) and Arabic's letter forms and harakat as one writes them plainly."""
    text = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY)
    return _ARABIC_DIACRITICS.sub("", text).translate(_ARABIC_FOLDS)


def match_key(text: str) -> str:
    """Fold ``text`` for comparison: case, accents, punctuation, quotes, dashes, white space, Arabic forms.

    What is folded away of a word's marks is what a writer may leave out: accents, Hebrew points, Arabic
    harakat, the nukta of Indic scripts ("क़ादिर" is "कादिर"). The others are letters of the word, as
    in ``MARKS``: a Hindi or Bengali vowel sign or virama, a Thai vowel, a Japanese voicing mark. They were
    folded away too, or read as spaces, and "मीना" and "मिना", two names, had one key (one author).
    """
    if text.isascii():  # nothing to normalize, fold or strip: the common case, made cheap
        return _ascii_key(text)
    text = _FOLDED_MARKS.sub("", unicodedata.normalize("NFKD", _common_forms(text)))
    return _NOT_WORD_OR_MARK.sub(" ", text.casefold()).replace("_", " ").strip()


def identity_fold(text: str) -> str:
    """``match_key`` as it was until vowel signs, viramas and other marks of letters were kept: every mark
    dropped or read as a space. Frozen: stories without a URL or an id are known by the key it gives their
    headline (``ingest.store.identity_key``), and a story stored under it must be found by it for ever. It
    shares ``_TYPOGRAPHY`` and the Arabic folds with ``match_key``: a change to them changes those keys too."""
    if text.isascii():
        return _ascii_key(text)
    text = "".join(c for c in unicodedata.normalize("NFKD", _common_forms(text)) if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", text.casefold()).replace("_", " ").strip()


# What a slug keeps: letters and digits with their marks, "_", "-"; and white space, which becomes "-". But for the
# accents and vowel points (_ACCENTS_AND_POINTS), which slugs have always gone without.
_NOT_IN_SLUG = re.compile(rf"[^\w\s{MARKS}-]")
_OPTIONAL_MARKS = re.compile(f"[{_ACCENTS_AND_POINTS}]")
SLUG = re.compile(rf"\A[-\w{MARKS}]+\Z")  # a whole slug, for validating one typed in the admin
_SLUG_GAPS = re.compile(r"[-\s]+")


def make_slug(text: str, *, max_length: int = 200) -> str:
    """A URL slug that keeps every script's letters with their marks: "प्रधानमंत्री-ने-नई-शिक्षा-नीति".

    Django's slugify (allow_unicode) keeps \\w, which leaves combining marks out: a Hindi, Bengali or Thai
    headline lost its vowel signs and viramas ("परधनमतर-न-नई-शकष-नत"). Otherwise as slugify: NFKC, lower case,
    other punctuation dropped, runs of spaces and hyphens one hyphen. Slugs made before are kept where they are
    stored (``slug_made_before``)."""
    value = unicodedata.normalize("NFKC", text.translate(_TYPOGRAPHY)).lower()
    value = _NOT_IN_SLUG.sub("", _OPTIONAL_MARKS.sub("", value))
    slug = _SLUG_GAPS.sub("-", value).strip("-_")[:max_length].strip("-")
    return slug or "story"


def slug_made_before(text: str, *, max_length: int = 200) -> str:
    """The slug ``make_slug`` made before it kept marks, by which a section, tag or place named then is found."""
    slug = slugify(text.translate(_TYPOGRAPHY), allow_unicode=True)[:max_length].strip("-")
    return slug or "story"


def html_text(value: str) -> str:
    """HTML's text, cheaply, for what reads or samples it (is there text, which language, the words to mark): each
    tag a space, character references read. What a reader is shown goes through ``sanitize.html_to_text``."""
    return html.unescape(_TAG.sub(" ", value))


def teaser(summary: str, body_html: str, *, words: int) -> str:
    """A story's summary, else its body's opening, as plain text of at most ``words`` words.

    The body is HTML: its tags go and its entities are read ("&amp;" is "&"), so that whoever writes the text
    out escapes it once (a page's description showed "&amp;amp;"). The summary is plain text already.
    """
    text = summary or html.unescape(strip_tags(body_html))
    return Truncator(" ".join(text.split())).words(words)
