"""Each page speaks the language of what it shows: a story's page its story's, a list its archive's.

The archive has two sets of lists: the English archive at the root ("/",
"/sections/culture/", ...) lists every story not in Arabic, and the Arabic
archive under "/ar/" lists the Arabic stories, with Arabic labels and dates,
right to left. A story keeps one address whatever its language.
"""

from django.conf import settings
from django.db import connection
from django.utils import translation

ARABIC = "ar"
ARCHIVES = ("en", ARABIC)
RIGHT_TO_LEFT = {"ar", "fa", "he", "ur", "ps", "yi"}  # of settings.STORY_LANGUAGES
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
