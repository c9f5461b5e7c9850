"""Link terms: a story's authors, places, tags, section, month and language, held in its index terms beside its words.

Migration 0033 adds to each story's ``terms`` one hash for each author, place and tag it is linked to, for
its section, and for the month it was published in (UTC), and migration 0035 one for its language:
``search_link_term(kind, value)`` in SQL, a hash of ``chr(1) || kind || ' ' || value``, which no word's
lexeme can be. A filter then narrows through the GIN index with the words (``terms && ARRAY[...]``), or two
filters through each other, before a row is read. The terms only narrow: a hash may collide with a word's,
so each filter keeps its own exact test (the link's EXISTS, the section, the language and the dates on the
row), and the planner estimates the filter by that test alone (the two together would be counted twice).
"""

from __future__ import annotations

from datetime import date

from django.db import connection

# The kinds of link terms: "author", "place" and "tag" (search_plan's filter fields, named as these), and:
SECTION, MONTH, LANGUAGE = "section", "month", "language"
# A language held by more than this share of the archive's stories (English in an English agency's archive) narrows
# the GIN index's lists too little for what its own list, the longest there is, costs to read: it is tested on the
# rows alone.
MOST_LANGUAGE_SHARE = 0.5
# A date range is looked up as the months it spans up to this many; a longer one narrows too little for what its
# months cost the GIN index to read (each month's stories are one more list to merge), and its dates are tested on
# the rows alone.
MOST_MONTHS = 24


def link_terms(kind: str, values: list) -> list[int]:
    """The link terms of ``values`` (ids; for MONTH, "YYYY-MM"; for LANGUAGE, codes) of one ``kind``, as the index
    holds them."""
    if not values:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_agg(search_link_term(%s, v)) FROM unnest(%s::text[]) AS v", [kind, list(map(str, values))]
        )
        return cursor.fetchone()[0]


def months(date_from: date | None, date_to: date | None) -> list[str]:
    """The months from ``date_from`` to ``date_to`` (both within), as "YYYY-MM"; none for an open or long range."""
    if not date_from or not date_to or date_from > date_to:
        return []
    first, last = date_from.year * 12 + date_from.month - 1, date_to.year * 12 + date_to.month - 1
    if last - first + 1 > MOST_MONTHS:
        return []
    return [f"{month // 12:04d}-{month % 12 + 1:02d}" for month in range(first, last + 1)]
