"""Edit a session's schedule (planned start and end, late-entry limit), audited."""

from __future__ import annotations

from datetime import datetime

from assessment_app import audit
from assessment_app.events.service import get_session
from assessment_app.exceptions import conflict, invalid
from assessment_app.models import ExamSession, SessionStatus

MAX_LATE_ENTRY_MINUTES = 600


def set_schedule(
    code: str,
    *,
    planned_start: datetime | None,
    planned_end: datetime | None,
    late_entry_minutes: int,
    actor: str,
) -> ExamSession:
    """Change the schedule of a session that is not closed yet.

    Times must be aware (they are stored in UTC). Refuses (409 `session_closed`) a
    closed session and (422 `invalid_schedule`) values that do not fit together.
    """
    session = get_session(code)
    if session.status is SessionStatus.CLOSED:
        raise conflict(
            f"Sesi {session.code} sudah ditutup; jadwalnya tidak dapat diubah.",
            code="session_closed",
        )
    for value in (planned_start, planned_end):
        if value is not None and value.tzinfo is None:
            raise invalid("Waktu jadwal harus menyertakan zona waktu.", code="invalid_schedule")
    if planned_start and planned_end and planned_end <= planned_start:
        raise invalid("Waktu selesai harus setelah waktu mulai.", code="invalid_schedule")
    if not 0 <= late_entry_minutes <= MAX_LATE_ENTRY_MINUTES:
        raise invalid(
            f"Batas terlambat harus antara 0 dan {MAX_LATE_ENTRY_MINUTES} menit.",
            code="invalid_schedule",
        )
    before = _schedule(session)
    session.planned_start, session.planned_end = planned_start, planned_end
    session.late_entry_minutes = late_entry_minutes
    change = {"before": before, "after": _schedule(session)}
    audit.record(actor, "session.schedule", target=f"session:{session.code}", details=change)
    return session


def _schedule(session: ExamSession) -> dict:
    return {
        "planned_start": session.planned_start.isoformat() if session.planned_start else None,
        "planned_end": session.planned_end.isoformat() if session.planned_end else None,
        "late_entry_minutes": session.late_entry_minutes,
    }
