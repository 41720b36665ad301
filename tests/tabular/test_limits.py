"""Upload limits (issue 13): oversized tables are refused quickly, with bounded memory,
and the message says which limit and where."""

from __future__ import annotations

import io
import resource
import time
import zipfile

import openpyxl
import pytest

from assessment_app.tabular import TableError, read_table
from assessment_app.tabular.limits import LIMITS, LimitExceeded, Limits

from .conftest import csv_bytes, make_nip, tall_xlsx

SMALL = Limits(rows=5, columns=4, cell_chars=10, cells=12, unzipped_bytes=2**20)


def test_200000_row_xlsx_is_refused_quickly_with_bounded_memory(tmp_path):
    path = tmp_path / "besar.xlsx"
    tall_xlsx(path, 200_000)
    data = path.read_bytes()

    assert len(data) < 5 * 2**20  # passes the upload form's size check
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    began = time.perf_counter()
    with pytest.raises(LimitExceeded) as caught:
        read_table(data, "besar.xlsx")
    elapsed = time.perf_counter() - began
    growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) * 1024

    assert "batas 20.000 baris" in caught.value.message
    assert "baris 20.001" in caught.value.message
    assert elapsed < 5, elapsed
    assert growth < 100 * 2**20, growth


def test_cell_in_column_xfd_is_refused_at_once(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["nip", "name"])
    sheet.append([make_nip(1), "Budi"])
    sheet["XFD3"] = "x"
    sheet["A1048576"] = "y"
    path = tmp_path / "lebar.xlsx"
    book.save(path)

    began = time.perf_counter()
    with pytest.raises(LimitExceeded, match="batas 64 kolom: baris 3 berisi data di kolom XFD"):
        read_table(path, "lebar.xlsx")
    assert time.perf_counter() - began < 2


def test_a_cell_in_excels_last_row_is_refused_within_seconds(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["nip", "name"])
    book.active["A1048576"] = "x"  # a million blank rows between, streamed, never kept
    path = tmp_path / "jauh.xlsx"
    book.save(path)

    began = time.perf_counter()
    with pytest.raises(LimitExceeded, match="baris 1.048.576 masih berisi data"):
        read_table(path, "jauh.xlsx")
    assert time.perf_counter() - began < 5


def test_styled_empty_cells_past_the_column_limit_are_ignored(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["nip", "name"])
    sheet.append([make_nip(1), "Budi"])
    sheet["XFD2"].number_format = "@"  # a formatted empty cell, as Excel leaves them
    path = tmp_path / "format.xlsx"
    book.save(path)

    table = read_table(path, "format.xlsx")

    assert table.columns == ("nip", "name")
    assert table.rows[0].values["name"] == "Budi"


def test_csv_with_more_columns_than_excel_has_is_refused_not_crashing():
    header = ",".join(f"k{i}" for i in range(18_300))

    with pytest.raises(LimitExceeded) as caught:
        read_table((header + "\n1,2\n").encode(), "lebar.csv")

    assert "batas 64 kolom: baris 1 berisi data di kolom BM" in caught.value.message


def test_column_past_excel_is_named_by_its_number():
    row = ["a"] + [""] * 18_300 + ["data"]

    with pytest.raises(LimitExceeded, match="kolom ke-18.302"):
        read_table(csv_bytes([["nip"], row]), "x.csv")


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([["a"]] + [["1"]] * 5, "batas 5 baris: baris 6 masih berisi data"),
        ([["a", "b", "c", "d", "e"]], "batas 4 kolom: baris 1 berisi data di kolom E"),
        (
            [["a"], ["x" * 11]],
            "baris 2, kolom A: isi sel terlalu panjang (11 karakter, maksimal 10)",
        ),
        ([["a", "b", "c", "d"]] * 4, "batas 12 sel berisi (terlampaui di baris 4)"),
    ],
)
def test_each_limit_names_itself_and_the_place(rows, expected):
    with pytest.raises(LimitExceeded) as caught:
        read_table(csv_bytes(rows), "data.csv", SMALL)

    assert expected in caught.value.message
    assert isinstance(caught.value, TableError)  # callers that catch TableError keep working


def test_trailing_separators_and_blank_rows_past_the_limits_are_fine():
    rows = [["a", "b", "", "", "", "", ""]] + [["1", "2"]] * 4 + [[""]] * 20

    table = read_table(csv_bytes(rows), "data.csv", SMALL)

    assert len(table.rows) == 4


def test_xlsx_that_decompresses_too_far_is_refused_before_parsing(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", " " * (3 * 2**20))

    with pytest.raises(LimitExceeded, match="terlalu besar setelah dibuka"):
        read_table(out.getvalue(), "bom.xlsx", SMALL)


def test_xlsx_whose_zip_understates_its_size_is_still_counted(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/sharedStrings.xml", " " * (3 * 2**20))
    data = bytearray(out.getvalue())
    # Declare the big member as 100 bytes in the central directory.
    central = data.rindex(b"PK\x01\x02")
    data[central + 24 : central + 28] = (100).to_bytes(4, "little")

    with pytest.raises((LimitExceeded, TableError), match="terlalu besar|rusak"):
        read_table(bytes(data), "bohong.xlsx", Limits(shared_strings_bytes=2**20))


def test_a_roster_at_the_row_limit_is_read_whole():
    rows = [["nip", "name"]] + [[make_nip(i), f"P{i}"] for i in range(LIMITS.rows - 1)]

    table = read_table(csv_bytes(rows), "penuh.csv")

    assert len(table.rows) == LIMITS.rows - 1
    assert table.rows[-1].number == LIMITS.rows
