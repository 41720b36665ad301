"""Talent mapping: Job-Person Match, JPM categories, potential, performance and the 9-box.

Pure: plain values and numpy arrays in and out; imports no Flask, SQLAlchemy or redis.
Rows are candidates, columns the competencies that enter JPM (manajerial and sosiokultural).

- ``jpm`` and ``gaps`` compare achieved with required levels (NaN where missing);
- ``Bands`` (``DEFAULT_BANDS`` "pemetaan", ``SELECTION_BANDS`` "seleksi", ``bands_named``)
  with ``categorise`` and ``potential``, always from the unrounded JPM;
- ``performance`` maps an SKP predikat, ``box`` gives the 9-box, ``BOXES`` describes each
  box with its recommended action, ``SUCCESSION_BOXES`` are 7, 8 and 9;
- ``talent_map`` does all of it for a cohort, ``talent_for`` for one candidate.
"""

from .bands import (
    BAND_TOLERANCE,
    BANDS,
    DEFAULT_BANDS,
    MENENGAH,
    NO_BAND,
    POTENTIALS,
    RENDAH,
    SELECTION_BANDS,
    TINGGI,
    Bands,
    band_index,
    bands_named,
    categorise,
    potential,
    potential_of_category,
)
from .jpm import gaps, jpm
from .mapping import JPM_DECIMALS, TalentMap, talent_for, talent_map
from .ninebox import (
    ABOVE,
    BELOW,
    BOXES,
    MEETS,
    PERFORMANCES,
    PREDIKAT,
    SUCCESSION_BOXES,
    Box,
    box,
    performance,
)

__all__ = [
    "ABOVE",
    "BANDS",
    "BAND_TOLERANCE",
    "BELOW",
    "BOXES",
    "DEFAULT_BANDS",
    "JPM_DECIMALS",
    "MEETS",
    "MENENGAH",
    "NO_BAND",
    "PERFORMANCES",
    "POTENTIALS",
    "PREDIKAT",
    "RENDAH",
    "SELECTION_BANDS",
    "SUCCESSION_BOXES",
    "TINGGI",
    "Bands",
    "Box",
    "TalentMap",
    "band_index",
    "bands_named",
    "box",
    "categorise",
    "gaps",
    "jpm",
    "performance",
    "potential",
    "potential_of_category",
    "talent_for",
    "talent_map",
]
