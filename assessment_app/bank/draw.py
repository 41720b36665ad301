"""Draw a candidate's items and fix their presentation order, deterministically per seed."""

from __future__ import annotations

import random
from typing import Any

from assessment_app.bank.model import Bank, Draw, TestDef


def draw_items(bank: Bank, test: TestDef, rng: random.Random) -> list[list[str]]:
    """Return, per section, the ids of the items drawn for one attempt.

    No item is drawn twice. Level-restricted draws are made first (over the whole test) so
    that unrestricted draws of the same competency cannot exhaust their pools; within a
    section, ids are listed draw by draw in the order the test declares, each draw's ids in
    the random order they were sampled. Raise ValueError if a pool is too small (a bank that
    loaded without problems never is).
    """
    used: set[str] = set()
    draws = [
        (section_index, draw)
        for section_index, section in enumerate(test.sections)
        for draw in section.draws
    ]
    picked: dict[int, list[str]] = {}
    # sorted() is stable: restricted draws first, each group in declared order.
    for position in sorted(range(len(draws)), key=lambda p: draws[p][1].level is None):
        picked[position] = _draw_one(bank, draws[position][1], used, rng)
    sections: list[list[str]] = [[] for _ in test.sections]
    for position, (section_index, _) in enumerate(draws):
        sections[section_index].extend(picked[position])
    return sections


def _draw_one(bank: Bank, draw: Draw, used: set[str], rng: random.Random) -> list[str]:
    """Sample ``draw.count`` unused item ids from the draw's pool and mark them used."""
    candidates = [item.id for item in bank.pool(draw.competency, draw.level) if item.id not in used]
    if draw.count > len(candidates):
        level = f" at level {draw.level}" if draw.level is not None else ""
        raise ValueError(
            f"cannot draw {draw.count} {draw.competency} items{level}: "
            f"only {len(candidates)} left in the pool"
        )
    chosen = rng.sample(candidates, draw.count)
    used.update(chosen)
    return chosen


def order_for_attempt(bank: Bank, test: TestDef, seed: int) -> dict[str, Any]:
    """Draw an attempt's items and fix the order of items and options for ``seed``.

    With ``shuffle_items`` the items of the whole test are shuffled together; without it the
    sections keep their order and items are shuffled within each section (CONTRACT §2).
    With ``shuffle_options`` each item's option keys are shuffled, otherwise they keep their
    authored order. Return ``{"items": [item ids], "options": {item_id: [option keys]}}``;
    the same bank, test and seed always give the same result.
    """
    rng = random.Random(seed)
    sections = draw_items(bank, test, rng)
    if test.shuffle_items:
        items = [item_id for section in sections for item_id in section]
        rng.shuffle(items)
    else:
        for section in sections:
            rng.shuffle(section)
        items = [item_id for section in sections for item_id in section]
    options = {
        item_id: _option_order(bank, item_id, test.shuffle_options, rng) for item_id in items
    }
    return {"items": items, "options": options}


def _option_order(bank: Bank, item_id: str, shuffle: bool, rng: random.Random) -> list[str]:
    """Return the item's option keys in display order."""
    keys = list(bank.item(item_id).option_keys)
    if shuffle:
        rng.shuffle(keys)
    return keys
