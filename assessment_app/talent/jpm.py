"""Job-Person Match: achieved against required competency levels (CONTRACT §6, DOMAIN.md)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def _matched(achieved: ArrayLike, required: ArrayLike) -> tuple[NDArray, NDArray, NDArray]:
    """Return the (m, K) float matrices and the mask of cells both assessed and required.

    Not assessed: NaN or a level below 1 (so ``scoring.LEVEL_MISSING`` = 0 passes through);
    not required: NaN or a level below 1. A 1-D pair is one candidate.
    """
    a = np.atleast_2d(np.asarray(achieved, dtype=np.float64))
    r = np.atleast_2d(np.asarray(required, dtype=np.float64))
    if a.ndim != 2 or a.shape != r.shape:
        raise ValueError(f"achieved {a.shape} and required {r.shape} must both be m x K")
    with np.errstate(invalid="ignore"):
        both = (a >= 1) & (r >= 1)  # False wherever either is NaN
    return a, r, both


def jpm(achieved: ArrayLike, required: ArrayLike) -> NDArray[np.float64]:
    """Return each candidate's unrounded JPM: 100 * sum min(achieved, required) / sum required.

    Both sums run over the competencies that are required by the position and were
    assessed; a required competency that was not assessed leaves both sums. NaN when no
    required competency was assessed (including a position without standards). Capped per
    competency: a surplus on one competency does not hide a gap on another, and JPM never
    exceeds 100. Computed as (100 * a) / r so an exact ratio (39/50 -> 78.0) is exact.
    """
    a, r, both = _matched(achieved, required)
    achieved_sum = np.where(both, np.minimum(a, r), 0.0).sum(axis=1)
    required_sum = np.where(both, r, 0.0).sum(axis=1)
    result = np.full(achieved_sum.shape, np.nan)
    np.divide(100.0 * achieved_sum, required_sum, out=result, where=required_sum > 0)
    return result


def gaps(achieved: ArrayLike, required: ArrayLike) -> NDArray[np.float64]:
    """Return the (m, K) gaps achieved - required (>= 0 a strength, < 0 a development area).

    NaN where the competency is not required or was not assessed.
    """
    a, r, both = _matched(achieved, required)
    return np.where(both, a - r, np.nan)


def below_standard(achieved: ArrayLike, required: ArrayLike) -> NDArray[np.bool_]:
    """Return the (m, K) mask of competencies assessed below their required level."""
    a, r, both = _matched(achieved, required)
    return both & (a < r)
