"""Per-process caches of what never changes: attempt layouts, snapshot banks, what a
candidate sees of each item, and the tests' titles.

A layout is fixed when its attempt is created and a snapshot is immutable, so the hot paths
(answer save, attempt view, start) need not read or render them again. Every cache is a
plain dict filled on a miss: a dict's get and set are atomic, so threads at worst build the
same value twice, and a value once stored is never changed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from assessment_app.bank import Bank, get_item_type
from assessment_app.bank.item_types import CandidateParts
from assessment_app.extensions import db
from assessment_app.models import Attempt, BankSnapshot, SnapshotTest
from assessment_app.snapshots.service import bank_of

MAX_CACHED_LAYOUTS = 50_000


@dataclass(frozen=True)
class Layout:
    """An attempt's owner, snapshot, items in the candidate's order and option orders."""

    attempt_id: int
    candidate_id: int
    snapshot_id: int
    items: tuple[str, ...]
    options: dict[str, tuple[str, ...]]


_layouts: dict[int, Layout] = {}
_banks: dict[int, Bank] = {}
_parts: dict[tuple[int, str], CandidateParts] = {}  # (snapshot id, item id)
_titles: dict[int, dict[str, str]] = {}


def cached_layout(attempt_id: int) -> Layout | None:
    """Return an attempt's layout if this process has it, without touching the database."""
    return _layouts.get(attempt_id)


def layout_of(attempt_id: int) -> Layout | None:
    """Return an attempt's layout, or None when there is no such attempt (never cached)."""
    found = _layouts.get(attempt_id)
    if found is None:
        row = db.session.execute(
            select(Attempt.candidate_id, Attempt.snapshot_id, Attempt.layout).where(
                Attempt.id == attempt_id
            )
        ).first()
        if row is None:
            return None
        options = {item: tuple(keys) for item, keys in row.layout["options"].items()}
        found = Layout(
            attempt_id, row.candidate_id, row.snapshot_id, tuple(row.layout["items"]), options
        )
        if len(_layouts) >= MAX_CACHED_LAYOUTS:
            _layouts.clear()
        _layouts[attempt_id] = found
    return found


def bank_for(snapshot_id: int) -> Bank:
    """Return the plain Bank of a snapshot id."""
    bank = _banks.get(snapshot_id)
    if bank is None:
        bank = _banks[snapshot_id] = bank_of(db.session.get(BankSnapshot, snapshot_id))
    return bank


def candidate_items(
    snapshot_id: int, item_ids: Sequence[str], option_orders: Mapping[str, Sequence[str]]
) -> list[dict[str, Any]]:
    """Return the items as one candidate sees them: in their order, options in theirs.

    What a candidate sees of an item is rendered once per process and snapshot
    (`ItemType.candidate_parts`); a call only puts the options in the attempt's order. The
    option dictionaries are shared between calls: read them, never change them.
    """
    views = []
    for item_id in item_ids:
        parts = _parts.get((snapshot_id, item_id))
        if parts is None:
            item = bank_for(snapshot_id).item(item_id)
            parts = _parts[snapshot_id, item_id] = get_item_type(item.type).candidate_parts(item)
        views.append(parts.in_order(option_orders[item_id]))
    return views


def test_titles(snapshot_id: int) -> dict[str, str]:
    """Return the titles of a snapshot's tests by code (read once per process: immutable).

    The dictionary is shared between callers: read it, never change it.
    """
    titles = _titles.get(snapshot_id)
    if titles is None:
        rows = db.session.execute(
            select(SnapshotTest.code, SnapshotTest.title).where(
                SnapshotTest.snapshot_id == snapshot_id
            )
        )
        titles = _titles[snapshot_id] = dict(rows.all())
    return titles


def clear_caches() -> None:
    """Forget everything cached (tests roll back and so reuse ids)."""
    _layouts.clear()
    _banks.clear()
    _parts.clear()
    _titles.clear()
