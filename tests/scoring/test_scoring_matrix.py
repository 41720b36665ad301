"""Per-item sums into (attempt x competency) matrices, and their means (CONTRACT §6)."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from assessment_app.scoring import aggregate, mean_matrix


def test_aggregate_sums_item_rows_into_credits_and_counts_presented():
    # attempt 0: C0 credits 1, blank (0), 0.5, -0.5; C1 credits 1, -1/3
    # attempt 1: C0 credits -1, -0.5; nothing of C1; attempt 2 has no rows at all
    attempt = [0, 0, 0, 0, 0, 0, 1, 1]
    competency = [0, 0, 0, 0, 1, 1, 0, 0]
    values = [1.0, 0.0, 0.5, -0.5, 1.0, -1 / 3, -1.0, -0.5]

    credit = aggregate(attempt, competency, values, 3, 2)
    presented = aggregate(attempt, competency, None, 3, 2)

    assert_allclose(credit, [[1.0, 2 / 3], [-1.5, 0.0], [0.0, 0.0]], rtol=1e-15)
    assert_array_equal(presented, [[4, 2], [2, 0], [0, 0]])
    assert presented.dtype == np.int64
    assert credit.dtype == np.float64


def test_aggregate_accepts_no_rows():
    assert_array_equal(aggregate([], [], [], 2, 3), np.zeros((2, 3)))
    assert_array_equal(aggregate([], [], None, 2, 3), np.zeros((2, 3), dtype=int))


@pytest.mark.parametrize(
    ("attempt", "competency", "values"),
    [
        ([0, 2], [0, 0], None),
        ([0, 0], [0, 3], None),
        ([-1], [0], None),
        ([0, 1], [0], None),
        ([0, 1], [0, 0], [1.0]),
    ],
)
def test_aggregate_rejects_out_of_range_or_ragged_input(attempt, competency, values):
    with pytest.raises(ValueError):
        aggregate(attempt, competency, values, 2, 3)


def test_c_score_is_100_times_the_mean_credit_with_blanks_as_zero():
    # C0: (1 + 0 + 0.5 - 0.5) / 4 presented = 0.25 -> 25.0 (not 1 / 3 -> 33.3: a blank counts)
    # C1: (1 - 1/3) / 2 = 1/3 -> 33.333...
    scores = mean_matrix([[1.0, 2 / 3]], [[4, 2]], 100.0)

    assert_allclose(scores, [[25.0, 100 / 3]], rtol=1e-15)


def test_exact_ratios_stay_exact():
    # 100 * 1 / 5 = 20.0 is the same double as the cut 20 (product taken before division)
    scores = mean_matrix([[1.0, 2.0, 4.0]], [[5, 10, 5]], 100.0)

    assert scores[0, 0] == 20.0 and scores[0, 1] == 20.0 and scores[0, 2] == 80.0


def test_c_raw_is_the_plain_mean_of_raw_scores():
    # sjt raw: 5 + 0 (blank) + 3 + 1 over 4 presented = 2.25; mcq raw already x 100: 100 + 0 -> 50
    raw = mean_matrix([[9.0, 100.0]], [[4, 2]])

    assert_allclose(raw, [[2.25, 50.0]], rtol=1e-15)


def test_competency_without_items_presented_is_nan():
    scores = mean_matrix([[1.0, 1.0], [-1.5, 0.0], [0.0, 0.0]], [[4, 2], [2, 0], [0, 0]], 100.0)

    assert_allclose(scores, [[25.0, 50.0], [-75.0, np.nan], [np.nan, np.nan]])


def test_mean_matrix_rejects_mismatched_shapes_and_negative_counts():
    with pytest.raises(ValueError):
        mean_matrix([[1.0, 2.0]], [[1]])
    with pytest.raises(ValueError):
        mean_matrix([[1.0]], [[-1]])
    with pytest.raises(ValueError):
        mean_matrix([1.0], [1])
