"""Staff accounts: admins, proctors and standard-setting panelists."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from assessment_app import clock
from assessment_app.extensions import db
from assessment_app.models.types import UTCDateTime, str_enum


class Role(enum.StrEnum):
    """What a staff account may do."""

    ADMIN = "admin"
    PROCTOR = "proctor"
    PANELIST = "panelis"  # sits on standard-setting panels; sees only the panel pages


class User(UserMixin, db.Model):
    """A staff member who logs in with a username and password."""

    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(str_enum(Role))
    active: Mapped[bool] = mapped_column(default=True)
    credential_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    assignments: Mapped[list[ProctorAssignment]] = relationship(  # noqa: F821
        back_populates="user", cascade="all, delete-orphan"
    )

    def set_password(self, password: str) -> None:
        """Hash the password slowly and log out every other session of this account."""
        self.password_hash = generate_password_hash(password)
        self.credential_version = (self.credential_version or 0) + 1

    def check_password(self, password: str) -> bool:
        """Return True when the password matches (constant-time comparison inside)."""
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        """Tie the login cookie to the credential so a reset logs out other sessions."""
        return f"staff:{self.id}:{self.credential_version}"

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN
