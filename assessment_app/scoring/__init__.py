"""Scoring: chance-corrected competency scores, levels, z/T, flags, reliability (CONTRACT §6).

Pure and vectorised over a test's whole cohort: plain values and numpy arrays in and out;
imports no Flask, SQLAlchemy or redis. Rows are attempts, columns competencies. The credit
of one answer comes from its item type (``bank.get_item_type(...).credit``); this package
turns the per-item credits into results:

- ``aggregate`` sums per-item values into (n, k) matrices, ``mean_matrix`` divides them;
- ``score_cohort`` gives C_score, C_raw, levels, z and T for one test;
- ``levels`` gives 1..5 (``LEVEL_MISSING`` = 0 where the score is NaN), ``cuts_valid``
  checks a cut-point change;
- ``standardise`` gives z and T over the rows given (NaN where sd < 1e-9);
- ``flags`` (``incomplete``, ``rapid_guessing``, ``longest_option``, ``FLAGS``);
- ``generalizability`` gives the reliability and SEM of a competency score;
- ``round_half_up`` rounds for export as ``Decimal(repr(x))`` with ROUND_HALF_UP would.
"""

from assessment_app.scoring import flags
from assessment_app.scoring.cohort import SCORE_SCALE, ScoredCohort, score_cohort
from assessment_app.scoring.levels import (
    CUT_COUNT,
    LEVEL_MISSING,
    LEVEL_TOLERANCE,
    cuts_valid,
    levels,
)
from assessment_app.scoring.matrix import aggregate, mean_matrix
from assessment_app.scoring.reliability import Reliability, generalizability
from assessment_app.scoring.rounding import round_half_up, round_half_up_scalar
from assessment_app.scoring.standard import SD_MIN, column_stats, standardise

__all__ = [
    "CUT_COUNT",
    "LEVEL_MISSING",
    "LEVEL_TOLERANCE",
    "SCORE_SCALE",
    "SD_MIN",
    "Reliability",
    "ScoredCohort",
    "aggregate",
    "column_stats",
    "cuts_valid",
    "flags",
    "generalizability",
    "levels",
    "mean_matrix",
    "round_half_up",
    "round_half_up_scalar",
    "score_cohort",
    "standardise",
]
