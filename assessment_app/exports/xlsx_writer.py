"""Write the results export as an XLSX workbook for BKPSDM analysts (XlsxWriter, constant memory).

Sheets, in order: "Hasil" (the CSV's columns and values), "Kotak 9" (the 9-box grid and who is
in each box), one "Distribusi <TEST>" per test (level counts, mean and sd per competency),
"Koreksi" (audited scoring corrections) and "Keterangan" (the rules and the columns).
Text is always written as text (never as a formula or a number); text a spreadsheet would run as
a formula also carries a quote prefix, so it stays text when someone edits the cell.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from os import PathLike
from typing import BinaryIO

import xlsxwriter

from assessment_app import clock
from assessment_app.exports import notes
from assessment_app.exports._numbers import round_half_up
from assessment_app.exports.columns import (
    DEC2,
    DEC4,
    INT,
    NIP,
    SCORE_DECIMALS,
    TEXT,
    column_specs,
    result_values,
)
from assessment_app.exports.summary import (
    BOX_GRID,
    BOX_NAMES,
    LEVELS,
    PERFORMANCES,
    POTENTIALS,
    box_counts,
    box_members,
    finished_rows,
    level_distributions,
)
from assessment_app.formatting import FORMULA_STARTS
from assessment_app.results.model import ResultSet

SHEET_RESULTS, SHEET_BOXES = "Hasil", "Kotak 9"
SHEET_CORRECTIONS, SHEET_NOTES = "Koreksi", "Keterangan"
DISTRIBUTION_PREFIX = "Distribusi "
WRAP = "wrap"  # a text kind for long free text

_SHEET_NAME_MAX = 31
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_NUMBER_FORMATS = {NIP: "@", INT: "0", DEC4: "0.0000", DEC2: "0.00"}
_WIDTHS = {
    "nip": 20,
    "name": 28,
    "position": 30,
    "test_code": 12,
    "status": 11,
    "answered": 9,
    "total": 9,
    "jpm": 9,
    "jpm_category": 16,
    "potential": 11,
    "performance": 20,
    "box": 6,
    "session": 12,
    "room": 10,
    "seat": 7,
    "unit": 30,
    "position_code": 14,
    "predikat": 16,
}
_COMPETENCY_WIDTH = 9
_BOX_FILLS = {
    9: "#63BE7B",
    8: "#C6EFCE",
    7: "#C6EFCE",
    6: "#FFEB9C",
    5: "#FFEB9C",
    4: "#FFEB9C",
    3: "#FFC7CE",
    2: "#FFC7CE",
    1: "#FFC7CE",
}


def write_xlsx(
    result_set: ResultSet,
    path: str | PathLike | BinaryIO,
    *,
    generated_at: datetime | None = None,
    level_cuts: notes.LevelCuts | None = None,
    bands: notes.Bands | None = None,
) -> None:
    """Write the workbook to `path` (a file name or a binary file object).

    `generated_at` defaults to `clock.now()`; `level_cuts` (test code -> {"sjt"|"mcq": cuts})
    and `bands` ((category, lowest %), ...) describe the settings used in "Keterangan"; without
    them it shows the defaults.
    """
    with xlsxwriter.Workbook(path, {"constant_memory": True}) as workbook:
        formats = _Formats(workbook)
        _write_results(workbook.add_worksheet(SHEET_RESULTS), result_set, formats)
        _write_boxes(workbook.add_worksheet(SHEET_BOXES), result_set, formats)
        for code, name in distribution_sheet_names(result_set.tests).items():
            _write_distribution(workbook, workbook.add_worksheet(name), result_set, code, formats)
        _write_corrections(workbook.add_worksheet(SHEET_CORRECTIONS), result_set, formats)
        rows = notes.notes_rows(result_set, generated_at or clock.now(), level_cuts, bands)
        _write_notes(workbook.add_worksheet(SHEET_NOTES), rows, formats)


def distribution_sheet_names(test_codes: Sequence[str]) -> dict[str, str]:
    """Name each test's sheet "Distribusi <CODE>": legal characters, <= 31, unique."""
    taken = {name.casefold() for name in (SHEET_RESULTS, SHEET_BOXES, SHEET_CORRECTIONS)}
    taken.add(SHEET_NOTES.casefold())
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


class _Formats:
    """Cell formats, made once per (kind, quote prefix, extra properties)."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self._workbook = workbook
        self._cache: dict[tuple, object] = {}
        self.title = workbook.add_format({"bold": True, "font_size": 13})
        self.section = workbook.add_format({"bold": True})
        self.header = workbook.add_format(
            {"bold": True, "bottom": 1, "bg_color": "#DDEBF7", "text_wrap": True, "valign": "top"}
        )

    def cell(self, kind: str, quoted: bool = False, **extra):
        """Return the format for a cell of `kind`, or None where the default will do."""
        key = (kind, quoted, tuple(sorted(extra.items())))
        if key not in self._cache:
            properties = dict(extra)
            if kind in _NUMBER_FORMATS:
                properties["num_format"] = _NUMBER_FORMATS[kind]
            if kind == WRAP:
                properties.update(text_wrap=True, valign="top")
            if quoted:
                properties["quote_prefix"] = True
            self._cache[key] = self._workbook.add_format(properties) if properties else None
        return self._cache[key]


def _put(sheet, formats: _Formats, row: int, col: int, value, kind: str = TEXT, **extra) -> None:
    """Write one value: text as text (quote-prefixed if formula-like), numbers as numbers."""
    if value is None or value == "":
        return
    if isinstance(value, str):
        quoted = value.startswith(FORMULA_STARTS)
        sheet.write_string(row, col, value, formats.cell(kind, quoted, **extra))
    else:
        sheet.write_number(row, col, value, formats.cell(kind, **extra))


def _put_row(sheet, formats: _Formats, row: int, values, kinds=None, **extra) -> None:
    kinds = kinds or [TEXT] * len(values)
    for col, (value, kind) in enumerate(zip(values, kinds, strict=True)):
        _put(sheet, formats, row, col, value, kind, **extra)


def _header(sheet, formats: _Formats, row: int, names: Sequence[str]) -> None:
    for col, name in enumerate(names):
        if name:
            sheet.write_string(row, col, name, formats.header)
        else:
            sheet.write_blank(row, col, None, formats.header)


def _write_results(sheet, result_set: ResultSet, formats: _Formats) -> None:
    columns = column_specs(result_set)
    for col, column in enumerate(columns):
        width = _COMPETENCY_WIDTH if column.competency else _WIDTHS.get(column.name, 12)
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 2)
    _header(sheet, formats, 0, [column.name for column in columns])
    plain = [formats.cell(column.kind) for column in columns]
    quoted = [formats.cell(column.kind, True) for column in columns]
    write_string, write_number = sheet.write_string, sheet.write_number
    row = 0
    for row, values in enumerate(result_values(result_set), start=1):
        for col, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, str):
                fmt = quoted[col] if value.startswith(FORMULA_STARTS) else plain[col]
                write_string(row, col, value, fmt)
            else:
                write_number(row, col, value, plain[col])
    sheet.autofilter(0, 0, row, len(columns) - 1)


def _write_boxes(sheet, result_set: ResultSet, formats: _Formats) -> None:
    counts = box_counts(result_set)
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 6, 12)
    sheet.set_column(7, 9, 20)
    sheet.write_string(0, 0, "Kotak Manajemen Talenta (PermenPANRB 3/2020)", formats.title)
    sheet.write_string(1, 0, "Jumlah dihitung per peserta (sekali per orang).")
    sheet.write_string(3, 0, "Potensi \\ Kinerja", formats.header)
    for i, performance in enumerate(PERFORMANCES):
        sheet.merge_range(3, 1 + 2 * i, 3, 2 + 2 * i, performance, formats.header)
    _header(sheet, formats, 4, ["", "Kotak", "Jumlah"] + ["Kotak", "Jumlah"] * 2)
    for r, (potential, boxes) in enumerate(zip(POTENTIALS, BOX_GRID, strict=True), start=5):
        sheet.write_string(r, 0, potential, formats.section)
        for i, box in enumerate(boxes):
            fill = {"bg_color": _BOX_FILLS[box], "border": 1}
            _put(sheet, formats, r, 1 + 2 * i, box, INT, bold=True, **fill)
            _put(sheet, formats, r, 2 + 2 * i, counts.get(box, 0), INT, **fill)
    _put_row(sheet, formats, 8, ["Belum terpetakan", counts.get(None, 0)], [TEXT, INT])
    _put_row(sheet, formats, 9, ["Jumlah peserta", sum(counts.values())], [TEXT, INT])
    _write_box_members(sheet, result_set, formats, first_row=11, counts=counts)


BOX_LIST_HEADER = (
    "Kotak",
    "Nama kotak",
    "Jumlah di kotak",
    "NIP",
    "Nama",
    "Jabatan",
    "Unit kerja",
    "JPM",
    "Potensi",
    "Kinerja",
)
_BOX_LIST_KINDS = (INT, TEXT, INT, NIP, TEXT, TEXT, TEXT, DEC2, TEXT, TEXT)


def _write_box_members(
    sheet, result_set: ResultSet, formats: _Formats, first_row: int, counts: Counter
) -> None:
    sheet.write_string(first_row, 0, "Daftar peserta per kotak", formats.section)
    _header(sheet, formats, first_row + 1, BOX_LIST_HEADER)
    for r, member in enumerate(box_members(result_set), start=first_row + 2):
        talent = member.talent
        label = BOX_NAMES[talent.box] if talent.box is not None else "Belum terpetakan"
        values = (
            talent.box,
            label,
            counts[talent.box],
            member.nip,
            member.name,
            member.position,
            member.unit,
            round_half_up(talent.jpm, 2),
            talent.potential,
            talent.performance,
        )
        _put_row(sheet, formats, r, values, _BOX_LIST_KINDS)


DISTRIBUTION_HEADER = (
    "Kode",
    "Kompetensi",
    *(f"Level {n}" for n in LEVELS),
    "n",
    "Rata-rata skor",
    "SD skor",
)
_DISTRIBUTION_KINDS = (TEXT, TEXT, *(INT for _ in LEVELS), INT, DEC4, DEC4)
_FIRST_LEVEL_COL = 2


def _write_distribution(
    workbook, sheet, result_set: ResultSet, code: str, formats: _Formats
) -> None:
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 34)
    sheet.set_column(2, 9, 11)
    title = f"Sebaran level {code}: {result_set.tests[code]}"
    sheet.write_string(0, 0, title, formats.title)
    _put_row(
        sheet, formats, 1, ["Peserta selesai", len(finished_rows(result_set, code))], [TEXT, INT]
    )
    _header(sheet, formats, 3, DISTRIBUTION_HEADER)
    distributions = level_distributions(result_set, code)
    if not distributions:
        sheet.write_string(4, 0, "Belum ada peserta yang selesai.")
        return
    for r, d in enumerate(distributions, start=4):
        mean, sd = (round_half_up(v, SCORE_DECIMALS) for v in (d.mean, d.sd))
        _put_row(sheet, formats, r, (d.code, d.name, *d.counts, d.n, mean, sd), _DISTRIBUTION_KINDS)
    chart = workbook.add_chart({"type": "column"})
    last_level_col = _FIRST_LEVEL_COL + len(LEVELS) - 1
    for r in range(4, 4 + len(distributions)):
        chart.add_series(
            {
                "name": [sheet.name, r, 0],
                "categories": [sheet.name, 3, _FIRST_LEVEL_COL, 3, last_level_col],
                "values": [sheet.name, r, _FIRST_LEVEL_COL, r, last_level_col],
            }
        )
    chart.set_title({"name": f"Sebaran level {code}"})
    chart.set_y_axis({"name": "Jumlah peserta", "major_gridlines": {"visible": True}})
    sheet.insert_chart(5 + len(distributions), 0, chart, {"x_scale": 1.6, "y_scale": 1.2})


CORRECTIONS_HEADER = ("Jenis", "Tes", "Butir", "Nilai", "Alasan", "Oleh", "Waktu (UTC)")
_CORRECTION_KINDS = (TEXT, TEXT, TEXT, WRAP, WRAP, TEXT, TEXT)


def _write_corrections(sheet, result_set: ResultSet, formats: _Formats) -> None:
    for col, width in enumerate((12, 14, 16, 24, 48, 20, 26)):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    _header(sheet, formats, 0, CORRECTIONS_HEADER)
    if not result_set.corrections:
        sheet.write_string(1, 0, "Tidak ada koreksi")
        return
    for r, c in enumerate(result_set.corrections, start=1):
        values = (c.kind, c.test_code, c.item_id, c.value, c.reason, c.by, c.at)
        _put_row(sheet, formats, r, values, _CORRECTION_KINDS)


def _write_notes(sheet, rows: list[tuple[str, tuple]], formats: _Formats) -> None:
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 90)
    sheet.set_column(2, 5, 14)
    for r, (style, cells) in enumerate(rows):
        if style == notes.TITLE:
            sheet.write_string(r, 0, cells[0], formats.title)
        elif style == notes.SECTION:
            sheet.write_string(r, 0, cells[0], formats.section)
        elif style == notes.HEADER:
            _header(sheet, formats, r, cells)
        else:
            for col, value in enumerate(cells):
                _put(sheet, formats, r, col, value, WRAP if col == 1 else TEXT)
