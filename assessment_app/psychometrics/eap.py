"""EAP scores (posterior mean and standard deviation of theta, N(0, 1) prior)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .data import MISSING, ResponseMatrix
from .diagnostics import Note, PsychometricsError, names, recode_for_scoring
from .grm import ItemParameters, log_probabilities
from .quadrature import Quadrature, normal_grid

SCORING_POINTS = 121  # spacing 0.1 on [-6, 6]: accurate to 1e-10 even for long tests


@dataclass(frozen=True)
class Scores:
    """EAP theta and its standard error per person, in the order of the input rows."""

    theta: np.ndarray
    se: np.ndarray


def eap_scores(
    params: ItemParameters, values: np.ndarray, quad: Quadrature | None = None
) -> Scores:
    """Return EAP scores of the rows of ``values`` (columns in the order of ``params.items``).

    ``values`` holds categories from 0, MISSING where not presented; a category the item does
    not have raises ValueError (check with `diagnostics.check_scoring` first). A row with no
    responses gets the prior: theta 0, se 1.
    """
    quad = quad or normal_grid(SCORING_POINTS)
    values = np.asarray(values, dtype=np.int64)
    too_high = values >= params.n_categories[None, :]
    if too_high.any():
        row, col = np.argwhere(too_high)[0]
        raise ValueError(
            f"category {values[row, col]} of item {params.items[col]} is beyond its "
            f"{params.n_categories[col]} categories"
        )
    logp = log_probabilities(params.a, params.d, params.mask, quad.nodes)
    joint = np.broadcast_to(quad.log_weights, (len(values), len(quad.nodes))).copy()
    for item in range(values.shape[1]):
        seen = values[:, item] != MISSING
        joint[seen] += logp[item, values[seen, item]]
    posterior = np.exp(joint - joint.max(axis=1, keepdims=True))
    posterior /= posterior.sum(axis=1, keepdims=True)
    theta = posterior @ quad.nodes
    spread = posterior @ quad.nodes**2 - theta**2
    return Scores(theta, np.sqrt(np.maximum(spread, 0.0)))


@dataclass(frozen=True)
class ScoreReport:
    """Scores of the persons that could be scored, with notes on the rest."""

    persons: tuple[str, ...]
    scores: Scores
    notes: list[Note]


def score_responses(
    params: ItemParameters, matrix: ResponseMatrix, quad: Quadrature | None = None
) -> ScoreReport:
    """Score a response matrix with given parameters (EAP, N(0, 1) prior).

    Items without parameters are ignored, categories beyond an item's parameters are
    recoded as calibration collapsed them (or PsychometricsError is raised), and persons
    without a response to any parametrised item are left out; each is reported as a Note.
    """
    notes: list[Note] = []
    aligned = _aligned(params, matrix, notes)
    answered = aligned.presented.any(axis=1)
    if not answered.all():
        empty = [p for p, a in zip(aligned.persons, answered, strict=True) if not a]
        notes.append(
            Note(
                "person_without_responses",
                ",".join(empty),
                f"{len(empty)} peserta tanpa jawaban pada butir berparameter tidak diberi skor: "
                f"{names(empty)}.",
            )
        )
    kept = aligned.take(persons=answered)
    return ScoreReport(kept.persons, eap_scores(params, kept.values, quad), notes)


def _aligned(params: ItemParameters, matrix: ResponseMatrix, notes: list[Note]):
    """Return the responses in the columns of ``params`` (recoded where needed)."""
    with_params = set(params.items)
    unknown = [item for item in matrix.items if item not in with_params]
    if unknown:
        notes.append(
            Note(
                "item_without_parameters",
                ",".join(unknown),
                f"{len(unknown)} butir tanpa parameter diabaikan: {names(unknown)}.",
            )
        )
    if len(unknown) == len(matrix.items):
        raise PsychometricsError("Tidak ada butir dalam jawaban yang memiliki parameter.")
    position = {item: i for i, item in enumerate(matrix.items)}
    values = np.full((len(matrix.persons), len(params.items)), MISSING, dtype=np.int64)
    for i, item in enumerate(params.items):
        if item in position:
            values[:, i] = matrix.values[:, position[item]]
    aligned = ResponseMatrix(matrix.persons, params.items, values)
    return recode_for_scoring(aligned, params.n_categories, notes)
