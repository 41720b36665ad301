"""Write the results export as an XLSX workbook for BKPSDM (XlsxWriter, constant memory).

Sheets, in order:

- "Hasil": the CSV's columns, their pinned names in row 1 (scripts read them) and Indonesian
  labels in row 2; statuses and flags in Indonesian, the finish time in local time;
- "Per Peserta": one row per person (JPM, category, potential and its source, performance,
  box with its description and recommended actions, below standard, flags, KRS);
- "KRS": the succession pool; "Kotak 9": the grid, each box's actions, who is in which box;
- "Rekap OPD" and "Rekap Jabatan": counts per box and category, mean JPM, per unit/position;
- "Reliabilitas": the reliability CSV's columns with labels and how to read them;
- one "Distribusi <TEST>" per test; "Koreksi"; "Keterangan" (version, rules, method, limits).

Each sheet's writer lives with its kind (`xlsx_scores`, `xlsx_talent`, `xlsx_notes`), on the
cells of `xlsx_cells`: text always as text, NIPs as text, numbers as numbers, times as
date-times in the zone given (WITA by default).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from os import PathLike
from typing import BinaryIO
from zoneinfo import ZoneInfo

import xlsxwriter

from assessment_app import clock
from assessment_app.exports import notes, summary
from assessment_app.exports.xlsx_cells import Book
from assessment_app.exports.xlsx_notes import write_corrections, write_notes
from assessment_app.exports.xlsx_scores import write_distribution, write_reliability, write_results
from assessment_app.exports.xlsx_talent import write_boxes, write_krs, write_listing, write_recap
from assessment_app.formatting import zone_label
from assessment_app.results import tables
from assessment_app.results.model import ResultSet

DEFAULT_TZ = ZoneInfo("Asia/Makassar")  # the app's default TIMEZONE (WITA)
SHEET_RESULTS, SHEET_PEOPLE, SHEET_KRS, SHEET_BOXES = "Hasil", "Per Peserta", "KRS", "Kotak 9"
SHEET_UNITS, SHEET_POSITIONS, SHEET_RELIABILITY = "Rekap OPD", "Rekap Jabatan", "Reliabilitas"
SHEET_CORRECTIONS, SHEET_NOTES = "Koreksi", "Keterangan"
FIXED_SHEETS = (
    SHEET_RESULTS,
    SHEET_PEOPLE,
    SHEET_KRS,
    SHEET_BOXES,
    SHEET_UNITS,
    SHEET_POSITIONS,
    SHEET_RELIABILITY,
    SHEET_CORRECTIONS,
    SHEET_NOTES,
)
DISTRIBUTION_PREFIX = "Distribusi "

_SHEET_NAME_MAX = 31
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def write_xlsx(
    result_set: ResultSet,
    path_or_file: str | PathLike | BinaryIO,
    *,
    generated_at: datetime | None = None,
    tz: ZoneInfo = DEFAULT_TZ,
) -> None:
    """Write the workbook to ``path_or_file`` (a file name or a binary file object).

    Everything shown comes from ``result_set``: the levels and the cuts, bands and version
    the notes print. ``generated_at`` defaults to ``clock.now()``; times are shown in ``tz``
    (pass the app's TIMEZONE).
    """
    generated_at = generated_at or clock.now()
    persons = tables.people(result_set)
    with xlsxwriter.Workbook(path_or_file, {"constant_memory": True}) as workbook:
        book = Book(workbook, result_set)
        zone = zone_label(tz, generated_at)
        write_results(book.sheet(SHEET_RESULTS), result_set, book.formats, tz, zone)
        write_listing(
            book.sheet(SHEET_PEOPLE),
            book.formats,
            summary.people_table(persons),
            "Hasil per peserta",
        )
        write_krs(book.sheet(SHEET_KRS), book.formats, tables.krs_list(result_set))
        write_boxes(book.sheet(SHEET_BOXES), book.formats, result_set, persons)
        for name, key in ((SHEET_UNITS, tables.UNIT), (SHEET_POSITIONS, tables.POSITION)):
            table = summary.recap_table(result_set, key)
            write_recap(book.sheet(name), book.formats, table, summary.RECAP_TITLES[key])
        write_reliability(book.sheet(SHEET_RELIABILITY), book.formats, result_set)
        names = distribution_sheet_names(result_set.tests)
        for test in tables.level_distribution(result_set):
            write_distribution(workbook, book.sheet(names[test.code]), book.formats, test)
        table = summary.corrections_table(result_set, tz, generated_at)
        write_corrections(book.sheet(SHEET_CORRECTIONS), book.formats, table)
        rows = notes.notes_rows(result_set, generated_at, tz)
        write_notes(book.sheet(SHEET_NOTES), book.formats, rows)


def distribution_sheet_names(test_codes: Sequence[str]) -> dict[str, str]:
    """Name each test's sheet "Distribusi <CODE>": legal characters, <= 31, unique."""
    taken = {name.casefold() for name in FIXED_SHEETS}
    names = {}
    for code in test_codes:
        base = _BAD_SHEET_CHARS.sub("_", DISTRIBUTION_PREFIX + code)[:_SHEET_NAME_MAX]
        name, number = base, 1
        while name.casefold() in taken:
            number += 1
            suffix = f"~{number}"
            name = base[: _SHEET_NAME_MAX - len(suffix)] + suffix
        if name.endswith("'"):  # Excel refuses a name ending in an apostrophe
            name = name[:-1] + "_"
        taken.add(name.casefold())
        names[code] = name
    return names
