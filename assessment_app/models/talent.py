"""Inputs of talent mapping: position standards and SKP performance ratings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assessment_app import clock
from assessment_app.extensions import db
from assessment_app.models.types import UTCDateTime


class PositionStandard(db.Model):
    """The level of one competency that a position requires (Standar Kompetensi Jabatan)."""

    __tablename__ = "position_standard"
    __table_args__ = (UniqueConstraint("position_code", "competency_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    position_code: Mapped[str] = mapped_column(String(200), index=True)
    competency_code: Mapped[str] = mapped_column(String(16))
    required_level: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class PerformanceRating(db.Model):
    """An SKP rating (predikat kinerja) of one person for one year (NULL: year not given)."""

    __tablename__ = "performance_rating"
    __table_args__ = (UniqueConstraint("nip", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nip: Mapped[str] = mapped_column(String(18), index=True)
    year: Mapped[int | None] = mapped_column(Integer)
    predikat: Mapped[str] = mapped_column(String(32))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class ScoringOverride(db.Model):
    """An audited correction of scoring after the event (anulir soal, cut points)."""

    __tablename__ = "scoring_override"

    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int | None] = mapped_column(ForeignKey("bank_snapshot.id"))
    test_code: Mapped[str | None] = mapped_column(String(32))
    item_id: Mapped[str | None] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(32))
    # Cuts: "20,40,60,80" for the whole test, or "INT=25,45,62,81;KS=..." per competency.
    value: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(String(500))
    # The standard-setting panel whose cuts this correction adopted, if any.
    panel_id: Mapped[int | None] = mapped_column(ForeignKey("standard_panel.id"))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class PotentialRating(db.Model):
    """A potential assessed outside this platform (Tinggi/Menengah/Rendah), per NIP and year.

    When a NIP has one, it stands for the potential axis of the 9-box instead of the one
    derived from the JPM category (CONTRACT §6).
    """

    __tablename__ = "potential_rating"
    __table_args__ = (UniqueConstraint("nip", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nip: Mapped[str] = mapped_column(String(18), index=True)
    year: Mapped[int | None] = mapped_column(Integer)
    potential: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(200), default="")
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
