"""Results exports: the CONTRACT §5 columns as CSV and as an XLSX workbook (no Flask, no DB).

The writers load on first use (`__getattr__`): they bring numpy, the scoring code and
XlsxWriter (~0.2 s), which no start-up should pay. `XLSX_MIMETYPE` and the spreadsheet-safe
CSV writer (`csv_writer.SpreadsheetCsv`, for the proctor's record and the upload templates)
import without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assessment_app.lazy import loader

if TYPE_CHECKING:
    from assessment_app.exports.columns import result_columns, result_values
    from assessment_app.exports.csv_writer import write_csv, write_reliability_csv
    from assessment_app.exports.xlsx_writer import write_xlsx

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Where each writer lives; `__getattr__` imports the module on first use.
_HOME = {
    "result_columns": "columns",
    "result_values": "columns",
    "write_csv": "csv_writer",
    "write_reliability_csv": "csv_writer",
    "write_xlsx": "xlsx_writer",
}


__getattr__ = loader(__name__, _HOME)


__all__ = [
    "XLSX_MIMETYPE",
    "result_columns",
    "result_values",
    "write_csv",
    "write_reliability_csv",
    "write_xlsx",
]
