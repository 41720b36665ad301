"""Talent mapping for a cohort (vectorised) and for one candidate (CONTRACT §6)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from assessment_app.scoring import round_half_up

from .bands import NO_BAND, POTENTIALS, Bands, band_index, bands_named
from .jpm import gaps, jpm
from .ninebox import SUCCESSION_BOXES, box, performance

JPM_DECIMALS = 2


@dataclass(frozen=True)
class TalentMap:
    """The talent results of m candidates; None / NaN where the inputs are missing."""

    jpm: NDArray[np.float64]  # (m,) unrounded: categories come from these
    jpm_rounded: NDArray[np.float64]  # (m,) half up to 2 decimals, for display
    gaps: NDArray[np.float64]  # (m, K) achieved - required
    categories: list[str | None]
    potentials: list[str | None]
    performances: list[str | None]
    boxes: list[int | None]


def _resolve(bands: Bands | str) -> Bands:
    return bands_named(bands) if isinstance(bands, str) else bands


def talent_map(
    achieved: ArrayLike,
    required: ArrayLike,
    predikat: Sequence[str | None],
    bands: Bands | str = "pemetaan",
) -> TalentMap:
    """Map m candidates: JPM, category, potential, performance and box.

    ``achieved`` and ``required`` are (m, K) level matrices over the competencies that may
    enter JPM (manajerial and sosiokultural only); NaN (or level 0) where not assessed / not
    required. ``predikat`` holds each candidate's SKP predikat that counts, or None.
    """
    bands = _resolve(bands)
    values = jpm(achieved, required)
    if len(predikat) != values.shape[0]:
        raise ValueError(f"predikat has {len(predikat)} entries for {values.shape[0]} candidates")
    index = band_index(values, bands).tolist()
    potentials = [POTENTIALS[i] if i != NO_BAND else None for i in index]
    performances = [performance(text) for text in predikat]
    return TalentMap(
        jpm=values,
        jpm_rounded=round_half_up(values, JPM_DECIMALS),
        gaps=gaps(achieved, required),
        categories=[bands.labels[i] if i != NO_BAND else None for i in index],
        potentials=potentials,
        performances=performances,
        boxes=[box(p, q) for p, q in zip(potentials, performances, strict=True)],
    )


def _none_if_nan(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def talent_for(
    achieved: Mapping[str, int],
    required: Mapping[str, int],
    predikat: str | None,
    bands: Bands | str = "pemetaan",
    codes: Iterable[str] | None = None,
) -> dict[str, Any]:
    """Map one candidate with the cohort functions; return plain values (None where missing).

    ``codes`` limits JPM to those competencies (pass the manajerial and sosiokultural codes
    when ``required`` also lists technical ones); by default every required code counts.
    The keys are those of ``results.model.TalentResult`` (``achieved``, ``required``,
    ``jpm`` unrounded, ``jpm_category``, ``potential``, ``predikat``, ``performance``,
    ``box``) plus ``jpm_rounded``, ``gaps`` (required code -> gap or None) and
    ``succession`` (box 7, 8 or 9).
    """
    allowed = None if codes is None else set(codes)
    columns = [code for code in required if allowed is None or code in allowed]
    row_a = [[achieved.get(code, np.nan) for code in columns]]
    row_r = [[required[code] for code in columns]]
    result = talent_map(np.reshape(row_a, (1, -1)), np.reshape(row_r, (1, -1)), [predikat], bands)
    gap_row = zip(columns, result.gaps[0].tolist(), strict=True)
    return {
        "achieved": {c: level for c, level in achieved.items() if allowed is None or c in allowed},
        "required": {code: required[code] for code in columns},
        "jpm": _none_if_nan(result.jpm[0]),
        "jpm_rounded": _none_if_nan(result.jpm_rounded[0]),
        "jpm_category": result.categories[0],
        "potential": result.potentials[0],
        "predikat": predikat,
        "performance": result.performances[0],
        "box": result.boxes[0],
        "gaps": {code: None if np.isnan(g) else int(g) for code, g in gap_row},
        "succession": result.boxes[0] in SUCCESSION_BOXES,
    }
