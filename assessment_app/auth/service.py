"""Checking staff credentials, with a rate limit in Redis."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import lru_cache

from flask import current_app
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from assessment_app.extensions import db
from assessment_app.models import User


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Return a hash of a random password: checking it costs as much as a real check, so a
    wrong username takes as long as a wrong password."""
    return generate_password_hash(secrets.token_hex(16))


class LoginRefused(Exception):
    """Raised when a staff login must be refused; `limited` tells a rate limit apart."""

    def __init__(self, message: str, limited: bool = False):
        super().__init__(message)
        self.limited = limited


@dataclass(frozen=True)
class _Limits:
    per_user: int
    per_address: int
    window: int


def _limits() -> _Limits:
    per_user = current_app.config["STAFF_LOGIN_LIMIT"]
    return _Limits(per_user, per_user * 5, current_app.config["STAFF_LOGIN_WINDOW_SECONDS"])


def authenticate_staff(username: str, password: str, address: str) -> User:
    """Return the user for these credentials or raise LoginRefused."""
    store = current_app.extensions["store"]
    limits = _limits()
    username = username.strip().lower()
    if (
        store.limit_count("staff-user", username) >= limits.per_user
        or store.limit_count("staff-addr", address) >= limits.per_address
    ):
        raise LoginRefused("Terlalu banyak percobaan masuk. Coba lagi beberapa menit lagi.", True)
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        check_password_hash(_dummy_hash(), password)
    if user is None or not user.check_password(password) or not user.active:
        store.limit_hit("staff-user", username, limits.window)
        store.limit_hit("staff-addr", address, limits.window)
        raise LoginRefused("Nama pengguna atau kata sandi salah.")
    store.limit_reset("staff-user", username)
    return user
