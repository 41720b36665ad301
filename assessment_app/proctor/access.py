"""Access rules: a proctor reaches only the rooms assigned to them; admins reach all."""

from __future__ import annotations

from sqlalchemy import select

from assessment_app.events.service import current_event
from assessment_app.exceptions import Refused
from assessment_app.extensions import db
from assessment_app.models import Attempt, Candidate, ExamSession, ProctorAssignment, Room, User

FORBIDDEN = "Ruang ini tidak ditugaskan kepada Anda."
NOT_FOUND = "Ruang atau sesi tidak ditemukan."


def room_and_session(user: User, room_code: str, session_code: str) -> tuple[Room, ExamSession]:
    """Return the room and session if the user may watch them; refuse otherwise.

    An admin asking for a room or session that does not exist gets 404. A proctor gets 403
    for it as for any room not assigned to them, so codes cannot be probed.
    """
    room, session = find_room(room_code), find_session(session_code)
    if room is None or session is None:
        raise refuse_room(user)
    if not may_watch(user, room):
        raise Refused(403, "forbidden", FORBIDDEN)
    return room, session


def visible_rooms(user: User) -> list[Room]:
    """Return the rooms of the current event that this user may watch (see may_watch)."""
    event = current_event()
    if event is None:
        return []
    query = select(Room).where(Room.event_id == event.id).order_by(Room.code)
    if not user.is_admin:
        query = query.join(ProctorAssignment, ProctorAssignment.room_id == Room.id).where(
            ProctorAssignment.user_id == user.id
        )
    return list(db.session.scalars(query).unique())


def find_room(code: str) -> Room | None:
    """Return the current event's room with this code (any case), or None."""
    event = current_event()
    if event is None:
        return None
    return db.session.scalar(
        select(Room).where(Room.event_id == event.id, Room.code == code.upper())
    )


def find_session(code: str) -> ExamSession | None:
    """Return the current event's session with this code (any case), or None."""
    event = current_event()
    if event is None:
        return None
    return db.session.scalar(
        select(ExamSession).where(
            ExamSession.event_id == event.id, ExamSession.code == code.upper()
        )
    )


def refuse_room(user: User) -> Refused:
    """Return the refusal for a room the user cannot see: 404 to an admin, else 403."""
    if user.is_admin:
        return Refused(404, "not_found", NOT_FOUND)
    return Refused(403, "forbidden", FORBIDDEN)


def may_watch(user: User, room: Room) -> bool:
    """Return True for admins and for proctors assigned to the room.

    An assignment is per room, for every session held in it (since migration 0007).
    """
    if user.is_admin:
        return True
    return (
        db.session.scalar(
            select(ProctorAssignment.id)
            .where(
                ProctorAssignment.user_id == user.id,
                ProctorAssignment.room_id == room.id,
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
    if not may_watch(user, candidate.room):
        raise Refused(403, "forbidden", FORBIDDEN)
    return candidate


def attempt_for(user: User, attempt_id: int) -> Attempt:
    """Return an attempt the user may act on (403 otherwise, 404 if there is none)."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None:
        raise Refused(404, "not_found", "Ujian tidak ditemukan.")
    candidate_for(user, attempt.candidate_id)
    return attempt
