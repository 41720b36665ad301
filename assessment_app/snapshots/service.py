"""Publish the validated bank as an immutable, content-hashed snapshot."""

from __future__ import annotations

from sqlalchemy import select

from assessment_app import audit
from assessment_app.bank import Bank, content_hash
from assessment_app.exceptions import conflict
from assessment_app.extensions import db
from assessment_app.models import BankSnapshot, SnapshotCompetency, SnapshotItem, SnapshotTest


def current_snapshot() -> BankSnapshot | None:
    """Return the most recently published snapshot."""
    return db.session.scalar(select(BankSnapshot).order_by(BankSnapshot.id.desc()).limit(1))


def published_snapshot() -> BankSnapshot:
    """Return the current snapshot, or refuse (409 `bank_not_published`) before any."""
    snapshot = current_snapshot()
    if snapshot is None:
        raise conflict(
            "Bank soal belum dipublikasikan: jalankan `bank publish` dahulu.",
            code="bank_not_published",
        )
    return snapshot


def publish(bank: Bank, actor: str) -> tuple[BankSnapshot, bool]:
    """Store the bank as a snapshot; return it and whether it is new.

    Publishing content that is already stored changes nothing (the hash is the identity),
    except that it becomes current again if a newer snapshot was published since.
    """
    version = content_hash(bank)
    existing = db.session.scalar(select(BankSnapshot).where(BankSnapshot.version_hash == version))
    if existing is not None:
        return existing, False
    canonical = bank.canonical()
    snapshot = BankSnapshot(
        version_hash=version, content=canonical, published_by=actor, item_count=len(bank.items)
    )
    db.session.add(snapshot)
    db.session.flush()
    _add_rows(snapshot, bank, canonical)
    audit.record(
        actor,
        "bank.publish",
        target=f"snapshot:{version[:12]}",
        details={"items": len(bank.items), "tests": [t.code for t in bank.tests]},
    )
    return snapshot, True


def _add_rows(snapshot: BankSnapshot, bank: Bank, canonical: dict) -> None:
    """Add the queryable rows of a snapshot: its competencies, items and tests."""
    items_by_id = {entry["id"]: entry for entry in canonical["items"]}
    tests_by_code = {entry["code"]: entry for entry in canonical["tests"]}
    rows: list[SnapshotCompetency | SnapshotItem | SnapshotTest] = [
        SnapshotCompetency(
            code=competency.code,
            name=competency.name,
            group=competency.group,
            position=position,
            levels={str(level): text for level, text in competency.levels},
        )
        for position, competency in enumerate(bank.competencies)
    ]
    rows += [
        SnapshotItem(
            item_id=item.id,
            competency_code=item.competency,
            type=item.type,
            level=item.level,
            data=items_by_id[item.id],
        )
        for item in bank.items
    ]
    rows += [
        SnapshotTest(
            code=test.code,
            title=test.title,
            data=tests_by_code[test.code],
            duration_ms=round(test.duration_minutes * 60_000),
            item_count=sum(d.count for s in test.sections for d in s.draws),
        )
        for test in bank.tests
    ]
    for row in rows:
        row.snapshot_id = snapshot.id
    db.session.add_all(rows)


_banks: dict[str, Bank] = {}


def bank_of(snapshot: BankSnapshot) -> Bank:
    """Rebuild the plain Bank value of a snapshot (cached: a version never changes)."""
    bank = _banks.get(snapshot.version_hash)
    if bank is None:
        bank = _banks[snapshot.version_hash] = Bank.from_canonical(snapshot.content)
    return bank
