"""Tests for parsing the competency standards file."""

from __future__ import annotations

import pytest

from assessment_app.tabular import StandardRow, parse_standards, position_key, read_table

from .conftest import csv_bytes

CODES = ["INT", "KS", "KOM", "PB", "TEK-PK"]


def parse_csv(rows: list[list[str]]):
    return parse_standards(read_table(csv_bytes(rows, ";"), "standar.csv"), CODES)


def messages(problems) -> list[str]:
    return [str(problem) for problem in problems]


def test_levels_per_position():
    result = parse_csv(
        [
            ["Position_Code", "int", "KS", "pb"],
            ["Analis Kebijakan Ahli Muda", "3", "", "2"],
            ["  Pengawas   Umum ", "2", "2", "2"],
        ]
    )

    assert result.errors == []
    assert result.rows == [
        StandardRow("Analis Kebijakan Ahli Muda", {"INT": 3, "PB": 2}, 2),
        StandardRow("Pengawas Umum", {"INT": 2, "KS": 2, "PB": 2}, 3),
    ]


@pytest.mark.parametrize(("text", "level"), [("1", 1), ("5", 5), ("3.0", 3), ("3,0", 3)])
def test_integral_levels_are_accepted(text, level):
    result = parse_csv([["position_code", "INT"], ["P", text]])

    assert result.rows[0].levels == {"INT": level}


@pytest.mark.parametrize("text", ["3.5", "x", "6", "0", "-", "-1"])
def test_bad_levels_are_errors(text):
    result = parse_csv([["position_code", "INT", "KS"], ["P", text, "2"]])

    assert messages(result.errors) == [
        f"baris 2, kolom INT: level harus bilangan bulat 1-5 (ditemukan '{text}'); "
        "kosongkan jika tidak dipersyaratkan"
    ]
    assert result.rows == []


def test_xlsx_numeric_levels(write_xlsx):
    path = write_xlsx([["position_code", "INT", "KS", "KOM"], ["P", 3, 2.0, 2.5]])

    result = parse_standards(read_table(path, path.name), CODES)

    assert [(error.row, error.column) for error in result.errors] == [(2, "KOM")]
    assert "'2.5'" in result.errors[0].message


def test_unknown_competency_column_is_an_error():
    result = parse_csv([["position_code", "INT", "INTEGRITAS"], ["P", "3", "3"]])

    assert messages(result.errors) == [
        "baris 1, kolom INTEGRITAS: kode kompetensi 'INTEGRITAS' tidak dikenal"
    ]


def test_missing_position_code_column():
    result = parse_csv([["jabatan", "INT"], ["P", "3"]])

    assert [(error.row, error.column) for error in result.errors] == [
        (1, "position_code"),
        (1, "jabatan"),
    ]
    assert result.rows == []


def test_no_competency_columns_is_an_error():
    result = parse_csv([["position_code"], ["P"]])

    assert messages(result.errors) == ["baris 1: tidak ada kolom kode kompetensi"]


def test_position_code_is_required_and_unique_ignoring_case_and_spaces():
    result = parse_csv(
        [
            ["position_code", "INT"],
            ["Analis  Ahli Muda", "3"],
            ["", "2"],
            ["analis ahli muda", "3"],
        ]
    )

    assert messages(result.errors) == [
        "baris 3, kolom position_code: wajib diisi",
        "baris 4, kolom position_code: kode jabatan 'analis ahli muda' sudah ada di baris 2",
    ]
    assert [row.row for row in result.rows] == [2]


def test_row_without_any_level_is_a_warning():
    result = parse_csv([["position_code", "INT"], ["P", ""]])

    assert result.rows == [StandardRow("P", {}, 2)]
    assert messages(result.warnings) == ["baris 2: tidak ada kompetensi yang dipersyaratkan"]


def test_position_key():
    assert position_key("  Analis   Kebijakan ") == position_key("analis kebijakan")
