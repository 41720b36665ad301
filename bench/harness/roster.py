"""Roster rows with valid NIPs and known PINs, as CSV text; the CSRF token of a form page."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

from assessment_app.tabular.roster import FILE_COLUMNS

ROSTER_HEADER = list(FILE_COLUMNS)


def nip(index: int, *, birth: date | None = None, sex: int = 1) -> str:
    """Return a valid, unique 18-digit NIP for a small index."""
    birth = birth or date(1975, 1, 1) + timedelta(days=index * 7 % 8000)
    year = birth.year + 23
    return f"{birth:%Y%m%d}{year}{index % 12 + 1:02d}{sex}{index % 999 + 1:03d}"


def roster_rows(
    count: int,
    *,
    session: str = "S1",
    room: str = "R01",
    tests: str = "MANSOS;TEK-AK",
    start: int = 1,
) -> list[list[str]]:
    """Return roster rows for `count` candidates with known PINs."""
    return [
        [
            nip(i),
            f"Peserta {i}",
            "Analis Kebijakan Ahli Muda",
            "AK-MUDA",
            "Bapperida",
            session,
            room,
            str(i),
            tests,
            f"{100000 + i}",
        ]
        for i in range(start, start + count)
    ]


def csv_text(rows: list[list[str]], header: list[str] | None = None, sep: str = ",") -> str:
    """Write rows (with a header) as CSV text."""
    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator="\n").writerows([header or ROSTER_HEADER, *rows])
    return out.getvalue()


def csrf_from(html: str) -> str:
    """Extract the CSRF token from a rendered form."""
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no csrf_token in page"
    return match.group(1)
