"""The audit log: who did what, when, from where, and why."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from assessment_app import clock
from assessment_app.extensions import db
from assessment_app.models.types import UTCDateTime


class AuditEntry(db.Model):
    """One recorded action. Written in the same transaction as the change it records."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, index=True)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(64), index=True)
    target: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    address: Mapped[str] = mapped_column(String(64), default="")
    # The tamper-evident chain (assessment_app.audit.chain): the entry's place in the chain
    # and a keyed hash of its content and the previous entry's hash. Both are set when the
    # transaction that writes the entry commits; None only until then.
    seq: Mapped[int | None] = mapped_column(Integer, unique=True)
    chain_hash: Mapped[str | None] = mapped_column(String(64))


class LoginThrottle(db.Model):
    """Failed logins per subject (a NIP, a username, an address) while Redis cannot count.

    The rate limiter counts in Redis; when Redis is unreachable it counts here instead, so a
    limit never fails open (assessment_app.security.throttle).
    """

    __tablename__ = "login_throttle"

    scope: Mapped[str] = mapped_column(String(32), primary_key=True)
    subject: Mapped[str] = mapped_column(String(128), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
