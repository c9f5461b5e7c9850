"""A story's language when its source does not name it: read from its script, then its words.

A plain-text story names no language (unless its front matter does), nor does a JSON Lines
record without "language". The language decides how the story is indexed for search (its
Snowball stemmer), the ``lang`` and ``dir`` its page is drawn with, and which archive lists it.

Arabic script is Arabic and Cyrillic Russian, among the archive's languages. Latin script is
told apart by py3langid (a character n-gram model trained on 97 languages, shipped inside the
wheel: nothing is downloaded), asked to choose among the archive's Latin-script languages,
and trusted only when sure: a short or ambiguous text stays English, the archive's default.
"""

import re
from functools import cache

from django.conf import settings

DEFAULT = "en"
ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
CYRILLIC_LETTER = re.compile("[\u0400-\u04ff]")
TAG = re.compile(r"<[^>]*>")
SAMPLE_CHARS = 1000  # of the story's text: enough to tell, at about 0.2 ms
SURE = 0.95  # the model's probability, among the archive's Latin-script languages, that it takes
FEWEST_LETTERS = 40  # below this many letters the model is not asked


@cache
def _identifier():
    """py3langid's model (0.6 s to load, once a process), choosing among the archive's Latin-script languages."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    known = set(identifier.nb_classes)
    identifier.set_languages([code for code, _name in settings.LANGUAGES if code in known and code not in ("ar", "ru")])
    return identifier


def guess_language(*texts: str) -> str:
    """The ISO 639-1 code of the language ``texts`` (the headline first, then the body) are written in."""
    sample = TAG.sub(" ", " ".join(texts)[: SAMPLE_CHARS * 2])[:SAMPLE_CHARS]
    letters = [c for c in sample if c.isalpha()]
    if not letters:
        return DEFAULT
    if sum(1 for c in letters if ARABIC_LETTER.match(c)) / len(letters) > 0.5:
        return "ar"
    if sum(1 for c in letters if CYRILLIC_LETTER.match(c)) / len(letters) > 0.5:
        return "ru"
    if len(letters) < FEWEST_LETTERS:
        return DEFAULT
    language, probability = _identifier().classify(sample)
    return language if probability >= SURE else DEFAULT
