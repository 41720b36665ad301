"""Tests for parsing the potential file."""

from __future__ import annotations

import pytest

from assessment_app.tabular import (
    PotentialRow,
    canonical_potential,
    latest_by_nip,
    parse_potential,
    read_table,
)

from .conftest import TODAY, csv_bytes, make_nip

NIP_A = make_nip(1)
NIP_B = make_nip(2)
SOURCE = "Asesmen potensi BKN 2025"


def parse_csv(rows: list[list[str]], separator: str = ","):
    return parse_potential(read_table(csv_bytes(rows, separator), "potensi.csv"), TODAY)


def messages(problems) -> list[str]:
    return [str(problem) for problem in problems]


def test_rows_with_canonical_potential_from_a_semicolon_csv():
    result = parse_csv(
        [
            ["NIP", "Potential", "Source", "Year"],
            [NIP_A, "  tinggi ", f"  {SOURCE} ", "2024"],
            [NIP_B, "MENENGAH", "", ""],
        ],
        ";",
    )

    assert result.errors == [] and result.warnings == []
    assert result.rows == [
        PotentialRow(NIP_A, "Tinggi", SOURCE, 2024, 2),
        PotentialRow(NIP_B, "Menengah", "", None, 3),
    ]


@pytest.mark.parametrize(
    ("text", "canonical"),
    [("Tinggi", "Tinggi"), ("menengah", "Menengah"), ("RENDAH", "Rendah"), ("rEnDaH", "Rendah")],
)
def test_potential_is_case_insensitive(text, canonical):
    assert canonical_potential(text) == canonical
    assert parse_csv([["nip", "potential"], [NIP_A, text]]).rows[0].potential == canonical


def test_source_and_year_are_optional():
    result = parse_csv([["nip", "potential"], [NIP_A, "Rendah"]])

    assert result.rows == [PotentialRow(NIP_A, "Rendah", "", None, 2)]
    assert result.warnings == []


def test_bad_values_are_errors_with_row_and_column():
    result = parse_csv(
        [
            ["nip", "potential", "source", "year"],
            ["12345", "Tinggi", "", "2024"],
            [NIP_A, "Sedang", "", "2024"],
            [NIP_A, "", "", "2023"],
            [NIP_B, "Tinggi", "x" * 201, "2024"],
            [NIP_B, "Tinggi", "", "1999"],
        ]
    )

    assert [(error.row, error.column) for error in result.errors] == [
        (2, "nip"),
        (3, "potential"),
        (4, "potential"),
        (5, "source"),
        (6, "year"),
    ]
    assert messages(result.errors)[1] == (
        "baris 3, kolom potential: potensi 'Sedang' tidak dikenal "
        "(pilihan: Tinggi, Menengah, Rendah)"
    )
    assert result.errors[2].message.startswith("wajib diisi")
    assert result.errors[3].message == "terlalu panjang (201 karakter, maksimal 200)"
    assert result.rows == []


def test_a_source_of_200_characters_is_kept():
    result = parse_csv([["nip", "potential", "source"], [NIP_A, "Tinggi", "x" * 200]])

    assert result.errors == [] and result.rows[0].source == "x" * 200


def test_missing_required_column():
    result = parse_csv([["nip", "nilai"], [NIP_A, "Tinggi"]])

    assert messages(result.errors) == [
        "baris 1, kolom potential: kolom wajib tidak ditemukan di baris judul "
        "(tulis 'potensi' atau 'potential')"
    ]
    assert messages(result.warnings) == [
        "baris 1, kolom nilai: kolom 'nilai' tidak dikenal, diabaikan"
    ]
    assert result.rows == []


def test_same_nip_and_year_twice_is_an_error_at_the_second_row():
    result = parse_csv(
        [
            ["nip", "potential", "year"],
            [NIP_A, "Tinggi", "2023"],
            [NIP_A, "Rendah", "2024"],
            [NIP_A, "Menengah", "2023"],
        ]
    )

    assert messages(result.errors) == [
        f"baris 4, kolom nip: NIP {NIP_A} tahun 2023 sudah ada di baris 2"
    ]


def test_same_nip_twice_without_year_is_an_error():
    result = parse_csv([["nip", "potential"], [NIP_A, "Tinggi"], [NIP_A, "Rendah"]])

    assert messages(result.errors) == [
        f"baris 3, kolom nip: NIP {NIP_A} tanpa tahun sudah ada di baris 2"
    ]


def test_xlsx_numeric_year(write_xlsx):
    path = write_xlsx([["nip", "potential", "source", "year"], [NIP_A, "tinggi", SOURCE, 2024]])

    result = parse_potential(read_table(path, path.name), TODAY)

    assert result.rows == [PotentialRow(NIP_A, "Tinggi", SOURCE, 2024, 2)]


def test_latest_year_counts_and_undated_is_oldest():
    result = parse_csv(
        [
            ["nip", "potential", "year"],
            [NIP_A, "Rendah", ""],
            [NIP_A, "Tinggi", "2023"],
            [NIP_A, "Menengah", "2022"],
            [NIP_B, "Rendah", ""],
        ]
    )

    latest = latest_by_nip(result.rows)

    assert latest[NIP_A].potential == "Tinggi"
    assert latest[NIP_B].potential == "Rendah"
