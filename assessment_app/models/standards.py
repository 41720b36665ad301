"""Standard setting: a panel of assessors that sets a test's level cut points (bookmark, Angoff).

A panel belongs to an event and one test. Its ``booklet`` is frozen when the panel is
created (the calibration and ordered item booklet, or the Angoff item list), so every round
judges the same material even while more attempts finish. Panelists judge in numbered
rounds that a facilitator (an admin) opens and closes; closing a round keeps its cuts and
impact (``PanelRound.summary``). Adopting the panel's cuts is a scoring correction
(``ScoringOverride.panel_id`` points back here).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assessment_app import clock
from assessment_app.extensions import db
from assessment_app.models.types import UTCDateTime, str_enum


class PanelMethod(enum.StrEnum):
    """How a panel turns judgements into cut points."""

    BOOKMARK = "bookmark"
    ANGOFF = "angoff"


class StandardPanel(db.Model):
    """A standard-setting panel for one test of one event."""

    __tablename__ = "standard_panel"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("bank_snapshot.id"))
    test_code: Mapped[str] = mapped_column(String(32))
    method: Mapped[PanelMethod] = mapped_column(str_enum(PanelMethod))
    title: Mapped[str] = mapped_column(String(200), default="")
    # The material judged, frozen at creation (JSON; see standards.booklet).
    booklet: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)
    round_number: Mapped[int] = mapped_column(Integer, default=0)  # the latest round, 0 = none
    round_open: Mapped[bool] = mapped_column(default=False)
    adopted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    adopted_by: Mapped[str | None] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    panelists: Mapped[list[Panelist]] = relationship(
        back_populates="panel", cascade="all, delete-orphan", order_by="Panelist.position"
    )
    rounds: Mapped[list[PanelRound]] = relationship(
        back_populates="panel", cascade="all, delete-orphan", order_by="PanelRound.number"
    )


class Panelist(db.Model):
    """A staff account sitting on a panel, shown to the others only as its label (P1, P2...)."""

    __tablename__ = "panelist"
    __table_args__ = (
        UniqueConstraint("panel_id", "user_id"),
        UniqueConstraint("panel_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("standard_panel.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # 1, 2, ...: the label P<position>

    panel: Mapped[StandardPanel] = relationship(back_populates="panelists")

    @property
    def label(self) -> str:
        """Return the anonymous label the panel sees: P1, P2, ..."""
        return f"P{self.position}"


class PanelRound(db.Model):
    """One round of judgements: who opened and closed it, and what it gave when closed."""

    __tablename__ = "panel_round"
    __table_args__ = (UniqueConstraint("panel_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("standard_panel.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    opened_by: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    closed_by: Mapped[str | None] = mapped_column(String(64))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Cuts, their standard errors and the impact, computed when the round closed (JSON).
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    panel: Mapped[StandardPanel] = relationship(back_populates="rounds")


class PanelJudgement(db.Model):
    """One panelist's judgement in one round, for one competency and level boundary.

    Bookmark: ``item_id`` is empty and ``value`` the number of booklet pages a borderline
    candidate masters (the bookmark sits on the next page). Angoff: one row per item, with
    ``value`` the expected option score (sjt) or probability of a correct answer (mcq) of a
    borderline candidate.
    """

    __tablename__ = "panel_judgement"
    __table_args__ = (
        UniqueConstraint("panelist_id", "round", "competency", "boundary", "item_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("standard_panel.id"), index=True)
    panelist_id: Mapped[int] = mapped_column(ForeignKey("panelist.id"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    competency: Mapped[str] = mapped_column(String(16))
    boundary: Mapped[int] = mapped_column(Integer)  # the level reached: 2, 3, 4 or 5
    item_id: Mapped[str] = mapped_column(String(40), default="")
    value: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
