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

Text is always written as text (never as a formula or a number); text a spreadsheet would run
as a formula also carries a quote prefix, so it stays text when someone edits the cell. NIPs
are text, numbers numbers, times real date-times in the zone given (WITA by default).
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
from assessment_app.exports.columns import DEC2, DEC4, INT, NIP, TEXT, column_specs, result_values
from assessment_app.exports.reliability import (
    ADEQUATE,
    READING,
    RELIABILITY_COLUMNS,
    RELIABILITY_LABELS,
    reliability_values,
)
from assessment_app.exports.summary import DATETIME, FINISHED_AT, WRAP, Table
from assessment_app.formatting import FORMULA_STARTS, zone_label
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
_NUMBER_FORMATS = {
    NIP: "@",
    INT: "0",
    DEC4: "0.0000",
    DEC2: "0.00",
    DATETIME: "dd/mm/yyyy hh:mm",  # as formatting.STYLES shows times; the header names the zone
}
_KIND_WIDTHS = {NIP: 20, TEXT: 16, WRAP: 44, INT: 9, DEC4: 11, DEC2: 10, DATETIME: 19}
_LABEL_WIDTHS = {
    "Nama": 28,
    "Jabatan": 30,
    "Unit kerja": 28,
    "Unit kerja (OPD)": 34,
    "Kinerja": 20,
    "Kategori JPM": 16,
    "Sumber potensi": 18,
    "Rekomendasi tindakan": 60,
    "Kompetensi": 34,
}
_COMPETENCY_WIDTH = 10
_BOX_FILLS = {9: "#63BE7B", 8: "#C6EFCE", 7: "#C6EFCE", 6: "#FFEB9C", 5: "#FFEB9C"}
_BOX_FILLS |= {4: "#FFEB9C", 3: "#FFC7CE", 2: "#FFC7CE", 1: "#FFC7CE"}
_WARN_FILL = "#FFEB9C"


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
        book = _Book(workbook, result_set)
        zone = zone_label(tz, generated_at)
        _write_results(book.sheet(SHEET_RESULTS), result_set, book.formats, tz, zone)
        _write_listing(
            book.sheet(SHEET_PEOPLE),
            book.formats,
            summary.people_table(persons),
            "Hasil per peserta",
        )
        _write_krs(book.sheet(SHEET_KRS), book.formats, tables.krs_list(result_set))
        _write_boxes(book.sheet(SHEET_BOXES), book.formats, result_set, persons)
        for name, key in ((SHEET_UNITS, tables.UNIT), (SHEET_POSITIONS, tables.POSITION)):
            table = summary.recap_table(result_set, key)
            _write_recap(book.sheet(name), book.formats, table, summary.RECAP_TITLES[key])
        _write_reliability(book.sheet(SHEET_RELIABILITY), book.formats, result_set)
        names = distribution_sheet_names(result_set.tests)
        for test in tables.level_distribution(result_set):
            _write_distribution(workbook, book.sheet(names[test.code]), book.formats, test)
        table = summary.corrections_table(result_set, tz, generated_at)
        _write_corrections(book.sheet(SHEET_CORRECTIONS), book.formats, table)
        rows = notes.notes_rows(result_set, generated_at, tz)
        _write_notes(book.sheet(SHEET_NOTES), book.formats, rows)


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
        self.warn = workbook.add_format({"bg_color": _WARN_FILL})

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


class _Book:
    """The workbook with its formats; every sheet carries the version in its print header."""

    def __init__(self, workbook: xlsxwriter.Workbook, result_set: ResultSet) -> None:
        self.workbook = workbook
        self.formats = _Formats(workbook)
        label = result_set.version.label
        workbook.set_properties(
            {
                "title": f"Hasil asesmen {result_set.event_name}",
                "subject": label,
                "comments": "Dibuat oleh aplikasi Asesmen Kompetensi ASN",
            }
        )
        event = result_set.event_name.replace("&", "&&")[:100]
        self._print_header = f"&L{event}&R{label} - RAHASIA"

    def sheet(self, name: str):
        sheet = self.workbook.add_worksheet(name)
        sheet.set_header(self._print_header)
        sheet.set_footer("&CHalaman &P dari &N")
        return sheet


def _put(sheet, formats: _Formats, row: int, col: int, value, kind: str = TEXT, **extra) -> None:
    """Write one value: text as text (quote-prefixed if formula-like), numbers as numbers."""
    if value is None or value == "":
        return
    if isinstance(value, str):
        quoted = value.startswith(FORMULA_STARTS)
        sheet.write_string(row, col, value, formats.cell(kind, quoted, **extra))
    elif isinstance(value, datetime):
        sheet.write_datetime(row, col, value, formats.cell(DATETIME, **extra))
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


def _widths(sheet, table: Table) -> None:
    for col, (label, kind) in enumerate(zip(table.header, table.kinds, strict=True)):
        width = _LABEL_WIDTHS.get(label, _KIND_WIDTHS.get(kind, 12))
        sheet.set_column(col, col, max(width, min(len(label) + 2, 24)))


def _table(sheet, formats: _Formats, first_row: int, table: Table, *, bold_last=False) -> int:
    """Write a header and the rows from ``first_row``; return the last row written."""
    _header(sheet, formats, first_row, table.header)
    last = first_row
    for last, values in enumerate(table.rows, start=first_row + 1):
        bold = bold_last and last == first_row + len(table.rows)
        _put_row(sheet, formats, last, values, table.kinds, **({"bold": True} if bold else {}))
    return last


def _write_results(sheet, result_set: ResultSet, formats: _Formats, tz: ZoneInfo, zone: str):
    columns = column_specs(result_set)
    names = [column.name for column in columns] + [FINISHED_AT]
    labels = [column.label for column in columns] + [f"Waktu selesai ({zone})"]
    kinds = [column.kind for column in columns]
    for col, column in enumerate(columns):
        width = _COMPETENCY_WIDTH if column.competency else _LABEL_WIDTHS.get(column.label)
        sheet.set_column(col, col, width or _KIND_WIDTHS[column.kind])
    sheet.set_column(len(columns), len(columns), _KIND_WIDTHS[DATETIME])
    sheet.freeze_panes(2, 2)
    _header(sheet, formats, 0, names)
    _header(sheet, formats, 1, labels)
    status, flags = names.index("status"), names.index("flags")
    plain = [formats.cell(kind) for kind in kinds]
    quoted = [formats.cell(kind, True) for kind in kinds]
    when = formats.cell(DATETIME)
    write_string, write_number = sheet.write_string, sheet.write_number
    row = 1
    for row, (values, source) in enumerate(
        zip(result_values(result_set), result_set.rows, strict=True), start=2
    ):
        values[status] = tables.status_label(source.status)
        values[flags] = "; ".join(tables.flag_labels(source.flags)) or None
        for col, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, str):
                fmt = quoted[col] if value.startswith(FORMULA_STARTS) else plain[col]
                write_string(row, col, value, fmt)
            else:
                write_number(row, col, value, plain[col])
        finished = summary.local_datetime(source.finished_at, tz)
        if finished is not None:
            sheet.write_datetime(row, len(columns), finished, when)
    sheet.autofilter(1, 0, row, len(names) - 1)
    if row > 1:  # mark flagged rows' Tanda cell
        sheet.conditional_format(
            2, flags, row, flags, {"type": "no_blanks", "format": formats.warn}
        )


def _write_listing(sheet, formats: _Formats, table: Table, title: str) -> None:
    _widths(sheet, table)
    sheet.freeze_panes(1, 2)
    last = _table(sheet, formats, 0, table)
    if table.rows:
        sheet.autofilter(0, 0, last, len(table.header) - 1)
    else:
        sheet.write_string(1, 0, f"{title}: belum ada peserta.")


KRS_RULE = (
    "Peserta di kotak 7, 8 atau 9 dengan predikat SKP Baik atau Sangat Baik pada dua tahun "
    "terakhir yang berurutan, tanpa tanda pada hasilnya (lihat Keterangan)."
)


def _write_krs(sheet, formats: _Formats, pool: list[tables.PersonResult]) -> None:
    table = summary.krs_table(pool)
    _widths(sheet, table)
    sheet.write_string(0, 0, "Kelompok Rencana Suksesi (KRS)", formats.title)
    sheet.write_string(1, 0, KRS_RULE)
    sheet.freeze_panes(4, 2)
    last = _table(sheet, formats, 3, table)
    if not pool:
        sheet.write_string(4, 0, "Belum ada peserta yang memenuhi syarat KRS.")
    else:
        sheet.autofilter(3, 0, last, len(table.header) - 1)


def _write_boxes(sheet, formats: _Formats, result_set: ResultSet, persons) -> None:
    total = tables.recap_total(result_set)
    for col, width in enumerate((20, 20, 24, 40, 56, 14, 16, 20, 14)):
        sheet.set_column(col, col, width)
    sheet.write_string(0, 0, "Kotak Manajemen Talenta (PermenPANRB 3/2020)", formats.title)
    sheet.write_string(1, 0, "Jumlah dihitung per peserta (sekali per orang).")
    sheet.write_string(3, 0, "Potensi \\ Kinerja", formats.header)
    for i, performance in enumerate(summary.GRID_PERFORMANCES):
        sheet.merge_range(3, 1 + 2 * i, 3, 2 + 2 * i, performance, formats.header)
    _header(sheet, formats, 4, ["", "Kotak", "Jumlah"] + ["Kotak", "Jumlah"] * 2)
    rows = zip(summary.GRID_POTENTIALS, summary.GRID, strict=True)
    for r, (potential, boxes) in enumerate(rows, start=5):
        sheet.write_string(r, 0, potential, formats.section)
        for i, box in enumerate(boxes):
            fill = {"bg_color": _BOX_FILLS[box], "border": 1}
            _put(sheet, formats, r, 1 + 2 * i, box, INT, bold=True, **fill)
            _put(sheet, formats, r, 2 + 2 * i, total.boxes[box], INT, **fill)
    _put_row(sheet, formats, 8, ["Belum terpetakan", total.unmapped], [TEXT, INT])
    _put_row(sheet, formats, 9, ["Jumlah peserta", total.persons], [TEXT, INT])
    sheet.write_string(11, 0, "Keterangan dan rekomendasi tindakan per kotak", formats.section)
    last = _table(sheet, formats, 12, summary.box_table(total))
    sheet.write_string(last + 2, 0, "Daftar peserta per kotak", formats.section)
    _table(sheet, formats, last + 3, summary.members_table(persons))


RECAP_NOTE = (
    "Jumlah dihitung per peserta. Dinilai: sedikitnya satu tes selesai tanpa tanda "
    "'Tidak lengkap'. Rata-rata JPM atas peserta yang punya JPM."
)


def _write_recap(sheet, formats: _Formats, table: Table, title: str) -> None:
    _widths(sheet, table)
    sheet.write_string(0, 0, title, formats.title)
    sheet.write_string(1, 0, RECAP_NOTE)
    sheet.freeze_panes(4, 1)
    _table(sheet, formats, 3, table, bold_last=True)


def _write_reliability(sheet, formats: _Formats, result_set: ResultSet) -> None:
    names = [name for name, _ in RELIABILITY_COLUMNS]
    kinds = [kind for _, kind in RELIABILITY_COLUMNS]
    table = Table(tuple(RELIABILITY_LABELS[n] for n in names), tuple(kinds), [])
    _widths(sheet, table)
    sheet.freeze_panes(2, 2)
    _header(sheet, formats, 0, names)
    _header(sheet, formats, 1, table.header)
    last = 1
    for last, values in enumerate(reliability_values(result_set), start=2):
        _put_row(sheet, formats, last, values, kinds)
    if last == 1:
        sheet.write_string(2, 0, "Belum ada tes yang selesai.")
        last = 2
    else:
        col = names.index("reliability")
        low = {"type": "cell", "criteria": "<", "value": ADEQUATE, "format": formats.warn}
        sheet.conditional_format(2, col, last, col, low)
    sheet.write_string(last + 2, 0, "Cara membaca", formats.section)
    for r, line in enumerate(READING, start=last + 3):
        sheet.write_string(r, 0, line)


def _write_distribution(workbook, sheet, formats: _Formats, test: tables.TestLevels) -> None:
    table = summary.distribution_table(test)
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 34)
    sheet.set_column(2, 9, 11)
    sheet.write_string(0, 0, f"Sebaran level {test.code}: {test.title}", formats.title)
    _put_row(sheet, formats, 1, ["Peserta selesai", test.finished], [TEXT, INT])
    _table(sheet, formats, 3, table)
    if not table.rows:
        sheet.write_string(4, 0, "Belum ada peserta yang selesai.")
        return
    chart = workbook.add_chart({"type": "column"})
    first_level, last_level = 2, 1 + len(tables.LEVELS)
    for r in range(4, 4 + len(table.rows)):
        chart.add_series(
            {
                "name": [sheet.name, r, 0],
                "categories": [sheet.name, 3, first_level, 3, last_level],
                "values": [sheet.name, r, first_level, r, last_level],
            }
        )
    chart.set_title({"name": f"Sebaran level {test.code}"})
    chart.set_y_axis({"name": "Jumlah peserta", "major_gridlines": {"visible": True}})
    sheet.insert_chart(5 + len(table.rows), 0, chart, {"x_scale": 1.6, "y_scale": 1.2})


def _write_corrections(sheet, formats: _Formats, table: Table) -> None:
    for col, width in enumerate((14, 30, 12, 14, 20, 48, 16, 19)):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    _table(sheet, formats, 0, table)
    if not table.rows:
        sheet.write_string(1, 0, "Tidak ada koreksi")


def _write_notes(sheet, formats: _Formats, rows: list[tuple[str, tuple]]) -> None:
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 90)
    sheet.set_column(2, 7, 14)
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
