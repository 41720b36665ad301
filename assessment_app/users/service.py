"""Create staff accounts and assign proctors to rooms."""

from __future__ import annotations

import re

from sqlalchemy import select

from assessment_app import audit
from assessment_app.events.service import ensure_event, ensure_room
from assessment_app.exceptions import ServiceError
from assessment_app.extensions import db
from assessment_app.models import ProctorAssignment, Role, User

USERNAME = re.compile(r"^[a-z0-9._-]{3,64}$")
MIN_PASSWORD = 8


def create_user(
    role: str,
    username: str,
    password: str,
    *,
    actor: str,
    rooms: list[str] | None = None,
    full_name: str = "",
) -> User:
    """Create an admin or proctor; proctors may be assigned to rooms at once."""
    try:
        role_value = Role(role)
    except ValueError:
        raise ServiceError("Peran harus 'admin' atau 'proctor'.") from None
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise ServiceError("Nama pengguna: 3-64 karakter huruf kecil, angka, titik, - atau _.")
    if len(password) < MIN_PASSWORD:
        raise ServiceError(f"Kata sandi minimal {MIN_PASSWORD} karakter.")
    if db.session.scalar(select(User).where(User.username == username)) is not None:
        raise ServiceError(f"Nama pengguna {username!r} sudah dipakai.")
    user = User(username=username, role=role_value, full_name=full_name)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    if rooms:
        assign_rooms(user, rooms, actor=actor)
    audit.record(actor, "user.create", target=f"user:{username}", details={"role": role})
    return user


def assign_rooms(user: User, room_codes: list[str], *, actor: str) -> None:
    """Let a proctor watch these rooms in every session (rooms are created if new)."""
    event = ensure_event()
    for code in room_codes:
        code = code.strip().upper()
        if not code:
            continue
        room = ensure_room(event, code)
        exists = db.session.scalar(
            select(ProctorAssignment).where(
                ProctorAssignment.user_id == user.id,
                ProctorAssignment.room_id == room.id,
                ProctorAssignment.session_id.is_(None),
            )
        )
        if exists is None:
            db.session.add(ProctorAssignment(user_id=user.id, room_id=room.id))
            audit.record(
                actor, "user.assign_room", target=f"user:{user.username}", details={"room": code}
            )
    db.session.flush()
