"""The ranges a request's numbers and dates must fall in before they reach the database.

Pure (no Flask): the URL converter, the JSON fields and the forms read the same limits, so
an id of 2^63 or a date in the year 9999 is refused with a message instead of overflowing
the database driver or `datetime` arithmetic.
"""

from __future__ import annotations

from datetime import date, datetime

# Every id column is an INTEGER: 32-bit signed on PostgreSQL, the tighter of the two engines.
MAX_ID = 2**31 - 1
MAX_ID_DIGITS = len(str(MAX_ID))
# Dates people may type: an assessment happens in this century; anything else is a typo.
MIN_YEAR = 2000
MAX_YEAR = 2100
YEAR_MESSAGE = f"tahun harus antara {MIN_YEAR} dan {MAX_YEAR}"


def id_in_range(value: int) -> bool:
    """Return True when an id can exist in the database (1..MAX_ID)."""
    return 1 <= value <= MAX_ID


def year_in_range(value: date | datetime) -> bool:
    """Return True when a date or time falls in the years people may enter."""
    return MIN_YEAR <= value.year <= MAX_YEAR


# A JSON body of the API is a few hundred bytes; uploads go through the admin pages.
MAX_API_BODY = 64 * 1024
MAX_API_BODY_LABEL = "64 KB"
# One roster, standards, SKP or potential file; the upload form refuses a larger one.
MAX_UPLOAD_BYTES = 5 * 2**20
# A whole request (config MAX_CONTENT_LENGTH, a 413 beyond): the file, its form fields and
# the multipart framing, with room to spare so the form's own message is the one people see.
MAX_REQUEST_BYTES = 2 * MAX_UPLOAD_BYTES


def megabytes(size: int) -> str:
    """Spell a size limit as people read it in messages: "5 MB"."""
    return f"{size // 2**20} MB"


def storable_text(value: str) -> bool:
    """Return False for text with NUL or a lone surrogate (PostgreSQL and SQLite refuse it)."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
