"""Build a cohort's per-competency sums and turn them into C_score and C_raw (CONTRACT §6)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def aggregate(
    attempt_index: ArrayLike,
    competency_index: ArrayLike,
    values: ArrayLike | None,
    n: int,
    k: int,
) -> NDArray:
    """Sum per-item ``values`` into an (n, k) matrix by attempt row and competency column.

    With ``values=None`` each row counts 1 and the result is an int64 count matrix (the
    ``presented`` matrix); otherwise the result is float64 (credits, raw scores). Pass 0,
    not NaN, for an unanswered item: a NaN makes its cell NaN. Raises ValueError for
    indices out of range or arrays of different lengths.
    """
    rows = np.asarray(attempt_index, dtype=np.intp).ravel()
    cols = np.asarray(competency_index, dtype=np.intp).ravel()
    weights = None if values is None else np.asarray(values, dtype=np.float64).ravel()
    if rows.shape != cols.shape or (weights is not None and weights.shape != rows.shape):
        raise ValueError("attempt_index, competency_index and values must have the same length")
    if rows.size and (rows.min() < 0 or rows.max() >= n or cols.min() < 0 or cols.max() >= k):
        raise ValueError(f"an index is outside the {n} x {k} matrix")
    flat = np.bincount(rows * k + cols, weights=weights, minlength=n * k)
    return flat.reshape(n, k)


def mean_matrix(sums: ArrayLike, presented: ArrayLike, scale: float = 1.0) -> NDArray[np.float64]:
    """Return ``scale * sums / presented`` per cell; NaN where nothing was presented.

    ``C_score`` is ``mean_matrix(credit sums, presented, 100)`` and ``C_raw`` is
    ``mean_matrix(raw sums, presented)``. The product is taken before the division so that
    an exact ratio (100 * 1 / 5 = 20.0) is exact in floating point.
    """
    sums = np.asarray(sums, dtype=np.float64)
    presented = np.asarray(presented)
    if sums.ndim != 2 or sums.shape != presented.shape:
        raise ValueError(f"sums {sums.shape} and presented {presented.shape} must be n x k")
    if np.any(presented < 0):
        raise ValueError("presented counts cannot be negative")
    result = np.full(sums.shape, np.nan)
    np.divide(scale * sums, presented, out=result, where=presented > 0)
    return result
