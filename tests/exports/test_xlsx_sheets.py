"""The workbook's summary sheets (people, KRS, 9-box, recaps, reliability, distributions),
read back with openpyxl and checked against the sample's values counted by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import openpyxl
import pytest

from assessment_app import talent
from assessment_app.exports import write_xlsx
from assessment_app.exports.reliability import READING
from assessment_app.results.model import ResultSet
from assessment_app.scoring import round_half_up_scalar
from tests.exports.sample import (
    ADMIN,
    ASDM,
    COMPETENCIES,
    HYPERLINK,
    NIP_A,
    NIP_B,
    NIP_C,
    NIP_D,
    POTENTIAL_FILE,
    TESTS,
    UNIT_B,
)

GENERATED = datetime(2025, 6, 2, 8, 30, tzinfo=UTC)
BOX_8 = talent.BOXES[8]


@pytest.fixture
def workbook(corrected_result_set, tmp_path):
    path = tmp_path / "hasil.xlsx"
    write_xlsx(corrected_result_set, path, generated_at=GENERATED)
    return openpyxl.load_workbook(path)


def _rows(sheet, first: int = 1) -> list[tuple]:
    return list(sheet.iter_rows(min_row=first, values_only=True))


def test_people_sheet_one_row_per_person(workbook) -> None:
    sheet = workbook["Per Peserta"]
    header, *rows = _rows(sheet)
    assert header == (
        "NIP",
        "Nama",
        "Jabatan",
        "Unit kerja",
        "JPM (%)",
        "Kategori JPM",
        "Potensi",
        "Sumber potensi",
        "Predikat SKP",
        "Kinerja",
        "Kotak",
        "Keterangan kotak",
        "Rekomendasi tindakan",
        "Di bawah standar",
        "Tanda",
        "Perlu ditinjau",
        "KRS",
    )
    assert [r[0] for r in rows] == [NIP_A, NIP_B, NIP_C, NIP_D]
    assert rows[0] == (
        NIP_A,
        "Budi Santoso",
        ASDM,
        "BKPSDM",
        91.67,
        "Optimal",
        "Tinggi",
        "Kategori JPM",
        "Baik",
        "Sesuai Ekspektasi",
        8,
        BOX_8.description,
        "; ".join(BOX_8.actions),
        None,
        None,
        None,
        "ya",
    )
    b, c, d = rows[1:]
    assert (b[1], b[3], b[4], b[10], b[13], b[16]) == (HYPERLINK, UNIT_B, 78, 4, "INT; KS", "tidak")
    assert b[12] == "Rotasi; Pengembangan kompetensi"
    assert (c[2], c[4], c[10], c[11], c[12]) == (ADMIN, None, None, None, None)
    assert (c[14], c[15], c[16]) == ("Tidak lengkap; Menebak cepat", "ya", None)
    assert (d[7], d[14], d[15], d[16]) == (POTENTIAL_FILE, "Selalu opsi terpanjang", "ya", "tidak")
    assert sheet["A2"].number_format == "@" and sheet["B3"].quotePrefix
    assert sheet["E2"].number_format == "0.00" and sheet.freeze_panes == "C2"


def test_krs_sheet_lists_the_succession_pool(workbook) -> None:
    sheet = workbook["KRS"]
    assert sheet["A1"].value == "Kelompok Rencana Suksesi (KRS)"
    header, *rows = _rows(sheet, 4)
    assert header[:6] == ("NIP", "Nama", "Jabatan", "Unit kerja", "Kotak", "JPM (%)")
    # A only: D is in box 8 with Baik but flagged; B is in box 4
    assert rows == [
        (
            NIP_A,
            "Budi Santoso",
            ASDM,
            "BKPSDM",
            8,
            91.67,
            "Optimal",
            "Tinggi",
            "Kategori JPM",
            "Baik",
            "Sesuai Ekspektasi",
            "; ".join(BOX_8.actions),
        )
    ]


def test_krs_sheet_when_nobody_qualifies(result_set, tmp_path) -> None:
    rows = [replace(r, talent=replace(r.talent, krs="tidak")) for r in result_set.rows]
    write_xlsx(replace(result_set, rows=rows), tmp_path / "x.xlsx", generated_at=GENERATED)
    sheet = openpyxl.load_workbook(tmp_path / "x.xlsx")["KRS"]
    assert sheet["A5"].value == "Belum ada peserta yang memenuhi syarat KRS."


def test_nine_box_grid_counts_each_person_once(workbook) -> None:
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


def test_nine_box_sheet_describes_every_box_with_its_actions(workbook) -> None:
    rows = _rows(workbook["Kotak 9"], 13)
    assert rows[0][:6] == (
        "Kotak",
        "Potensi",
        "Kinerja",
        "Keterangan",
        "Rekomendasi tindakan (PermenPANRB 3/2020)",
        "Jumlah peserta",
    )
    boxes = rows[1:10]
    assert [r[0] for r in boxes] == [9, 8, 7, 6, 5, 4, 3, 2, 1]
    for r in boxes:
        box = talent.BOXES[r[0]]
        assert r[1:5] == (box.potential, box.performance, box.description, box.action)
    assert "Tugas belajar" in boxes[2][4]  # box 7
    assert "Instansi/Nasional" in boxes[0][4]  # box 9
    assert [r[5] for r in boxes] == [0, 2, 0, 0, 0, 1, 0, 0, 0]
    text = " ".join(str(v) for r in boxes for v in r if isinstance(v, str))
    assert not any(word in text for word in ("promote", "retain", "Star", "succession"))


def test_nine_box_sheet_lists_people_by_box(workbook) -> None:
    rows = _rows(workbook["Kotak 9"], 24)
    assert rows[0] == ("Daftar peserta per kotak", *(None,) * 8)
    assert rows[1][:3] == ("Kotak", "NIP", "Nama")
    listed = [r[:3] + r[8:9] for r in rows[2:]]
    assert listed == [
        (8, NIP_D, "Andi Wijaya", "ya"),
        (8, NIP_A, "Budi Santoso", None),
        (4, NIP_B, HYPERLINK, None),
        (None, NIP_C, "-Dewi Lestari", "ya"),
    ]


RECAP_HEADER = (
    "Jumlah peserta",
    "Dinilai",
    "Punya JPM",
    "Rata-rata JPM (%)",
    "Optimal",
    "Cukup Optimal",
    "Kurang Optimal",
    "Tanpa kategori",
    *(f"Kotak {n}" for n in range(1, 10)),
    "Belum terpetakan",
    "KRS",
)


def _boxes(**counts: int) -> tuple[int, ...]:
    return tuple(counts.get(f"k{n}", 0) for n in range(1, 10))


def test_unit_recap_counted_by_hand(workbook) -> None:
    sheet = workbook["Rekap OPD"]
    assert sheet["A1"].value == "Rekap per unit kerja (OPD)"
    header, *rows = _rows(sheet, 4)
    assert header == ("Unit kerja (OPD)", *RECAP_HEADER)
    assert rows == [
        (UNIT_B, 1, 1, 1, 78.0, 0, 0, 1, 0, *_boxes(k4=1), 0, 0),
        # A (91.67, KRS), C (not assessed, no box), D (100): mean (91.666.. + 100) / 2
        ("BKPSDM", 3, 2, 2, 95.83, 2, 0, 0, 1, *_boxes(k8=2), 1, 1),
        ("Jumlah", 4, 3, 3, 89.89, 2, 0, 1, 1, *_boxes(k4=1, k8=2), 1, 1),
    ]
    assert sheet["A5"].quotePrefix and sheet["A7"].font.bold


def test_position_recap_counted_by_hand(workbook) -> None:
    header, *rows = _rows(workbook["Rekap Jabatan"], 4)
    assert header[0] == "Jabatan"
    assert rows == [
        (ADMIN, 1, 0, 0, None, 0, 0, 0, 1, *_boxes(), 1, 0),
        # (91.666.. + 77.995 + 100) / 3 = 89.887..
        (ASDM, 3, 3, 3, 89.89, 2, 0, 1, 0, *_boxes(k4=1, k8=2), 0, 1),
        ("Jumlah", 4, 3, 3, 89.89, 2, 0, 1, 1, *_boxes(k4=1, k8=2), 1, 1),
    ]


def test_reliability_sheet_matches_the_result_set(workbook, corrected_result_set) -> None:
    sheet = workbook["Reliabilitas"]
    names, labels, *rows = _rows(sheet)
    assert names == (
        "test_code",
        "competency",
        "persons",
        "items_per_person",
        "mean",
        "sd",
        "reliability",
        "sem",
    )
    assert labels == (
        "Kode tes",
        "Kompetensi",
        "Jumlah peserta",
        "Butir per peserta (ñ)",
        "Rata-rata skor C",
        "SD skor C",
        "Reliabilitas",
        "SEM (skor C)",
    )
    data = rows[: len(corrected_result_set.reliability)]
    for got, want in zip(data, corrected_result_set.reliability, strict=True):
        s = want.stats
        numbers = (s.items_per_person, s.mean, s.sd, s.reliability, s.sem)
        expected = tuple(round_half_up_scalar(v, 4) for v in numbers)
        assert got == (want.test_code, want.competency, s.persons, *expected)
    assert data[0] == ("MANSOS", "INT", 3, 4.8, 27.7778, 12.5167, 0.7123, 9.8765)
    assert data[1][-1] == 12.0001  # 12.00005 half up
    assert data[2][-2] is None  # no spread: no reliability
    assert sheet["G3"].number_format == "0.0000"
    notes = [r[0] for r in rows[len(data) :] if r[0]]
    assert notes == ["Cara membaca", *READING]
    assert "≥ 0,70" in READING[0] and "± 1 SEM" in READING[1]


def test_reliability_sheet_without_rows(result_set, tmp_path) -> None:
    write_xlsx(replace(result_set, reliability=[]), tmp_path / "x.xlsx", generated_at=GENERATED)
    sheet = openpyxl.load_workbook(tmp_path / "x.xlsx")["Reliabilitas"]
    assert sheet["A3"].value == "Belum ada tes yang selesai."


def test_distribution_counts_per_level(workbook) -> None:
    mansos = workbook["Distribusi MANSOS"]
    assert mansos["A1"].value == f"Sebaran level MANSOS: {TESTS['MANSOS']}"
    assert mansos["B2"].value == 3  # finished attempts; the ready one is left out
    rows = _rows(mansos, 5)[:3]
    assert [r[:8] for r in rows] == [
        ("INT", "Integritas", 1, 1, 1, 0, 0, 3),
        ("KS", "Kerjasama", 0, 1, 1, 1, 0, 3),
        ("PB", "Perekat Bangsa", 0, 0, 0, 3, 0, 3),
    ]
    # INT 100/3, 10, 40: mean 27.7778, sd sqrt(40200/243) = 12.8620
    assert [r[8:] for r in rows] == [(27.7778, 12.862), (44.1667, 15.3206), (65, 0)]
    tek = workbook["Distribusi TEK-1"]
    assert tuple(c.value for c in tek[5]) == (
        "TPK",
        "Pengelolaan Kepegawaian",
        1,
        0,
        0,
        1,
        0,
        2,
        27.0833,
        39.5833,
    )
    assert tek["A6"].value is None
    assert [len(chart.series) for chart in mansos._charts + tek._charts] == [3, 1]


def test_an_empty_event_writes_every_sheet(tmp_path) -> None:
    empty = ResultSet("Kosong", COMPETENCIES, TESTS, [])
    write_xlsx(empty, tmp_path / "x.xlsx", generated_at=GENERATED)
    book = openpyxl.load_workbook(tmp_path / "x.xlsx")
    assert book["Hasil"].max_row == 2
    assert book["Per Peserta"]["A2"].value == "Hasil per peserta: belum ada peserta."
    assert book["Kotak 9"]["B10"].value == 0
    assert _rows(book["Rekap OPD"], 5) == [("Jumlah", 0, 0, 0, None, *(0,) * 15)]
    assert book["Distribusi MANSOS"]["A5"].value == "Belum ada peserta yang selesai."
