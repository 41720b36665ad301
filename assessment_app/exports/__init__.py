"""Results exports: the CONTRACT §5 columns as CSV and as an XLSX workbook (no Flask, no DB)."""

from assessment_app.exports.columns import result_columns, result_values
from assessment_app.exports.csv_writer import write_csv, write_reliability_csv
from assessment_app.exports.xlsx_writer import write_xlsx

__all__ = ["result_columns", "result_values", "write_csv", "write_reliability_csv", "write_xlsx"]
