"""The question bank: load and check the YAML, model it as plain values, draw attempts.

Pure: imports no Flask, SQLAlchemy or redis. ``load_bank(directory)`` returns a
``LoadResult`` with the ``Bank`` (or None) and every ``Problem`` found; ``Bank.canonical()``
and ``content_hash`` give the immutable snapshot and its version hash; ``ITEM_TYPES`` holds
the per-type behaviour; ``order_for_attempt`` fixes a candidate's items and option orders.
"""

from assessment_app.bank.draw import draw_items, order_for_attempt
from assessment_app.bank.item_types import (
    ITEM_TYPES,
    ItemType,
    McqItemType,
    SjtItemType,
    get_item_type,
)
from assessment_app.bank.loader import LoadResult, load_bank
from assessment_app.bank.model import (
    GROUPS,
    Bank,
    Competency,
    Draw,
    Item,
    Option,
    Scoring,
    Section,
    TestDef,
    canonical_json,
    content_hash,
)
from assessment_app.bank.problems import Problem

__all__ = [
    "GROUPS",
    "ITEM_TYPES",
    "Bank",
    "Competency",
    "Draw",
    "Item",
    "ItemType",
    "LoadResult",
    "McqItemType",
    "Option",
    "Problem",
    "Scoring",
    "Section",
    "SjtItemType",
    "TestDef",
    "canonical_json",
    "content_hash",
    "draw_items",
    "get_item_type",
    "load_bank",
    "order_for_attempt",
]
