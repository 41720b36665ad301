"""Published, immutable, content-hashed snapshots of the question bank."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assessment_app import clock
from assessment_app.extensions import db
from assessment_app.models.types import UTCDateTime


class BankSnapshot(db.Model):
    """One published version of the bank; attempts are drawn from it and scored by it."""

    __tablename__ = "bank_snapshot"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_hash: Mapped[str] = mapped_column(String(64), unique=True)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    published_by: Mapped[str] = mapped_column(String(64), default="")
    item_count: Mapped[int] = mapped_column(Integer, default=0)

    competencies: Mapped[list[SnapshotCompetency]] = relationship(
        back_populates="snapshot", order_by="SnapshotCompetency.position"
    )
    items: Mapped[list[SnapshotItem]] = relationship(back_populates="snapshot")
    tests: Mapped[list[SnapshotTest]] = relationship(back_populates="snapshot")

    @property
    def short_hash(self) -> str:
        return self.version_hash[:12]


class SnapshotCompetency(db.Model):
    """A competency of a snapshot's dictionary, in competencies.yaml order."""

    __tablename__ = "snapshot_competency"
    __table_args__ = (UniqueConstraint("snapshot_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("bank_snapshot.id"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    group: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer)
    levels: Mapped[dict[str, str]] = mapped_column(JSON)

    snapshot: Mapped[BankSnapshot] = relationship(back_populates="competencies")


class SnapshotItem(db.Model):
    """An item as published; `data` holds the stem, options with scores, and the key."""

    __tablename__ = "snapshot_item"
    __table_args__ = (UniqueConstraint("snapshot_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("bank_snapshot.id"), index=True)
    item_id: Mapped[str] = mapped_column(String(40))
    competency_code: Mapped[str] = mapped_column(String(16))
    type: Mapped[str] = mapped_column(String(8))
    level: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)

    snapshot: Mapped[BankSnapshot] = relationship(back_populates="items")


class SnapshotTest(db.Model):
    """A test definition as published."""

    __tablename__ = "snapshot_test"
    __table_args__ = (UniqueConstraint("snapshot_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("bank_snapshot.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text)
    duration_ms: Mapped[int] = mapped_column(Integer)
    item_count: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)

    snapshot: Mapped[BankSnapshot] = relationship(back_populates="tests")
