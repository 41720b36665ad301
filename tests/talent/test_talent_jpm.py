"""Job-Person Match and gaps (CONTRACT §6, DOMAIN.md): hand-computed."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from assessment_app.talent import gaps, jpm

NAN = np.nan


def test_jpm_is_sum_achieved_over_sum_required():
    # 3 + 2 + 4 = 9 achieved of 3 + 3 + 4 = 10 required -> 90.0 exactly
    assert_allclose(jpm([[3, 2, 4]], [[3, 3, 4]]), [90.0])


def test_jpm_above_100_is_not_capped():
    # 4 + 4 over 3 + 3 = 8 / 6 -> 133.333...
    assert_allclose(jpm([[4, 4]], [[3, 3]]), [133.33333333333334], rtol=1e-15)


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


def test_mismatched_shapes_are_rejected():
    with pytest.raises(ValueError):
        jpm([[1, 2]], [[1, 2, 3]])
