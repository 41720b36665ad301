"""Indonesian column names: accepted wherever the English ones are, named as written."""

from __future__ import annotations

import pytest

from assessment_app.tabular import (
    parse_performance,
    parse_potential,
    parse_roster,
    parse_standards,
    read_table,
)
from assessment_app.tabular.headers import (
    PERFORMANCE_COLUMNS,
    POTENTIAL_COLUMNS,
    ROSTER_COLUMNS,
    STANDARDS_COLUMNS,
)

from .conftest import TODAY, csv_bytes, make_nip

TESTS = {"MANSOS", "TEK-PK"}
NIP = make_nip(1)
ROSTER_ID = [
    "NIP", "Nama", "Jabatan", "Kode Jabatan", "Unit Kerja",
    "Sesi", "Ruang", "Kursi", "Tes", "PIN",
]  # fmt: skip
ROSTER_ROW = [
    NIP, "Ani Lestari", "Analis Kebijakan Ahli Muda", "AK-MUDA", "Bappeda",
    "s1", "r01", "7", "MANSOS;TEK-PK", "012345",
]  # fmt: skip


def _table(rows, kind: str, write_xlsx=None):
    if kind == "xlsx":
        path = write_xlsx(rows)
        return read_table(path, path.name)
    return read_table(csv_bytes(rows), "data.csv")


def messages(problems) -> list[str]:
    return [str(problem) for problem in problems]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_roster_with_indonesian_headers(kind, write_xlsx):
    result = parse_roster(_table([ROSTER_ID, ROSTER_ROW], kind, write_xlsx), TODAY, TESTS)

    assert result.errors == [] and result.warnings == []
    row = result.rows[0]
    assert (row.nip, row.name, row.position, row.position_code, row.unit) == (
        NIP,
        "Ani Lestari",
        "Analis Kebijakan Ahli Muda",
        "AK-MUDA",
        "Bappeda",
    )
    assert (row.session, row.room, row.seat, row.tests, row.pin) == (
        "S1",
        "R01",
        "7",
        ("MANSOS", "TEK-PK"),
        "012345",
    )


def test_english_and_indonesian_headers_mix_in_one_file():
    header = ["nip", "name", "jabatan", "session", "ruang", "tests"]
    row = [NIP, "Ani", "Analis", "S1", "R01", "MANSOS"]

    result = parse_roster(_table([header, row], "csv"), TODAY, TESTS)

    assert result.errors == []
    assert (result.rows[0].position, result.rows[0].room) == ("Analis", "R01")


def test_errors_name_the_column_as_the_file_wrote_it():
    row = [*ROSTER_ROW]
    row[1], row[5], row[9] = "", "S 1", "12ab"

    result = parse_roster(_table([ROSTER_ID, row], "csv"), TODAY, TESTS)

    assert [error.column for error in result.errors] == ["Nama", "Sesi", "PIN"]
    assert str(result.errors[0]) == "baris 2, kolom Nama: wajib diisi"


def test_both_names_of_one_column_is_an_error_naming_both():
    header = ["nip", "nama", "jabatan", "Sesi", "ruang", "tes", "Session"]
    row = [NIP, "Ani", "Analis", "S1", "R01", "MANSOS", "S2"]

    result = parse_roster(_table([header, row], "csv"), TODAY, TESTS)

    assert messages(result.errors) == [
        "baris 1, kolom Sesi: kolom 'Sesi' dan 'Session' adalah kolom yang sama "
        "('sesi' atau 'session'); hapus salah satu"
    ]


def test_missing_column_names_both_headers():
    header = ["nip", "nama", "jabatan", "sesi", "ruang"]

    result = parse_roster(_table([header, [NIP, "Ani", "A", "S1", "R01"]], "csv"), TODAY, TESTS)

    assert messages(result.errors) == [
        "baris 1, kolom tests: kolom wajib tidak ditemukan di baris judul "
        "(tulis 'tes' atau 'tests')"
    ]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_standards_with_kode_jabatan(kind, write_xlsx):
    rows = [["Kode_Jabatan", "INT", "ks"], ["AK-MUDA", "3", "2"]]

    result = parse_standards(_table(rows, kind, write_xlsx), ["INT", "KS"])

    assert result.errors == []
    assert (result.rows[0].position_code, result.rows[0].levels) == ("AK-MUDA", {"INT": 3, "KS": 2})


def test_standards_with_both_position_headers():
    rows = [["kode_jabatan", "position_code", "INT"], ["A", "A", "3"]]

    result = parse_standards(_table(rows, "csv"), ["INT"])

    assert [(error.row, error.column) for error in result.errors] == [(1, "kode_jabatan")]
    assert "'kode_jabatan' dan 'position_code'" in result.errors[0].message


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_performance_with_tahun(kind, write_xlsx):
    rows = [["NIP", "Predikat", "Tahun"], [NIP, "Baik", "2024"], [NIP, "Kurang", "2023"]]

    result = parse_performance(_table(rows, kind, write_xlsx), TODAY)

    assert result.errors == []
    assert [(row.predikat, row.year) for row in result.rows] == [("Baik", 2024), ("Kurang", 2023)]


def test_performance_bad_year_names_tahun():
    rows = [["nip", "predikat", "tahun"], [NIP, "Baik", "24"]]

    result = parse_performance(_table(rows, "csv"), TODAY)

    assert [(error.row, error.column) for error in result.errors] == [(2, "tahun")]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_potential_with_indonesian_headers(kind, write_xlsx):
    rows = [["nip", "Potensi", "Sumber", "Tahun"], [NIP, "tinggi", "Asesmen BKN", "2024"]]

    result = parse_potential(_table(rows, kind, write_xlsx), TODAY)

    assert result.errors == []
    row = result.rows[0]
    assert (row.potential, row.source, row.year) == ("Tinggi", "Asesmen BKN", 2024)


def test_potential_both_year_headers():
    rows = [["nip", "potensi", "year", "tahun"], [NIP, "Tinggi", "2024", "2024"]]

    result = parse_potential(_table(rows, "csv"), TODAY)

    assert messages(result.errors) == [
        "baris 1, kolom year: kolom 'year' dan 'tahun' adalah kolom yang sama "
        "('tahun' atau 'year'); hapus salah satu"
    ]


@pytest.mark.parametrize(
    "aliases", [ROSTER_COLUMNS, STANDARDS_COLUMNS, PERFORMANCE_COLUMNS, POTENTIAL_COLUMNS]
)
def test_alias_tables_are_one_to_one(aliases):
    assert len(set(aliases.values())) == len(aliases)
    assert not (set(aliases.values()) - set(aliases)) & set(aliases)  # no alias is another key
