"""Scoring: competency scores, levels, z/T scores and half-up rounding (CONTRACT §5, §6).

Pure and vectorised over a test's whole cohort: plain values and numpy arrays in and out;
imports no Flask, SQLAlchemy or redis. Rows are attempts, columns competencies.

- ``aggregate`` sums per-item rows into the (n, k) ``points`` and ``presented`` matrices;
- ``score_matrix`` gives scores (NaN where no item of the competency was presented);
- ``levels`` gives 1..5 (``LEVEL_MISSING`` = 0 where the score is NaN), ``cuts_for`` the
  per-column cuts of a ``Scoring``, ``cuts_valid`` checks a cut-point change;
- ``standardise`` gives z and T over the rows given (NaN where sd < 1e-9);
- ``score_cohort`` does all of that for one test;
- ``round_half_up`` rounds for export as ``Decimal(repr(x))`` with ROUND_HALF_UP would.
"""

from .cohort import ScoredCohort, score_cohort
from .levels import (
    CUT_COUNT,
    LEVEL_MISSING,
    LEVEL_TOLERANCE,
    HasCuts,
    cuts_for,
    cuts_valid,
    levels,
)
from .matrix import KINDS, MCQ, SJT, aggregate, mcq_mask, score_matrix
from .rounding import round_half_up, round_half_up_scalar
from .standard import SD_MIN, column_stats, standardise

__all__ = [
    "CUT_COUNT",
    "KINDS",
    "LEVEL_MISSING",
    "LEVEL_TOLERANCE",
    "MCQ",
    "SD_MIN",
    "SJT",
    "HasCuts",
    "ScoredCohort",
    "aggregate",
    "column_stats",
    "cuts_for",
    "cuts_valid",
    "levels",
    "mcq_mask",
    "round_half_up",
    "round_half_up_scalar",
    "score_cohort",
    "score_matrix",
    "standardise",
]
