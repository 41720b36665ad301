"""Build the cohort's points and presented matrices, and turn them into scores (CONTRACT §6)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

SJT = "sjt"
MCQ = "mcq"
KINDS = (SJT, MCQ)


def mcq_mask(kind: str | Sequence[str] | ArrayLike, k: int) -> NDArray[np.bool_]:
    """Return a (k,) boolean array, True for the mcq (percent-correct) columns.

    ``kind`` is one of ``"sjt"``/``"mcq"`` for every column, a sequence of k such strings,
    or a boolean array of length k where True means mcq. Raises ValueError otherwise.
    """
    if isinstance(kind, str):
        kind = [kind] * k
    flags = np.asarray(kind)
    if flags.shape != (k,):
        raise ValueError(f"kind must give one kind per column: expected {k}, got {flags.shape}")
    if flags.dtype == np.bool_:
        return flags.copy()
    unknown = sorted({str(value) for value in flags.tolist()} - set(KINDS))
    if unknown:
        raise ValueError(f"unknown item kind(s) {unknown}; expected 'sjt' or 'mcq'")
    return flags == MCQ


def aggregate(
    attempt_index: ArrayLike,
    competency_index: ArrayLike,
    values: ArrayLike | None,
    n: int,
    k: int,
) -> NDArray:
    """Sum per-item ``values`` into an (n, k) matrix by attempt row and competency column.

    With ``values=None`` each row counts 1 and the result is an int64 count matrix (the
    ``presented`` matrix); otherwise the result is float64 (``points``). Pass 0, not NaN,
    for an unanswered item: a NaN makes its cell NaN. Raises ValueError for indices out of
    range or arrays of different lengths.
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


def score_matrix(
    points: ArrayLike, presented: ArrayLike, kind: str | Sequence[str] | ArrayLike
) -> NDArray[np.float64]:
    """Return the (n, k) competency scores; NaN where no item of the competency was presented.

    ``points`` holds, per attempt and competency, the sum of the chosen options' scores for
    sjt columns (an unanswered item adds 0) or the number correct for mcq columns;
    ``presented`` the number of items drawn. sjt score = points / presented; mcq score =
    100 * correct / presented, computed in that order so an exact ratio such as 20.0 is
    exact in floating point.
    """
    points = np.asarray(points, dtype=np.float64)
    presented = np.asarray(presented)
    if points.ndim != 2 or points.shape != presented.shape:
        raise ValueError(f"points {points.shape} and presented {presented.shape} must be n x k")
    if np.any(presented < 0):
        raise ValueError("presented counts cannot be negative")
    numerator = np.where(mcq_mask(kind, points.shape[1]), 100.0 * points, points)
    scores = np.full(points.shape, np.nan)
    np.divide(numerator, presented, out=scores, where=presented > 0)
    return scores
