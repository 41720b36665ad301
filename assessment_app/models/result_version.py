"""Fixed versions of an event's results ("Tetapkan hasil"): who, when, why and what."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assessment_app import clock
from assessment_app.extensions import db
from assessment_app.models.types import UTCDateTime


class ResultVersion(db.Model):
    """One numbered, signed-off version of the results of an event.

    Results are recomputed from the attempts on every request; a version records what they
    were when an admin fixed them (``rows``, the fields a report prints, and their
    ``content_hash``), so that a later import or correction shows as a draft against it.
    """

    __tablename__ = "result_version"
    __table_args__ = (UniqueConstraint("event_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    content_hash: Mapped[str] = mapped_column(String(64))
    # Loaded only when asked for: a page compares hashes, and reads the rows only to say
    # what changed in a draft.
    rows: Mapped[list[dict[str, Any]]] = mapped_column(JSON, deferred=True)
