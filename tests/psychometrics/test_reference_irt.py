"""2PL on LSAT7 and GRM on Science against R mirt 1.40 converged to 1e-10 (61 points on [-6, 6]).

Each calibration runs once per module. On mirt's grid every a and b agrees to 1e-4 and the
log-likelihood to 1e-6; on the default (coarser) grid to 1e-3. EAP agrees to 1e-4 from our
estimates, and to 1e-8 from mirt's own estimates on mirt's grid.
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from assessment_app.psychometrics import (
    ItemParameters,
    ResponseMatrix,
    calibrate,
    eap_scores,
    normal_grid,
)
from tests.psychometrics.conftest import column, reference_matrix, reference_rows


def _matrix(name: str, lowest: int) -> ResponseMatrix:
    items, x = reference_matrix(name)
    return ResponseMatrix.from_array(x - lowest, items=items)


def _reference(name: str, thresholds: list[str]) -> tuple[ItemParameters, float]:
    rows = reference_rows(name)
    b = np.column_stack([column(rows, t) for t in thresholds])
    params = ItemParameters.from_thresholds([r["item"] for r in rows], column(rows, "a"), list(b))
    return params, float(rows[0]["logLik"])


@pytest.fixture(scope="module")
def lsat7():
    return _matrix("lsat7_data.csv", 0), _reference("lsat7_2pl_items_tight.csv", ["b"])


@pytest.fixture(scope="module")
def science():
    return _matrix("science_data.csv", 1), _reference(
        "science_grm_items_tight.csv", ["b1", "b2", "b3"]
    )


@pytest.fixture(scope="module")
def lsat7_mirt_grid(lsat7):
    return calibrate(lsat7[0], "2pl", points=61)


@pytest.fixture(scope="module")
def science_mirt_grid(science):
    return calibrate(science[0], "grm", points=61)


def _assert_parameters(fitted: ItemParameters, expected: ItemParameters, atol: float) -> None:
    assert fitted.items == expected.items
    assert_allclose(fitted.a, expected.a, rtol=0, atol=atol)
    assert_allclose(
        np.concatenate(fitted.thresholds()), np.concatenate(expected.thresholds()), atol=atol
    )


def test_2pl_lsat7_on_mirt_grid_to_1e4(lsat7, lsat7_mirt_grid):
    _, (expected, loglik) = lsat7
    assert lsat7_mirt_grid.converged and lsat7_mirt_grid.notes == []
    _assert_parameters(lsat7_mirt_grid.params, expected, 1e-4)
    assert lsat7_mirt_grid.loglik == pytest.approx(loglik, abs=1e-6)


def test_grm_science_on_mirt_grid_to_1e4(science, science_mirt_grid):
    _, (expected, loglik) = science
    assert science_mirt_grid.converged and science_mirt_grid.notes == []
    _assert_parameters(science_mirt_grid.params, expected, 1e-4)
    assert science_mirt_grid.loglik == pytest.approx(loglik, abs=1e-6)


@pytest.mark.parametrize("name", ["lsat7", "science"])
def test_default_grid_to_1e3(name, request):
    matrix, (expected, _) = request.getfixturevalue(name)
    fitted = calibrate(matrix, "2pl" if name == "lsat7" else "grm")
    assert fitted.points < 61
    _assert_parameters(fitted.params, expected, 1e-3)


def test_eap_lsat7_every_pattern(lsat7, lsat7_mirt_grid):
    rows = reference_rows("lsat7_2pl_scores_by_pattern_tight.csv")
    patterns = np.array([[int(c) for c in r["pattern"]] for r in rows])
    theta, se = column(rows, "EAP"), column(rows, "SE_EAP")
    ours = eap_scores(lsat7_mirt_grid.params, patterns)
    assert_allclose(ours.theta, theta, atol=1e-4)
    assert_allclose(ours.se, se, atol=1e-4)
    exact = eap_scores(lsat7[1][0], patterns, normal_grid(61))
    assert_allclose(exact.theta, theta, atol=1e-8)
    assert_allclose(exact.se, se, atol=1e-8)


def test_eap_science_first_20(science, science_mirt_grid):
    rows = reference_rows("science_grm_scores_first20_tight.csv")
    patterns = np.array([[int(c) - 1 for c in r["pattern"]] for r in rows])
    assert (patterns == science[0].values[:20]).all()
    theta, se = column(rows, "EAP"), column(rows, "SE_EAP")
    ours = eap_scores(science_mirt_grid.params, patterns)
    assert_allclose(ours.theta, theta, atol=1e-4)
    assert_allclose(ours.se, se, atol=1e-4)
    exact = eap_scores(science[1][0], patterns, normal_grid(61))
    assert_allclose(exact.theta, theta, atol=1e-8)
    assert_allclose(exact.se, se, atol=1e-8)
