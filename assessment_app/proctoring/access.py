"""Access rules: a proctor reaches only the rooms assigned to them; admins reach all."""

from __future__ import annotations

from sqlalchemy import or_, select

from assessment_app.events.service import current_event
from assessment_app.exceptions import Refused
from assessment_app.extensions import db
from assessment_app.models import Attempt, Candidate, ExamSession, ProctorAssignment, Room, User

FORBIDDEN = "Ruang ini tidak ditugaskan kepada Anda."


def room_and_session(user: User, room_code: str, session_code: str) -> tuple[Room, ExamSession]:
    """Return the room and session if the user may watch them, else refuse with 403.

    A room or session that does not exist is also 403, so codes cannot be probed.
    """
    event = current_event()
    room = session = None
    if event is not None:
        room = db.session.scalar(
            select(Room).where(Room.event_id == event.id, Room.code == room_code.upper())
        )
        session = db.session.scalar(
            select(ExamSession).where(
                ExamSession.event_id == event.id, ExamSession.code == session_code.upper()
            )
        )
    if room is None or session is None or not may_watch(user, room, session):
        raise Refused(403, "forbidden", FORBIDDEN)
    return room, session


def may_watch(user: User, room: Room, session: ExamSession) -> bool:
    """Return True for admins and for proctors assigned to the room (in that session)."""
    if user.is_admin:
        return True
    return (
        db.session.scalar(
            select(ProctorAssignment.id)
            .where(
                ProctorAssignment.user_id == user.id,
                ProctorAssignment.room_id == room.id,
                or_(
                    ProctorAssignment.session_id.is_(None),
                    ProctorAssignment.session_id == session.id,
                ),
            )
            .limit(1)
        )
        is not None
    )


def candidate_for(user: User, candidate_id: int) -> Candidate:
    """Return a candidate the user may act on (403 otherwise, 404 if there is none)."""
    candidate = db.session.get(Candidate, candidate_id)
    if candidate is None:
        raise Refused(404, "not_found", "Peserta tidak ditemukan.")
    if not may_watch(user, candidate.room, candidate.session):
        raise Refused(403, "forbidden", FORBIDDEN)
    return candidate


def attempt_for(user: User, attempt_id: int) -> Attempt:
    """Return an attempt the user may act on (403 otherwise, 404 if there is none)."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None:
        raise Refused(404, "not_found", "Ujian tidak ditemukan.")
    candidate_for(user, attempt.candidate_id)
    return attempt
