"""Score one test's cohort in one call: scores, levels, z and T (CONTRACT §6)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .levels import HasCuts, cuts_for, levels
from .matrix import score_matrix
from .standard import standardise


@dataclass(frozen=True)
class ScoredCohort:
    """Unrounded (n, k) results; NaN (level 0) where a competency was not presented."""

    scores: NDArray[np.float64]
    levels: NDArray[np.int64]
    z: NDArray[np.float64]
    t: NDArray[np.float64]


def score_cohort(
    points: ArrayLike,
    presented: ArrayLike,
    kind: str | Sequence[str] | ArrayLike,
    scoring: HasCuts,
) -> ScoredCohort:
    """Score every finished attempt of one test; standardise over exactly these rows."""
    scores = score_matrix(points, presented, kind)
    cuts = cuts_for(kind, scores.shape[1], scoring)
    z, t = standardise(scores)
    return ScoredCohort(scores, levels(scores, cuts), z, t)
