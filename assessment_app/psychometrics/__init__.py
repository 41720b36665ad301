"""Psychometrics: classical item analysis and IRT (2PL, graded response model), numpy only.

Pure functions on plain values: no Flask, no database. The command line (`flask irt ...`)
reads the event's data and calls these.

- `calibrate(matrix, "2pl" | "grm")`: marginal maximum likelihood by SQUAREM-accelerated EM
  with missing-by-design data, after `diagnostics` dropped or collapsed what cannot be fitted;
- `score_responses(params, matrix)` / `eap_scores`: EAP theta and SE with a N(0, 1) prior;
- `item_information`, `test_information`;
- `item_analysis`, `distractor_analysis`, `analyse_test`: classical statistics and flags;
- `csvio`: the CSV formats of CONTRACT §7.
"""

from .calibration import MODELS, Calibration, calibrate
from .classical import ItemAnalysis, ItemStats, ScaleStats, item_analysis
from .csvio import (
    CsvFormatError,
    read_params,
    read_responses,
    read_scores,
    write_params,
    write_responses,
    write_scores,
)
from .data import MISSING, ResponseMatrix
from .diagnostics import InsufficientData, Note, PsychometricsError
from .distractors import BLANK, Distractors, distractor_analysis, person_totals
from .eap import ScoreReport, Scores, eap_scores, score_responses
from .grm import ItemParameters, item_information, test_information
from .quadrature import Quadrature, normal_grid
from .report import AnalysisRow, ItemInfo, analyse_test, write_item_analysis

__all__ = [
    "BLANK",
    "MISSING",
    "MODELS",
    "AnalysisRow",
    "Calibration",
    "CsvFormatError",
    "Distractors",
    "InsufficientData",
    "ItemAnalysis",
    "ItemInfo",
    "ItemParameters",
    "ItemStats",
    "Note",
    "PsychometricsError",
    "Quadrature",
    "ResponseMatrix",
    "ScaleStats",
    "ScoreReport",
    "Scores",
    "analyse_test",
    "calibrate",
    "distractor_analysis",
    "eap_scores",
    "item_analysis",
    "item_information",
    "normal_grid",
    "person_totals",
    "read_params",
    "read_responses",
    "read_scores",
    "score_responses",
    "test_information",
    "write_item_analysis",
    "write_params",
    "write_responses",
    "write_scores",
]
