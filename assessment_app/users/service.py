"""Create staff accounts and assign proctors to rooms."""

from __future__ import annotations

import re
import secrets

from sqlalchemy import select

from assessment_app import audit
from assessment_app.events.service import current_event, ensure_event, ensure_room
from assessment_app.exceptions import NotFound, ServiceError
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


PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no look-alikes
GENERATED_PASSWORD_LENGTH = 12


def list_users() -> list[User]:
    """Return every staff account, admins first, then by username."""
    users = db.session.scalars(select(User)).all()
    return sorted(users, key=lambda u: (u.role is not Role.ADMIN, u.username))


def get_user(username: str) -> User:
    """Return the account with this username or raise NotFound."""
    user = db.session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise NotFound(f"Akun {username!r} tidak ditemukan.")
    return user


def set_active(username: str, active: bool, *, actor: str) -> User:
    """Enable or disable an account; disabling ends its open sessions at once.

    Raises ServiceError when an admin tries to disable their own account.
    """
    user = get_user(username)
    if not active and user.username == actor:
        raise ServiceError("Anda tidak dapat menonaktifkan akun Anda sendiri.")
    if user.active == active:
        return user
    user.active = active
    if not active:
        # The login cookie carries the credential version: bumping it ends every session.
        user.credential_version = (user.credential_version or 0) + 1
    audit.record(actor, "user.enable" if active else "user.disable", target=f"user:{user.username}")
    db.session.flush()
    return user


def generate_password(length: int = GENERATED_PASSWORD_LENGTH) -> str:
    """Return a random password without look-alike characters."""
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))


def reset_password(username: str, password: str | None, *, actor: str) -> str:
    """Set a new password (generated when None or empty) and return it.

    The account's other sessions end (`User.set_password` bumps the credential version).
    """
    user = get_user(username)
    generated = not password
    password = password or generate_password()
    if len(password) < MIN_PASSWORD:
        raise ServiceError(f"Kata sandi minimal {MIN_PASSWORD} karakter.")
    user.set_password(password)
    audit.record(
        actor,
        "user.reset_password",
        target=f"user:{user.username}",
        details={"generated": generated},
    )
    db.session.flush()
    return password


def room_codes_of(user: User) -> list[str]:
    """Return the codes of the rooms a proctor watches in every session."""
    return sorted(a.room.code for a in user.assignments if a.session_id is None)


def set_rooms(username: str, room_codes: list[str], *, actor: str) -> User:
    """Replace a proctor's room assignments with these rooms of the current event."""
    user = get_user(username)
    if user.role is not Role.PROCTOR:
        raise ServiceError("Hanya pengawas yang ditugaskan ke ruang; admin melihat semua ruang.")
    event = current_event()
    rooms = {r.code: r for r in event.rooms} if event is not None else {}
    wanted = sorted({code.strip().upper() for code in room_codes if code.strip()})
    unknown = [code for code in wanted if code not in rooms]
    if unknown:
        raise ServiceError(f"Ruang tidak dikenal: {', '.join(unknown)}.")
    before = room_codes_of(user)
    for assignment in list(user.assignments):
        if assignment.session_id is None and assignment.room.code not in wanted:
            user.assignments.remove(assignment)
    for code in wanted:
        if code not in before:
            user.assignments.append(ProctorAssignment(room_id=rooms[code].id))
    audit.record(
        actor,
        "user.set_rooms",
        target=f"user:{user.username}",
        details={"before": before, "after": wanted},
    )
    db.session.flush()
    return user
