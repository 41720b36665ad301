"""Import the roster all-or-nothing (the login cards are in roster.cards)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from assessment_app import audit, clock
from assessment_app.events.service import ensure_event, ensure_room, ensure_session
from assessment_app.extensions import db
from assessment_app.imports.changes import RowChange, record_change, row_change
from assessment_app.imports.placement import new_codes, seat_clashes
from assessment_app.imports.report import ImportReport
from assessment_app.models import (
    Attempt,
    AttemptStatus,
    Candidate,
    ExamSession,
    Registration,
    SessionStatus,
)
from assessment_app.security import PinVault, generate_pin, pin_vault
from assessment_app.snapshots.service import published_snapshot
from assessment_app.tabular import RosterRow, RowError, Table, parse_roster


class RosterConflict(Exception):
    """A row that cannot be applied after all (a candidate started meanwhile)."""

    def __init__(self, error: RowError) -> None:
        super().__init__(str(error))
        self.error = error


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
    snapshot = published_snapshot()
    known_tests = {test.code for test in snapshot.tests}
    parsed = parse_roster(table, today or clock.now().date(), known_tests)
    report = ImportReport.of(table, parsed)
    event = ensure_event()
    report.new_codes, lookalikes = new_codes(parsed, event)
    report.warnings = sorted(report.warnings + lookalikes, key=lambda w: w.row)
    report.errors += seat_clashes(parsed, event)
    existing = _candidates(event.id)
    started, closed = _started_candidate_ids(event.id), _closed_sessions(event.id)
    vault = pin_vault()
    changes = {row.nip: row_change(existing.get(row.nip), row, vault) for row in parsed.rows}
    for row in parsed.rows:
        _check_row(
            report, row, existing.get(row.nip), changes[row.nip], started, closed, parsed.label
        )
    report.errors.sort(key=lambda e: (e.row, e.column or ""))
    if report.errors or dry_run:
        return report
    if report.new_codes and not new_codes_checked:
        report.codes_unchecked = True
        return report
    try:
        _write(event, parsed, existing, changes, vault)
    except RosterConflict as conflict:
        report.errors.append(conflict.error)  # the caller rolls back: nothing half-written
        return report
    report.written = True
    _record(actor, report, parsed, changes)
    return report


def _record(actor: str, report: ImportReport, parsed, changes: dict[str, RowChange]) -> None:
    """Audit each created or changed candidate, then the import as a whole."""
    for row in parsed.rows:
        if changes[row.nip]:
            record_change(actor, row, changes[row.nip])
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


def _candidates(event_id: int) -> dict[str, Candidate]:
    """Return the event's candidates by NIP, with what a comparison reads loaded up front."""
    query = (
        select(Candidate)
        .where(Candidate.event_id == event_id)
        .options(
            selectinload(Candidate.registrations),
            selectinload(Candidate.session),
            selectinload(Candidate.room),
        )
    )
    return {c.nip: c for c in db.session.scalars(query)}


def _check_row(
    report: ImportReport,
    row: RosterRow,
    candidate: Candidate | None,
    change: RowChange,
    started: set[int],
    closed: set[str],
    label: Callable[[str], str],
) -> None:
    """Count the row as new, updated or unchanged, or report why it cannot be applied."""
    if candidate is not None and not change:
        report.unchanged += 1
        return
    if candidate is not None and candidate.id in started:
        report.errors.append(_started_error(row, label))
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


def _closed_sessions(event_id: int) -> set[str]:
    query = select(ExamSession.code).where(
        ExamSession.event_id == event_id, ExamSession.status == SessionStatus.CLOSED
    )
    return set(db.session.scalars(query))


def _started_candidate_ids(event_id: int) -> set[int]:
    rows = db.session.scalars(
        select(Attempt.candidate_id)
        .join(Candidate, Candidate.id == Attempt.candidate_id)
        .where(Candidate.event_id == event_id, Attempt.status != AttemptStatus.READY)
    )
    return set(rows)


def _started_error(row: RosterRow, label: Callable[[str], str]) -> RowError:
    return RowError(
        row.row,
        label("nip"),
        f"peserta {row.nip} sudah mulai ujian; data dan tempatnya tidak dapat diubah",
    )


def _write(event, parsed, existing: dict[str, Candidate], changes, vault: PinVault) -> None:
    """Apply every row; an unchanged candidate keeps its row (and is not written at all)."""
    places: dict[tuple[str, str], object] = {}

    def place(kind: str, code: str):
        if (kind, code) not in places:
            ensure = ensure_session if kind == "session" else ensure_room
            places[kind, code] = ensure(event, code)
        return places[kind, code]

    for row in parsed.rows:
        candidate, change = existing.get(row.nip), changes[row.nip]
        if candidate is not None and not change:
            candidate.roster_row = row.row
            continue
        session, room = place("session", row.session), place("room", row.room)
        _apply_row(event, candidate, row, change, vault, parsed.label, (session.id, room.id))
    db.session.flush()


def _apply_row(
    event,
    candidate: Candidate | None,
    row: RosterRow,
    change: RowChange,
    vault: PinVault,
    label: Callable[[str], str],
    place: tuple[int, int],
) -> None:
    if candidate is None:
        candidate = new_candidate(event.id, row.nip, row.pin or generate_pin(), row.tests, vault)
    else:
        if change.moves:
            _drop_unstarted_attempts(candidate, row, label)
        if row.pin is not None:
            candidate.pin_mac = vault.mac(row.nip, row.pin)
            candidate.pin_sealed = vault.seal(row.pin)
        if "tests" in change.fields:
            _set_registrations(candidate, row.tests)
    candidate.name, candidate.position = row.name, row.position
    candidate.position_code, candidate.unit = row.position_code, row.unit or ""
    candidate.session_id, candidate.room_id = place
    candidate.seat = row.seat or ""
    candidate.roster_row = row.row
    candidate.updated_at = clock.now()


def new_candidate(
    event_id: int, nip: str, pin: str, tests: Sequence[str], vault: PinVault, **fields
) -> Candidate:
    """Add a candidate with its PIN kept in the vault and its `tests` registered in order."""
    candidate = Candidate(
        event_id=event_id,
        nip=nip,
        pin_mac=vault.mac(nip, pin),
        pin_sealed=vault.seal(pin),
        registrations=[
            Registration(test_code=code, position=position)
            for position, code in enumerate(tests, start=1)
        ],
        **fields,
    )
    db.session.add(candidate)
    return candidate


def _drop_unstarted_attempts(
    candidate: Candidate, row: RosterRow, label: Callable[[str], str]
) -> None:
    """Delete the `ready` attempts of a candidate whose tests or session change.

    A candidate who logged in but has not started holds `ready` attempts (no answers, no
    items shown yet) drawn for the old tests and session; the next login creates them anew.
    A started attempt is never dropped: the row is refused (a start since the check).
    """
    attempts = db.session.execute(
        select(Attempt.id, Attempt.status).where(Attempt.candidate_id == candidate.id)
    ).all()
    if any(status != AttemptStatus.READY for _, status in attempts):
        raise RosterConflict(_started_error(row, label))
    if attempts:
        db.session.execute(
            delete(Attempt).where(Attempt.id.in_([attempt_id for attempt_id, _ in attempts]))
        )


def _set_registrations(candidate: Candidate, tests: tuple[str, ...]) -> None:
    """Replace a stored candidate's registrations (their unstarted attempts already went)."""
    for registration in list(candidate.registrations):
        db.session.delete(registration)
    db.session.flush()  # free the (candidate, position) slots before re-adding
    db.session.expire(candidate, ["registrations"])
    for position, code in enumerate(tests, start=1):
        db.session.add(Registration(candidate_id=candidate.id, test_code=code, position=position))
    db.session.flush()
