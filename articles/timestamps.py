"""Which of the aware datetimes Python reads PostgreSQL's ``timestamptz`` can hold, for every parser of dates that
people type (the API's filters, ``manage.py export``): a value it refuses is a DataError, a 500, at the query."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

# PostgreSQL reads a UTC offset of at most 15:59:59 either way, in whole seconds ("time zone displacement out of
# range" beyond); Python's reach 23:59:59.999999. Years need no check: Python's 1 to 9999, moved by under 16 hours,
# lie far inside timestamptz's 4713 BC to 294276 AD, so 9999-12-31T23:59:59-15:00 (year 10000 in UTC) is held.
LONGEST_OFFSET = timedelta(hours=15, minutes=59, seconds=59)
OFFSET_MESSAGE = "The time zone offset must lie between -15:59 and +15:59, in whole seconds."


# An offset written with a fraction of a second. Python 3.11 drops the fraction of a zero offset as it reads it
# ("+00:00:00.000001" is UTC, "+01:00:00.25" is not): refused from the text too.
_OFFSET_WITH_FRACTION = re.compile(r"[+-]\d{2}:?\d{2}:?\d{2}[.,]\d+$")


def offset_is_storable(moment: datetime, *, written: str = "") -> bool:
    """Whether PostgreSQL can read ``moment``'s UTC offset (a naive datetime has none to refuse), as read from
    ``written``, where given."""
    if _OFFSET_WITH_FRACTION.search(written.strip()):
        return False
    offset = moment.utcoffset()
    return offset is None or (abs(offset) <= LONGEST_OFFSET and not offset.microseconds)
