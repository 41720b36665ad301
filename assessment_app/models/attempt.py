"""Attempts (one candidate sitting one test) and their answers."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assessment_app import clock
from assessment_app.extensions import db
from assessment_app.models.types import UTCDateTime, str_enum


class AttemptStatus(enum.StrEnum):
    """The states of an attempt; transitions live in the delivery service."""

    READY = "ready"
    IN_PROGRESS = "in_progress"
    PAUSED = "paused"
    FINISHED = "finished"
    VOIDED = "voided"


class FinishReason(enum.StrEnum):
    """Why a finished attempt ended (`Attempt.finish_reason`; `end_reason` in the API)."""

    CANDIDATE = "candidate"
    DEADLINE = "deadline"
    PROCTOR = "proctor"
    SESSION_CLOSED = "session_closed"  # `session close --force`


class Attempt(db.Model):
    """A candidate's sitting of one registered test, drawn from one bank snapshot.

    The deadline is computed, never counted down: `deadline_at` is kept equal to
    started_at + duration + extensions + paused time (including outage windows) by the
    transition functions of the delivery service, so that a save can check it in SQL.
    """

    __tablename__ = "attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"), unique=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id"), index=True)
    test_code: Mapped[str] = mapped_column(String(32))
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("bank_snapshot.id"))
    status: Mapped[AttemptStatus] = mapped_column(
        str_enum(AttemptStatus), default=AttemptStatus.READY
    )
    seed: Mapped[int] = mapped_column(Integer)
    layout: Mapped[dict[str, Any]] = mapped_column(JSON)
    item_count: Mapped[int] = mapped_column(Integer, default=0)
    # The drawn item ids, comma-joined: the same as layout["items"], kept flat so that scoring
    # a whole event need not decode every layout's JSON.
    item_ids: Mapped[str] = mapped_column(Text, default="")
    duration_ms: Mapped[int] = mapped_column(Integer)
    extension_ms: Mapped[int] = mapped_column(Integer, default=0)
    paused_ms: Mapped[int] = mapped_column(Integer, default=0)
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finish_reason: Mapped[str | None] = mapped_column(String(32))
    void_reason: Mapped[str | None] = mapped_column(Text)

    answers: Mapped[list[Answer]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan"
    )


class Answer(db.Model):
    """The latest acknowledged choice for one item of an attempt (highest seq wins)."""

    __tablename__ = "answer"

    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    choice: Mapped[str | None] = mapped_column(String(1))
    flagged: Mapped[bool] = mapped_column(default=False)
    seq: Mapped[int] = mapped_column(Integer)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    attempt: Mapped[Attempt] = relationship(back_populates="answers")
