"""Writes on the event: sessions, rooms, opening and closing, outage windows."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, select

from assessment_app import audit, clock
from assessment_app.attempts.lifecycle import RUNNING, apply_outage, finish_attempt
from assessment_app.attempts.signals import signal_session
from assessment_app.exceptions import Refused, conflict, invalid, not_found
from assessment_app.extensions import db
from assessment_app.formatting import local_time
from assessment_app.models import (
    Attempt,
    Candidate,
    Event,
    ExamSession,
    FinishReason,
    Outage,
    Room,
    SessionStatus,
)
from assessment_app.security import generate_token
from assessment_app.snapshots.service import published_snapshot

DEFAULT_EVENT_NAME = "Asesmen Kompetensi ASN"


def current_event() -> Event | None:
    """Return the newest event, or None before anything was imported."""
    return db.session.scalar(select(Event).order_by(Event.id.desc()).limit(1))


def ensure_event(name: str = DEFAULT_EVENT_NAME) -> Event:
    """Return the current event, creating it on first use."""
    event = current_event()
    if event is None:
        event = Event(name=name)
        db.session.add(event)
        db.session.flush()
    return event


def ensure_session(event: Event, code: str) -> ExamSession:
    """Return the session with this code, creating it (planned) if new."""
    found = db.session.scalar(
        select(ExamSession).where(ExamSession.event_id == event.id, ExamSession.code == code)
    )
    if found is None:
        found = ExamSession(event_id=event.id, code=code, title=f"Sesi {code}")
        db.session.add(found)
        db.session.flush()
    return found


def ensure_room(event: Event, code: str) -> Room:
    """Return the room with this code, creating it if new."""
    found = db.session.scalar(select(Room).where(Room.event_id == event.id, Room.code == code))
    if found is None:
        found = Room(event_id=event.id, code=code, name=f"Ruang {code}")
        db.session.add(found)
        db.session.flush()
    return found


def get_session(code: str) -> ExamSession:
    """Return the current event's session by code (case-insensitive) or refuse (404 `not_found`)."""
    event = current_event()
    session = None
    if event is not None:
        session = db.session.scalar(
            select(ExamSession).where(
                ExamSession.event_id == event.id, ExamSession.code == code.strip().upper()
            )
        )
    if session is None:
        raise not_found(f"Sesi {code!r} tidak ditemukan.")
    return session


def open_session(code: str, actor: str) -> ExamSession:
    """Release the session token (idempotent: an open session keeps its token)."""
    session = get_session(code)
    if session.status is SessionStatus.OPEN:
        return session
    if session.status is SessionStatus.CLOSED:
        raise conflict(
            f"Sesi {session.code} sudah ditutup dan tidak dapat dibuka lagi.", code="session_closed"
        )
    snapshot = published_snapshot()
    session.status = SessionStatus.OPEN
    session.token = generate_token()
    session.opened_at = clock.now()
    session.snapshot_id = snapshot.id
    audit.record(
        actor,
        "session.open",
        target=f"session:{session.code}",
        details={"snapshot": snapshot.version_hash},
    )
    return session


def running_attempts(session: ExamSession) -> list[Attempt]:
    """Return the attempts of the session that are in progress or paused."""
    return list(
        db.session.scalars(
            select(Attempt)
            .join(Candidate, Candidate.id == Attempt.candidate_id)
            .where(Candidate.session_id == session.id, Attempt.status.in_(RUNNING))
        )
    )


def close_session(code: str, actor: str, *, force: bool = False, reason: str = "") -> int:
    """Close a session; with force, finish its running attempts. Return how many."""
    session = get_session(code)
    if session.status is SessionStatus.CLOSED:
        return 0
    running = running_attempts(session)
    if running and not force:
        raise conflict(
            f"Sesi {session.code} masih memiliki {len(running)} peserta yang sedang "
            "mengerjakan; tutup paksa untuk menyelesaikan ujian mereka.",
            code="attempts_running",
        )
    now = clock.now()
    for attempt in running:
        finish_attempt(attempt, reason=FinishReason.SESSION_CLOSED)
    session.status = SessionStatus.CLOSED
    session.closed_at = now
    signal_session(session.id)  # open pages show "sesi ditutup" within seconds
    audit.record(
        actor,
        "session.close",
        target=f"session:{session.code}",
        reason=reason,
        details={"forced": force, "finished_attempts": [a.id for a in running]},
    )
    return len(running)


def _shown(moment: datetime) -> str:
    """A time as people read it in messages: dd/mm/yyyy HH:MM WITA."""
    return local_time(moment, ZoneInfo(current_app.config["TIMEZONE"]))


def _bad_outage(message: str) -> Refused:
    return invalid(message, code="invalid_outage")


def record_outage(
    code: str, starts_at: datetime, ends_at: datetime, reason: str, actor: str
) -> tuple[Outage, list[int]]:
    """Record a window in which the whole session could not work; it becomes paused time.

    Return the outage and the ids of the attempts that got time back.
    """
    session = get_session(code)
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise _bad_outage(
            "Waktu gangguan harus menyertakan zona waktu (mis. 2026-11-28T09:00+08:00)."
        )
    if ends_at <= starts_at:
        raise _bad_outage("Akhir gangguan harus setelah awalnya.")
    if ends_at > clock.now():
        raise _bad_outage("Akhir gangguan tidak boleh di masa depan.")
    if not reason.strip():
        raise _bad_outage("Alasan gangguan wajib diisi.")
    for other in session.outages:
        if other.starts_at < ends_at and starts_at < other.ends_at:
            raise _bad_outage(
                "Gangguan ini tumpang tindih dengan gangguan yang sudah dicatat "
                f"({_shown(other.starts_at)} - {_shown(other.ends_at)})."
            )
    outage = Outage(
        session_id=session.id,
        starts_at=starts_at,
        ends_at=ends_at,
        reason=reason.strip(),
        recorded_by=actor,
    )
    db.session.add(outage)
    changed = apply_outage(session.id, starts_at, ends_at)
    audit.record(
        actor,
        "session.outage",
        target=f"session:{session.code}",
        reason=reason,
        details={"from": starts_at.isoformat(), "to": ends_at.isoformat(), "attempts": changed},
    )
    return outage, changed


def session_counts(event: Event) -> dict[int, int]:
    """Return the number of registered candidates per session id."""
    rows = db.session.execute(
        select(Candidate.session_id, func.count())
        .where(Candidate.event_id == event.id)
        .group_by(Candidate.session_id)
    )
    return dict(rows.all())
