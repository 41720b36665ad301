"""A whole test's cohort at once: C_score, C_raw, levels, z and T; at scale."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_allclose, assert_array_equal

from assessment_app.scoring import SCORE_SCALE, aggregate, score_cohort

CUTS = (20.0, 40.0, 60.0, 80.0)


def test_score_cohort_by_hand():
    # Three attempts; C0 sjt with option scores 1..5 (5 items), C1 mcq with 4 options (5 items).
    # C0 credit sums 1, 2, 3 -> C_score 20, 40, 60 -> levels 2, 3, 4; mean 40,
    #   sd sqrt((400 + 0 + 400) / 3) = 16.32993161855452, z = -+1.224744871391589
    #   raw sums (option scores, blank 0) 17, 19, 21 -> C_raw 3.4, 3.8, 4.2
    # C1 one right, four blank each -> 1/5 -> 20 each -> level 2; sd 0 -> z, T NaN;
    #   raw 100 x 1 correct / 5 -> 20
    credit = [[1.0, 1.0], [2.0, 1.0], [3.0, 1.0]]
    raw = [[17.0, 100.0], [19.0, 100.0], [21.0, 100.0]]

    result = score_cohort(credit, raw, [[5, 5]] * 3, CUTS)

    assert SCORE_SCALE == 100.0
    assert_allclose(result.scores, [[20.0, 20.0], [40.0, 20.0], [60.0, 20.0]], rtol=1e-15)
    assert_allclose(result.raw, [[3.4, 20.0], [3.8, 20.0], [4.2, 20.0]], rtol=1e-15)
    assert_array_equal(result.levels, [[2, 2], [3, 2], [4, 2]])
    assert_allclose(result.z[:, 0], [-1.224744871391589, 0.0, 1.224744871391589], atol=1e-12)
    assert_allclose(result.t[:, 0], [37.75255128608411, 50.0, 62.24744871391589], atol=1e-10)
    assert np.isnan(result.z[:, 1]).all() and np.isnan(result.t[:, 1]).all()


def test_c_score_is_never_clamped():
    # An sjt item scored [1, 5, 5, 5] (mean 4, max 5): the lone 1 earns (1 - 4) / 1 = -3.
    # Two such items both answered with the 1: mean credit -3 -> C_score -300, level 1;
    # the best option throughout gives 100, nothing above (the credit's maximum is 1).
    result = score_cohort([[-6.0], [2.0]], [[2.0], [10.0]], [[2], [2]], CUTS)

    assert_allclose(result.scores[:, 0], [-300.0, 100.0])
    assert_array_equal(result.levels[:, 0], [1, 5])
    assert_allclose(result.raw[:, 0], [1.0, 5.0])


def test_a_cut_row_per_competency():
    # the same C_score 50 is level 3 on the default cuts and level 2 on (30, 55, 70, 90)
    result = score_cohort([[2.5, 2.5]], [[0.0, 0.0]], [[5, 5]], [CUTS, (30.0, 55.0, 70.0, 90.0)])

    assert_array_equal(result.levels, [[3, 2]])


def test_competency_not_presented_is_nan_and_level_zero():
    result = score_cohort(
        [[1.0, 0.0], [2.0, 0.0]], [[5.0, 0.0], [6.0, 0.0]], [[5, 0], [5, 0]], CUTS
    )

    assert np.isnan(result.scores[:, 1]).all() and np.isnan(result.raw[:, 1]).all()
    assert_array_equal(result.levels[:, 1], [0, 0])


def test_ten_thousand_attempts_by_ten_competencies():
    rng = np.random.default_rng(3)
    n, k, per = 10_000, 10, 6
    attempt = np.repeat(np.arange(n), k * per)
    competency = np.tile(np.repeat(np.arange(k), per), n)
    # sjt 1..5 credits for C0..C7 (a 0 also stands for a blank), mcq k=4 for C8, C9
    sjt = rng.choice([-1.0, -0.5, 0.0, 0.5, 1.0], size=attempt.size)
    mcq = rng.choice([1.0, -1 / 3, -1 / 3, -1 / 3, 0.0], size=attempt.size)
    credits = np.where(competency >= 8, mcq, sjt)

    credit = aggregate(attempt, competency, credits, n, k)
    presented = aggregate(attempt, competency, None, n, k)
    result = score_cohort(credit, credit, presented, CUTS)

    assert result.scores.shape == result.levels.shape == result.t.shape == (n, k)
    assert_array_equal(presented, np.full((n, k), per))
    assert ((result.levels >= 1) & (result.levels <= 5)).all()
    # random answers centre on 0: 10,000 means of 6 credits (sd <= 100 / sqrt(6) each)
    assert_allclose(result.scores.mean(axis=0), np.zeros(k), atol=3.0)
    assert_allclose(np.nanmean(result.z, axis=0), np.zeros(k), atol=1e-9)
    assert_allclose(np.nanstd(result.z, axis=0), np.ones(k), atol=1e-9)
