"""Candidates (peserta), their seats and their registrations for tests."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assessment_app import clock
from assessment_app.extensions import db
from assessment_app.models.event import ExamSession, Room
from assessment_app.models.types import UTCDateTime


class Candidate(db.Model):
    """A civil servant with a seat in one session and room, identified by NIP."""

    __tablename__ = "candidate"
    __table_args__ = (UniqueConstraint("event_id", "nip"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    nip: Mapped[str] = mapped_column(String(18))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(200))
    position_code: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(200), default="")
    session_id: Mapped[int] = mapped_column(ForeignKey("exam_session.id"), index=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id"), index=True)
    seat: Mapped[str] = mapped_column(String(32), default="")
    pin_mac: Mapped[str] = mapped_column(String(64))
    pin_sealed: Mapped[str] = mapped_column(String(255))
    device_id: Mapped[str | None] = mapped_column(String(64))
    login_version: Mapped[int] = mapped_column(Integer, default=1)
    roster_row: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    session: Mapped[ExamSession] = relationship()
    room: Mapped[Room] = relationship()
    registrations: Mapped[list[Registration]] = relationship(
        back_populates="candidate", order_by="Registration.position", cascade="all, delete-orphan"
    )


class Registration(db.Model):
    """A test a candidate sits, at a place in the candidate's order of tests."""

    __tablename__ = "registration"
    __table_args__ = (
        UniqueConstraint("candidate_id", "test_code"),
        UniqueConstraint("candidate_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id"), index=True)
    test_code: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer)

    candidate: Mapped[Candidate] = relationship(back_populates="registrations")
