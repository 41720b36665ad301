"""The tamper-evident audit log: sealed at commit, verified by `audit verify`."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select, text

from assessment_app import audit, clock
from assessment_app.audit.chain import GENESIS, chain_key, link_hash
from assessment_app.extensions import db
from assessment_app.models import AuditEntry


def _write(count: int, start: int = 0) -> None:
    """Record `count` entries, one commit each (as many requests would)."""
    for n in range(start, start + count):
        audit.record("admin1", "test.action", target=f"thing:{n}", details={"n": n, "b": [1]})
        db.session.commit()


def _chain() -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))


@pytest.fixture
def chain(ctx):
    _write(3)
    audit.record("cli:x", "test.action", reason="dua dalam satu transaksi")
    audit.record("cli:x", "test.action", details={"nested": {"z": 1, "a": "ü"}})
    db.session.commit()
    return _chain()


def test_entries_are_sealed_in_order_at_commit(app, chain):
    assert [e.seq for e in chain] == [1, 2, 3, 4, 5]
    assert [e.id for e in chain] == sorted(e.id for e in chain)
    key = chain_key(app.config["SECRET_KEY"])
    previous = GENESIS
    for entry in chain:  # recomputed here from the ORM objects, as a second opinion
        previous = link_hash(key, previous, entry)
        assert entry.chain_hash == previous


def test_an_entry_rolled_back_takes_no_place(ctx, chain):
    audit.record("admin1", "test.action")
    db.session.rollback()
    _write(1, start=10)
    assert [e.seq for e in _chain()] == [1, 2, 3, 4, 5, 6]


def test_entries_written_before_the_chain_existed_are_sealed_by_the_next_commit(ctx):
    # As left by migration 0006: old rows without seq or hash.
    for n in range(2):
        db.session.execute(
            insert(AuditEntry).values(
                at=clock.now(),
                actor="old",
                action="legacy",
                target="",
                reason="",
                details={"n": n},
                address="",
            )
        )
    db.session.commit()  # a core insert is no new AuditEntry object: nothing sealed yet
    assert [e.seq for e in _chain()] == [None, None]
    _write(1)
    entries = _chain()
    assert [(e.actor, e.seq) for e in entries] == [("old", 1), ("old", 2), ("admin1", 3)]


def test_verify_says_ok_with_the_count(runner, chain):
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("OK: 5 entri audit utuh; terakhir seq 5")
    assert chain[-1].chain_hash in result.stdout


def test_verify_finds_a_changed_reason(runner, chain):
    db.session.execute(text("UPDATE audit_entry SET reason = 'tidak ada apa-apa' WHERE seq = 3"))
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"entri id {chain[2].id} seq 3" in result.stderr
    assert "content_changed" in result.stderr and "Sebelumnya 2 entri utuh" in result.stderr


def test_verify_finds_changed_details_and_time(runner, chain):
    db.session.execute(text("UPDATE audit_entry SET actor = 'orang-lain' WHERE seq = 5"))
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "seq 5" in result.stderr


def test_verify_finds_a_deleted_entry(runner, chain):
    db.session.execute(text("DELETE FROM audit_entry WHERE seq = 2"))
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert "missing" in result.stderr and "seq 2 hilang" in result.stderr
    assert f"entri id {chain[2].id} seq 3" in result.stderr


def test_verify_finds_swapped_entries(runner, chain):
    # Swap the places of two entries (through a free number, seq is unique).
    for sql in (
        "UPDATE audit_entry SET seq = 100 WHERE seq = 2",
        "UPDATE audit_entry SET seq = 2 WHERE seq = 3",
        "UPDATE audit_entry SET seq = 3 WHERE seq = 100",
    ):
        db.session.execute(text(sql))
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "seq 2" in result.stderr


def test_verify_finds_a_rewritten_hash_without_the_key(runner, chain):
    # Someone recomputes the hash with a guessed key: the next entry no longer follows.
    forged = link_hash(b"not the key", chain[0].chain_hash, chain[1])
    db.session.execute(text("UPDATE audit_entry SET chain_hash = :h WHERE seq = 2"), {"h": forged})
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "seq 2" in result.stderr


def test_an_entry_flushed_early_and_one_added_late_are_both_sealed(runner, ctx):
    # The first is already in the database (UPDATE), the second still pending (INSERT).
    audit.record("admin1", "test.action", details={"when": "early", "f": 0.1, "u": "ĳ"})
    db.session.flush()
    audit.record("admin1", "test.action", details={"when": "late", "list": [3, 1, 2]})
    db.session.commit()
    assert [(e.seq, e.details["when"]) for e in _chain()] == [(1, "early"), (2, "late")]
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "OK: 2 entri" in result.stdout
