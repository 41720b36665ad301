"""Large and empty result sets write without trouble."""

from __future__ import annotations

import csv
import zipfile

import openpyxl

from assessment_app.exports import result_columns, write_csv, write_xlsx
from assessment_app.results.model import ResultSet
from tests.exports.sample import COMPETENCIES, TESTS, large_result_set

ROWS = 3_000  # 30,000 rows take about 2 s as CSV and 9 s as XLSX; this keeps the suite quick


def test_thousands_of_rows_write_as_csv_and_xlsx(tmp_path) -> None:
    result_set = large_result_set(ROWS, n_competencies=10)
    csv_path, xlsx_path = tmp_path / "hasil.csv", tmp_path / "hasil.xlsx"
    with csv_path.open("w", encoding="utf-8", newline="") as out:
        assert write_csv(result_set, out) == ROWS
    write_xlsx(result_set, xlsx_path)
    with csv_path.open(encoding="utf-8", newline="") as source:
        rows = list(csv.reader(source))
    assert len(rows) == 1 + ROWS
    assert {len(row) for row in rows} == {8 + 5 * 10 + 7 + 6}
    assert zipfile.is_zipfile(xlsx_path)
    book = openpyxl.load_workbook(xlsx_path, read_only=True)
    assert book["Hasil"].max_row == 2 + ROWS
    assert book["Per Peserta"].max_row == 1 + ROWS
    assert book["Rekap OPD"].max_row == 4 + 25 + 1  # title, note, blank, header; 25 units; total


def test_an_event_without_rows_still_writes_both_files(tmp_path) -> None:
    empty = ResultSet("Kosong", COMPETENCIES, TESTS, [])
    with (tmp_path / "x.csv").open("w", encoding="utf-8", newline="") as out:
        assert write_csv(empty, out) == 0
    assert (tmp_path / "x.csv").read_text(encoding="utf-8") == ",".join(
        result_columns(empty)
    ) + "\n"
    write_xlsx(empty, tmp_path / "x.xlsx")
    book = openpyxl.load_workbook(tmp_path / "x.xlsx")
    assert book["Hasil"].max_row == 2
    assert book["Kotak 9"]["B10"].value == 0
