"""Per-process caches of what never changes: attempt layouts and snapshot banks.

A layout is fixed when its attempt is created and a snapshot is immutable, so the hot paths
(answer save, attempt view) need not read them from the database again.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from assessment_app.bank import Bank
from assessment_app.extensions import db
from assessment_app.models import Attempt, BankSnapshot
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


def clear_caches() -> None:
    """Forget everything cached (tests roll back and so reuse ids)."""
    _layouts.clear()
    _banks.clear()
