"""The score sheets: "Hasil" (the CSV's columns), "Reliabilitas", one "Distribusi" per test."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from assessment_app.exports import summary
from assessment_app.exports.columns import INT, TEXT, column_specs, result_values
from assessment_app.exports.reliability import (
    ADEQUATE,
    READING,
    RELIABILITY_COLUMNS,
    RELIABILITY_LABELS,
    reliability_values,
)
from assessment_app.exports.summary import DATETIME, FINISHED_AT, Table
from assessment_app.exports.xlsx_cells import (
    KIND_WIDTHS,
    LABEL_WIDTHS,
    Formats,
    put_header,
    put_row,
    put_table,
    set_widths,
)
from assessment_app.formatting import FORMULA_STARTS
from assessment_app.results import tables
from assessment_app.results.model import ResultSet

COMPETENCY_WIDTH = 10


def write_results(sheet, result_set: ResultSet, formats: Formats, tz: ZoneInfo, zone: str):
    """Write "Hasil": pinned names in row 1, labels in row 2, one row per result row."""
    columns = column_specs(result_set)
    names = [column.name for column in columns] + [FINISHED_AT]
    labels = [column.label for column in columns] + [f"Waktu selesai ({zone})"]
    kinds = [column.kind for column in columns]
    for col, column in enumerate(columns):
        width = COMPETENCY_WIDTH if column.competency else LABEL_WIDTHS.get(column.label)
        sheet.set_column(col, col, width or KIND_WIDTHS[column.kind])
    sheet.set_column(len(columns), len(columns), KIND_WIDTHS[DATETIME])
    sheet.freeze_panes(2, 2)
    put_header(sheet, formats, 0, names)
    put_header(sheet, formats, 1, labels)
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


def write_reliability(sheet, formats: Formats, result_set: ResultSet) -> None:
    """Write "Reliabilitas": the reliability CSV's columns, labels and how to read them."""
    names = [name for name, _ in RELIABILITY_COLUMNS]
    kinds = [kind for _, kind in RELIABILITY_COLUMNS]
    table = Table(tuple(RELIABILITY_LABELS[n] for n in names), tuple(kinds), [])
    set_widths(sheet, table)
    sheet.freeze_panes(2, 2)
    put_header(sheet, formats, 0, names)
    put_header(sheet, formats, 1, table.header)
    last = 1
    for last, values in enumerate(reliability_values(result_set), start=2):
        put_row(sheet, formats, last, values, kinds)
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


def write_distribution(workbook, sheet, formats: Formats, test: tables.TestLevels) -> None:
    """Write one test's level distribution with a column chart."""
    table = summary.distribution_table(test)
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 34)
    sheet.set_column(2, 9, 11)
    sheet.write_string(0, 0, f"Sebaran level {test.code}: {test.title}", formats.title)
    put_row(sheet, formats, 1, ["Peserta selesai", test.finished], [TEXT, INT])
    put_table(sheet, formats, 3, table)
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
