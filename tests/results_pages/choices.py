"""Which option a scripted candidate picks: the best or the worst one of the sample bank."""

from __future__ import annotations

from assessment_app.bank import load_bank
from tests.factories import SAMPLE_BANK

ITEMS = {item.id: item for item in load_bank(str(SAMPLE_BANK)).bank.items}


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
