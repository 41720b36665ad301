"""The workbook's building blocks: cell formats, one value or row or table per call.

Text is always written as text (never as a formula or a number); text a spreadsheet would run
as a formula also carries a quote prefix, so it stays text when someone edits the cell. NIPs
are text, numbers numbers, times real date-times.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import xlsxwriter

from assessment_app.exports.columns import DEC2, DEC4, INT, NIP, TEXT
from assessment_app.exports.summary import DATETIME, WRAP, Table
from assessment_app.formatting import FORMULA_STARTS
from assessment_app.results.model import ResultSet

NUMBER_FORMATS = {
    NIP: "@",
    INT: "0",
    DEC4: "0.0000",
    DEC2: "0.00",
    DATETIME: "dd/mm/yyyy hh:mm",  # as formatting.STYLES shows times; the header names the zone
}
KIND_WIDTHS = {NIP: 20, TEXT: 16, WRAP: 44, INT: 9, DEC4: 11, DEC2: 10, DATETIME: 19}
LABEL_WIDTHS = {
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
WARN_FILL = "#FFEB9C"


class Formats:
    """Cell formats, made once per (kind, quote prefix, extra properties)."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self._workbook = workbook
        self._cache: dict[tuple, object] = {}
        self.title = workbook.add_format({"bold": True, "font_size": 13})
        self.section = workbook.add_format({"bold": True})
        self.header = workbook.add_format(
            {"bold": True, "bottom": 1, "bg_color": "#DDEBF7", "text_wrap": True, "valign": "top"}
        )
        self.warn = workbook.add_format({"bg_color": WARN_FILL})

    def cell(self, kind: str, quoted: bool = False, **extra):
        """Return the format for a cell of `kind`, or None where the default will do."""
        key = (kind, quoted, tuple(sorted(extra.items())))
        if key not in self._cache:
            properties = dict(extra)
            if kind in NUMBER_FORMATS:
                properties["num_format"] = NUMBER_FORMATS[kind]
            if kind == WRAP:
                properties.update(text_wrap=True, valign="top")
            if quoted:
                properties["quote_prefix"] = True
            self._cache[key] = self._workbook.add_format(properties) if properties else None
        return self._cache[key]


class Book:
    """The workbook with its formats; every sheet carries the version in its print header."""

    def __init__(self, workbook: xlsxwriter.Workbook, result_set: ResultSet) -> None:
        self.workbook = workbook
        self.formats = Formats(workbook)
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
        """Add the worksheet ``name`` with the print header and page numbers."""
        sheet = self.workbook.add_worksheet(name)
        sheet.set_header(self._print_header)
        sheet.set_footer("&CHalaman &P dari &N")
        return sheet


def put(sheet, formats: Formats, row: int, col: int, value, kind: str = TEXT, **extra) -> None:
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


def put_row(sheet, formats: Formats, row: int, values, kinds=None, **extra) -> None:
    """Write ``values`` across ``row``, each with its kind (text by default)."""
    kinds = kinds or [TEXT] * len(values)
    for col, (value, kind) in enumerate(zip(values, kinds, strict=True)):
        put(sheet, formats, row, col, value, kind, **extra)


def put_header(sheet, formats: Formats, row: int, names: Sequence[str]) -> None:
    """Write a header row; an empty name is a blank header cell."""
    for col, name in enumerate(names):
        if name:
            sheet.write_string(row, col, name, formats.header)
        else:
            sheet.write_blank(row, col, None, formats.header)


def set_widths(sheet, table: Table) -> None:
    """Size each column by its label, else by its kind."""
    for col, (label, kind) in enumerate(zip(table.header, table.kinds, strict=True)):
        width = LABEL_WIDTHS.get(label, KIND_WIDTHS.get(kind, 12))
        sheet.set_column(col, col, max(width, min(len(label) + 2, 24)))


def put_table(sheet, formats: Formats, first_row: int, table: Table, *, bold_last=False) -> int:
    """Write a header and the rows from ``first_row``; return the last row written."""
    put_header(sheet, formats, first_row, table.header)
    last = first_row
    for last, values in enumerate(table.rows, start=first_row + 1):
        bold = bold_last and last == first_row + len(table.rows)
        put_row(sheet, formats, last, values, table.kinds, **({"bold": True} if bold else {}))
    return last
