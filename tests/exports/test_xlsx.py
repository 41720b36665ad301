"""The XLSX export, read back with openpyxl and compared cell by cell."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime

import openpyxl
import pytest

from assessment_app.exports import write_xlsx
from assessment_app.exports.xlsx_writer import distribution_sheet_names
from tests.exports.sample import HYPERLINK, NIP_A, NIP_B, NIP_C, NIP_D
from tests.exports.test_columns import HEADER
from tests.exports.test_csv import EXPECTED

INT_COLUMNS = {"answered", "total", "box"} | {c for c in HEADER if c.endswith("_level")}
DECIMAL_COLUMNS = {"jpm"} | {c for c in HEADER if c.endswith(("_score", "_z", "_t"))}
GENERATED = datetime(2025, 6, 2, 8, 30, tzinfo=UTC)


def _typed(column: str, cell: str):
    """The XLSX value expected for a CSV cell: numbers as numbers, text without the apostrophe."""
    if cell == "":
        return None
    if column in INT_COLUMNS:
        return int(cell)
    if column in DECIMAL_COLUMNS:
        return float(cell)
    return cell[1:] if cell.startswith("'") else cell


@pytest.fixture
def workbook(corrected_result_set, tmp_path):
    path = tmp_path / "hasil.xlsx"
    write_xlsx(corrected_result_set, path, generated_at=GENERATED)
    return openpyxl.load_workbook(path)


def test_sheets_in_order(workbook) -> None:
    assert workbook.sheetnames == [
        "Hasil",
        "Kotak 9",
        "Distribusi MANSOS",
        "Distribusi TEK-1",
        "Koreksi",
        "Keterangan",
    ]


def test_results_sheet_matches_the_csv_values(workbook) -> None:
    sheet = workbook["Hasil"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert len(rows) == 1 + len(EXPECTED)
    for number, (got, expected) in enumerate(zip(rows[1:], EXPECTED, strict=True), start=1):
        for column, value, cell in zip(HEADER, got, expected, strict=True):
            want = _typed(column, cell)
            assert value == want, (number, column)
            if column in INT_COLUMNS and want is not None:
                assert type(value) is int, (number, column)
            elif column in DECIMAL_COLUMNS and want is not None:
                assert type(value) in (int, float), (number, column)
            elif want is not None:
                assert type(value) is str, (number, column)


def test_results_sheet_number_formats(workbook) -> None:
    sheet = workbook["Hasil"]
    formats = {name: sheet.cell(2, i + 1).number_format for i, name in enumerate(HEADER)}
    assert formats["INT_score"] == formats["INT_z"] == formats["INT_t"] == "0.0000"
    assert formats["jpm"] == "0.00"
    assert formats["answered"] == formats["INT_level"] == formats["box"] == "0"
    assert sheet["J2"].value == -0.1235 and sheet["J2"].data_type == "n"  # a negative z


def test_nip_is_text_with_a_text_format(workbook) -> None:
    sheet = workbook["Hasil"]
    for row, nip in zip(
        range(2, 9), [NIP_A, NIP_A, NIP_B, NIP_B, NIP_C, NIP_C, NIP_D], strict=True
    ):
        cell = sheet.cell(row, 1)
        assert cell.value == nip and type(cell.value) is str
        assert cell.data_type == "s" and cell.number_format == "@"


def test_formula_like_text_stays_text_with_a_quote_prefix(workbook) -> None:
    sheet = workbook["Hasil"]
    name = sheet["B4"]
    assert name.value == HYPERLINK and name.data_type == "s"
    assert name.quotePrefix
    assert sheet["B6"].value == "-Dewi Lestari" and sheet["B6"].quotePrefix
    assert sheet["C6"].value == "+Pengadministrasi Umum" and sheet["C6"].quotePrefix
    assert not sheet["B2"].quotePrefix
    formulas = [c.coordinate for r in sheet.iter_rows() for c in r if c.data_type == "f"]
    assert formulas == []


def test_header_frozen_bold_and_filtered(workbook) -> None:
    sheet = workbook["Hasil"]
    assert sheet.freeze_panes == "C2"
    assert sheet["A1"].font.bold
    assert sheet.auto_filter.ref == "A1:AH8"
    assert sheet.column_dimensions["A"].width >= 20


def test_nine_box_counts_each_candidate_once(workbook) -> None:
    sheet = workbook["Kotak 9"]
    grid = [[sheet.cell(row, col).value for col in range(2, 8)] for row in range(6, 9)]
    assert [sheet.cell(row, 1).value for row in range(6, 9)] == ["Tinggi", "Menengah", "Rendah"]
    assert grid == [
        [6, 0, 8, 2, 9, 0],  # Budi (two rows) and Andi in box 8
        [3, 0, 5, 0, 7, 0],
        [1, 0, 2, 0, 4, 1],  # the HYPERLINK candidate (two rows) in box 4
    ]
    assert (sheet["A9"].value, sheet["B9"].value) == ("Belum terpetakan", 1)
    assert (sheet["A10"].value, sheet["B10"].value) == ("Jumlah peserta", 4)


def test_nine_box_list_by_box_descending_then_name(workbook) -> None:
    sheet = workbook["Kotak 9"]
    listed = [tuple(sheet.cell(row, col).value for col in range(1, 6)) for row in range(14, 18)]
    assert listed == [
        (8, "Kotak 8", 2, NIP_D, "Andi Wijaya"),
        (8, "Kotak 8", 2, NIP_A, "Budi Santoso"),
        (4, "Kotak 4", 1, NIP_B, HYPERLINK),
        (None, "Belum terpetakan", 1, NIP_C, "-Dewi Lestari"),
    ]
    assert sheet.cell(18, 1).value is None
    assert sheet["D14"].number_format == "@" and sheet["E16"].quotePrefix


def test_distribution_counts_per_level(workbook) -> None:
    mansos = workbook["Distribusi MANSOS"]
    assert mansos["B2"].value == 3  # finished attempts; the ready one is left out
    rows = [tuple(c.value for c in r) for r in mansos.iter_rows(min_row=5, max_row=7)]
    assert [r[:8] for r in rows] == [
        ("INT", "Integritas", 1, 2, 0, 0, 0, 3),
        ("KS", "Kerjasama", 0, 1, 1, 1, 0, 3),
        ("PB", "Perekat Bangsa", 0, 0, 0, 3, 0, 3),
    ]
    assert [r[8:] for r in rows] == [(2.0, 0.3266), (2.8333, 0.4784), (4, 0)]
    tek = workbook["Distribusi TEK-1"]
    assert tuple(c.value for c in tek[5]) == (
        "TPK",
        "Pengelolaan Kepegawaian",
        0,
        1,
        0,
        1,
        0,
        2,
        50,
        16.6667,
    )
    assert tek["A6"].value is None
    assert [len(chart.series) for chart in mansos._charts + tek._charts] == [3, 1]


def test_corrections_sheet(workbook) -> None:
    sheet = workbook["Koreksi"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Jenis", "Tes", "Butir", "Nilai", "Alasan", "Oleh", "Waktu (UTC)")
    assert rows[1] == (
        "drop_item",
        "MANSOS",
        "INT-0007",
        None,
        "=Kunci ganda, soal dibatalkan",
        "admin",
        "2025-06-02T01:00:00.000Z",
    )
    assert rows[2][:4] == ("cuts", "TEK-1", None, "[25, 45, 65, 85]")
    assert sheet["E2"].data_type == "s" and sheet["E2"].quotePrefix


def test_corrections_sheet_when_there_are_none(result_set, tmp_path) -> None:
    write_xlsx(result_set, tmp_path / "x.xlsx", generated_at=GENERATED)
    sheet = openpyxl.load_workbook(tmp_path / "x.xlsx")["Koreksi"]
    assert sheet["A1"].value == "Jenis" and sheet["A2"].value == "Tidak ada koreksi"
    assert sheet.max_row == 2


def test_notes_sheet(workbook) -> None:
    sheet = workbook["Keterangan"]
    pairs = {r[0]: r[1] for r in sheet.iter_rows(values_only=True) if r[0] is not None}
    assert pairs["Acara"] == "Asesmen Kompetensi 2025"
    assert pairs["Dibuat"] == "2025-06-02 08:30:00 UTC"
    assert pairs["Jumlah peserta"] == 4 and pairs["Jumlah koreksi penilaian"] == 2
    assert pairs["Optimal"] == "JPM >= 90" and pairs["Kurang Optimal"] == "JPM < 78"
    assert "Kategori JPM (pemetaan)" in pairs
    assert set(HEADER[:7]) <= set(pairs) and "<KODE>_z" in pairs
    assert pairs["TPK"] == "Pengelolaan Kepegawaian"


def test_notes_show_the_settings_passed_in(result_set, tmp_path) -> None:
    cuts = {"MANSOS": {"sjt": [2.0, 2.5, 3.5, 4.5]}, "TEK-1": {"mcq": [25, 45, 65, 85]}}
    bands = [("Memenuhi Syarat", 80.0), ("Masih Memenuhi Syarat", 68.0), ("Kurang", None)]
    selection = replace(result_set, bands="seleksi")
    write_xlsx(selection, tmp_path / "x.xlsx", level_cuts=cuts, bands=bands)
    rows = list(openpyxl.load_workbook(tmp_path / "x.xlsx")["Keterangan"].values)
    assert ("MANSOS", "sjt", 2, 2.5, 3.5, 4.5) in rows
    assert ("TEK-1", "mcq", 25, 45, 65, 85) in rows
    assert ("Masih Memenuhi Syarat", "68 <= JPM < 80", None, None, None, None) in rows


def test_writes_to_a_file_object(result_set) -> None:
    buffer = io.BytesIO()
    write_xlsx(result_set, buffer, generated_at=GENERATED)
    assert openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["Hasil"]["A2"].value == NIP_A


def test_distribution_sheet_names_are_legal_and_unique() -> None:
    names = distribution_sheet_names(["MANSOS", "A/B:C", "X" * 40, "X" * 41, "END'"])
    assert names["MANSOS"] == "Distribusi MANSOS"
    assert names["A/B:C"] == "Distribusi A_B_C"
    assert names["X" * 40] == ("Distribusi " + "X" * 40)[:31]
    assert names["X" * 41] == ("Distribusi " + "X" * 40)[:29] + "~2"
    assert names["END'"] == "Distribusi END_"
    assert all(len(n) <= 31 for n in names.values())
    assert len({n.casefold() for n in names.values()}) == len(names)
