"""Write the results export as CSV: UTF-8 without BOM, comma, `.` decimal mark, `\\n` lines.

Numbers are written as plain decimal text with no exponent and no trailing zeros, after
rounding half up (4 decimals for scores, z and T, 2 for JPM): 2.5 -> "2.5", 3.0 -> "3",
-0.12345 -> "-0.1235", 0.00001 -> "0". Empty values are empty cells. Text that a spreadsheet
would run as a formula (starting with = + - @ tab or CR) gets a leading apostrophe; numbers are
never altered, so a negative z stays a number.

A cell holding `;` is quoted like one holding `,`, a quote or a line break: Excel in an
Indonesian locale splits a line on `;` (its list separator), so `x;=1+1` would otherwise open
as a second cell that runs as a formula. Quotes protect only a field that starts a line for
such an Excel (it honours a quote at the start of what it takes as a field), so text after a
`;` inside a cell that starts like a formula gets the apostrophe too (`x;'=1+1`).
`SpreadsheetCsv` is the one writer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

from assessment_app.exports._numbers import number_text
from assessment_app.formatting import FORMULA_STARTS, spreadsheet_text

if TYPE_CHECKING:
    from assessment_app.results.model import ResultSet


def write_csv(result_set: ResultSet, out: TextIO) -> int:
    """Write the header and one line per row to `out`; return the number of data rows.

    `out` is a text file opened with encoding="utf-8" and newline="" (as the csv module
    expects), so line ends stay "\\n" on every platform.
    """
    # The columns bring the results model and numpy: not for SpreadsheetCsv's other users.
    from assessment_app.exports.columns import result_columns, result_values

    return _write(out, result_columns(result_set), result_values(result_set))


def write_reliability_csv(result_set: ResultSet, out: TextIO) -> int:
    """Write the reliability table (one line per test and competency); return its rows."""
    from assessment_app.exports.reliability import RELIABILITY_COLUMNS, reliability_values  # idem

    header = [name for name, _ in RELIABILITY_COLUMNS]
    return _write(out, header, reliability_values(result_set))


def _write(out: TextIO, header: list[str], rows: Iterable[list]) -> int:
    writer = SpreadsheetCsv(out)
    writer.writerow(header)
    count = 0
    for values in rows:
        writer.writerow(values)
        count += 1
    return count


_QUOTE_WHEN = re.compile(r'[,;"\t\r\n]')


class SpreadsheetCsv:
    """Write rows as comma-separated lines that Excel opens safely in any locale.

    Each value goes through `csv_cell` (numbers as plain decimals, formula text
    neutralised); a cell with a comma, semicolon, quote, tab or line break is quoted, its
    quotes doubled. Lines end with `lineterminator` ("\\n"; the upload templates use CRLF).
    """

    def __init__(self, out: TextIO, lineterminator: str = "\n") -> None:
        self._out, self._end = out, lineterminator

    def writerow(self, values: Iterable[str | float | None]) -> None:
        """Write one line."""
        self._out.write(",".join(quoted(csv_cell(value)) for value in values) + self._end)

    def writerows(self, rows: Iterable[Iterable[str | float | None]]) -> None:
        """Write several lines."""
        for values in rows:
            self.writerow(values)


def quoted(text: str) -> str:
    """Return `text` as one CSV field, in quotes when it holds `, ; " tab CR LF`."""
    if _QUOTE_WHEN.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


_FORMULA_AFTER_SEMICOLON = re.compile(";(?=[" + re.escape("".join(FORMULA_STARTS)) + "])")


def csv_cell(value: str | float | None) -> str:
    """Return one cell's text: "" for None, plain decimals, neutralised formula text (also
    after a `;`, where an Excel with `;` as list separator starts a new cell)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _FORMULA_AFTER_SEMICOLON.sub(";'", spreadsheet_text(value))
    return number_text(value)
