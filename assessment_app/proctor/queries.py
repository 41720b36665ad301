"""What a proctor may see: only the rooms assigned to them (admins see all)."""

from __future__ import annotations

from sqlalchemy import select

from assessment_app.events.service import current_event
from assessment_app.extensions import db
from assessment_app.models import ProctorAssignment, Room, User


def visible_rooms(user: User) -> list[Room]:
    """Return the rooms of the current event that this user may watch."""
    event = current_event()
    if event is None:
        return []
    query = select(Room).where(Room.event_id == event.id).order_by(Room.code)
    if not user.is_admin:
        query = query.join(ProctorAssignment, ProctorAssignment.room_id == Room.id).where(
            ProctorAssignment.user_id == user.id
        )
    return list(db.session.scalars(query).unique())
