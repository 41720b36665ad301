"""Points, presented and scores (CONTRACT §6): hand-computed fixtures."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from assessment_app.scoring import aggregate, mcq_mask, score_matrix


def test_aggregate_sums_item_rows_into_points_and_counts_presented():
    # attempt 0: C0 items scored 3, blank (0), 5, 4; C1 items correct, wrong
    # attempt 1: C0 items 2, 2; nothing of C1; attempt 2 has no rows at all
    attempt = [0, 0, 0, 0, 0, 0, 1, 1]
    competency = [0, 0, 0, 0, 1, 1, 0, 0]
    values = [3, 0, 5, 4, 1, 0, 2, 2]

    points = aggregate(attempt, competency, values, 3, 2)
    presented = aggregate(attempt, competency, None, 3, 2)

    assert_allclose(points, [[12.0, 1.0], [4.0, 0.0], [0.0, 0.0]])
    assert_array_equal(presented, [[4, 2], [2, 0], [0, 0]])
    assert presented.dtype == np.int64
    assert points.dtype == np.float64


def test_aggregate_accepts_no_rows():
    assert_array_equal(aggregate([], [], [], 2, 3), np.zeros((2, 3)))
    assert_array_equal(aggregate([], [], None, 2, 3), np.zeros((2, 3), dtype=int))


@pytest.mark.parametrize(
    ("attempt", "competency", "values"),
    [([0, 2], [0, 0], None), ([0, 0], [0, 3], None), ([-1], [0], None), ([0, 1], [0], None)],
)
def test_aggregate_rejects_out_of_range_or_ragged_input(attempt, competency, values):
    with pytest.raises(ValueError):
        aggregate(attempt, competency, values, 2, 3)


def test_sjt_score_is_mean_option_score_with_blanks_as_zero():
    # 3 + blank + 5 + 4 over 4 presented = 12 / 4 = 3.0 (not 12 / 3 = 4.0)
    scores = score_matrix([[12.0]], [[4]], "sjt")

    assert_allclose(scores, [[3.0]])


def test_mcq_score_is_percent_correct():
    # 1 of 5 -> 20.0 exactly; 2 of 3 -> 66.666...; 0 of 4 -> 0.0
    scores = score_matrix([[1, 2, 0]], [[5, 3, 4]], "mcq")

    assert_allclose(scores, [[20.0, 66.66666666666667, 0.0]], rtol=1e-15)
    assert scores[0, 0] == 20.0


def test_competency_without_items_presented_is_nan():
    points = [[12.0, 1.0], [4.0, 0.0], [0.0, 0.0]]
    presented = [[4, 2], [2, 0], [0, 0]]

    scores = score_matrix(points, presented, ["sjt", "mcq"])

    assert_allclose(scores, [[3.0, 50.0], [2.0, np.nan], [np.nan, np.nan]])


def test_kind_per_column_as_strings_or_mcq_flags():
    points, presented = [[3.0, 3.0]], [[3, 3]]

    assert_allclose(score_matrix(points, presented, ["mcq", "sjt"]), [[100.0, 1.0]])
    assert_allclose(score_matrix(points, presented, np.array([True, False])), [[100.0, 1.0]])
    assert_array_equal(mcq_mask("sjt", 2), [False, False])


@pytest.mark.parametrize("kind", [["sjt"], ["sjt", "essay"], "likert"])
def test_unknown_or_wrong_length_kind_is_rejected(kind):
    with pytest.raises(ValueError):
        score_matrix([[1.0, 1.0]], [[1, 1]], kind)


def test_score_matrix_rejects_mismatched_shapes_and_negative_counts():
    with pytest.raises(ValueError):
        score_matrix([[1.0, 2.0]], [[1]], "sjt")
    with pytest.raises(ValueError):
        score_matrix([[1.0]], [[-1]], "sjt")
