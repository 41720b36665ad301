"""Score one test's cohort in one call: C_score, C_raw, levels, z and T (CONTRACT §6)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from assessment_app.scoring.levels import levels
from assessment_app.scoring.matrix import mean_matrix
from assessment_app.scoring.standard import standardise

SCORE_SCALE = 100.0  # C_score = 100 x the mean chance-corrected credit


@dataclass(frozen=True)
class ScoredCohort:
    """Unrounded (n, k) results; NaN (level 0) where a competency was not presented."""

    scores: NDArray[np.float64]  # C_score
    raw: NDArray[np.float64]  # C_raw
    levels: NDArray[np.int64]
    z: NDArray[np.float64]
    t: NDArray[np.float64]


def score_cohort(
    credit: ArrayLike, raw: ArrayLike, presented: ArrayLike, cuts: ArrayLike
) -> ScoredCohort:
    """Score every finished attempt of one test; standardise over exactly these rows.

    ``credit`` and ``raw`` are (n, k) sums over each attempt's presented items of a
    competency (the item types give both), ``presented`` the counts, ``cuts`` the test's
    level cuts, one (4,) sequence or one row per competency.
    """
    scores = mean_matrix(credit, presented, SCORE_SCALE)
    z, t = standardise(scores)
    return ScoredCohort(scores, mean_matrix(raw, presented), levels(scores, cuts), z, t)
