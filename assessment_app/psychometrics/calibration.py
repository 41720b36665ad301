"""Calibrate the 2PL or the graded response model on responses, with a report of the data.

The entry point for the command line and for other code: `calibrate` checks the data
(`diagnostics`), picks a quadrature grid fine enough for the longest test a person took,
runs SQUAREM-accelerated EM (`em`) and reviews the estimates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import diagnostics
from .data import MISSING, ResponseMatrix
from .diagnostics import Note
from .em import design, fit, start_values
from .grm import ItemParameters, item_information
from .options import MODELS
from .quadrature import MIRT_LIMIT, normal_grid

TOLERANCE = 1e-5  # every a and b ends within this of the maximum (the estimate of it)
MAX_CYCLES = 3000
BASE_POINTS = 41  # spacing 0.3 on [-6, 6]: within 1e-5 of a 61-point solution on 20-item tests
SPACING_PER_SD = 1.28  # the spacing, in posterior SDs, that keeps that accuracy
MAX_POINTS = 301


@dataclass(frozen=True)
class Calibration:
    """Estimates with everything a reader needs to judge them."""

    params: ItemParameters
    model: str
    loglik: float
    cycles: int
    converged: bool
    distance: float
    points: int
    persons: int
    categories: dict[str, tuple[int, ...]]
    notes: list[Note]


def calibrate(
    matrix: ResponseMatrix,
    model: str = "grm",
    *,
    points: int | None = None,
    tol: float = TOLERANCE,
    max_cycles: int = MAX_CYCLES,
    min_persons: int = diagnostics.MIN_PERSONS,
    min_item_responses: int = diagnostics.MIN_ITEM_RESPONSES,
) -> Calibration:
    """Estimate item parameters by marginal maximum likelihood (EM, N(0, 1) prior).

    ``points`` fixes the quadrature grid on [-6, 6] (default: chosen from the data). Raises
    PsychometricsError (or its InsufficientData) when the data cannot support the model.
    """
    if model not in MODELS:
        raise ValueError(f"model must be one of {MODELS}, got {model!r}")
    prepared = diagnostics.prepare_calibration(
        matrix, model, min_persons=min_persons, min_item_responses=min_item_responses
    )
    data = prepared.matrix
    n_categories = data.max_category + 1
    start = start_values(data.items, data.values, n_categories)
    points = points or quadrature_points(start, data.values)
    result = fit(start, design(data.values, n_categories), normal_grid(points), tol, max_cycles)
    notes = prepared.notes + diagnostics.check_estimates(
        data.items, result.params.a, result.params.thresholds()
    )
    if not result.converged:
        notes.append(
            Note(
                "not_converged",
                "",
                f"EM belum konvergen setelah {result.cycles} siklus (jarak ke maksimum "
                f"~{result.distance:.1e}); hasil perlu ditinjau.",
            )
        )
    return Calibration(
        result.params,
        model,
        result.loglik,
        result.cycles,
        result.converged,
        result.distance,
        points,
        len(data.persons),
        prepared.categories,
        notes,
    )


def quadrature_points(start: ItemParameters, values: np.ndarray) -> int:
    """Return how many nodes on [-6, 6] the most informative response pattern needs.

    The grid is spectrally accurate while its spacing stays below SPACING_PER_SD posterior
    standard deviations; the narrowest posterior is bounded by 1 / sqrt(1 + I) with I the
    sum of the peak informations of the items a person saw.
    """
    peaks = item_information(start, np.linspace(-MIRT_LIMIT, MIRT_LIMIT, 121)).max(axis=1)
    most = float(((values != MISSING) @ peaks).max(initial=0.0))
    spacing = SPACING_PER_SD / np.sqrt(1.0 + most)
    needed = int(np.ceil(2 * MIRT_LIMIT / spacing)) + 1
    return int(min(max(BASE_POINTS, needed), MAX_POINTS))
