"""What the bank pages read of the published snapshots (read-only)."""

from __future__ import annotations

from sqlalchemy import func, select

from assessment_app.extensions import db
from assessment_app.models import BankSnapshot, SnapshotCompetency, SnapshotItem


def snapshots() -> list[BankSnapshot]:
    """Return every published snapshot, newest first."""
    return list(db.session.scalars(select(BankSnapshot).order_by(BankSnapshot.id.desc())))


def item_counts() -> dict[int, dict[str, int]]:
    """Return the number of items per competency code, by snapshot id."""
    rows = db.session.execute(
        select(SnapshotItem.snapshot_id, SnapshotItem.competency_code, func.count()).group_by(
            SnapshotItem.snapshot_id, SnapshotItem.competency_code
        )
    )
    counts: dict[int, dict[str, int]] = {}
    for snapshot_id, code, count in rows:
        counts.setdefault(snapshot_id, {})[code] = count
    return counts


def competency(snapshot: BankSnapshot, code: str) -> SnapshotCompetency | None:
    """Return the snapshot's competency with this code (any case), or None."""
    return db.session.scalar(
        select(SnapshotCompetency).where(
            SnapshotCompetency.snapshot_id == snapshot.id,
            SnapshotCompetency.code == code.upper(),
        )
    )


def competency_items(snapshot: BankSnapshot, code: str) -> list[SnapshotItem]:
    """Return the snapshot's items of one competency, by item id."""
    query = (
        select(SnapshotItem)
        .where(SnapshotItem.snapshot_id == snapshot.id, SnapshotItem.competency_code == code)
        .order_by(SnapshotItem.item_id)
    )
    return list(db.session.scalars(query))


def item(snapshot: BankSnapshot, item_id: str) -> SnapshotItem | None:
    """Return the snapshot's item with this id, or None."""
    return db.session.scalar(
        select(SnapshotItem).where(
            SnapshotItem.snapshot_id == snapshot.id, SnapshotItem.item_id == item_id
        )
    )
