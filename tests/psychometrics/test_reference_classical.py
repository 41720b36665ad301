"""Classical statistics against R psych 2.2.9 on LSAT7 (0/1) and Science (1..4): to 1e-8."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose

from assessment_app.psychometrics import item_analysis
from tests.psychometrics.conftest import column, reference_matrix, reference_rows

TOL = dict(rtol=0, atol=1e-8)


@pytest.fixture(scope="module")
def lsat7():
    names, x = reference_matrix("lsat7_data.csv")
    return item_analysis(x, names)


@pytest.fixture(scope="module")
def science():
    names, x = reference_matrix("science_data.csv")
    return item_analysis(x, names)


def test_lsat7_alpha_total_sd_and_sem(lsat7):
    ref = reference_rows("lsat7_alpha.csv")[0]
    assert lsat7.scale.complete and lsat7.scale.length == 5
    assert_allclose(lsat7.scale.alpha, float(ref["raw_alpha"]), **TOL)
    assert_allclose(lsat7.scale.sd_total, float(ref["total_sd_n1"]), **TOL)
    assert_allclose(lsat7.scale.sem, float(ref["SEM"]), **TOL)


def test_lsat7_item_statistics(lsat7):
    ref = reference_rows("lsat7_item_stats.csv")
    assert [s.item for s in lsat7.items] == [r["item"] for r in ref]
    for field, name in [
        ("facility", "facility"),
        ("sd", "sd"),
        ("r_total", "r_pointbiserial_total"),
        ("r_rest", "r_drop_corrected"),
        ("alpha_if_dropped", "alpha_if_dropped"),
    ]:
        assert_allclose([getattr(s, field) for s in lsat7.items], column(ref, name), **TOL)


def test_science_alpha_and_sem(science):
    ref = reference_rows("science_alpha.csv")[0]
    assert_allclose(science.scale.alpha, float(ref["raw_alpha"]), **TOL)
    assert_allclose(science.scale.sd_total, float(ref["total_sd_n1"]), **TOL)
    assert_allclose(science.scale.sem, float(ref["SEM"]), **TOL)


def test_science_item_statistics(science):
    ref = reference_rows("science_item_stats.csv")
    for field, name in [
        ("facility", "mean"),
        ("r_total", "r_total"),
        ("r_rest", "r_drop"),
        ("alpha_if_dropped", "alpha_if_dropped"),
    ]:
        assert_allclose([getattr(s, field) for s in science.items], column(ref, name), **TOL)
    assert science.notes == []  # complete data: nothing to say
