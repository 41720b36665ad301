"""Psychometrics: classical item analysis and IRT (2PL, graded response model), numpy only.

Pure functions on plain values: no Flask, no database. The command line (`flask irt ...`)
reads the event's data and calls these.

- `calibrate(matrix, "2pl" | "grm")`: marginal maximum likelihood by SQUAREM-accelerated EM
  with missing-by-design data, after `diagnostics` dropped or collapsed what cannot be fitted;
- `score_responses(params, matrix)` / `eap_scores`: EAP theta and SE with a N(0, 1) prior;
- `item_information`, `test_information`;
- `item_analysis`, `distractor_analysis`, `analyse_test`: classical statistics and flags;
- `csvio`: the CSV formats of CONTRACT §7;
- `options`: the models and the least data each method needs (no numpy);
- `standard_setting`: the RP67 booklet, bookmark and Angoff cuts, the test characteristic
  curve on the C_score scale;
- `bootstrap`: the error of the booklet's page locations, resampling persons.

The names load their module on first use (`__getattr__`), so importing the package is cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from .options import MIN_COUNT, MIN_ITEM_RESPONSES, MIN_PERSONS, MODELS

if TYPE_CHECKING:
    from .bootstrap import BOOTSTRAP_REPLICATIONS, LocationErrors, location_errors
    from .calibration import Calibration, calibrate
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
    from .standard_setting import (
        RP,
        Page,
        PanelCut,
        angoff_panelist_cut,
        booklet_pages,
        bookmark_calibration_se,
        bookmark_rounding_se,
        bookmark_theta,
        characteristic_score,
        characteristic_slope,
        expected_credit,
        mean_cut,
        median_cut,
        score_cut,
    )

# Where each name lives; `__getattr__` imports the module on first use.
_HOMES = {
    "bootstrap": ("BOOTSTRAP_REPLICATIONS", "LocationErrors", "location_errors"),
    "calibration": ("Calibration", "calibrate"),
    "classical": ("ItemAnalysis", "ItemStats", "ScaleStats", "item_analysis"),
    "csvio": (
        "CsvFormatError",
        "read_params",
        "read_responses",
        "read_scores",
        "write_params",
        "write_responses",
        "write_scores",
    ),
    "data": ("MISSING", "ResponseMatrix"),
    "diagnostics": ("InsufficientData", "Note", "PsychometricsError"),
    "distractors": ("BLANK", "Distractors", "distractor_analysis", "person_totals"),
    "eap": ("ScoreReport", "Scores", "eap_scores", "score_responses"),
    "grm": ("ItemParameters", "item_information", "test_information"),
    "quadrature": ("Quadrature", "normal_grid"),
    "report": ("AnalysisRow", "ItemInfo", "analyse_test", "write_item_analysis"),
    "standard_setting": (
        "RP",
        "Page",
        "PanelCut",
        "angoff_panelist_cut",
        "booklet_pages",
        "bookmark_calibration_se",
        "bookmark_rounding_se",
        "bookmark_theta",
        "characteristic_score",
        "characteristic_slope",
        "expected_credit",
        "mean_cut",
        "median_cut",
        "score_cut",
    ),
}
_HOME = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str):
    """Import the module that defines `name` when it is first asked for.

    numpy and the numerics cost ~0.1 s: every command and every gunicorn worker would pay
    it at start-up, though only the item analysis and `flask irt` compute.
    """
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "BLANK",
    "BOOTSTRAP_REPLICATIONS",
    "MIN_COUNT",
    "MIN_ITEM_RESPONSES",
    "MIN_PERSONS",
    "MISSING",
    "MODELS",
    "RP",
    "AnalysisRow",
    "Calibration",
    "CsvFormatError",
    "Distractors",
    "InsufficientData",
    "ItemAnalysis",
    "ItemInfo",
    "ItemParameters",
    "ItemStats",
    "LocationErrors",
    "Note",
    "Page",
    "PanelCut",
    "PsychometricsError",
    "Quadrature",
    "ResponseMatrix",
    "ScaleStats",
    "ScoreReport",
    "Scores",
    "analyse_test",
    "angoff_panelist_cut",
    "booklet_pages",
    "bookmark_calibration_se",
    "bookmark_rounding_se",
    "bookmark_theta",
    "calibrate",
    "characteristic_score",
    "characteristic_slope",
    "distractor_analysis",
    "eap_scores",
    "expected_credit",
    "item_analysis",
    "item_information",
    "location_errors",
    "mean_cut",
    "median_cut",
    "normal_grid",
    "person_totals",
    "read_params",
    "read_responses",
    "read_scores",
    "score_cut",
    "score_responses",
    "test_information",
    "write_item_analysis",
    "write_params",
    "write_responses",
    "write_scores",
]
