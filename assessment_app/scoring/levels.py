"""Turn competency scores into levels 1..5 with a test's cut points (CONTRACT §6)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from numbers import Real
from typing import Protocol

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .matrix import mcq_mask

CUT_COUNT = 4
LEVEL_MISSING = 0
# A score counts as reaching a cut when score >= cut - LEVEL_TOLERANCE. Scores are ratios of
# small integers computed with one rounding, so an exact hit (9/5 vs the cut 1.8) is already
# the same double; the tolerance only absorbs noise from sums of floats (0.6 * 3). Two
# distinct scores of a test differ by far more than 1e-9, so no real score is moved.
LEVEL_TOLERANCE = 1e-9


class HasCuts(Protocol):
    """Anything with a test's cut points, such as ``bank.Scoring``."""

    sjt_level_cuts: Sequence[float]
    mcq_level_cuts: Sequence[float]


def cuts_valid(cuts: object, count: int = CUT_COUNT) -> bool:
    """Return True if ``cuts`` is ``count`` finite, strictly increasing real numbers."""
    if isinstance(cuts, str | bytes) or not isinstance(cuts, Sequence | np.ndarray):
        return False
    values = list(cuts)
    if len(values) != count:
        return False
    if not all(isinstance(v, Real) and not isinstance(v, bool | np.bool_) for v in values):
        return False
    if not all(math.isfinite(v) for v in values):
        return False
    return all(low < high for low, high in zip(values, values[1:], strict=False))


def cuts_for(kind: str | Sequence[str] | ArrayLike, k: int, scoring: HasCuts) -> NDArray:
    """Return the (k, 4) cut matrix: each column's sjt or mcq cuts from ``scoring``."""
    mcq = mcq_mask(kind, k)
    sjt_cuts = np.asarray(scoring.sjt_level_cuts, dtype=np.float64)
    mcq_cuts = np.asarray(scoring.mcq_level_cuts, dtype=np.float64)
    if sjt_cuts.shape != mcq_cuts.shape:
        raise ValueError("sjt and mcq cuts must have the same number of points")
    return np.where(mcq[:, None], mcq_cuts[None, :], sjt_cuts[None, :])


def levels(scores: ArrayLike, cuts_per_column: ArrayLike) -> NDArray[np.int64]:
    """Return the (n, k) levels: 1 + the number of the column's cuts that are <= the score.

    ``cuts_per_column`` is a (k, c) array (see ``cuts_for``) or one (c,) sequence of cuts
    for every column. A score exactly on a cut reaches it (with ``LEVEL_TOLERANCE``). Where
    the score is NaN the level is ``LEVEL_MISSING`` (0): the array stays integer.
    """
    scores = np.asarray(scores, dtype=np.float64)
    if scores.ndim != 2:
        raise ValueError(f"scores must be n x k, got shape {scores.shape}")
    cuts = np.asarray(cuts_per_column, dtype=np.float64)
    if cuts.ndim == 1:
        cuts = np.broadcast_to(cuts, (scores.shape[1], cuts.size))
    if cuts.ndim != 2 or cuts.shape[0] != scores.shape[1]:
        raise ValueError(f"cuts must be k x c with k = {scores.shape[1]}, got {cuts.shape}")
    reached = scores[:, :, None] >= cuts[None, :, :] - LEVEL_TOLERANCE
    result = 1 + np.count_nonzero(reached, axis=2).astype(np.int64)
    result[np.isnan(scores)] = LEVEL_MISSING
    return result
