"""The assessment event: its sessions, rooms, proctor assignments, outages and incidents."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assessment_app import clock
from assessment_app.extensions import db
from assessment_app.models.types import UTCDateTime, str_enum


class Event(db.Model):
    """One assessment wave (e.g. the first wave of talent management)."""

    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    sessions: Mapped[list[ExamSession]] = relationship(
        back_populates="event", order_by="ExamSession.code"
    )
    rooms: Mapped[list[Room]] = relationship(back_populates="event", order_by="Room.code")


class SessionStatus(enum.StrEnum):
    """Where a session stands; candidates log in only while it is open."""

    PLANNED = "planned"
    OPEN = "open"
    CLOSED = "closed"


class ExamSession(db.Model):
    """A sitting (sesi): a time slot in which candidates of several rooms take their tests."""

    __tablename__ = "exam_session"
    __table_args__ = (UniqueConstraint("event_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200), default="")
    planned_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    planned_end: Mapped[datetime | None] = mapped_column(UTCDateTime)
    late_entry_minutes: Mapped[int] = mapped_column(Integer, default=30)
    status: Mapped[SessionStatus] = mapped_column(
        str_enum(SessionStatus), default=SessionStatus.PLANNED
    )
    token: Mapped[str | None] = mapped_column(String(6))
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    snapshot_id: Mapped[int | None] = mapped_column(ForeignKey("bank_snapshot.id"))

    event: Mapped[Event] = relationship(back_populates="sessions")
    outages: Mapped[list[Outage]] = relationship(
        back_populates="session", order_by="Outage.starts_at"
    )

    @property
    def is_open(self) -> bool:
        return self.status is SessionStatus.OPEN


class Room(db.Model):
    """An exam room (ruang ujian) with its seats."""

    __tablename__ = "room"
    __table_args__ = (UniqueConstraint("event_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200), default="")
    capacity: Mapped[int | None] = mapped_column(Integer)

    event: Mapped[Event] = relationship(back_populates="rooms")


class ProctorAssignment(db.Model):
    """A proctor watches a room, in every session held there."""

    __tablename__ = "proctor_assignment"
    __table_args__ = (UniqueConstraint("user_id", "room_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id"), index=True)

    user: Mapped[User] = relationship(back_populates="assignments")  # noqa: F821
    room: Mapped[Room] = relationship()


class Outage(db.Model):
    """A window in which a whole session could not work; it counts as paused time."""

    __tablename__ = "outage"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("exam_session.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    session: Mapped[ExamSession] = relationship(back_populates="outages")


class Incident(db.Model):
    """Something a proctor wrote down during a session (for the berita acara)."""

    __tablename__ = "incident"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("exam_session.id"), index=True)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("room.id"))
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("candidate.id"))
    category: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
