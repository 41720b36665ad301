"""The talent sheets: "Per Peserta", "KRS", "Kotak 9", "Rekap OPD" and "Rekap Jabatan"."""

from __future__ import annotations

from assessment_app.exports import summary
from assessment_app.exports.columns import INT, TEXT
from assessment_app.exports.summary import Table
from assessment_app.exports.xlsx_cells import (
    Formats,
    put,
    put_header,
    put_row,
    put_table,
    set_widths,
)
from assessment_app.results import tables
from assessment_app.results.model import ResultSet

BOX_FILLS = {9: "#63BE7B", 8: "#C6EFCE", 7: "#C6EFCE", 6: "#FFEB9C", 5: "#FFEB9C"}
BOX_FILLS |= {4: "#FFEB9C", 3: "#FFC7CE", 2: "#FFC7CE", 1: "#FFC7CE"}


def write_listing(sheet, formats: Formats, table: Table, title: str) -> None:
    """Write a filterable listing of ``table`` (or a line saying there is nobody yet)."""
    set_widths(sheet, table)
    sheet.freeze_panes(1, 2)
    last = put_table(sheet, formats, 0, table)
    if table.rows:
        sheet.autofilter(0, 0, last, len(table.header) - 1)
    else:
        sheet.write_string(1, 0, f"{title}: belum ada peserta.")


KRS_RULE = (
    "Peserta di kotak 7, 8 atau 9 dengan predikat SKP Baik atau Sangat Baik pada dua tahun "
    "terakhir yang berurutan, tanpa tanda pada hasilnya (lihat Keterangan)."
)


def write_krs(sheet, formats: Formats, pool: list[tables.PersonResult]) -> None:
    """Write "KRS": the rule and the succession pool."""
    table = summary.krs_table(pool)
    set_widths(sheet, table)
    sheet.write_string(0, 0, "Kelompok Rencana Suksesi (KRS)", formats.title)
    sheet.write_string(1, 0, KRS_RULE)
    sheet.freeze_panes(4, 2)
    last = put_table(sheet, formats, 3, table)
    if not pool:
        sheet.write_string(4, 0, "Belum ada peserta yang memenuhi syarat KRS.")
    else:
        sheet.autofilter(3, 0, last, len(table.header) - 1)


def write_boxes(sheet, formats: Formats, result_set: ResultSet, persons) -> None:
    """Write "Kotak 9": the grid with counts, each box's actions, who is in which box."""
    total = tables.recap_total(result_set)
    for col, width in enumerate((20, 20, 24, 40, 56, 14, 16, 20, 14)):
        sheet.set_column(col, col, width)
    sheet.write_string(0, 0, "Kotak Manajemen Talenta (PermenPANRB 3/2020)", formats.title)
    sheet.write_string(1, 0, "Jumlah dihitung per peserta (sekali per orang).")
    sheet.write_string(3, 0, "Potensi \\ Kinerja", formats.header)
    for i, performance in enumerate(summary.GRID_PERFORMANCES):
        sheet.merge_range(3, 1 + 2 * i, 3, 2 + 2 * i, performance, formats.header)
    put_header(sheet, formats, 4, ["", "Kotak", "Jumlah"] + ["Kotak", "Jumlah"] * 2)
    rows = zip(summary.GRID_POTENTIALS, summary.GRID, strict=True)
    for r, (potential, boxes) in enumerate(rows, start=5):
        sheet.write_string(r, 0, potential, formats.section)
        for i, box in enumerate(boxes):
            fill = {"bg_color": BOX_FILLS[box], "border": 1}
            put(sheet, formats, r, 1 + 2 * i, box, INT, bold=True, **fill)
            put(sheet, formats, r, 2 + 2 * i, total.boxes[box], INT, **fill)
    put_row(sheet, formats, 8, ["Belum terpetakan", total.unmapped], [TEXT, INT])
    put_row(sheet, formats, 9, ["Jumlah peserta", total.persons], [TEXT, INT])
    sheet.write_string(11, 0, "Keterangan dan rekomendasi tindakan per kotak", formats.section)
    last = put_table(sheet, formats, 12, summary.box_table(total))
    sheet.write_string(last + 2, 0, "Daftar peserta per kotak", formats.section)
    put_table(sheet, formats, last + 3, summary.members_table(persons))


RECAP_NOTE = (
    "Jumlah dihitung per peserta. Dinilai: sedikitnya satu tes selesai tanpa tanda "
    "'Tidak lengkap'. Rata-rata JPM atas peserta yang punya JPM."
)


def write_recap(sheet, formats: Formats, table: Table, title: str) -> None:
    """Write a recap per unit or position, the total row in bold."""
    set_widths(sheet, table)
    sheet.write_string(0, 0, title, formats.title)
    sheet.write_string(1, 0, RECAP_NOTE)
    sheet.freeze_panes(4, 1)
    put_table(sheet, formats, 3, table, bold_last=True)
