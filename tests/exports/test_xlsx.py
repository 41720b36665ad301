"""The XLSX export's results, corrections and notes sheets, read back with openpyxl."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from assessment_app import talent
from assessment_app.exports import write_xlsx
from assessment_app.exports.xlsx_writer import distribution_sheet_names
from assessment_app.results.model import TestRules, VersionInfo
from assessment_app.scoring.flags import FLAGS
from tests.exports.sample import HYPERLINK, NIP_A, NIP_B, NIP_C, NIP_D, TESTS
from tests.exports.test_columns import HEADER
from tests.exports.test_csv import EXPECTED

INT_COLUMNS = {"answered", "total", "box"} | {c for c in HEADER if c.endswith("_level")}
DECIMAL_COLUMNS = {"jpm"} | {c for c in HEADER if c.endswith(("_raw", "_score", "_z", "_t"))}
STATUS = {"finished": "Selesai", "in_progress": "Sedang dikerjakan", "ready": "Belum mulai"}
GENERATED = datetime(2025, 6, 2, 8, 30, tzinfo=UTC)  # 16:30 WITA
SHEETS = [
    "Hasil",
    "Per Peserta",
    "KRS",
    "Kotak 9",
    "Rekap OPD",
    "Rekap Jabatan",
    "Reliabilitas",
    "Distribusi MANSOS",
    "Distribusi TEK-1",
    "Koreksi",
    "Keterangan",
]
LABELS = ["NIP", "Nama", "Jabatan", "Kode tes", "Status", "Terjawab", "Jumlah soal", "Tanda"]


def _typed(column: str, cell: str):
    """The XLSX value expected for a CSV cell: numbers as numbers, text without the
    apostrophe, statuses and flags in Indonesian."""
    if cell == "":
        return None
    if column in INT_COLUMNS:
        return int(cell)
    if column in DECIMAL_COLUMNS:
        return float(cell)
    if column == "status":
        return STATUS[cell]
    if column == "flags":
        return "; ".join(FLAGS[code].label for code in cell.split(";"))
    return cell[1:] if cell.startswith("'") else cell


@pytest.fixture
def workbook(corrected_result_set, tmp_path):
    path = tmp_path / "hasil.xlsx"
    write_xlsx(corrected_result_set, path, generated_at=GENERATED)
    return openpyxl.load_workbook(path)


def _notes(result_set, tmp_path, **options):
    write_xlsx(result_set, tmp_path / "n.xlsx", generated_at=GENERATED, **options)
    return list(openpyxl.load_workbook(tmp_path / "n.xlsx")["Keterangan"].values)


def _pairs(rows) -> dict:
    """First column -> second, the first time a label appears (sections reuse labels)."""
    pairs: dict = {}
    for r in rows:
        if r[0] is not None:
            pairs.setdefault(r[0], r[1])
    return pairs


def test_sheets_in_order(workbook) -> None:
    assert workbook.sheetnames == SHEETS


def test_results_sheet_has_pinned_names_then_indonesian_labels(workbook) -> None:
    rows = list(workbook["Hasil"].iter_rows(values_only=True))
    assert list(rows[0]) == [*HEADER, "finished_at"]
    labels = list(rows[1])
    assert labels[:8] == LABELS
    assert labels[8:13] == ["INT skor mentah", "INT skor C", "INT level", "INT z", "INT T"]
    assert labels[HEADER.index("jpm") :] == [
        "JPM (%)",
        "Kategori JPM",
        "Potensi",
        "Kinerja",
        "Kotak",
        "Di bawah standar",
        "KRS",
        "Sesi",
        "Ruang",
        "Kursi",
        "Unit kerja",
        "Kode jabatan",
        "Predikat SKP",
        "Waktu selesai (WITA)",
    ]


def test_results_sheet_matches_the_csv_values_typed_and_in_indonesian(workbook) -> None:
    rows = list(workbook["Hasil"].iter_rows(min_row=3, values_only=True))
    assert len(rows) == len(EXPECTED)
    for number, (got, expected) in enumerate(zip(rows, EXPECTED, strict=True), start=1):
        for column, value, cell in zip(HEADER, got, expected, strict=False):
            want = _typed(column, cell)
            assert value == want, (number, column)
            if column in INT_COLUMNS and want is not None:
                assert type(value) is int, (number, column)
            elif column in DECIMAL_COLUMNS and want is not None:
                assert type(value) in (int, float), (number, column)
            elif want is not None:
                assert type(value) is str, (number, column)
    assert rows[5][HEADER.index("flags")] == "Tidak lengkap; Menebak cepat"
    assert rows[3][HEADER.index("status")] == "Sedang dikerjakan"


def test_finish_times_are_wita_datetimes(workbook) -> None:
    sheet = workbook["Hasil"]
    column = len(HEADER) + 1
    assert sheet.cell(3, column).value == datetime(2025, 6, 2, 9, 30)  # 01:30 UTC
    assert sheet.cell(4, column).value == datetime(2025, 6, 2, 11, 5, 9)
    assert sheet.cell(3, column).number_format == "dd/mm/yyyy hh:mm"
    assert sheet.cell(6, column).value is None  # in progress: not finished


def test_results_sheet_number_formats(workbook) -> None:
    sheet = workbook["Hasil"]
    formats = {name: sheet.cell(3, i + 1).number_format for i, name in enumerate(HEADER)}
    assert formats["INT_raw"] == formats["INT_score"] == formats["INT_z"] == "0.0000"
    assert formats["jpm"] == "0.00"
    assert formats["answered"] == formats["INT_level"] == formats["box"] == "0"
    z = sheet.cell(3, HEADER.index("INT_z") + 1)
    assert z.value == -0.1235 and z.data_type == "n"  # a negative z stays a number


def test_nip_is_text_with_a_text_format(workbook) -> None:
    sheet = workbook["Hasil"]
    nips = [NIP_A, NIP_A, NIP_B, NIP_B, NIP_C, NIP_C, NIP_D]
    for row, nip in zip(range(3, 10), nips, strict=True):
        cell = sheet.cell(row, 1)
        assert cell.value == nip and type(cell.value) is str
        assert cell.data_type == "s" and cell.number_format == "@"


def test_formula_like_text_stays_text_with_a_quote_prefix(workbook) -> None:
    sheet = workbook["Hasil"]
    assert sheet["B5"].value == HYPERLINK and sheet["B5"].data_type == "s"
    assert sheet["B5"].quotePrefix
    assert sheet["B7"].value == "-Dewi Lestari" and sheet["B7"].quotePrefix
    assert sheet["C7"].value == "+Pengadministrasi Umum" and sheet["C7"].quotePrefix
    assert not sheet["B3"].quotePrefix
    for name in workbook.sheetnames:
        cells = workbook[name].iter_rows()
        assert [c.coordinate for r in cells for c in r if c.data_type == "f"] == [], name


def test_header_frozen_bold_and_filtered(workbook) -> None:
    sheet = workbook["Hasil"]
    assert sheet.freeze_panes == "C3"
    assert sheet["A1"].font.bold and sheet["A2"].font.bold
    assert sheet.auto_filter.ref == "A2:AP9"  # 41 contract columns + finished_at
    assert sheet.column_dimensions["A"].width >= 20


def test_corrections_sheet_with_wita_times(workbook) -> None:
    rows = list(workbook["Koreksi"].iter_rows(values_only=True))
    assert rows[0] == (
        "Jenis",
        "Keterangan jenis",
        "Tes",
        "Butir",
        "Nilai",
        "Alasan",
        "Oleh",
        "Waktu (WITA)",
    )
    assert rows[1] == (
        "drop_item",
        "Soal dianulir (tidak dinilai)",
        "MANSOS",
        "INT-0007",
        None,
        "=Kunci ganda, soal dibatalkan",
        "admin",
        datetime(2025, 6, 2, 9, 0),
    )
    assert rows[2][:5] == (
        "level_cuts",
        "Batas level (skor C) diubah",
        "TEK-1",
        None,
        "25,45,65,85",
    )
    assert rows[2][7] == datetime(2025, 6, 2, 10, 30)
    assert workbook["Koreksi"]["F2"].quotePrefix


def test_corrections_sheet_when_there_are_none(result_set, tmp_path) -> None:
    write_xlsx(result_set, tmp_path / "x.xlsx", generated_at=GENERATED)
    sheet = openpyxl.load_workbook(tmp_path / "x.xlsx")["Koreksi"]
    assert sheet["A1"].value == "Jenis" and sheet["A2"].value == "Tidak ada koreksi"
    assert sheet.max_row == 2


def test_notes_show_the_cuts_in_force_after_a_correction(workbook) -> None:
    """The known defect: the notes printed default cuts while levels used corrected ones."""
    rows = list(workbook["Keterangan"].values)
    assert (
        "MANSOS",
        TESTS["MANSOS"],
        20,
        40,
        60,
        80,
        0.8,
        "bank soal",
        "semua",
    ) in rows
    assert (
        "TEK-1",
        TESTS["TEK-1"],
        25,
        45,
        65,
        85,
        0.75,
        "koreksi penilaian (sheet Koreksi)",
        "semua",
    ) in rows
    assert not any(r[0] == "TEK-1" and r[2:6] == (20, 40, 60, 80) for r in rows)


def test_notes_follow_any_rules_the_result_set_carries(result_set, tmp_path) -> None:
    rules = {"MANSOS": TestRules("MANSOS", "Manajerial", (10.0, 30.5, 55.0, 75.0), 0.9, True)}
    rows = _notes(replace(result_set, rules=rules), tmp_path)
    assert (
        "MANSOS",
        "Manajerial",
        10,
        30.5,
        55,
        75,
        0.9,
        "koreksi penilaian (sheet Koreksi)",
        "semua",
    ) in rows
    assert not any(r[0] == "TEK-1" for r in rows[1:] if r[1] == TESTS["TEK-1"])


def test_notes_show_the_version_and_what_changed(workbook) -> None:
    pairs = _pairs(workbook["Keterangan"].values)
    assert pairs["Acara"] == "Asesmen Kompetensi 2025"
    assert pairs["Status hasil"] == "SEMENTARA (sejak v2)"
    assert pairs["Versi v2"] == "ditetapkan oleh kepala.bkpsdm, 03/06/2025 08:00 WITA"
    assert pairs["Perubahan sejak v2"] == "Koreksi penilaian baru: batas level TEK-1"
    assert "SEMENTARA" in pairs and pairs["Kode isi (SHA-256)"] == "cd34"
    assert pairs["Dibuat"] == "02/06/2025 16:30 WITA"
    assert pairs["Jumlah peserta"] == 4 and pairs["Jumlah koreksi penilaian"] == 2


def test_every_printed_page_carries_the_version(workbook) -> None:
    for name in SHEETS:
        header = workbook[name].oddHeader
        assert header.left.text == "Asesmen Kompetensi 2025", name
        assert header.right.text == "SEMENTARA (sejak v2) - RAHASIA", name


def test_notes_of_a_final_version(result_set, tmp_path) -> None:
    final = VersionInfo(3, True, "admin", "2025-06-04T02:00:00.000Z", "Rapat", "ef56")
    pairs = _pairs(_notes(replace(result_set, version=final), tmp_path))
    assert pairs["Status hasil"] == "FINAL v3"
    assert "SEMENTARA" not in pairs and "Perubahan sejak v3" not in pairs


def test_notes_show_the_bands_in_force(result_set, tmp_path) -> None:
    pairs = _pairs(_notes(replace(result_set, bands=talent.SELECTION_BANDS), tmp_path))
    assert "Kategori JPM (seleksi)" in pairs
    assert pairs["Memenuhi Syarat"] == "JPM ≥ 80"
    assert pairs["Masih Memenuhi Syarat"] == "68 ≤ JPM < 80"
    assert pairs["Kurang Memenuhi Syarat"] == "JPM < 68"
    assert "Masih Memenuhi Syarat = Menengah" in pairs["Potensi"]
    assert "Optimal" not in pairs


def test_notes_explain_the_method_flags_and_limits(workbook) -> None:
    rows = list(workbook["Keterangan"].values)
    pairs = _pairs(rows)
    assert "(s − m) / (M − m)" in pairs["Kredit per butir"]
    assert "−1/(k − 1)" in pairs["Kredit per butir"]
    assert "0 = setara menebak" in pairs["Skor C (C_score)"]
    assert "dibatasi per kompetensi" in pairs["JPM"] and "Tidak lengkap" in pairs["JPM"]
    assert "Sangat Baik = Di Atas Ekspektasi" in pairs["Kinerja"]
    assert "kotak 7, 8 atau 9" in pairs["KRS"]
    for flag in FLAGS.values():
        assert (flag.label, flag.rule, flag.code) == next(r[:3] for r in rows if r[0] == flag.label)
    assert any(r[0] and "estimasi" in r[0] and "SEM" in r[0] for r in rows)
    assert any(r[0] and "≥ 0,70" in r[0] for r in rows)
    assert pairs["Optimal"] == "JPM ≥ 90" and pairs["Kurang Optimal"] == "JPM < 78"
    assert pairs["NIP"].startswith("NIP atau NI PPPK") and pairs["<KODE> skor C"]
    assert pairs["TPK"] == "Pengelolaan Kepegawaian"


def test_times_follow_the_zone_given(result_set, tmp_path) -> None:
    path = tmp_path / "wib.xlsx"
    write_xlsx(result_set, path, generated_at=GENERATED, tz=ZoneInfo("Asia/Jakarta"))
    book = openpyxl.load_workbook(path)
    notes = _pairs(book["Keterangan"].values)
    assert notes["Dibuat"] == "02/06/2025 15:30 WIB"
    assert notes["Zona waktu"].startswith("Semua waktu dalam WIB (Asia/Jakarta)")
    assert book["Hasil"].cell(3, len(HEADER) + 1).value == datetime(2025, 6, 2, 8, 30)
    assert book["Hasil"].cell(2, len(HEADER) + 1).value == "Waktu selesai (WIB)"


def test_a_zone_outside_indonesia_is_named_by_its_offset(result_set, tmp_path) -> None:
    path = tmp_path / "sg.xlsx"
    write_xlsx(result_set, path, generated_at=GENERATED, tz=ZoneInfo("Asia/Singapore"))
    book = openpyxl.load_workbook(path)
    assert _pairs(book["Keterangan"].values)["Dibuat"] == "02/06/2025 16:30 UTC+08:00"
    assert book["Hasil"].cell(2, len(HEADER) + 1).value == "Waktu selesai (UTC+08:00)"


def test_writes_to_a_file_object(result_set) -> None:
    buffer = io.BytesIO()
    write_xlsx(result_set, buffer, generated_at=GENERATED)
    assert openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["Hasil"]["A3"].value == NIP_A


def test_distribution_sheet_names_are_legal_and_unique() -> None:
    names = distribution_sheet_names(["MANSOS", "A/B:C", "X" * 40, "X" * 41, "END'"])
    assert names["MANSOS"] == "Distribusi MANSOS"
    assert names["A/B:C"] == "Distribusi A_B_C"
    assert names["X" * 40] == ("Distribusi " + "X" * 40)[:31]
    assert names["X" * 41] == ("Distribusi " + "X" * 40)[:29] + "~2"
    assert names["END'"] == "Distribusi END_"
    assert all(len(n) <= 31 for n in names.values())
    assert len({n.casefold() for n in names.values()}) == len(names)


def test_notes_show_a_row_per_competency_whose_cuts_differ(result_set, tmp_path) -> None:
    """The test's row holds the cuts of every other competency; INT and KS have their own,
    INT's from a correction, KS's from the bank; PB's equal the test's: no row of its own."""
    rules = {
        "MANSOS": TestRules(
            "MANSOS",
            "Manajerial",
            (20.0, 40.0, 60.0, 80.0),
            0.8,
            competency_cuts={
                "KS": (22.0, 41.0, 60.0, 79.0),
                "INT": (25.0, 45.5, 62.0, 81.0),
                "PB": (20.0, 40.0, 60.0, 80.0),
            },
            corrected_competencies=frozenset({"INT"}),
        )
    }
    rows = _notes(replace(result_set, rules=rules), tmp_path)
    header = next(r for r in rows if r[0] == "Kode tes")
    assert header[-2:] == ("Sumber batas level", "Kompetensi")
    mansos = [r for r in rows if r[0] == "MANSOS"]
    assert mansos == [
        ("MANSOS", "Manajerial", 20, 40, 60, 80, 0.8, "bank soal", "lainnya"),
        ("MANSOS", "Manajerial", 25, 45.5, 62, 81, 0.8, "koreksi penilaian (sheet Koreksi)", "INT"),
        ("MANSOS", "Manajerial", 22, 41, 60, 79, 0.8, "bank soal", "KS"),
    ]
