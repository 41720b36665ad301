"""Tests for reading CSV and XLSX files into tables."""

from __future__ import annotations

import datetime
import io
import zipfile

import openpyxl
import pytest

from assessment_app.tabular import RowError, TableError, read_table
from assessment_app.tabular.table import check_header

from .conftest import csv_bytes

ROWS = [["nip", "name"], ["198609262015051001", "Budi"], ["199001012015052002", "Ani"]]


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_csv_separator_is_detected_from_the_header(separator):
    table = read_table(csv_bytes(ROWS, separator), "roster.csv")

    assert table.columns == ("nip", "name")
    assert [row.values for row in table.rows] == [
        {"nip": "198609262015051001", "name": "Budi"},
        {"nip": "199001012015052002", "name": "Ani"},
    ]
    assert [row.number for row in table.rows] == [2, 3]


def test_csv_with_bom_and_crlf():
    data = b"\xef\xbb\xbf" + csv_bytes(ROWS, ";", "\r\n")

    table = read_table(data, "roster.csv")

    assert table.columns == ("nip", "name")
    assert table.rows[1].values == {"nip": "199001012015052002", "name": "Ani"}


def test_csv_quoted_fields_keep_the_separator_and_newlines():
    data = b'nip;tests;note\n1;"MANSOS;TEK-PK";"dua\nbaris"\n2;MANSOS;x\n'

    table = read_table(data, "roster.csv")

    assert table.rows[0].values == {"nip": "1", "tests": "MANSOS;TEK-PK", "note": "dua\nbaris"}
    assert [row.number for row in table.rows] == [2, 3]  # records, as Excel shows them


def test_separator_inside_a_quoted_header_is_not_counted():
    table = read_table(b'"a,b";c\n1;2\n', "x.csv")

    assert table.columns == ("a,b", "c")


def test_cp1252_csv_asks_for_utf8():
    data = "nip;nama\n198609262015051001;Andr\u00e9 Wijaya\n".encode("cp1252")

    with pytest.raises(TableError, match="UTF-8") as caught:
        read_table(data, "roster.csv")
    assert "baris 2" in caught.value.message


def test_utf16_csv_asks_for_utf8():
    data = "nip\tnama\n1\tBudi\n".encode("utf-16")

    with pytest.raises(TableError, match="UTF-16"):
        read_table(data, "roster.csv")


@pytest.mark.parametrize("data", [b"", b"   \r\n\r\n", b"\xef\xbb\xbf", b";;;\n;;\n"])
def test_empty_file_is_a_table_error(data):
    with pytest.raises(TableError):
        read_table(data, "roster.csv")


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "roster.xlsx", "PDF"),
        (bytes(range(256)) * 4, "roster.xlsx", "bukan XLSX"),
        (bytes(range(256)) * 4, "roster.csv", "bukan berkas teks"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "roster.xls", ".xls"),
        (b"PK\x03\x04 not really a zip", "roster.xlsx", "rusak"),
    ],
)
def test_not_a_spreadsheet_gives_a_clear_error(data, filename, expected):
    with pytest.raises(TableError, match=expected):
        read_table(data, filename)


def test_renamed_docx_gives_a_clear_error():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")

    with pytest.raises(TableError, match="Word"):
        read_table(buffer.getvalue(), "roster.xlsx")


def test_damaged_workbook_gives_a_clear_error():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not a workbook")

    with pytest.raises(TableError, match="rusak"):
        read_table(buffer.getvalue(), "roster.xlsx")


def test_missing_file_is_a_table_error(tmp_path):
    with pytest.raises(TableError, match="tidak dapat dibuka"):
        read_table(tmp_path / "absent.csv", "absent.csv")


def test_source_may_be_a_path(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(csv_bytes(ROWS))

    assert read_table(path, path.name).rows[0].values["name"] == "Budi"
    assert read_table(str(path), path.name).rows[0].values["name"] == "Budi"


def test_headers_are_trimmed_lower_case_with_inner_spaces_as_underscores():
    table = read_table(b"  NIP ,Name,  Position   Code \n1,2,3\n", "x.csv")

    assert table.columns == ("nip", "name", "position_code")


def test_blank_rows_are_skipped_but_counted():
    data = b"nip,name\n1,a\n\n , \n2,b\n"

    table = read_table(data, "x.csv")

    assert [row.number for row in table.rows] == [2, 5]


def test_leading_blank_rows_move_the_header_down():
    table = read_table(b"\n\nnip,name\n1,a\n", "x.csv")

    assert table.header_row == 3
    assert [row.number for row in table.rows] == [4]


def test_short_rows_are_padded_and_cells_trimmed():
    table = read_table(b"nip,name,unit\n 1 \n", "x.csv")

    assert table.rows[0].values == {"nip": "1", "name": "", "unit": ""}


def test_duplicate_header_is_an_error():
    table = read_table(b"nip,Name,NAME\n1,a,b\n", "x.csv")

    assert table.columns == ("nip", "name")
    assert table.rows[0].values == {"nip": "1", "name": "a"}
    assert [str(error) for error in table.errors] == [
        "baris 1, kolom name: judul kolom muncul lebih dari sekali (B dan C)"
    ]


def test_data_under_an_empty_header_is_an_error():
    table = read_table(b"nip,,name,,\n1,,a,,\n2,x,b,,y\n", "x.csv")

    assert table.columns == ("nip", "name")
    assert [str(error) for error in table.errors] == [
        "baris 1: kolom B tidak memiliki judul, tetapi berisi data (mulai baris 3)",
        "baris 1: kolom E tidak memiliki judul, tetapi berisi data (mulai baris 3)",
    ]


def test_empty_trailing_header_cells_are_ignored():
    table = read_table(b"nip;name;;;\n1;a;;;\n", "x.csv")

    assert table.columns == ("nip", "name")
    assert table.errors == ()


def test_unknown_column_is_a_warning_and_missing_required_an_error():
    table = read_table(b"nip,xyz\n1,2\n", "x.csv")

    check = check_header(table, ("nip", "name"), ("unit",))

    assert [str(error) for error in check.errors] == [
        "baris 1, kolom name: kolom wajib tidak ditemukan di baris judul"
    ]
    assert [str(warning) for warning in check.warnings] == [
        "baris 1, kolom xyz: kolom 'xyz' tidak dikenal, diabaikan"
    ]
    assert check.missing == frozenset({"name"})


def test_header_only_table_warns_that_there_is_no_data():
    table = read_table(b"nip,name\n", "x.csv")

    assert table.rows == ()
    assert "tidak berisi baris data" in str(check_header(table, ("nip", "name"), ()).warnings[0])


def test_row_error_text():
    assert str(RowError(12, "nip", "NIP harus 18 digit (ditemukan 17)")) == (
        "baris 12, kolom nip: NIP harus 18 digit (ditemukan 17)"
    )
    assert str(RowError(3, None, "x")) == "baris 3: x"


def test_xlsx_cells_become_text(write_xlsx):
    path = write_xlsx(
        [
            [" NIP ", "Pin", "Level", "Score", "Born", "Flag", "Name"],
            ["198609262015051001", 123456, 3.0, 2.5, datetime.datetime(1986, 9, 26), True, " Ani "],
        ]
    )

    table = read_table(path, path.name)

    assert table.columns == ("nip", "pin", "level", "score", "born", "flag", "name")
    row = table.rows[0]
    assert row.values == {
        "nip": "198609262015051001",
        "pin": "123456",
        "level": "3",
        "score": "2.5",
        "born": "1986-09-26",
        "flag": "TRUE",
        "name": "Ani",
    }
    assert row.numbers == {"pin": 123456, "level": 3.0, "score": 2.5}


def test_xlsx_from_bytes_with_an_odd_suffix(write_xlsx):
    path = write_xlsx([["nip"], ["1"]])

    table = read_table(path.read_bytes(), "upload.bin")

    assert table.rows[0].values == {"nip": "1"}


def test_xlsx_large_number_keeps_the_digits_excel_stored(write_xlsx):
    # openpyxl, like Excel, stores only 15 significant digits of an 18-digit number.
    path = write_xlsx([["nip"], [198609262015051001]])

    row = read_table(path, path.name).rows[0]

    assert row.values["nip"] == "198609262015051000"
    assert isinstance(row.numbers["nip"], float)


def test_xlsx_blank_rows_and_columns(write_xlsx):
    path = write_xlsx(
        [["nip", "name", None], ["1", "a"], [], [None, "  "], ["2", "b", None], [], []]
    )

    table = read_table(path, path.name)

    assert table.columns == ("nip", "name")
    assert [row.number for row in table.rows] == [2, 5]
    assert table.errors == ()


def test_xlsx_reads_the_first_sheet(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["nip"])
    workbook.active.append(["first"])
    second = workbook.create_sheet("Petunjuk")
    second.append(["other"])
    workbook.active = 1
    path = tmp_path / "two.xlsx"
    workbook.save(path)

    assert read_table(path, path.name).rows[0].values == {"nip": "first"}
