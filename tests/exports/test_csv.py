"""The CSV export, read back with the csv module and compared cell by cell."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

from assessment_app.exports import write_csv
from assessment_app.exports.csv_writer import csv_cell
from tests.exports.test_columns import HEADER

_ = ""
NAMES = ["Budi Santoso", '\'=HYPERLINK("http://contoh.id","klik")', "'-Dewi Lestari"]
ASDM = "Analis SDM Aparatur Ahli Muda"
PLACE = ["Sesi 1", "R1"]
TALENT_A = ["91.67", "Optimal", "Tinggi", "Sesuai Ekspektasi", "8", _, "ya"]
TALENT_B = ["78", "Kurang Optimal", "Rendah", "Di Atas Ekspektasi", "4", "INT;KS", "tidak"]
TALENT_D = ["100", "Optimal", "Tinggi", "Sesuai Ekspektasi", "8", _, "tidak"]
NO_TALENT = [_] * 7
NO_SCORES = [_] * 5
PB = ["4", "65", "4", _, _]  # sd 0: no z, no T
EXPECTED = [
    ["198609262015051001", "Budi Santoso", ASDM, "MANSOS", "finished", "15", "15", _,
     "2.0001", "33.3333", "2", "-0.1235", "48.7655", "3.5", "62.5", "4", "1", "60", *PB,
     *NO_SCORES, *TALENT_A, *PLACE, "01", "BKPSDM", "JF-ASDM-2", "Baik"],
    ["198609262015051001", "Budi Santoso", ASDM, "TEK-1", "finished", "11", "12", _,
     *NO_SCORES * 3, "66.6667", "66.6667", "4", "0.7071", "57.0711",
     *TALENT_A, *PLACE, "01", "BKPSDM", "JF-ASDM-2", "Baik"],
    ["199001012015031002", NAMES[1], ASDM, "MANSOS", "finished", "14", "15", _,
     "1.6", "10", "1", "-1.2", "38", "2.4", "25", "2", "-1", "40", *PB, *NO_SCORES,
     *TALENT_B, *PLACE, "02", "'@Bagian Umum, Sekretariat", "JF-ASDM-2", "Sangat Baik"],
    ["199001012015031002", NAMES[1], ASDM, "TEK-1", "in_progress", "5", "12", _,
     *NO_SCORES * 4,
     *TALENT_B, *PLACE, "02", "'@Bagian Umum, Sekretariat", "JF-ASDM-2", "Sangat Baik"],
    ["199203152020122003", NAMES[2], "'+Pengadministrasi Umum", "MANSOS", "ready", "0", "15", _,
     *NO_SCORES * 4, *NO_TALENT, *PLACE, "03", "BKPSDM", _, _],
    ["199203152020122003", NAMES[2], "'+Pengadministrasi Umum", "TEK-1", "finished", "9", "12",
     "incomplete;rapid_guessing",
     *NO_SCORES * 3, "33.3333", "-12.5", "1", "-0.7071", "42.9289",
     *NO_TALENT, *PLACE, "03", "BKPSDM", _, _],
    ["198512312010011004", "Andi Wijaya", ASDM, "MANSOS", "finished", "15", "15",
     "longest_option",
     "2.4", "40", "3", "1.3234", "63.234", "2.6", "45", "3", "0", "50", *PB, *NO_SCORES,
     *TALENT_D, *PLACE, "04", "BKPSDM", "JF-ASDM-2", "Baik"],
]  # fmt: skip


def _written(result_set) -> str:
    out = io.StringIO(newline="")
    write_csv(result_set, out)
    return out.getvalue()


def test_csv_matches_the_expected_cells(result_set) -> None:
    rows = list(csv.reader(io.StringIO(_written(result_set), newline="")))
    assert rows[0] == HEADER
    assert len(rows) == 1 + len(EXPECTED)
    for number, (got, expected) in enumerate(zip(rows[1:], EXPECTED, strict=True), start=1):
        assert len(got) == len(HEADER), number
        for column, cell, want in zip(HEADER, got, expected, strict=True):
            assert cell == want, (number, column)


def test_csv_is_utf8_without_bom_with_newline_ends(result_set, tmp_path) -> None:
    path = tmp_path / "hasil.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        assert write_csv(result_set, out) == 7
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert raw.startswith(b"nip,name,position,test_code,status,answered,total,flags,INT_raw,")
    assert b"\r" not in raw and raw.endswith(b"\n") and raw.count(b"\n") == 8
    assert b'"\'=HYPERLINK(""http://contoh.id"",""klik"")"' in raw  # quoted, apostrophe first


def test_csv_cells_neutralise_formula_text_but_never_numbers() -> None:
    for text in ("=1+1", "+62", "-x", "@SUM(A1)", "\tx", "\rx"):
        assert csv_cell(text) == "'" + text
    assert csv_cell("Budi") == "Budi"
    assert csv_cell(-0.1235) == "-0.1235"
    assert csv_cell(-3) == "-3"
    assert csv_cell(None) == ""


def test_csv_of_non_ascii_text_round_trips(result_set) -> None:
    rows = [replace(result_set.rows[0], name="Ni Luh Putu Ayu Suwandewi, S.Psi., M.Si. — ṭ")]
    text = _written(replace(result_set, rows=rows))
    assert list(csv.reader(io.StringIO(text)))[1][1] == rows[0].name
