"""Roster re-imports (issue 13): a logged-in candidate who has not started no longer breaks
the confirm, and each changed candidate leaves its own audit entry (never the PIN)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from assessment_app.attempts.lifecycle import ensure_attempts, start_attempt
from assessment_app.audit import text as audit_text
from assessment_app.events.service import open_session
from assessment_app.extensions import db
from assessment_app.imports import roster as service
from assessment_app.imports.roster import import_roster
from assessment_app.models import Attempt, AttemptStatus, AuditEntry, Candidate
from assessment_app.tabular import read_table
from tests.factories import csv_text, publish_sample_bank, roster_rows

from .test_uploads import confirm, upload


def _import(rows: list[list[str]], **options):
    return import_roster(read_table(csv_text(rows).encode(), "r.csv"), actor="admin1", **options)


def _candidate(nip: str) -> Candidate:
    return db.session.scalar(select(Candidate).where(Candidate.nip == nip))


def _logged_in(nip: str) -> list[Attempt]:
    """What a first login does: the session is open and the `ready` attempts exist."""
    candidate = _candidate(nip)
    if not candidate.session.is_open:
        open_session(candidate.session.code, "admin1")
    return ensure_attempts(candidate)


def _entries(action: str) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
    return list(db.session.scalars(query))


@pytest.fixture
def bank(ctx):
    return publish_sample_bank()


def test_confirm_with_a_logged_in_candidate_who_has_not_started(app, admin):
    rows = roster_rows(2)
    page = upload(admin, "peserta", csv_text(rows).encode(), "r.csv").get_data(as_text=True)
    assert confirm(admin, "peserta", page).status_code == 302
    with app.app_context():
        ready = _logged_in(rows[0][0])
        db.session.commit()
        assert [a.status for a in ready] == [AttemptStatus.READY] * 2
    rows[0][8] = "MANSOS"  # TEK-AK dropped from the candidate's tests

    page = upload(admin, "peserta", csv_text(rows).encode(), "r.csv").get_data(as_text=True)
    response = confirm(admin, "peserta", page)

    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    with app.app_context():
        candidate = _candidate(rows[0][0])
        assert [r.test_code for r in candidate.registrations] == ["MANSOS"]
        left = db.session.scalar(
            select(func.count()).select_from(Attempt).where(Attempt.candidate_id == candidate.id)
        )
        assert left == 0  # the unstarted attempts went; the next login draws anew
        assert [a.test_code for a in ensure_attempts(candidate)] == ["MANSOS"]
        db.session.rollback()


def test_moving_a_logged_in_candidate_to_another_session_drops_the_old_draw(bank):
    rows = roster_rows(1)
    _import(rows)
    _logged_in(rows[0][0])
    rows[0][5] = "S2"

    report = _import(rows)

    assert report.written and not report.errors
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 0


def test_a_start_after_the_check_refuses_the_row_and_writes_nothing(bank, monkeypatch):
    rows = roster_rows(3)
    _import(rows)
    attempt = _logged_in(rows[1][0])[0]
    start_attempt(attempt)
    db.session.commit()
    rows[0][1] = "Nama Baru"  # an earlier row that would be written first
    rows[1][8] = "MANSOS"
    # The candidate starts between the check and the write (two admins, a login peak).
    monkeypatch.setattr(service, "_started_candidate_ids", lambda event_id: set())

    report = _import(rows)

    assert not report.written
    assert [(e.row, e.column) for e in report.errors] == [(3, "nip")]
    assert "sudah mulai ujian" in report.errors[0].message
    db.session.rollback()  # as the view and the CLI do when nothing was written
    assert _candidate(rows[0][0]).name == "Peserta 1"
    assert db.session.get(Attempt, attempt.id).status == AttemptStatus.IN_PROGRESS


def test_each_changed_candidate_gets_an_entry_naming_the_fields_never_the_pin(bank):
    rows = roster_rows(3)
    _import(rows)
    assert len(_entries("roster.candidate")) == 3  # three created
    rows[0][6], rows[0][7] = "R02", "9"
    rows[1][9] = "777777"
    before = len(_entries("roster.candidate"))

    report = _import(rows)

    entries = _entries("roster.candidate")[before:]
    assert report.updated == 2 and len(entries) == 2
    moved, repinned = entries
    assert moved.target == f"candidate:{rows[0][0]}"
    assert moved.details["fields"] == {"room": ["R01", "R02"], "seat": ["1", "9"]}
    assert "pin" not in moved.details
    assert repinned.details == {"nip": rows[1][0], "row": 3, "fields": {}, "pin": "diganti"}
    for entry in _entries("roster.candidate"):
        text = repr(entry.details)
        assert "777777" not in text and "100001" not in text and "pin_mac" not in text
    assert len(_entries("roster.import")) == 2  # the summary stays


def test_the_entry_reads_as_a_sentence():
    entry = SimpleNamespace(
        actor="admin1",
        action="roster.candidate",
        target="candidate:198501012010011001",
        reason="",
        details={
            "nip": "198501012010011001",
            "row": 4,
            "fields": {"room": ["R01", "R02"], "tests": ["MANSOS;TEK-AK", "MANSOS"]},
            "pin": "diganti",
        },
    )

    text = audit_text.describe(entry, audit_text.Names())

    assert "lewat impor daftar peserta (baris 4)" in text
    assert "ruang «R01» → «R02»; tes «MANSOS;TEK-AK» → «MANSOS»; PIN diganti" in text


def _statements_of_reimport(rows: int) -> int:
    """Import `rows` rows, change every candidate, and count the re-import's statements
    other than its audit entries' INSERTs (one row per changed candidate is the point; the
    driver may send them one by one)."""
    from sqlalchemy import event

    table = roster_rows(rows, start=rows * 10)  # NIPs of their own for each size
    _import(table)
    for row in table:
        row[4] = "Bapperida Baru"
    statements = []
    engine = db.session.get_bind()

    def count(_conn, _cursor, statement, *_args):
        if not statement.startswith("INSERT INTO audit_entry"):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        report = _import(table)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert report.updated == rows
    return len(statements)


def test_a_reimport_reads_and_writes_150_rows_in_as_many_statements_as_50(bank):
    # No query per row: candidates, registrations, sessions and rooms are loaded at once and
    # the changes written in batches, so 5,000 rows cost the statements 50 do.
    assert _statements_of_reimport(150) <= _statements_of_reimport(50) + 2
    assert len(_entries("roster.candidate")) == 2 * (50 + 150)
