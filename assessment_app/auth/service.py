"""Checking staff credentials, each try counted by the login rate limiter."""

from __future__ import annotations

import secrets
from functools import lru_cache

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from assessment_app.exceptions import Refused
from assessment_app.extensions import db
from assessment_app.models import User
from assessment_app.security import throttle


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Return a hash of a random password: checking it costs as much as a real check, so a
    wrong username takes as long as a wrong password."""
    return generate_password_hash(secrets.token_hex(16))


WRONG_CREDENTIALS = "wrong_credentials"  # 401; every other refusal of a login is a limit (429)


def authenticate_staff(username: str, password: str, address: str) -> User:
    """Return the user for these credentials, or refuse the login.

    Every try is counted (assessment_app.security.throttle) before the password is checked; a right
    password takes its try back and clears the username's count. Refuses with 401
    `wrong_credentials`, or 429 `rate_limited` past the limit (`limiter_unavailable` when no
    try can be counted: the login page answers 429 then too).
    """
    username = username.strip().lower()
    user_rule, address_rule = throttle.staff_rules()
    try:
        charges = [throttle.charge(user_rule, username), throttle.charge(address_rule, address)]
    except Refused as exc:
        if exc.code != throttle.UNAVAILABLE:
            raise
        raise Refused(429, exc.code, exc.message) from None
    if any(charge.over for charge in charges):
        raise Refused(
            429, "rate_limited", "Terlalu banyak percobaan masuk. Coba lagi beberapa menit lagi."
        )
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        check_password_hash(_dummy_hash(), password)
    if user is None or not user.check_password(password) or not user.active:
        raise Refused(401, WRONG_CREDENTIALS, "Nama pengguna atau kata sandi salah.")
    throttle.refund(charges[1])
    throttle.unlock_staff(username)
    return user
