"""Turn C_scores into levels 1..5 with a test's cut points (CONTRACT §6)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from numbers import Real

import numpy as np
from numpy.typing import ArrayLike, NDArray

CUT_COUNT = 4
LEVEL_MISSING = 0
# A score counts as reaching a cut when score >= cut - LEVEL_TOLERANCE. An exact hit (100 *
# 1 / 5 = 20.0 against the cut 20) is already the same double; the tolerance only absorbs
# noise from sums of floats (credits such as 1/3). Two distinct C_scores of real tests differ
# by far more than 1e-9, so no real score is moved.
LEVEL_TOLERANCE = 1e-9


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


def levels(scores: ArrayLike, cuts_per_column: ArrayLike) -> NDArray[np.int64]:
    """Return the (n, k) levels: 1 + the number of the column's cuts that are <= the score.

    ``cuts_per_column`` is a (k, c) array (one row of cuts per competency) or one (c,)
    sequence of cuts for every column. A score exactly on a cut reaches it (with
    ``LEVEL_TOLERANCE``). Where the score is NaN the level is ``LEVEL_MISSING`` (0): the
    array stays integer.
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
