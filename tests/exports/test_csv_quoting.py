"""CSV cells with a semicolon are quoted (issue 13): Excel in an Indonesian locale splits an
unquoted line on `;`, which could turn the rest of a cell into a formula."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest

from assessment_app.exports import write_csv
from assessment_app.exports.csv_writer import SpreadsheetCsv, quoted
from assessment_app.imports.uploads import template_csv


def _line(values) -> str:
    out = io.StringIO()
    SpreadsheetCsv(out).writerow(values)
    return out.getvalue()


def _excel_id_split(line: str) -> list[str]:
    """Split a line as Excel with `;` as list separator does (quotes respected)."""
    return next(csv.reader(io.StringIO(line), delimiter=";"))


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("Budi;=1+1", '"Budi;=1+1"'),
        ("a,b", '"a,b"'),
        ('kata "kutip"', '"kata ""kutip"""'),
        ("dua\nbaris", '"dua\nbaris"'),
        ("tab\there", '"tab\there"'),
        ("Budi", "Budi"),
    ],
)
def test_fields_that_a_spreadsheet_could_split_are_quoted(text, field):
    assert quoted(text) == field


def test_no_cell_of_an_indonesian_excel_starts_like_a_formula():
    line = _line(["198609262015051001", 'Budi;=HYPERLINK("http://x")', "a;-1", -0.5, None])

    cells = _excel_id_split(line.rstrip("\n"))
    assert [cell[:1] for cell in cells] == ["1", "'", "'"]  # the apostrophe keeps it text
    assert next(csv.reader(io.StringIO(line))) == [
        "198609262015051001", 'Budi;\'=HYPERLINK("http://x")', "a;'-1", "-0.5", ""
    ]  # fmt: skip


def test_a_quoted_cell_at_the_start_of_a_line_stays_whole_in_an_indonesian_excel():
    assert _excel_id_split(_line(["MANSOS;TEK-PK", "x"]).rstrip("\n")) == ["MANSOS;TEK-PK,x"]


def test_formula_guard_still_applies_before_quoting():
    assert _line(["=1;2", "+62", -3, "INT;KS"]) == '"\'=1;2",\'+62,-3,"INT;KS"\n'


def test_results_export_quotes_semicolon_cells(result_set):
    rows = [replace(result_set.rows[0], name="Budi;=SUM(1)")]
    out = io.StringIO(newline="")
    write_csv(replace(result_set, rows=rows), out)
    text = out.getvalue()

    assert '"Budi;\'=SUM(1)"' in text
    for line in text.splitlines():
        unquoted = "".join(line.split('"')[0::2])  # the text outside quotes
        assert ";" not in unquoted
    assert list(csv.reader(io.StringIO(text)))[1][1] == "Budi;'=SUM(1)"


def test_the_upload_template_quotes_the_tests_cell():
    data = template_csv(["nip", "tes"], [["198609262015051001", "MANSOS;TEK-PK"]])

    assert data.decode("utf-8-sig") == 'nip,tes\r\n198609262015051001,"MANSOS;TEK-PK"\r\n'
