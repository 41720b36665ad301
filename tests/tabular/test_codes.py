"""Tests for the one rule that says a new session or room code looks like a typo."""

from __future__ import annotations

import pytest

from assessment_app.tabular.codes import (
    CASE,
    ONE_CHARACTER,
    PADDING,
    Lookalike,
    lookalikes,
    resemblance,
)


@pytest.mark.parametrize(
    ("code", "other", "reason"),
    [
        ("s1", "S1", CASE),
        ("r-01", "R-01", CASE),
        ("R1", "R01", PADDING),
        ("R01", "R1", PADDING),
        ("S01", "S1", PADDING),
        ("R001", "r1", PADDING),  # zero-padding and case at once
        ("S9", "S1", ONE_CHARACTER),
        ("S1", "S10", ONE_CHARACTER),  # one character added
        ("LAB-A", "LAB", None),  # two characters added
        ("RA", "R", ONE_CHARACTER),
        ("R02", "R01", ONE_CHARACTER),
        ("R12", "R21", None),  # two characters swapped: two replacements
        ("PAGI", "SORE", None),
        ("S1", "S1", None),  # the same code is not a lookalike, it is the code
        ("R10", "R01", None),
    ],
)
def test_resemblance(code, other, reason):
    assert resemblance(code, other) == reason


def test_new_codes_are_compared_with_every_existing_code():
    assert lookalikes(["S9", "S2", "PAGI"], ["S1"]) == [
        Lookalike("S9", "S1", ONE_CHARACTER, False),
        Lookalike("S2", "S1", ONE_CHARACTER, False),
    ]


def test_zero_padding_wins_over_one_character():
    assert lookalikes(["R1"], ["R0", "R01"]) == [Lookalike("R1", "R01", PADDING, False)]


def test_new_codes_in_one_file_differ_by_padding_or_case_only():
    """A first roster with S1, S2, S3 is not a typo; R1 next to R01, both new, is."""
    assert lookalikes(["S1", "S2", "S3", "R01", "R1"], []) == [
        Lookalike("R1", "R01", PADDING, True)
    ]


def test_no_existing_codes_and_no_new_codes():
    assert lookalikes([], ["S1"]) == []
    assert lookalikes(["S1"], []) == []
