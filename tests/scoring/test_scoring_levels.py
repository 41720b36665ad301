"""Levels from cut points: 1 + the number of cuts <= the score (CONTRACT §6)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from assessment_app.bank import Scoring
from assessment_app.scoring import (
    LEVEL_MISSING,
    LEVEL_TOLERANCE,
    aggregate,
    cuts_for,
    cuts_valid,
    levels,
    score_matrix,
)

SJT_CUTS = (1.8, 2.6, 3.4, 4.2)
MCQ_CUTS = (20.0, 40.0, 60.0, 80.0)


def column(values):
    return np.array(values, dtype=float)[:, None]


def test_sjt_levels_at_every_boundary():
    scores = column([0.0, 1.0, 1.79, 1.8, 2.59, 2.6, 3.39, 3.4, 4.19, 4.2, 5.0])

    assert_array_equal(levels(scores, [SJT_CUTS]).ravel(), [1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5])


def test_mcq_levels_at_every_boundary():
    scores = column([0.0, 19.99, 20.0, 39.99, 40.0, 59.99, 60.0, 79.99, 80.0, 100.0])

    assert_array_equal(levels(scores, [MCQ_CUTS]).ravel(), [1, 1, 2, 2, 3, 3, 4, 4, 5, 5])


def test_scores_computed_from_answers_land_exactly_on_the_cuts():
    # sjt: options 1+2+1+2+3 = 9 over 5 items = 1.8 -> level 2; 13/5 = 2.6 -> 3;
    # 17/5 = 3.4 -> 4; 21/5 = 4.2 -> 5; 8/5 = 1.6 -> 1.
    # mcq: 1/5 = 20 % -> 2; 2/10 = 20 % -> 2; 4/5 = 80 % -> 5; 1/6 = 16.67 % -> 1.
    assert (1 + 2 + 1 + 2 + 3) / 5 >= 1.8
    points = [[9, 1], [13, 2], [17, 4], [21, 1], [8, 1]]
    presented = [[5, 5], [5, 10], [5, 5], [5, 6], [5, 5]]
    kind = ["sjt", "mcq"]

    result = levels(score_matrix(points, presented, kind), cuts_for(kind, 2, Scoring()))

    assert_array_equal(result, [[2, 2], [3, 2], [4, 5], [5, 1], [1, 2]])


def test_float_noise_just_below_a_cut_still_reaches_it():
    noisy = 0.6 * 3  # 1.7999999999999998 in binary floating point
    assert noisy < 1.8

    assert_array_equal(levels(column([noisy]), [SJT_CUTS]), [[2]])


def test_tolerance_is_tiny():
    # 1.8 - 1e-6 is a real difference (no 1..5 mean of up to hundreds of items lies there)
    scores = np.array([[1.8 - 1e-6, 19.999999], [1.8 - 10 * LEVEL_TOLERANCE, 20.0 - 1e-8]])

    assert LEVEL_TOLERANCE == 1e-9
    assert_array_equal(levels(scores, [SJT_CUTS, MCQ_CUTS]), [[1, 1], [1, 1]])


def test_every_possible_score_matches_exact_fractions():
    # every sum of option scores 0..5n over n = 1..60 items, and every mcq count: the level
    # from floating point equals the level from exact rational arithmetic on the decimal cuts
    cases = [(points, n) for n in range(1, 61) for points in range(0, 5 * n + 1)]
    points = np.array([[p, min(p, n)] for p, n in cases], dtype=float)
    presented = np.array([[n, n] for _, n in cases])
    scores = score_matrix(points, presented, ["sjt", "mcq"])

    got = levels(scores, cuts_for(["sjt", "mcq"], 2, Scoring()))

    sjt_cuts = [Fraction(text) for text in ("1.8", "2.6", "3.4", "4.2")]
    mcq_cuts = [Fraction(text) for text in ("20", "40", "60", "80")]
    for row, (p, n) in enumerate(cases):
        sjt, mcq = Fraction(p, n), Fraction(100 * min(p, n), n)
        assert got[row, 0] == 1 + sum(cut <= sjt for cut in sjt_cuts), (p, n)
        assert got[row, 1] == 1 + sum(cut <= mcq for cut in mcq_cuts), (p, n)


def test_nan_score_has_level_missing_and_stays_integer():
    scores = np.array([[np.nan, 2.0], [3.0, np.nan]])

    result = levels(scores, [SJT_CUTS, MCQ_CUTS])

    assert LEVEL_MISSING == 0
    assert result.dtype == np.int64
    assert_array_equal(result, [[0, 1], [3, 0]])


def test_item_less_competency_gives_nan_score_and_missing_level():
    points = aggregate([0, 0], [0, 0], [4, 5], 1, 2)
    presented = aggregate([0, 0], [0, 0], None, 1, 2)

    scores = score_matrix(points, presented, "sjt")

    assert np.isnan(scores[0, 1])
    assert_array_equal(levels(scores, SJT_CUTS), [[5, LEVEL_MISSING]])


def test_cuts_for_picks_each_columns_cuts_from_scoring():
    scoring = Scoring(5, (1.5, 2.5, 3.5, 4.5), (25.0, 50.0, 70.0, 90.0))

    cuts = cuts_for(["mcq", "sjt"], 2, scoring)

    assert_array_equal(cuts, [[25.0, 50.0, 70.0, 90.0], [1.5, 2.5, 3.5, 4.5]])


def test_levels_rejects_cuts_for_another_number_of_columns():
    with pytest.raises(ValueError):
        levels(np.zeros((2, 3)), [SJT_CUTS, MCQ_CUTS])


@pytest.mark.parametrize(
    "cuts",
    [(1.8, 2.6, 3.4, 4.2), [20, 40, 60, 80], (0.5, 1, 1.5, 2.0), np.array([1.0, 2.0, 3.0, 4.0])],
)
def test_valid_cuts(cuts):
    assert cuts_valid(cuts)


@pytest.mark.parametrize(
    "cuts",
    [
        (1.8, 2.6, 3.4),
        (1.8, 2.6, 3.4, 4.2, 5.0),
        (1.8, 2.6, 2.6, 4.2),
        (2.6, 1.8, 3.4, 4.2),
        (1.8, float("nan"), 3.4, 4.2),
        (1.8, 2.6, 3.4, float("inf")),
        ("1.8", "2.6", "3.4", "4.2"),
        (True, 2, 3, 4),
        "1234",
        None,
        4.2,
    ],
)
def test_invalid_cuts(cuts):
    assert not cuts_valid(cuts)
