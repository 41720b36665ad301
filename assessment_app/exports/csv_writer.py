"""Write the results export as CSV: UTF-8 without BOM, comma, `.` decimal mark, `\\n` lines.

Numbers are written as plain decimal text with no exponent and no trailing zeros, after
rounding half up (4 decimals for scores, z and T, 2 for JPM): 2.5 -> "2.5", 3.0 -> "3",
-0.12345 -> "-0.1235", 0.00001 -> "0". Empty values are empty cells. Text that a spreadsheet
would run as a formula (starting with = + - @ tab or CR) gets a leading apostrophe; numbers are
never altered, so a negative z stays a number.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from assessment_app.exports._numbers import number_text
from assessment_app.exports.columns import result_columns, result_values
from assessment_app.exports.reliability import RELIABILITY_COLUMNS, reliability_values
from assessment_app.formatting import spreadsheet_text
from assessment_app.results.model import ResultSet


def write_csv(result_set: ResultSet, out: TextIO) -> int:
    """Write the header and one line per row to `out`; return the number of data rows.

    `out` is a text file opened with encoding="utf-8" and newline="" (as the csv module
    expects), so line ends stay "\\n" on every platform.
    """
    return _write(out, result_columns(result_set), result_values(result_set))


def write_reliability_csv(result_set: ResultSet, out: TextIO) -> int:
    """Write the reliability table (one line per test and competency); return its rows."""
    header = [name for name, _ in RELIABILITY_COLUMNS]
    return _write(out, header, reliability_values(result_set))


def _write(out: TextIO, header: list[str], rows: Iterable[list]) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_cell(name) for name in header])
    count = 0
    for values in rows:
        writer.writerow([csv_cell(value) for value in values])
        count += 1
    return count


def csv_cell(value: str | float | None) -> str:
    """Return one cell's text: "" for None, plain decimals, neutralised formula text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return spreadsheet_text(value)
    return number_text(value)
