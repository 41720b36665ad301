"""The record sheets: "Koreksi" (the audited corrections) and "Keterangan" (the notes)."""

from __future__ import annotations

from assessment_app.exports import notes
from assessment_app.exports.columns import TEXT
from assessment_app.exports.summary import WRAP, Table
from assessment_app.exports.xlsx_cells import Formats, put, put_header, put_table


def write_corrections(sheet, formats: Formats, table: Table) -> None:
    """Write "Koreksi": the audited corrections (or "Tidak ada koreksi")."""
    for col, width in enumerate((14, 30, 12, 14, 20, 48, 16, 19)):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    put_table(sheet, formats, 0, table)
    if not table.rows:
        sheet.write_string(1, 0, "Tidak ada koreksi")


def write_notes(sheet, formats: Formats, rows: list[tuple[str, tuple]]) -> None:
    """Write "Keterangan" from the styled rows of `notes.notes_rows`."""
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 90)
    sheet.set_column(2, 7, 14)
    for r, (style, cells) in enumerate(rows):
        if style == notes.TITLE:
            sheet.write_string(r, 0, cells[0], formats.title)
        elif style == notes.SECTION:
            sheet.write_string(r, 0, cells[0], formats.section)
        elif style == notes.HEADER:
            put_header(sheet, formats, r, cells)
        else:
            for col, value in enumerate(cells):
                put(sheet, formats, r, col, value, WRAP if col == 1 else TEXT)
