"""Credits of judged items from the item types' rules, checked against hand arithmetic.

CONTRACT §6: an sjt option with score s on an item whose option scores have mean m and
maximum M earns (s - m) / (M - m); an mcq answer earns 1 when correct, -1/(k - 1) when wrong.
"""

from __future__ import annotations

import statistics
from fractions import Fraction

import pytest

from assessment_app.bank.model import Item, Option
from assessment_app.psychometrics.standard_setting import angoff_panelist_cut, mean_cut
from assessment_app.standards.credit import (
    category_credits,
    category_score,
    expected_credit,
    score_range,
)


def _sjt(item_id: str, scores) -> Item:
    options = tuple(Option(chr(65 + i), f"opsi {i}", s) for i, s in enumerate(scores))
    return Item(item_id, "INT", "sjt", None, "Soal", options)


def _mcq(item_id: str, options: int, answer: str = "B") -> Item:
    keys = tuple(Option(chr(65 + i), f"opsi {i}") for i in range(options))
    return Item(item_id, "TEK", "mcq", None, "Soal", keys, answer)


def test_category_credits_with_collapsed_categories():
    # kept original categories 0, 2, 3, 4 are option scores 1, 3, 4, 5; m = 3, M - m = 2
    assert category_credits(_sjt("S1", [1, 2, 3, 4, 5]), (0, 2, 3, 4)) == pytest.approx(
        [-1.0, 0.0, 0.5, 1.0]
    )
    # scores 2, 2, 3, 4, 5: m = 16/5, M - m = 9/5; categories 1..4 are scores 2..5
    hand = [(Fraction(s) - Fraction(16, 5)) / Fraction(9, 5) for s in (2, 3, 4, 5)]
    assert category_credits(_sjt("S2", [2, 2, 3, 4, 5]), (1, 2, 3, 4)) == pytest.approx(
        [float(c) for c in hand]
    )
    # mcq: category 0 is a wrong answer (-1/3 of 4 options), 1 the correct one
    assert category_credits(_mcq("M1", 4), (0, 1)) == pytest.approx([-1 / 3, 1.0])


def test_category_score():
    assert category_score(_sjt("S1", [2, 5, 3]), 4) == 5.0  # category s - 1 is score s
    assert category_score(_mcq("M1", 4), 1) == 1.0  # the correct answer
    assert category_score(_mcq("M1", 4), 0) == 0.0


def test_score_range():
    assert score_range(_sjt("S1", [2, 5, 3])) == (2.0, 5.0)
    assert score_range(_mcq("M1", 4)) == (0.0, 1.0)


def test_angoff_cuts_by_hand():
    items = [_sjt("S1", [1, 2, 3, 4, 5]), _sjt("S2", [2, 2, 3, 4, 5]), _sjt("S3", [1, 1, 2, 3, 5])]
    items.append(_mcq("M1", 4))
    # means 3, 16/5, 12/5; maxima 5; the last is the probability of a correct mcq answer
    judgements = [[4.0, 4.1, 3.0, 0.7], [3.5, 3.65, 2.4, 0.55]]
    hand = [
        # (4 - 3)/2, (41/10 - 16/5)/(9/5), (3 - 12/5)/(13/5), 7/10 - (3/10)/3
        [Fraction(1, 2), Fraction(1, 2), Fraction(3, 13), Fraction(3, 5)],
        # (7/2 - 3)/2, (73/20 - 16/5)/(9/5), (12/5 - 12/5)/(13/5), 11/20 - (9/20)/3
        [Fraction(1, 4), Fraction(1, 4), Fraction(0), Fraction(2, 5)],
    ]
    cuts = []
    for values, credits_by_hand in zip(judgements, hand, strict=True):
        credits = [expected_credit(item, v) for item, v in zip(items, values, strict=True)]
        assert credits == pytest.approx([float(c) for c in credits_by_hand], abs=1e-12)
        cuts.append(angoff_panelist_cut(credits))
    # 100/4 x (1/2 + 1/2 + 3/13 + 3/5) = 11900/260 and 100/4 x (9/10) = 45/2
    assert cuts == pytest.approx([11900 / 260, 22.5])
    panel = mean_cut(cuts)
    assert panel.value == pytest.approx((11900 / 260 + 22.5) / 2)
    assert panel.sd == pytest.approx(statistics.stdev(cuts))
    assert panel.se == pytest.approx((11900 / 260 - 22.5) / 2)  # sd / sqrt(2), two panelists


def test_chance_on_an_mcq_earns_nothing():
    assert expected_credit(_mcq("M1", 4), 0.25) == pytest.approx(0.0)
    assert expected_credit(_mcq("M2", 5), 0.2) == pytest.approx(0.0)
