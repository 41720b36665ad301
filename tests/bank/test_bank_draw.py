"""Drawing an attempt's items and fixing the order of items and options."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from assessment_app.bank import (
    Bank,
    Draw,
    Section,
    TestDef,
    draw_items,
    load_bank,
    order_for_attempt,
)

from .conftest import GOOD

SEEDS = range(200)


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(GOOD).bank


@pytest.fixture(scope="module")
def mansos(bank: Bank) -> TestDef:
    return bank.test("MANSOS")


def test_order_is_deterministic_per_seed(bank: Bank, mansos: TestDef) -> None:
    snapshot = Bank.from_canonical(bank.canonical())

    assert order_for_attempt(bank, mansos, 42) == order_for_attempt(bank, mansos, 42)
    assert order_for_attempt(snapshot, snapshot.test("MANSOS"), 42) == order_for_attempt(
        bank, mansos, 42
    )


def test_order_does_not_use_the_global_random(bank: Bank, mansos: TestDef) -> None:
    random.seed(1)
    first = order_for_attempt(bank, mansos, 5)
    random.seed(2)
    assert order_for_attempt(bank, mansos, 5) == first


def test_different_seeds_give_different_orders(bank: Bank, mansos: TestDef) -> None:
    orders = {tuple(order_for_attempt(bank, mansos, seed)["items"]) for seed in range(20)}
    assert len(orders) > 10


def test_no_item_is_drawn_twice_and_counts_are_met(bank: Bank, mansos: TestDef) -> None:
    for seed in SEEDS:
        items = order_for_attempt(bank, mansos, seed)["items"]
        assert len(items) == len(set(items)) == 7
        competencies = [bank.item(item_id).competency for item_id in items]
        assert (competencies.count("INT"), competencies.count("KS")) == (3, 2)
        assert competencies.count("PB") == 2


def test_level_restricted_draws_are_honoured(bank: Bank, mansos: TestDef) -> None:
    for seed in SEEDS:
        manajerial, _ = draw_items(bank, mansos, random.Random(seed))
        assert {bank.item(item_id).level for item_id in manajerial[:2]} == {2}
        assert bank.item(manajerial[2]).competency == "INT"
        assert [bank.item(item_id).competency for item_id in manajerial[3:]] == ["KS", "KS"]


def test_level_draws_come_first_so_open_draws_cannot_exhaust_them(bank: Bank) -> None:
    # The open INT draw is declared first; if it ran first it could take the only two
    # level-2 items and leave the level draw short.
    sections = (Section("A", (Draw("INT", 2),)), Section("B", (Draw("INT", 2, level=2),)))
    test = TestDef("LVL", "Level", 10.0, False, False, sections)

    for seed in SEEDS:
        first, second = draw_items(bank, test, random.Random(seed))
        assert sorted(second) == ["INT-0002", "INT-0003"]
        assert sorted(first) == ["INT-0001", "INT-0004"]


def test_a_draw_larger_than_its_pool_raises(bank: Bank) -> None:
    test = TestDef("BIG", "Big", 10.0, False, False, (Section("A", (Draw("KS", 4),)),))

    with pytest.raises(ValueError, match="cannot draw 4 KS items"):
        draw_items(bank, test, random.Random(0))


def competencies(bank: Bank, item_ids: list[str]) -> list[str]:
    """Return the competency code of each item id."""
    return [bank.item(item_id).competency for item_id in item_ids]


def test_without_shuffle_items_sections_keep_their_order(bank: Bank, mansos: TestDef) -> None:
    test = replace(mansos, shuffle_items=False)
    first_section_orders = set()
    for seed in SEEDS:
        codes = competencies(bank, order_for_attempt(bank, test, seed)["items"])
        assert sorted(codes[:5]) == ["INT", "INT", "INT", "KS", "KS"]
        assert codes[5:] == ["PB", "PB"]
        first_section_orders.add(tuple(codes[:5]))
    assert len(first_section_orders) > 1  # items are shuffled within the section


def test_with_shuffle_items_sections_are_mixed(bank: Bank, mansos: TestDef) -> None:
    first_pb = {
        competencies(bank, order_for_attempt(bank, mansos, seed)["items"]).index("PB")
        for seed in SEEDS
    }
    assert 0 in first_pb


def test_option_orders_are_permutations(bank: Bank, mansos: TestDef) -> None:
    shuffled_somewhere = False
    for seed in SEEDS:
        order = order_for_attempt(bank, mansos, seed)
        assert list(order["options"]) == order["items"]
        for item_id, keys in order["options"].items():
            authored = list(bank.item(item_id).option_keys)
            assert sorted(keys) == sorted(authored) and len(keys) == len(set(keys))
            shuffled_somewhere |= keys != authored
    assert shuffled_somewhere


def test_without_shuffle_options_keys_keep_their_authored_order(bank: Bank) -> None:
    test = bank.test("TEK-PK")
    for seed in range(20):
        order = order_for_attempt(bank, test, seed)
        for item_id, keys in order["options"].items():
            assert keys == list(bank.item(item_id).option_keys)
