"""Read-only queries behind the admin pages."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from assessment_app.extensions import db
from assessment_app.formatting import natural_key
from assessment_app.models import Candidate, Event, ExamSession, ProctorAssignment, Room


@dataclass(frozen=True)
class CandidateFilter:
    """What the event page's candidate list is narrowed to."""

    session: str = ""
    room: str = ""
    q: str = ""


def event_candidates(event: Event, flt: CandidateFilter) -> list[Candidate]:
    """Return the event's candidates in session, room, seat order, filtered."""
    query = (
        select(Candidate)
        .join(Candidate.session)
        .join(Candidate.room)
        .where(Candidate.event_id == event.id)
        .options(selectinload(Candidate.registrations))
    )
    if flt.session:
        query = query.where(ExamSession.code == flt.session)
    if flt.room:
        query = query.where(Room.code == flt.room)
    if flt.q:
        like = f"%{flt.q.lower()}%"
        query = query.where(
            db.func.lower(Candidate.name).like(like) | Candidate.nip.like(f"%{flt.q}%")
        )
    rows = db.session.scalars(query).all()
    return sorted(rows, key=lambda c: (c.session.code, c.room.code, natural_key(c.seat), c.name))


def room_overview(event: Event) -> list[dict]:
    """Return each room with its candidates per session and its proctors."""
    rooms = db.session.scalars(select(Room).where(Room.event_id == event.id).order_by(Room.code))
    counts: dict[tuple[int, int], int] = {}
    for room_id, session_id in db.session.execute(
        select(Candidate.room_id, Candidate.session_id).where(Candidate.event_id == event.id)
    ):
        counts[(room_id, session_id)] = counts.get((room_id, session_id), 0) + 1
    proctors: dict[int, list[str]] = {}
    for assignment in db.session.scalars(select(ProctorAssignment)):
        proctors.setdefault(assignment.room_id, []).append(assignment.user.username)
    return [
        {
            "room": room,
            "per_session": {s.code: counts.get((room.id, s.id), 0) for s in event.sessions},
            "proctors": sorted(proctors.get(room.id, [])),
        }
        for room in rooms
    ]
