"""Standardise scores within a cohort: z and T scores per column (CONTRACT §6)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

SD_MIN = 1e-9


def column_stats(scores: ArrayLike) -> tuple[NDArray, NDArray, NDArray]:
    """Return per-column (mean, population sd with ddof 0, count), ignoring NaN.

    A column without any score has mean and sd NaN and count 0. Two passes (mean, then
    squared deviations) keep the sd exact for tied scores.
    """
    values = np.asarray(scores, dtype=np.float64)
    present = ~np.isnan(values)
    count = present.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(present, values, 0.0).sum(axis=0) / count
        deviation = np.where(present, values - mean, 0.0)
        sd = np.sqrt((deviation**2).sum(axis=0) / count)
    return mean, sd, count


def standardise(scores: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return (z, t): z = (score - column mean) / column sd, t = 50 + 10 z.

    Columns are standardised over the rows given, so pass every finished attempt of the
    same test in the event. Both are NaN where the score is NaN or the column's sd < 1e-9.
    A 1-D array is treated as one column.
    """
    values = np.asarray(scores, dtype=np.float64)
    column = values.ndim == 1
    if column:
        values = values[:, None]
    mean, sd, _ = column_stats(values)
    usable = sd >= SD_MIN  # False for NaN sd too
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(usable, (values - mean) / np.where(usable, sd, 1.0), np.nan)
    t = 50.0 + 10.0 * z
    return (z[:, 0], t[:, 0]) if column else (z, t)
