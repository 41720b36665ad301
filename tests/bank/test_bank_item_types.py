"""The item type registry: what a candidate sees and how a choice scores."""

from __future__ import annotations

import json

import pytest

from assessment_app.bank import (
    ITEM_TYPES,
    Bank,
    McqItemType,
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
