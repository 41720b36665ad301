"""Which option a scripted candidate picks: the best or the worst one of the sample bank."""

from __future__ import annotations

from tests.factories import load_bank_once

ITEMS = {item.id: item for item in load_bank_once().bank.items}


def best(item) -> str:
    """The key correct (mcq) or scoring highest (sjt)."""
    if item.type == "mcq":
        return item.answer
    return max(item.options, key=lambda o: o.score).key


def worst(item) -> str:
    """A wrong key (mcq) or the one scoring lowest (sjt)."""
    if item.type == "mcq":
        return next(o.key for o in item.options if o.key != item.answer)
    return min(item.options, key=lambda o: o.score).key
