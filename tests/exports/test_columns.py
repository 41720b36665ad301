"""Columns, typed values and the rounding behind them."""

from __future__ import annotations

import math

import pytest

from assessment_app.exports import result_columns, result_values
from assessment_app.exports._numbers import number_text, round_half_up
from assessment_app.exports.columns import column_specs
from assessment_app.results.model import ResultSet
from tests.exports.sample import COMPETENCIES, NIP_A, TALENT_A, TESTS, row, score


def _competency(code: str) -> list[str]:
    return [f"{code}_{suffix}" for suffix in ("raw", "score", "level", "z", "t")]


HEADER = [
    "nip",
    "name",
    "position",
    "test_code",
    "status",
    "answered",
    "total",
    "flags",
    *_competency("INT"),
    *_competency("KS"),
    *_competency("PB"),
    *_competency("TPK"),
    "jpm",
    "jpm_category",
    "potential",
    "performance",
    "box",
    "below_standard",
    "krs",
    "session",
    "room",
    "seat",
    "unit",
    "position_code",
    "predikat",
]


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (2.00005, 4, 2.0001),  # the double is a hair below 2.00005; its decimal string is not
        (-0.12345, 4, -0.1235),  # half away from zero
        (2.675, 2, 2.68),  # round() gives 2.67
        (1.005, 2, 1.01),
        (77.995, 2, 78.0),
        (200 / 3, 4, 66.6667),
        (48.7655, 4, 48.7655),
        (3, 4, 3.0),
        (1e300, 4, 1e300),
    ],
)
def test_round_half_up_uses_the_decimal_string(value, decimals, expected) -> None:
    assert round_half_up(value, decimals) == expected


def test_round_half_up_never_gives_negative_zero_and_blanks_non_numbers() -> None:
    assert math.copysign(1.0, round_half_up(-0.00001, 4)) == 1.0
    assert round_half_up(None, 4) is None
    assert round_half_up(float("nan"), 4) is None
    assert round_half_up(float("inf"), 2) is None


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (2.5, "2.5"),
        (3.0, "3"),
        (-0.1235, "-0.1235"),
        (0.0001, "0.0001"),
        (1e-05, "0.00001"),
        (-0.0, "0"),
        (1e16, "10000000000000000"),
        (123456.7891, "123456.7891"),
        (7, "7"),
    ],
)
def test_number_text_is_plain_decimal(value, text) -> None:
    assert number_text(value) == text


def test_header_follows_the_contract_and_competency_order(result_set) -> None:
    assert result_columns(result_set) == HEADER


def test_values_are_typed_and_rounded(result_set) -> None:
    values = list(result_values(result_set))
    assert len(values) == len(result_set.rows)
    assert all(len(v) == len(HEADER) for v in values)
    first = dict(zip(HEADER, values[0], strict=True))
    assert first["nip"] == NIP_A and isinstance(first["nip"], str)
    assert (first["answered"], first["total"], first["box"]) == (15, 15, 8)
    assert all(type(first[k]) is int for k in ("answered", "total", "INT_level", "box"))
    assert first["INT_raw"] == 2.0001 and first["INT_z"] == -0.1235
    assert first["INT_score"] == 33.3333
    assert first["PB_z"] is None and first["PB_t"] is None  # sd < 1e-9
    assert first["TPK_score"] is None  # MANSOS does not measure TPK
    assert first["jpm"] == 91.67
    assert (first["flags"], first["below_standard"], first["krs"]) == (None, None, "ya")
    assert first["seat"] == "01"
    flagged = dict(zip(HEADER, values[5], strict=True))
    assert flagged["flags"] == "incomplete;rapid_guessing"  # codes, as the contract pins
    assert flagged["TPK_score"] == -12.5  # never clamped
    second = dict(zip(HEADER, values[2], strict=True))
    assert (second["below_standard"], second["krs"], second["jpm"]) == ("INT;KS", "tidak", 78.0)


def test_scores_are_left_out_unless_the_attempt_finished() -> None:
    scores = {"INT": score(30.0, 3.0, 3, 0.5, 55.0)}
    paused = row(1, NIP_A, "Budi", "01", "MANSOS", "paused", 3, 15, scores, TALENT_A)
    values = next(result_values(ResultSet("E", COMPETENCIES, TESTS, [paused])))
    assert values[8:28] == [None] * 20


def test_an_empty_text_is_an_empty_cell(result_set) -> None:
    values = list(result_values(result_set))
    assert values[4][HEADER.index("position_code")] is None


def test_every_column_has_an_indonesian_label(result_set) -> None:
    specs = column_specs(result_set)
    assert [c.name for c in specs] == HEADER
    labels = {c.name: c.label for c in specs}
    assert labels["nip"] == "NIP" and labels["total"] == "Jumlah soal"
    assert labels["flags"] == "Tanda" and labels["INT_raw"] == "INT skor mentah"
    assert labels["INT_score"] == "INT skor C" and labels["TPK_level"] == "TPK level"
    assert labels["jpm"] == "JPM (%)" and labels["below_standard"] == "Di bawah standar"
    assert len(set(labels.values())) == len(HEADER)
