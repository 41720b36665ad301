"""The tamper-evident audit log: every entry carries its place and a keyed hash of the chain.

`chain_hash(n)` = HMAC-SHA256(key, chain_hash(n - 1) + canonical(entry n)), with a key derived
from SECRET_KEY for this purpose alone. An entry changed, removed or moved afterwards breaks
the chain from that point on, and nobody without the key can write a matching hash.

Entries are sealed when the transaction that wrote them commits (a `before_commit` hook):
the hook takes the chain's lock (PostgreSQL: a transaction-scoped advisory lock; SQLite: the
flushed INSERT already holds the only write lock), reads the tail and every visible entry
without a place in one statement, seals those in id order, then the entries about to be
inserted. The lock is held from there to the commit, a few statements, so logins at the
peak queue for milliseconds only (bench/audit_chain.py measures it).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import bindparam, event, func, inspect, select, text, union_all, update
from sqlalchemy.orm import Session

from assessment_app import clock
from assessment_app.models import AuditEntry
from assessment_app.security import derive_key

KEY_PURPOSE = b"audit-chain"
GENESIS = "0" * 64  # the "previous hash" of the first entry
# pg_advisory_xact_lock key: "AUDT" in ASCII, so that it collides with nothing of ours.
PG_LOCK_KEY = 0x41554454
_PENDING = "audit_chain_pending"

_table = AuditEntry.__table__
_COLUMNS = (
    _table.c.id,
    _table.c.seq,
    _table.c.at,
    _table.c.actor,
    _table.c.action,
    _table.c.target,
    _table.c.reason,
    _table.c.details,
    _table.c.address,
    _table.c.chain_hash,
)


def chain_key(secret: str) -> bytes:
    """Return the key that signs the chain, derived from the instance secret."""
    return derive_key(secret, KEY_PURPOSE)


def time_text(moment: datetime | None) -> str | None:
    """Format a time the one way the chain hashes it: UTC, microseconds, fixed width."""
    if moment is None:
        return None
    if moment.tzinfo is None:  # SQLite gives naive UTC when read without the column type
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(row: Any) -> bytes:
    """Serialise what an entry says (anything with the entry's columns) in one fixed way.

    A JSON array, so that no field can bleed into the next; details with sorted keys.
    """
    fields = [
        row.seq,
        time_text(row.at),
        row.actor,
        row.action,
        row.target,
        row.reason,
        row.details,
        row.address,
    ]
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def link_hash(key: bytes, previous: str, row: Any) -> str:
    """Return the chain hash of an entry that follows the entry hashed `previous`."""
    return hmac.new(key, previous.encode() + canonical(row), hashlib.sha256).hexdigest()


# --- sealing ------------------------------------------------------------------------------


def seal(session: Session, key: bytes) -> int:
    """Give every unsealed entry its place and hash; return how many were sealed.

    Runs inside the writing transaction, just before it commits. Entries already in the
    database without a place (flushed earlier in this transaction, or written before the
    chain existed) are sealed first, in id order, with one UPDATE; entries not yet flushed
    get their place and hash before the commit's flush INSERTs them.

    PostgreSQL: the advisory lock serialises sealers until they commit, so the statements
    inside it are few (lock, one read, the commit's INSERT). SQLite: the pending entries are
    flushed first, since the INSERT takes the single write lock that orders sealers there.
    """
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})
    else:
        session.flush()
    pending = sorted(
        (obj for obj in session.new if isinstance(obj, AuditEntry)),
        key=lambda obj: inspect(obj).insert_order,
    )
    seq, previous, stored = _tail_and_unsealed(connection)
    updates = []
    for row in stored:
        seq += 1
        previous = link_hash(key, previous, _Sealing(row, seq))
        updates.append({"entry_id": row.id, "new_seq": seq, "new_hash": previous})
    if updates:
        connection.execute(
            update(_table)
            .where(_table.c.id == bindparam("entry_id"))
            .values(seq=bindparam("new_seq"), chain_hash=bindparam("new_hash")),
            updates,
        )
    for entry in pending:
        _fill_defaults(entry)
        seq += 1
        entry.seq = seq
        previous = entry.chain_hash = link_hash(key, previous, _AsStored(entry))
    return len(updates) + len(pending)


def _tail_and_unsealed(connection) -> tuple[int, str, list[Any]]:
    """Read the chain's last entry and every visible unsealed one, in one statement."""
    last = select(func.max(_table.c.seq)).scalar_subquery()
    # UNION ALL, not OR: each half is an index lookup (seq is unique), whatever the size.
    rows = connection.execute(
        union_all(
            select(*_COLUMNS).where(_table.c.seq == last),
            select(*_COLUMNS).where(_table.c.seq.is_(None)),
        )
    ).all()
    tail = next((row for row in rows if row.seq is not None), None)
    seq, previous = (tail.seq, tail.chain_hash) if tail else (0, GENESIS)
    return seq, previous, sorted((row for row in rows if row.seq is None), key=lambda r: r.id)


def _fill_defaults(entry: AuditEntry) -> None:
    """Set now what the INSERT would fill in, so that the hash covers what is stored."""
    if entry.at is None:
        entry.at = clock.now()
    for name in ("target", "reason", "address"):
        if getattr(entry, name) is None:
            setattr(entry, name, "")
    if entry.details is None:
        entry.details = {}


class _Sealing:
    """A row read back from the database, seen with the place it is about to get."""

    def __init__(self, row: Any, seq: int):
        self._row, self.seq = row, seq

    def __getattr__(self, name: str) -> Any:
        return getattr(self._row, name)


class _AsStored:
    """An entry not yet written, seen as it will read back (details through JSON)."""

    def __init__(self, entry: AuditEntry):
        self._entry = entry
        self.details = json.loads(json.dumps(entry.details))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._entry, name)


def _key() -> bytes:
    if not has_app_context():
        raise RuntimeError("audit entries are sealed with the app's SECRET_KEY: no app context")
    return chain_key(current_app.config["SECRET_KEY"])


@event.listens_for(Session, "before_flush")
def _note_new_entries(session: Session, _context, _instances) -> None:
    if any(isinstance(obj, AuditEntry) for obj in session.new):
        session.info[_PENDING] = True


@event.listens_for(Session, "before_commit")
def _seal_on_commit(session: Session) -> None:
    if not session.info.get(_PENDING) and not any(
        isinstance(obj, AuditEntry) for obj in session.new
    ):
        return
    seal(session, _key())
    session.info.pop(_PENDING, None)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_PENDING, None)


# --- verifying ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Break:
    """The first place where the chain does not hold."""

    entry_id: int
    seq: int
    problem: str  # content_changed | missing
    message: str  # in Indonesian, for the operator


@dataclass(frozen=True)
class Verdict:
    """What `verify` found: the entries that hold, the tail, the first break, the unsealed."""

    checked: int
    last_seq: int
    last_hash: str
    broken: Break | None
    unsealed: int = 0  # entries not sealed yet (written before 0006, or outside the app)

    @property
    def ok(self) -> bool:
        return self.broken is None


def verify(session: Session, key: bytes, batch: int = 2000) -> Verdict:
    """Walk the chain in seq order, recompute every hash, stop at the first break.

    An entry without a place is no break by itself (the next audited commit seals it, and
    an entry whose seal was removed leaves a gap that is one); it is counted.
    """
    previous, expected = GENESIS, 1
    unsealed = session.scalar(select(func.count()).where(_table.c.seq.is_(None))) or 0
    for row in _sealed_rows(session, batch):
        if row.seq != expected:
            return Verdict(expected - 1, expected - 1, previous, _gap(row, expected), unsealed)
        computed = link_hash(key, previous, row)
        if not hmac.compare_digest(computed, row.chain_hash or ""):
            return Verdict(expected - 1, expected - 1, previous, _changed(row), unsealed)
        previous, expected = computed, expected + 1
    return Verdict(expected - 1, expected - 1, previous, None, unsealed)


def _sealed_rows(session: Session, batch: int) -> Iterator[Any]:
    """Yield sealed entries in seq order, a batch at a time (keyset paging, flat memory)."""
    after = 0
    while True:
        rows = session.execute(
            select(*_COLUMNS).where(_table.c.seq > after).order_by(_table.c.seq).limit(batch)
        ).all()
        yield from rows
        if len(rows) < batch:
            return
        after = rows[-1].seq


def _gap(row: Any, expected: int) -> Break:
    span = f"{expected}" if row.seq == expected + 1 else f"{expected} sampai {row.seq - 1}"
    return Break(
        row.id,
        row.seq,
        "missing",
        f"entri seq {span} hilang (dihapus atau dipindah): setelah seq {expected - 1} "
        f"langsung entri id {row.id} seq {row.seq}",
    )


def _changed(row: Any) -> Break:
    return Break(
        row.id,
        row.seq,
        "content_changed",
        f"isi entri id {row.id} seq {row.seq} tidak cocok dengan hash-nya: entri diubah, "
        "disisipkan, atau ditukar urutannya",
    )
