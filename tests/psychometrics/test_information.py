"""Item and test information against closed forms and numerical derivatives; purity."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_allclose

from assessment_app.psychometrics import ItemParameters, item_information, test_information
from assessment_app.psychometrics.grm import log_probabilities

THETA = np.linspace(-4, 4, 17)


def test_2pl_information_is_a_squared_p_q():
    params = ItemParameters.from_thresholds(["x", "y"], [0.7, 2.1], [[-0.5], [1.2]])
    p = 1 / (1 + np.exp(-params.a[:, None] * (THETA - np.array([[-0.5], [1.2]]))))
    assert_allclose(item_information(params, THETA), params.a[:, None] ** 2 * p * (1 - p))


def test_grm_information_is_the_expected_squared_score():
    params = ItemParameters.from_thresholds(
        ["a", "b", "c"], [1.3, 0.6, 2.4], [[-2.0, -0.4, 1.1, 2.5], [0.3], [-1.0, 0.8]]
    )
    h = 1e-5
    up, down = (log_probabilities(params.a, params.d, params.mask, THETA + s) for s in (h, -h))
    slope = (up - down) / (2 * h)
    p = np.exp(log_probabilities(params.a, params.d, params.mask, THETA))
    assert_allclose(item_information(params, THETA), (p * slope**2).sum(axis=1), atol=1e-8)
    assert_allclose(test_information(params, THETA), item_information(params, THETA).sum(axis=0))


def test_probabilities_sum_to_one_even_far_out():
    params = ItemParameters.from_thresholds(["z"], [3.0], [[-5.0, -4.9, 5.0]])
    p = np.exp(log_probabilities(params.a, params.d, params.mask, np.array([-12.0, 0.0, 12.0])))
    assert_allclose(p.sum(axis=1), 1.0, atol=1e-12)
    assert (p > 0).all()
