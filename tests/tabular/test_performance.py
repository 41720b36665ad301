"""Tests for parsing the SKP performance file."""

from __future__ import annotations

import pytest

from assessment_app.tabular import (
    PREDIKAT,
    PerformanceRow,
    latest_by_nip,
    parse_performance,
    read_table,
)

from .conftest import TODAY, csv_bytes, make_nip

NIP_A = make_nip(1)
NIP_B = make_nip(2)


def parse_csv(rows: list[list[str]]):
    return parse_performance(read_table(csv_bytes(rows), "skp.csv"), TODAY)


def messages(problems) -> list[str]:
    return [str(problem) for problem in problems]


def test_rows_with_canonical_predikat():
    result = parse_csv(
        [
            ["NIP", "Predikat", "Year"],
            [NIP_A, "  sangat   BAIK ", "2024"],
            [NIP_B, "kurang / misconduct", ""],
        ]
    )

    assert result.errors == []
    assert result.rows == [
        PerformanceRow(NIP_A, "Sangat Baik", 2024, 2),
        PerformanceRow(NIP_B, "Kurang/Misconduct", None, 3),
    ]


@pytest.mark.parametrize("predikat", PREDIKAT)
def test_every_predikat_is_accepted(predikat):
    result = parse_csv([["nip", "predikat"], [NIP_A, predikat.upper()]])

    assert result.rows[0].predikat == predikat


def test_year_column_is_optional():
    result = parse_csv([["nip", "predikat"], [NIP_A, "Baik"]])

    assert result.rows == [PerformanceRow(NIP_A, "Baik", None, 2)]
    assert result.warnings == []


def test_bad_values_are_errors():
    result = parse_csv(
        [
            ["nip", "predikat", "year"],
            ["12345", "Baik", "2024"],
            [NIP_A, "Luar Biasa", "2024"],
            [NIP_A, "", "2023"],
            [NIP_B, "Baik", "1999"],
            [NIP_B, "Baik", "2026"],
            [NIP_B, "Baik", "24"],
        ]
    )

    assert [(error.row, error.column) for error in result.errors] == [
        (2, "nip"),
        (3, "predikat"),
        (4, "predikat"),
        (5, "year"),
        (6, "year"),
        (7, "year"),
    ]
    assert result.errors[1].message.startswith("predikat 'Luar Biasa' tidak dikenal (pilihan: ")
    assert result.errors[2].message.startswith("wajib diisi")
    assert result.errors[3].message == "tahun harus 4 digit antara 2000 dan 2025 (ditemukan '1999')"
    assert result.rows == []


def test_missing_required_column():
    result = parse_csv([["nip", "nilai"], [NIP_A, "Baik"]])

    assert messages(result.errors) == [
        "baris 1, kolom predikat: kolom wajib tidak ditemukan di baris judul"
    ]
    assert messages(result.warnings) == [
        "baris 1, kolom nilai: kolom 'nilai' tidak dikenal, diabaikan"
    ]


def test_same_nip_and_year_twice_is_an_error_at_the_second_row():
    result = parse_csv(
        [
            ["nip", "predikat", "year"],
            [NIP_A, "Baik", "2023"],
            [NIP_A, "Sangat Baik", "2024"],
            [NIP_A, "Kurang", "2023"],
        ]
    )

    assert messages(result.errors) == [
        f"baris 4, kolom nip: NIP {NIP_A} tahun 2023 sudah ada di baris 2"
    ]


def test_same_nip_twice_without_year_is_an_error():
    result = parse_csv([["nip", "predikat"], [NIP_A, "Baik"], [NIP_A, "Kurang"]])

    assert messages(result.errors) == [
        f"baris 3, kolom nip: NIP {NIP_A} tanpa tahun sudah ada di baris 2"
    ]


def test_xlsx_numeric_year(write_xlsx):
    path = write_xlsx([["nip", "predikat", "year"], [NIP_A, "Baik", 2024]])

    result = parse_performance(read_table(path, path.name), TODAY)

    assert result.rows == [PerformanceRow(NIP_A, "Baik", 2024, 2)]


def test_latest_year_counts_and_undated_is_oldest():
    rows = [
        PerformanceRow(NIP_A, "Baik", 2024, 2),
        PerformanceRow(NIP_A, "Kurang", None, 3),
        PerformanceRow(NIP_A, "Sangat Baik", 2023, 4),
        PerformanceRow(NIP_B, "Kurang", None, 5),
    ]

    latest = latest_by_nip(rows)

    assert latest == {NIP_A: rows[0], NIP_B: rows[3]}


def test_latest_from_a_parsed_file():
    result = parse_csv(
        [
            ["nip", "predikat", "year"],
            [NIP_A, "Sangat Baik", "2024"],
            [NIP_A, "Butuh Perbaikan", "2025"],
            [NIP_A, "Baik", "2022"],
        ]
    )

    assert latest_by_nip(result.rows)[NIP_A].predikat == "Butuh Perbaikan"
