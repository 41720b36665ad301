"""The item type registry: what a candidate sees, how a choice scores and what it earns."""

from __future__ import annotations

import json

import pytest
from numpy.testing import assert_allclose

from assessment_app.bank import (
    ITEM_TYPES,
    Bank,
    Item,
    McqItemType,
    Option,
    SjtItemType,
    get_item_type,
    load_bank,
)

from .conftest import GOOD


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(GOOD).bank


def test_registry() -> None:
    assert sorted(ITEM_TYPES) == ["mcq", "sjt"]
    assert ITEM_TYPES["sjt"] is SjtItemType
    assert get_item_type("mcq") is McqItemType
    with pytest.raises(KeyError, match="essay"):
        get_item_type("essay")


@pytest.mark.parametrize("item_id", ["INT-0002", "TEK-PK-0001"])
def test_candidate_view_hides_scores_and_answers(bank: Bank, item_id: str) -> None:
    item = bank.item(item_id)
    order = list(reversed(item.option_keys))

    view = get_item_type(item.type).candidate_view(item, order)

    assert set(view) == {"id", "competency", "stem", "options"}
    assert (view["id"], view["competency"], view["stem"]) == (item.id, item.competency, item.stem)
    assert [option["key"] for option in view["options"]] == order
    assert all(set(option) == {"key", "text"} for option in view["options"])
    assert view["options"][0]["text"] == item.option(order[0]).text
    dumped = json.dumps(view)
    assert "score" not in dumped and "answer" not in dumped


def test_candidate_view_rejects_an_order_that_is_not_a_permutation(bank: Bank) -> None:
    item = bank.item("INT-0001")
    for order in (["A", "B"], ["A", "B", "B"], ["A", "B", "Z"]):
        with pytest.raises(ValueError):
            SjtItemType.candidate_view(item, order)


def test_sjt_score_is_the_chosen_option_score(bank: Bank) -> None:
    item = bank.item("INT-0001")
    assert [SjtItemType.score(item, key) for key in ("A", "B", "C")] == [1.0, 5.0, 3.0]
    assert SjtItemType.score(item, None) == 0.0
    with pytest.raises(ValueError):
        SjtItemType.score(item, "Z")


def test_mcq_score_is_one_for_the_answer_only(bank: Bank) -> None:
    item = bank.item("TEK-PK-0001")
    assert [McqItemType.score(item, key) for key in ("A", "B", "C", "D")] == [0.0, 1.0, 0.0, 0.0]
    assert McqItemType.score(item, None) == 0.0
    with pytest.raises(ValueError):
        McqItemType.score(item, "E")


def _sjt(*scores: int) -> Item:
    keys = "ABCDEFGH"[: len(scores)]
    options = tuple(Option(k, f"opsi {k}", s) for k, s in zip(keys, scores, strict=True))
    return Item("SJT-X", "INT", "sjt", 1, "situasi", options)


def _mcq(k: int, answer: str = "B") -> Item:
    options = tuple(Option(key, f"opsi {key}") for key in "ABCDEFGH"[:k])
    return Item("MCQ-X", "TEK-PK", "mcq", None, "soal", options, answer)


def test_sjt_credit_is_score_minus_mean_over_max_minus_mean() -> None:
    # [1, 5, 3]: m = 3, M = 5 -> (1-3)/2 = -1, (5-3)/2 = 1, (3-3)/2 = 0
    three = _sjt(1, 5, 3)
    credits = [SjtItemType.credit(three, key) for key in "ABC"]
    assert_allclose(credits, [-1.0, 1.0, 0.0], rtol=0, atol=1e-15)
    # [1, 2, 2, 5]: m = 10/4 = 2.5, M - m = 2.5 -> -1.5/2.5 = -0.6, -0.5/2.5 = -0.2, 1
    four = _sjt(1, 2, 2, 5)
    credits = [SjtItemType.credit(four, key) for key in "ABCD"]
    assert_allclose(credits, [-0.6, -0.2, -0.2, 1.0], rtol=0, atol=1e-15)
    # a blind guess earns 0 on average: the credits of an item sum to 0
    assert_allclose(sum(credits), 0.0, atol=1e-15)


def test_sjt_credit_of_a_skewed_item_goes_below_minus_one() -> None:
    # [1, 5, 5, 5]: m = 4, M - m = 1 -> the lone low option earns (1 - 4) / 1 = -3
    assert SjtItemType.credit(_sjt(1, 5, 5, 5), "A") == -3.0


@pytest.mark.parametrize(("k", "wrong"), [(2, -1.0), (4, -1 / 3), (5, -0.25)])
def test_mcq_credit_is_one_or_minus_one_over_k_minus_one(k: int, wrong: float) -> None:
    item = _mcq(k)
    credits = [McqItemType.credit(item, key) for key in item.option_keys]
    assert credits[1] == 1.0  # B is the answer
    assert_allclose([c for i, c in enumerate(credits) if i != 1], [wrong] * (k - 1), rtol=1e-15)
    assert_allclose(sum(credits) / k, 0.0, atol=1e-15)  # guessing earns 0 on average


@pytest.mark.parametrize("item", [_sjt(1, 5, 3), _mcq(4)], ids=["sjt", "mcq"])
def test_unanswered_earns_zero_and_credit_all_gives_one(item: Item) -> None:
    kind = get_item_type(item.type)
    assert kind.credit(item, None) == 0.0
    assert kind.credit(item, None, credit_all=True) == 0.0  # still nothing to credit
    assert [kind.credit(item, key, credit_all=True) for key in item.option_keys] == [1.0] * len(
        item.options
    )


def test_raw_scores_and_raw_scale() -> None:
    sjt, mcq = _sjt(1, 2, 2, 5), _mcq(4)
    assert SjtItemType.raw_scale == 1.0 and McqItemType.raw_scale == 100.0
    assert [SjtItemType.score(sjt, key) for key in "ABCD"] == [1.0, 2.0, 2.0, 5.0]
    assert [McqItemType.score(mcq, key) for key in "ABCD"] == [0.0, 1.0, 0.0, 0.0]
    # under credit-every-option an answer counts as the best option / as correct
    assert SjtItemType.score(sjt, "A", credit_all=True) == 5.0
    assert McqItemType.score(mcq, "A", credit_all=True) == 1.0
    assert SjtItemType.score(sjt, None, credit_all=True) == 0.0
    assert McqItemType.score(mcq, None, credit_all=True) == 0.0


@pytest.mark.parametrize("item", [_sjt(1, 5, 3), _mcq(4)], ids=["sjt", "mcq"])
def test_a_key_that_is_not_an_option_raises(item: Item) -> None:
    kind = get_item_type(item.type)
    for call in (kind.credit, kind.score):
        with pytest.raises(ValueError, match="not an option"):
            call(item, "Z")
        with pytest.raises(ValueError, match="not an option"):
            call(item, "Z", credit_all=True)


def test_sample_bank_credits_of_one_to_five_items(bank: Bank) -> None:
    # INT-0001 scores A..C 1, 5, 3 (good bank): m = 3, M = 5 -> -1, 1, 0
    item = bank.item("INT-0001")
    assert [SjtItemType.credit(item, key) for key in "ABC"] == [-1.0, 1.0, 0.0]
