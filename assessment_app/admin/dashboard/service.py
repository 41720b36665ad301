"""The numbers behind the admin's sessions page and live dashboard (read-only).

The live counts come from `proctor.live.room_live`, the very state the proctor's room view
shows, one count per seat status of `vocabulary.statuses`, so the admin and the proctors never
disagree about a seat. "Hadir" is every seat that is not `belum_hadir`.
"""

from __future__ import annotations

from sqlalchemy import func, select

from assessment_app import clock
from assessment_app.extensions import db
from assessment_app.models import Candidate, Event, ExamSession, Room
from assessment_app.proctor.live import LIVE_UNAVAILABLE, room_live
from assessment_app.vocabulary.statuses import STATUSES

COUNT_KEYS = ("registered", "present", *STATUSES)


def session_rooms(event: Event) -> dict[int, list[dict]]:
    """Return, per session id, its rooms (code order) with their number of candidates."""
    rows = db.session.execute(
        select(Candidate.session_id, Room.code, Room.name, func.count())
        .join(Room, Room.id == Candidate.room_id)
        .where(Candidate.event_id == event.id)
        .group_by(Candidate.session_id, Room.code, Room.name)
        .order_by(Room.code)
    )
    rooms: dict[int, list[dict]] = {}
    for session_id, code, name, count in rows:
        rooms.setdefault(session_id, []).append({"code": code, "name": name, "candidates": count})
    return rooms


def dashboard(event: Event | None) -> dict:
    """Return every session of the event with its rooms' live counts and answer progress."""
    now = clock.now()
    if event is None:
        return {"server_time": clock.iso_z(now), "live_notice": None, "sessions": []}
    sessions = [_session(session, _rooms_of(session)) for session in event.sessions]
    degraded = any(room["live_degraded"] for s in sessions for room in s["rooms"])
    return {
        "server_time": clock.iso_z(now),
        "live_notice": LIVE_UNAVAILABLE if degraded else None,
        "sessions": sessions,
    }


def _rooms_of(session: ExamSession) -> list[Room]:
    ids = select(Candidate.room_id).where(Candidate.session_id == session.id).distinct()
    return list(db.session.scalars(select(Room).where(Room.id.in_(ids)).order_by(Room.code)))


def _session(session: ExamSession, rooms: list[Room]) -> dict:
    room_rows = [_room(room, session) for room in rooms]
    totals = {key: sum(r["counts"][key] for r in room_rows) for key in COUNT_KEYS}
    answered = sum(r["answered"] for r in room_rows)
    total = sum(r["total"] for r in room_rows)
    return {
        "code": session.code,
        "title": session.title,
        "status": session.status.value,
        "token": session.token if session.is_open else None,
        "counts": totals,
        "answered": answered,
        "total": total,
        "percent": _percent(answered, total),
        "rooms": room_rows,
    }


def _room(room: Room, session: ExamSession) -> dict:
    live = room_live(room, session)
    counts = live["counts"]
    attempts = [seat["attempt"] for seat in live["seats"] if seat["attempt"]]
    answered = sum(a["answered"] for a in attempts)
    total = sum(a["total"] for a in attempts)
    return {
        "code": room.code,
        "name": room.name,
        "counts": {
            "registered": len(live["seats"]),
            "present": len(live["seats"]) - counts["belum_hadir"],
            **counts,
        },
        "answered": answered,
        "total": total,
        "percent": _percent(answered, total),
        "live_degraded": live["live_notice"] is not None,
    }


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0
