"""Talent mapping for a cohort, vectorised: the one path every page and export reads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from assessment_app.scoring import round_half_up
from assessment_app.talent.bands import NO_BAND, POTENTIALS, Bands, band_index, bands_named
from assessment_app.talent.jpm import below_standard, gaps, jpm
from assessment_app.talent.ninebox import box, performance

JPM_DECIMALS = 2
DERIVED = "JPM"  # the potential's source when it comes from the JPM category


@dataclass(frozen=True)
class TalentMap:
    """The talent results of m candidates; None / NaN where the inputs are missing."""

    jpm: NDArray[np.float64]  # (m,) unrounded: categories come from these
    jpm_rounded: NDArray[np.float64]  # (m,) half up to 2 decimals, for display
    gaps: NDArray[np.float64]  # (m, K) achieved - required
    below: NDArray[np.bool_]  # (m, K) assessed below the required level
    categories: list[str | None]
    potentials: list[str | None]
    potential_sources: list[str | None]  # the file's source, DERIVED, or None
    performances: list[str | None]
    boxes: list[int | None]


def _resolve(bands: Bands | str) -> Bands:
    return bands_named(bands) if isinstance(bands, str) else bands


def talent_map(
    achieved: ArrayLike,
    required: ArrayLike,
    predikat: Sequence[str | None],
    bands: Bands | str = "pemetaan",
    given: Sequence[tuple[str, str] | None] | None = None,
) -> TalentMap:
    """Map m candidates: JPM, category, potential, performance and box (CONTRACT §6).

    ``achieved`` and ``required`` are (m, K) level matrices over the competencies that may
    enter JPM (manajerial and sosiokultural, assessed in complete attempts); NaN (or level
    0) where not assessed / not required. ``predikat`` holds each candidate's SKP predikat
    that counts, or None. ``given`` holds a potential imported for the candidate as
    (potential, source), or None: it stands instead of the one the JPM category gives.
    """
    bands = _resolve(bands)
    values = jpm(achieved, required)
    m = values.shape[0]
    given = [None] * m if given is None else list(given)
    if len(predikat) != m or len(given) != m:
        raise ValueError(f"predikat and given need {m} entries, one per candidate")
    index = band_index(values, bands).tolist()
    potentials, sources = [], []
    for band, imported in zip(index, given, strict=True):
        if imported is not None:
            potentials.append(imported[0])
            sources.append(imported[1] or "berkas potensi")
        else:
            potentials.append(POTENTIALS[band] if band != NO_BAND else None)
            sources.append(DERIVED if band != NO_BAND else None)
    performances = [performance(text) for text in predikat]
    return TalentMap(
        jpm=values,
        jpm_rounded=round_half_up(values, JPM_DECIMALS),
        gaps=gaps(achieved, required),
        below=below_standard(achieved, required),
        categories=[bands.labels[i] if i != NO_BAND else None for i in index],
        potentials=potentials,
        potential_sources=sources,
        performances=performances,
        boxes=[box(p, q) for p, q in zip(potentials, performances, strict=True)],
    )
