"""JPM category bands and the potential axis of the 9-box (configurable, CONTRACT §6)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

# The potential categories are vocabulary: the potential file is read against them.
from assessment_app.vocabulary.talent import POTENTIALS

NO_BAND = -1
# A JPM reaches a threshold when jpm >= threshold - BAND_TOLERANCE: an exact hit such as
# 39/50 -> 78.0 is already exact; this only absorbs float-sum noise. Real JPMs differ
# from a threshold by far more (77.995 stays below 78).
BAND_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Bands:
    """Three JPM categories: ``labels[0]`` from ``thresholds[0]`` up, ``labels[1]`` from
    ``thresholds[1]`` up, ``labels[2]`` below. Raises ValueError when not well formed."""

    name: str
    thresholds: tuple[float, float]
    labels: tuple[str, str, str]

    def __post_init__(self) -> None:
        object.__setattr__(self, "thresholds", tuple(float(t) for t in self.thresholds))
        object.__setattr__(self, "labels", tuple(self.labels))
        high_low = self.thresholds
        if len(high_low) != 2 or not np.all(np.isfinite(high_low)) or high_low[0] <= high_low[1]:
            raise ValueError(f"bands need two finite, decreasing thresholds, got {high_low}")
        if len(self.labels) != 3 or len(set(self.labels)) != 3 or not all(self.labels):
            raise ValueError(f"bands need three distinct labels, got {self.labels}")


DEFAULT_BANDS = Bands("pemetaan", (90.0, 78.0), ("Optimal", "Cukup Optimal", "Kurang Optimal"))
SELECTION_BANDS = Bands(
    "seleksi",
    (80.0, 68.0),
    ("Memenuhi Syarat", "Masih Memenuhi Syarat", "Kurang Memenuhi Syarat"),
)
BANDS = {bands.name: bands for bands in (DEFAULT_BANDS, SELECTION_BANDS)}


def bands_named(name: str) -> Bands:
    """Return the built-in bands called ``name``; raise ValueError for another name."""
    try:
        return BANDS[name]
    except KeyError:
        raise ValueError(f"unknown bands {name!r}; expected one of {sorted(BANDS)}") from None


def band_index(jpm: ArrayLike, bands: Bands = DEFAULT_BANDS) -> NDArray[np.int64]:
    """Return each JPM's band position 0, 1 or 2, or ``NO_BAND`` (-1) where it is NaN/None.

    Pass the unrounded JPM: categories come from unrounded values (CONTRACT §6).
    """
    values = np.asarray(jpm, dtype=np.float64)
    thresholds = np.asarray(bands.thresholds)
    below = values[..., None] < thresholds - BAND_TOLERANCE
    return np.where(np.isnan(values), NO_BAND, np.count_nonzero(below, axis=-1))


def _pick(index: NDArray[np.int64], names: tuple[str, ...]) -> str | None | list[str | None]:
    picked = [names[i] if i != NO_BAND else None for i in index.ravel().tolist()]
    return picked[0] if index.ndim == 0 else picked


def categorise(jpm: ArrayLike, bands: Bands = DEFAULT_BANDS) -> str | None | list[str | None]:
    """Return the category label of an unrounded JPM (a list for an array); None where NaN.

    Categorise the unrounded value: 77.995 is below 78 although it displays as 78.00.
    """
    return _pick(band_index(jpm, bands), bands.labels)


def potential(jpm: ArrayLike, bands: Bands = DEFAULT_BANDS) -> str | None | list[str | None]:
    """Return Tinggi / Menengah / Rendah from the JPM's band (a list for an array)."""
    return _pick(band_index(jpm, bands), POTENTIALS)
