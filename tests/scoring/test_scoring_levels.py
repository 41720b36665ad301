"""Levels from C_score and the test's level_cuts: 1 + the number of cuts <= the score."""

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
    cuts_valid,
    levels,
    mean_matrix,
)

CUTS = (20.0, 40.0, 60.0, 80.0)  # the contract's default, one scale for sjt and mcq


def column(values):
    return np.array(values, dtype=float)[:, None]


def test_default_cuts_are_the_contracts():
    assert Scoring().level_cuts == CUTS


def test_levels_at_every_boundary():
    # exactly on a cut reaches it; 19.999 does not reach 20; below 0 and above 100 possible
    scores = column([-300.0, -100.0, 0.0, 19.999, 20.0, 39.999, 40.0, 59.999, 60.0, 79.999])
    scores = np.vstack([scores, column([80.0, 100.0])])

    assert_array_equal(levels(scores, CUTS).ravel(), [1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5])


def test_a_custom_cut_row_per_competency():
    # C0 keeps the default cuts, C1 has a stricter row: 45 is level 3 on C0 and 2 on C1
    cuts = [CUTS, (30.0, 50.0, 70.0, 90.0)]
    scores = [[45.0, 45.0], [30.0, 30.0], [29.999, 29.999], [90.0, 89.999]]

    assert_array_equal(levels(scores, cuts), [[3, 2], [2, 2], [2, 1], [5, 4]])


def test_scores_computed_from_credits_land_exactly_on_the_cuts():
    # 5 sjt items of scores 1..5 (credits -1, -0.5, 0, 0.5, 1):
    #   1 + 0 + 0 + 0 + 0 = 1 -> 100 * 1/5 = 20 -> level 2; 0.5 * 4 + 0 = 2 -> 40 -> level 3;
    #   0.5 + 0.5 + 0.5 + 0 + 0 = 1.5 -> 30 -> level 2; -1 * 5 = -5 -> -100 -> level 1.
    # mcq with 4 options (1 or -1/3): 2 right, 3 wrong of 5 = 1 -> 20 -> level 2;
    #   1 right, 3 wrong = 0 -> 0 -> level 1; 4 right, 1 wrong of 5 = 11/3 -> 73.3 -> level 4.
    third = -1 / 3
    rows = [
        ([1, 0, 0, 0, 0], [1, 1, third, third, third]),
        ([0.5, 0.5, 0.5, 0.5, 0], [1, third, third, third, 0]),
        ([0.5, 0.5, 0.5, 0, 0], [1, 1, 1, 1, third]),
        ([-1] * 5, [third] * 5),
    ]
    attempt, competency, credit = [], [], []
    for r, (sjt, mcq) in enumerate(rows):
        for j, values in enumerate((sjt, mcq)):
            attempt += [r] * len(values)
            competency += [j] * len(values)
            credit += values
    sums = aggregate(attempt, competency, credit, 4, 2)
    presented = aggregate(attempt, competency, None, 4, 2)

    result = levels(mean_matrix(sums, presented, 100.0), CUTS)

    assert_array_equal(result, [[2, 2], [3, 1], [2, 4], [1, 1]])


def test_float_noise_just_below_a_cut_still_reaches_it():
    # 6 items: four best options (1) and two options scoring 2 of [1, 2, 2, 5] (-0.2):
    # exactly (4 - 0.4) / 6 = 0.6 -> 60 -> level 4, but the float sum gives 59.99999999999999
    credit = aggregate([0] * 6, [0] * 6, [1.0, 1.0, 1.0, 1.0, -0.2, -0.2], 1, 1)
    score = mean_matrix(credit, [[6]], 100.0)
    assert score[0, 0] < 60.0

    assert_array_equal(levels(score, CUTS), [[4]])


def test_tolerance_is_tiny():
    # 20 - 1e-6 is a real difference (no credit mean of up to hundreds of items lies there)
    scores = np.array([[20.0 - 1e-6, 40.0 - 10 * LEVEL_TOLERANCE]])

    assert LEVEL_TOLERANCE == 1e-9
    assert_array_equal(levels(scores, CUTS), [[1, 2]])


def test_every_possible_score_matches_exact_fractions():
    # Every credit sum of n items of three kinds: sjt 1..5 (halves: h/2 for h = -2n..2n),
    # mcq with 4 options (c right, w wrong: c - w/3) and sjt [1, 2, 2, 5] (c best, a at
    # -0.6, b at -0.2). The float sums are built by ``aggregate`` from the per-item credits
    # as production builds them; the level must equal the level of the exact fraction.
    cases: list[tuple[int, Fraction, list[float]]] = []
    for n in range(1, 21):
        for h in range(-2 * n, 2 * n + 1):
            ones = [1.0 if h > 0 else -1.0] * (abs(h) // 2)
            cases.append((n, Fraction(h, 2), ones + [0.5 if h > 0 else -0.5] * (abs(h) % 2)))
        for c in range(n + 1):
            for w in range(n - c + 1):
                cases.append((n, c - Fraction(w, 3), [1.0] * c + [-1 / 3] * w))
                for a in range(w + 1):  # split the w non-best answers into a and w - a
                    exact = c - Fraction(3 * a, 5) - Fraction(w - a, 5)
                    cases.append((n, exact, [1.0] * c + [-0.6] * a + [-0.2] * (w - a)))
    rows = np.repeat(np.arange(len(cases)), [len(values) for _, _, values in cases])
    credit = np.concatenate([values for _, _, values in cases if values])
    sums = aggregate(rows, np.zeros(rows.size, dtype=int), credit, len(cases), 1)
    presented = np.array([[n] for n, _, _ in cases])

    got = levels(mean_matrix(sums, presented, 100.0), CUTS)

    cuts = [Fraction(int(cut)) for cut in CUTS]
    expected = [1 + sum(cut <= 100 * total / n for cut in cuts) for n, total, _ in cases]
    assert_array_equal(got[:, 0], expected)
    assert len(cases) > 10_000
    on_a_cut = sum(100 * total / n in cuts for n, total, _ in cases)
    assert on_a_cut > 300  # the boundaries themselves are exercised


def test_nan_score_has_level_missing_and_stays_integer():
    scores = np.array([[np.nan, 20.0], [60.0, np.nan]])

    result = levels(scores, CUTS)

    assert LEVEL_MISSING == 0
    assert result.dtype == np.int64
    assert_array_equal(result, [[0, 2], [4, 0]])


def test_levels_rejects_cuts_for_another_number_of_columns():
    with pytest.raises(ValueError):
        levels(np.zeros((2, 3)), [CUTS, CUTS])
    with pytest.raises(ValueError):
        levels(np.zeros(3), CUTS)


@pytest.mark.parametrize(
    "cuts",
    [(20, 40, 60, 80), [-10.0, 0.0, 50.0, 95.5], np.array([1.0, 2.0, 3.0, 4.0])],
)
def test_valid_cuts(cuts):
    assert cuts_valid(cuts)


@pytest.mark.parametrize(
    "cuts",
    [
        (20, 40, 60),
        (20, 40, 60, 80, 90),
        (20, 40, 40, 80),
        (40, 20, 60, 80),
        (20, float("nan"), 60, 80),
        (20, 40, 60, float("inf")),
        ("20", "40", "60", "80"),
        (True, 40, 60, 80),
        "2468",
        None,
        80.0,
    ],
)
def test_invalid_cuts(cuts):
    assert not cuts_valid(cuts)
