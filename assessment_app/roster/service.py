"""Import the roster all-or-nothing (the login cards are in roster.cards)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from sqlalchemy import select

from assessment_app import audit, clock
from assessment_app.events.service import ensure_event, ensure_room, ensure_session
from assessment_app.exceptions import ServiceError
from assessment_app.extensions import db
from assessment_app.models import (
    Attempt,
    AttemptStatus,
    Candidate,
    ExamSession,
    Registration,
    SessionStatus,
)
from assessment_app.roster.placement import NewCode, new_codes, seat_clashes
from assessment_app.security import PinVault, generate_pin
from assessment_app.snapshots.service import current_snapshot
from assessment_app.tabular import RowError, Table, parse_roster


@dataclass
class ImportReport:
    """What an import found and did; nothing is written when `errors` is not empty.

    `new_codes` lists the sessions and rooms a roster creates (or would create);
    `codes_unchecked` says the import stopped because nobody confirmed them.
    """

    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    written: bool = False
    new_codes: list[NewCode] = field(default_factory=list)
    codes_unchecked: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def pin_vault() -> PinVault:
    """Return the PIN vault keyed by the app's secret."""
    return PinVault(current_app.config["SECRET_KEY"])


def import_roster(
    table: Table,
    *,
    actor: str,
    dry_run: bool = False,
    today: date | None = None,
    new_codes_checked: bool = True,
) -> ImportReport:
    """Check every row, then create or update candidates by NIP, or write nothing.

    New session and room codes are created (CONTRACT.md §3) unless `new_codes_checked` is
    False: then a file that would create any writes nothing and says so in the report.
    """
    snapshot = current_snapshot()
    if snapshot is None:
        raise ServiceError("Bank soal belum dipublikasikan: jalankan `bank publish` dahulu.")
    known_tests = {test.code for test in snapshot.tests}
    parsed = parse_roster(table, today or clock.now().date(), known_tests)
    report = ImportReport(errors=list(parsed.errors), warnings=list(parsed.warnings))
    event = ensure_event()
    report.new_codes, lookalikes = new_codes(parsed, event)
    report.warnings = sorted(report.warnings + lookalikes, key=lambda w: w.row)
    report.errors += seat_clashes(parsed, event)
    existing = {
        c.nip: c
        for c in db.session.scalars(select(Candidate).where(Candidate.event_id == event.id))
    }
    started = _started_candidate_ids(event.id)
    closed = set(
        db.session.scalars(
            select(ExamSession.code).where(
                ExamSession.event_id == event.id, ExamSession.status == SessionStatus.CLOSED
            )
        )
    )
    for row in parsed.rows:
        _check_row(report, row, existing.get(row.nip), started, closed, parsed.label)
    report.errors.sort(key=lambda e: (e.row, e.column or ""))
    if report.errors or dry_run:
        return report
    if report.new_codes and not new_codes_checked:
        report.codes_unchecked = True
        return report
    vault = pin_vault()
    for row in parsed.rows:
        _apply_row(event, existing.get(row.nip), row, vault)
    report.written = True
    audit.record(
        actor,
        "roster.import",
        details={
            "created": report.created,
            "updated": report.updated,
            "rows": len(parsed.rows),
            "new_codes": [f"{code.noun} {code.code}" for code in report.new_codes],
        },
    )
    return report


def _check_row(
    report: ImportReport,
    row,
    candidate: Candidate | None,
    started: set[int],
    closed: set[str],
    label: Callable[[str], str],
) -> None:
    """Count the row as new, updated or unchanged, or report why it cannot be applied."""
    if candidate is not None and not _differs(candidate, row):
        report.unchanged += 1
        return
    if candidate is not None and candidate.id in started:
        report.errors.append(
            RowError(
                row.row,
                label("nip"),
                f"peserta {row.nip} sudah mulai ujian; data dan tempatnya tidak dapat diubah",
            )
        )
        return
    if row.session in closed:
        report.errors.append(
            RowError(row.row, label("session"), f"sesi {row.session} sudah ditutup")
        )
        return
    if candidate is None:
        report.created += 1
    else:
        report.updated += 1


def _started_candidate_ids(event_id: int) -> set[int]:
    rows = db.session.scalars(
        select(Attempt.candidate_id)
        .join(Candidate, Candidate.id == Attempt.candidate_id)
        .where(Candidate.event_id == event_id, Attempt.status != AttemptStatus.READY)
    )
    return set(rows)


def _differs(candidate: Candidate, row) -> bool:
    current = (
        candidate.name,
        candidate.position,
        candidate.position_code,
        candidate.unit,
        candidate.session.code,
        candidate.room.code,
        candidate.seat,
        tuple(r.test_code for r in candidate.registrations),
    )
    wanted = (
        row.name,
        row.position,
        row.position_code,
        row.unit or "",
        row.session,
        row.room,
        row.seat or "",
        tuple(row.tests),
    )
    changed_pin = row.pin is not None and not pin_vault().verify(
        row.nip, row.pin, candidate.pin_mac
    )
    return current != wanted or changed_pin


def _apply_row(event, candidate: Candidate | None, row, vault: PinVault) -> None:
    session = ensure_session(event, row.session)
    room = ensure_room(event, row.room)
    if candidate is None:
        pin = row.pin or generate_pin()
        candidate = Candidate(
            event_id=event.id,
            nip=row.nip,
            pin_mac=vault.mac(row.nip, pin),
            pin_sealed=vault.seal(pin),
        )
        db.session.add(candidate)
    elif row.pin is not None:
        candidate.pin_mac, candidate.pin_sealed = vault.mac(row.nip, row.pin), vault.seal(row.pin)
    candidate.name, candidate.position = row.name, row.position
    candidate.position_code, candidate.unit = row.position_code, row.unit or ""
    candidate.session_id, candidate.room_id = session.id, room.id
    candidate.seat = row.seat or ""
    candidate.roster_row = row.row
    candidate.updated_at = clock.now()
    db.session.flush()
    _set_registrations(candidate, row.tests)


def _set_registrations(candidate: Candidate, tests: tuple[str, ...]) -> None:
    current = [r.test_code for r in candidate.registrations]
    if current == list(tests):
        return
    for registration in list(candidate.registrations):
        db.session.delete(registration)
    db.session.flush()  # free the (candidate, position) slots before re-adding
    db.session.expire(candidate, ["registrations"])
    for position, code in enumerate(tests, start=1):
        db.session.add(Registration(candidate_id=candidate.id, test_code=code, position=position))
    db.session.flush()
