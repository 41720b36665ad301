"""Parameter recovery on simulated missing-by-design data (seeded), and tight convergence."""

from __future__ import annotations

import numpy as np
import pytest

from assessment_app.psychometrics import calibrate, eap_scores, score_responses
from assessment_app.psychometrics.simulate import draw_design, random_items, simulate


def _flat(params) -> np.ndarray:
    return np.concatenate([params.a, *params.thresholds()])


@pytest.fixture(scope="module")
def grm_case():
    """2,000 persons, 30 four-category items, each person sees 10 of them."""
    rng = np.random.default_rng(11)
    truth = random_items(rng, 30, 4)
    theta = rng.normal(size=2000)
    data = simulate(rng, truth, theta, draw_design(rng, 2000, 30, 10))
    return truth, theta, data, calibrate(data, "grm")


@pytest.fixture(scope="module")
def twopl_case():
    """3,000 persons, 40 dichotomous items, each person sees 15 of them."""
    rng = np.random.default_rng(12)
    truth = random_items(rng, 40, 2)
    theta = rng.normal(size=3000)
    data = simulate(rng, truth, theta, draw_design(rng, 3000, 40, 15))
    return truth, theta, data, calibrate(data, "2pl")


@pytest.mark.parametrize("case", ["grm_case", "twopl_case"])
def test_recovers_the_generating_parameters(case, request):
    truth, _, data, fitted = request.getfixturevalue(case)
    assert fitted.converged and fitted.notes == []
    assert (data.values == -1).mean() > 0.6  # most cells missing by design
    error = _flat(fitted.params) - _flat(truth)
    assert np.sqrt(np.mean(error**2)) < 0.15
    assert np.corrcoef(fitted.params.a, truth.a)[0, 1] > 0.85
    b_fit, b_true = np.concatenate(fitted.params.thresholds()), np.concatenate(truth.thresholds())
    assert np.corrcoef(b_fit, b_true)[0, 1] > 0.98


@pytest.mark.parametrize("case", ["grm_case", "twopl_case"])
def test_stops_within_1e4_of_the_maximum(case, request):
    _, _, data, fitted = request.getfixturevalue(case)
    tight = calibrate(data, fitted.model, points=fitted.points, tol=1e-10)
    assert np.abs(_flat(fitted.params) - _flat(tight.params)).max() < 1e-4
    assert fitted.loglik <= tight.loglik + 1e-8


def test_eap_tracks_true_theta_with_honest_standard_errors(grm_case):
    truth, theta, data, fitted = grm_case
    report = score_responses(fitted.params, data)
    scores = report.scores
    assert report.persons == data.persons
    assert np.corrcoef(scores.theta, theta)[0, 1] > 0.85
    coverage = np.mean(np.abs(scores.theta - theta) < 1.96 * scores.se)
    assert 0.92 < coverage < 0.98
    true_scores = eap_scores(truth, data.values)
    assert np.abs(true_scores.theta - scores.theta).max() < 0.3


def test_memory_light_e_step_equals_the_dense_one(grm_case):
    from assessment_app.psychometrics.em import design, e_step
    from assessment_app.psychometrics.quadrature import normal_grid

    truth, _, data, _ = grm_case
    n_categories = data.max_category + 1
    dense, light = design(data.values, n_categories), design(data.values, n_categories, 0)
    assert dense.onehot_t is not None and light.onehot_t is None
    quad = normal_grid(31)
    (r_dense, ll_dense), (r_light, ll_light) = (e_step(truth, d, quad) for d in (dense, light))
    np.testing.assert_allclose(r_light, r_dense, rtol=1e-12, atol=1e-12)
    assert ll_light == pytest.approx(ll_dense, rel=1e-14)
