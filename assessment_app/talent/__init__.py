"""Talent mapping: Job-Person Match, JPM categories, potential, performance and the 9-box.

Pure: plain values and numpy arrays in and out; imports no Flask, SQLAlchemy or redis.
Rows are candidates, columns the competencies that enter JPM (manajerial and sosiokultural).

- ``jpm`` and ``gaps`` compare achieved with required levels (NaN where missing);
- ``Bands`` (``DEFAULT_BANDS`` "pemetaan", ``SELECTION_BANDS`` "seleksi", ``bands_named``)
  with ``categorise`` and ``potential``, always from the unrounded JPM;
- ``performance`` maps an SKP predikat, ``box`` gives the 9-box, ``BOXES`` describes each
  box with its recommended actions, ``SUCCESSION_BOXES`` are 7, 8 and 9, ``krs`` decides
  the Kelompok Rencana Suksesi;
- ``talent_map`` does all of it for a cohort (results compute through it).
"""

from assessment_app.talent.bands import (
    BAND_TOLERANCE,
    BANDS,
    DEFAULT_BANDS,
    NO_BAND,
    SELECTION_BANDS,
    Bands,
    band_index,
    bands_named,
    categorise,
    potential,
)
from assessment_app.talent.jpm import below_standard, gaps, jpm
from assessment_app.talent.mapping import DERIVED, JPM_DECIMALS, TalentMap, talent_map
from assessment_app.talent.ninebox import (
    ABOVE,
    BELOW,
    BOXES,
    KRS_NO,
    KRS_YES,
    MEETS,
    PERFORMANCES,
    SUCCESSION_BOXES,
    Box,
    box,
    krs,
    performance,
)
from assessment_app.vocabulary.talent import (
    JPM_GROUPS,
    MENENGAH,
    POTENTIALS,
    PREDIKAT,
    RENDAH,
    TINGGI,
    canonical_predikat,
)

__all__ = [
    "ABOVE",
    "BANDS",
    "BAND_TOLERANCE",
    "BELOW",
    "BOXES",
    "DEFAULT_BANDS",
    "DERIVED",
    "JPM_DECIMALS",
    "JPM_GROUPS",
    "KRS_NO",
    "KRS_YES",
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
    "below_standard",
    "bands_named",
    "box",
    "canonical_predikat",
    "categorise",
    "gaps",
    "jpm",
    "krs",
    "performance",
    "potential",
    "talent_map",
]
