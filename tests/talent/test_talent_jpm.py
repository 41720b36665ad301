"""Job-Person Match (capped), gaps and below_standard (CONTRACT §6): hand-computed."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from assessment_app.talent import below_standard, gaps, jpm

NAN = np.nan


def test_jpm_is_sum_achieved_over_sum_required():
    # 3 + 2 + 4 = 9 achieved of 3 + 3 + 4 = 10 required -> 90.0 exactly
    assert_allclose(jpm([[3, 2, 4]], [[3, 3, 4]]), [90.0])


def test_jpm_is_capped_per_competency():
    # 4 + 4 over 3 + 3 counts min(4, 3) + min(4, 3) = 6 of 6 -> 100, not 8 / 6 = 133.33
    assert_allclose(jpm([[4, 4]], [[3, 3]]), [100.0])
    # a surplus does not hide a gap: min(5, 3) + min(2, 3) + min(3, 3) = 8 of 9 -> 88.888...
    # (uncapped it would be 10 / 9 = 111.11)
    assert_allclose(jpm([[5, 2, 3]], [[3, 3, 3]]), [88.88888888888889], rtol=1e-15)


def test_jpm_never_exceeds_100():
    rng = np.random.default_rng(7)
    achieved = rng.integers(1, 6, size=(1000, 9))
    required = rng.integers(1, 6, size=(1000, 9))

    values = jpm(achieved, required)

    assert (values <= 100.0).all() and (values > 0).all()
    assert_allclose(values, 100 * np.minimum(achieved, required).sum(1) / required.sum(1))


def test_required_but_not_assessed_leaves_both_sums():
    # C2 required 4 but not assessed: 3 + 2 over 3 + 3 = 5 / 6 -> 83.333..., not 5 / 10
    assert_allclose(jpm([[3, 2, NAN]], [[3, 3, 4]]), [83.33333333333333], rtol=1e-15)


def test_level_missing_zero_counts_as_not_assessed():
    # scoring.LEVEL_MISSING (0) must not be taken for an achieved level of 0
    assert_allclose(jpm([[3, 2, 0]], [[3, 3, 4]]), [83.33333333333333], rtol=1e-15)


def test_assessed_but_not_required_is_ignored():
    # C1 not required by the position: 3 / 3 -> 100
    assert_allclose(jpm([[3, 5]], [[3, NAN]]), [100.0])


def test_position_without_standards_or_nothing_assessed_is_nan():
    achieved = [[3, 2], [NAN, NAN]]
    required = [[NAN, NAN], [3, 3]]

    assert np.isnan(jpm(achieved, required)).all()


def test_cohort_in_one_call():
    # 8 required at level 4 = 32; achieved 3*7 + 4 = 25 -> 78.125
    achieved = [[3, 3, 3, 3, 3, 3, 3, 4], [4, 4, 4, 4, 4, 4, 4, 4]]
    required = [[4] * 8, [4] * 8]

    assert_allclose(jpm(achieved, required), [78.125, 100.0])


def test_exact_threshold_ratio_is_exact():
    # 39 of 50 -> exactly 78.0 (computed as 100 * 39 / 50, one rounding)
    achieved = [[4] * 9 + [3]]  # 39
    required = [[5] * 10]  # 50
    assert jpm(achieved, required)[0] == 78.0


def test_gaps_per_competency():
    achieved = [[4, 2, NAN, 5]]
    required = [[3, 3, 4, NAN]]

    assert_allclose(gaps(achieved, required), [[1.0, -1.0, NAN, NAN]])


def test_below_standard_among_assessed_and_required():
    # C0 2 < 3 below; C1 3 = 3 not; C2 required, not assessed: not listed; C3 not required
    achieved = [[2, 3, NAN, 1], [5, 0, 1, 1]]
    required = [[3, 3, 4, NAN], [3, 3, 1, NAN]]

    assert below_standard(achieved, required).tolist() == [
        [True, False, False, False],
        [False, False, False, False],  # level 0 is "not assessed", not below
    ]


def test_mismatched_shapes_are_rejected():
    with pytest.raises(ValueError):
        jpm([[1, 2]], [[1, 2, 3]])
