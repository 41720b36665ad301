"""Degenerate data: clear messages, dropped or collapsed cells, and never a NaN in an output."""

from __future__ import annotations

import io

import numpy as np
import pytest

from assessment_app.psychometrics import (
    InsufficientData,
    PsychometricsError,
    ResponseMatrix,
    calibrate,
    eap_scores,
    score_responses,
    write_params,
    write_scores,
)
from assessment_app.psychometrics.simulate import draw_design, random_items, simulate

MISSING = -1


def _simulated(seed: int, persons: int, items: int, categories: int, shown: int | None = None):
    rng = np.random.default_rng(seed)
    truth = random_items(rng, items, categories)
    theta = rng.normal(size=persons)
    return simulate(rng, truth, theta, draw_design(rng, persons, items, shown or items))


def _replace(matrix: ResponseMatrix, values: np.ndarray) -> ResponseMatrix:
    return ResponseMatrix(matrix.persons, matrix.items, values)


def _kinds(result) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for note in result.notes:
        found.setdefault(note.kind, []).append(note.message)
    return found


def _no_nan_text(text: str) -> None:
    assert "nan" not in text.lower() and "inf" not in text.lower(), text


@pytest.fixture(scope="module")
def dichotomous():
    """300 persons x 8 items: item 1 all right, item 2 all wrong, 2 persons answered nothing."""
    data = _simulated(21, 300, 8, 2)
    values = data.values.copy()
    values[:, 0] = 1
    values[:, 1] = 0
    values[[5, 17], :] = MISSING
    matrix = _replace(data, values)
    return matrix, calibrate(matrix, "2pl")


def test_items_nobody_or_everybody_got_right_are_dropped_with_a_message(dichotomous):
    matrix, result = dichotomous
    notes = _kinds(result)
    assert len(notes["single_category"]) == 2
    assert "I001: semua peserta menjawab kategori 1" in notes["single_category"][0]
    assert "I002: tidak ada peserta yang menjawab" in notes["single_category"][1]
    assert result.params.items == matrix.items[2:]
    assert np.isfinite(result.params.a).all() and np.isfinite(result.params.d).all()


def test_persons_without_responses_are_dropped_from_calibration_and_scoring(dichotomous):
    matrix, result = dichotomous
    assert result.persons == 298
    assert "2 peserta tanpa jawaban dikeluarkan: P00006, P00018" in str(result.notes[0])
    report = score_responses(result.params, matrix)
    assert len(report.persons) == 298 and "P00006" not in report.persons
    kinds = {note.kind for note in report.notes}
    assert {"person_without_responses", "item_without_parameters"} <= kinds
    out = io.StringIO()
    write_scores(report.persons, report.scores, out)
    _no_nan_text(out.getvalue())


def test_a_category_never_used_is_collapsed_and_scored_the_same_way():
    data = _simulated(22, 400, 6, 4)
    values = data.values.copy()
    values[values[:, 0] == 1, 0] = 2  # item 1: category 1 never used -> 0, 2, 3
    values[:, 1] = np.where(values[:, 1] == 0, 1, values[:, 1])  # item 2: no category 0
    matrix = _replace(data, values)
    result = calibrate(matrix, "grm")
    notes = _kinds(result)["collapsed_categories"]
    assert notes[0] == (
        "Butir I001: kategori 1 tidak pernah dipakai; kategori 0,2,3 digabung dan "
        "dikodekan ulang menjadi 0,1,2."
    )
    assert "Butir I002: kategori 0 tidak pernah dipakai" in notes[1]
    assert list(result.params.n_categories) == [3, 3, 4, 4, 4, 4]
    assert result.categories["I001"] == (0, 2, 3)
    report = score_responses(result.params, matrix)
    assert [n.kind for n in report.notes] == ["collapsed_categories"] * 2
    recoded = values.copy()
    recoded[:, 0] = np.searchsorted([0, 2, 3], values[:, 0])
    recoded[:, 1] = values[:, 1] - 1
    expected = eap_scores(result.params, recoded)
    np.testing.assert_allclose(report.scores.theta, expected.theta, atol=1e-12)
    out = io.StringIO()
    write_params(result.params, out, "grm")
    _no_nan_text(out.getvalue())
    a, (b1, b2) = float(result.params.a[0]), map(float, result.params.b(0))
    assert f"I001,{a!r},{b1!r},{b2!r},\n" in out.getvalue()  # a shorter row ends empty


def test_scoring_refuses_a_category_the_parameters_cannot_place():
    data = _simulated(23, 200, 4, 3)
    result = calibrate(data, "grm", min_persons=50)
    values = data.values.copy()
    values[0, 0], values[1, 0] = 5, 2  # categories 0, 1, 2, 5: four, the item has three
    with pytest.raises(PsychometricsError, match="Butir I001: kategori 5 di luar parameter"):
        score_responses(result.params, _replace(data, values))


def test_too_few_persons_is_refused_with_the_numbers():
    data = _simulated(24, 60, 5, 2)
    with pytest.raises(InsufficientData, match="Hanya 60 peserta .* sedikitnya 100 peserta"):
        calibrate(data, "2pl")


def test_no_item_left_is_refused():
    data = _simulated(25, 150, 3, 2)
    values = data.values.copy()
    values[:, 0], values[:, 1], values[:, 2] = 1, 0, 1
    with pytest.raises(InsufficientData, match="Tidak ada butir yang dapat dikalibrasi"):
        calibrate(_replace(data, values), "2pl")


def test_thinly_answered_items_are_dropped():
    data = _simulated(26, 300, 6, 2)
    values = data.values.copy()
    values[20:, 5] = MISSING  # item 6 answered by 20 persons
    result = calibrate(_replace(data, values), "2pl")
    assert _kinds(result)["too_few_responses"] == [
        "Butir I006: hanya 20 jawaban (minimal 50); butir dikeluarkan dari kalibrasi."
    ]
    assert "I006" not in result.params.items


def test_2pl_on_polytomous_data_names_the_item_and_the_fix():
    data = _simulated(27, 200, 3, 3)
    with pytest.raises(PsychometricsError, match="model 2PL hanya untuk data 0/1, gunakan"):
        calibrate(data, "2pl")


def test_perfect_separation_and_negative_discrimination_stay_finite_and_are_flagged():
    rng = np.random.default_rng(28)
    truth = random_items(rng, 8, 2)
    theta = rng.normal(size=600)
    data = simulate(rng, truth, theta, draw_design(rng, 600, 8, 8))
    values = data.values.copy()
    values[:, 0] = theta > 0.3  # a Guttman item: the slope runs off to its bound
    values[:, 1] = 1 - values[:, 1]  # reversed key
    result = calibrate(_replace(data, values), "2pl")
    messages = [n.message for n in result.notes if n.kind == "review_estimate"]
    assert "I001: diskriminasi sangat besar" in messages[0]
    assert "I002: diskriminasi negatif" in messages[1]
    assert np.isfinite(result.params.a).all() and np.isfinite(result.params.d).all()
    assert result.params.a[1] < 0
    scores = score_responses(result.params, _replace(data, values)).scores
    assert np.isfinite(scores.theta).all() and np.isfinite(scores.se).all()


def test_eap_of_an_empty_row_is_the_prior():
    data = _simulated(29, 200, 4, 2)
    result = calibrate(data, "2pl", min_persons=50)
    scores = eap_scores(result.params, np.full((1, 4), MISSING))
    assert scores.theta[0] == pytest.approx(0.0, abs=1e-12)
    assert scores.se[0] == pytest.approx(1.0, abs=1e-6)


def test_scoring_responses_without_any_parametrised_item_is_refused():
    data = _simulated(30, 200, 4, 2)
    result = calibrate(data, "2pl", min_persons=50)
    other = ResponseMatrix(data.persons, ("Z1", "Z2", "Z3", "Z4"), data.values)
    with pytest.raises(PsychometricsError, match="Tidak ada butir dalam jawaban"):
        score_responses(result.params, other)
