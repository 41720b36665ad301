"""The generalizability coefficient of a design with items nested in persons (CONTRACT §6)."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_allclose

from assessment_app.scoring import generalizability

# Four persons, credits of their presented items (each drew their own items):
#   P1: 1, 0, 0.5        n 3, mean 1/2,  squared deviations 1/4 + 1/4 + 0 = 1/2
#   P2: 0, -0.5          n 2, mean -1/4, 1/16 + 1/16 = 1/8
#   P3: 1, 1, 0.5, 0     n 4, mean 5/8,  9/64 + 9/64 + 1/64 + 25/64 = 11/16
#   P4: 1                one item: left out (no item variance)
# e = sum (n_p - 1) v_p / sum (n_p - 1) = (1/2 + 1/8 + 11/16) / (2 + 1 + 3) = (21/16) / 6 = 7/32
# ñ = 3 / (1/3 + 1/2 + 1/4) = 3 / (13/12) = 36/13
# e / ñ = 7/32 x 13/36 = 91/1152
# X = sample variance of the means 1/2, -1/4, 5/8 (in 24ths: 12, -6, 15; mean 7/24;
#   deviations 5, -13, 8 -> squares 258 / 576; over 3 - 1) = 129/576
# reliability = 1 - (91/1152) / (129/576) = 1 - 91/258 = 167/258
# sem = 100 sqrt(91/1152); C_scores 50, -25, 62.5: mean 100 x 7/24 = 175/6,
#   sd (ddof 0) = 100 sqrt(258/576 / 3) = 100 sqrt(43/288)
PERSON = [1, 1, 1, 2, 2, 3, 3, 3, 3, 4]
CREDIT = [1.0, 0.0, 0.5, 0.0, -0.5, 1.0, 1.0, 0.5, 0.0, 1.0]


def test_small_example_by_hand():
    result = generalizability(PERSON, CREDIT)

    assert result.persons == 3
    assert_allclose(result.items_per_person, 36 / 13, rtol=1e-14)
    assert_allclose(result.reliability, 167 / 258, rtol=1e-14)
    assert_allclose(result.sem, 100 * np.sqrt(91 / 1152), rtol=1e-14)
    assert_allclose(result.mean, 175 / 6, rtol=1e-14)
    assert_allclose(result.sd, 100 * np.sqrt(43 / 288), rtol=1e-14)


def test_person_ids_need_not_be_sorted_or_dense():
    order = [9, 0, 3, 5, 1, 8, 2, 7, 4, 6]
    person = [["b", "b", "b", "a", "a", "z", "z", "z", "z", "q"][i] for i in order]
    credit = [CREDIT[i] for i in order]

    result = generalizability(person, credit)

    assert result.persons == 3
    assert_allclose(result.reliability, 167 / 258, rtol=1e-14)


def test_fewer_than_two_persons_give_no_reliability():
    # P1 alone (P4's single item is left out): e = 1/2 / 2 = 1/4, ñ = 3 -> sem 100 sqrt(1/12)
    result = generalizability([1, 1, 1, 4], [1.0, 0.0, 0.5, 1.0])

    assert result.persons == 1 and result.reliability is None
    assert_allclose(result.sem, 100 * np.sqrt(1 / 12), rtol=1e-14)
    assert_allclose([result.mean, result.sd], [50.0, 0.0], atol=1e-12)


def test_no_spread_between_persons_gives_no_reliability():
    # means 1/2 and 1/2: X = 0 -> reliability empty (not 0, not an error)
    result = generalizability([1, 1, 2, 2], [1.0, 0.0, 0.0, 1.0])

    assert result.persons == 2 and result.reliability is None
    assert_allclose(result.sem, 100 * np.sqrt(0.5 / 2), rtol=1e-14)


def test_error_larger_than_the_spread_gives_zero():
    # means 1/2 and 0: X = 1/8; e = (1/2 + 1/2) / 2 = 1/2, e / ñ = 1/4 > X -> max(0, 1 - 2) = 0
    result = generalizability([1, 1, 2, 2], [1.0, 0.0, 0.5, -0.5])

    assert result.reliability == 0.0


def test_nobody_with_two_items():
    result = generalizability([1, 2], [1.0, 0.0])

    assert result.persons == 0
    assert result.reliability is None and result.sem is None and result.mean is None
    empty = generalizability([], [])
    assert empty.persons == 0 and empty.items_per_person is None
