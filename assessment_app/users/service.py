"""Create staff accounts and assign proctors to rooms."""

from __future__ import annotations

import re
import secrets

from sqlalchemy import select

from assessment_app import audit
from assessment_app.events.service import current_event, ensure_event, ensure_room
from assessment_app.exceptions import Refused, invalid, not_found
from assessment_app.extensions import db
from assessment_app.models import ProctorAssignment, Role, User
from assessment_app.security import throttle
from assessment_app.users.passwords import password_problem, require_strong_password

USERNAME = re.compile(r"^[a-z0-9._-]{3,64}$")


def create_user(
    role: str,
    username: str,
    password: str,
    *,
    actor: str,
    rooms: list[str] | None = None,
    full_name: str = "",
) -> User:
    """Create an admin, proctor or panelist; proctors may be assigned to rooms at once."""
    try:
        role_value = Role(role)
    except ValueError:
        raise _unknown_role() from None
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise invalid(
            "Nama pengguna: 3-64 karakter huruf kecil, angka, titik, - atau _.",
            code="bad_username",
        )
    require_strong_password(password, username, full_name)
    if db.session.scalar(select(User).where(User.username == username)) is not None:
        raise invalid(f"Nama pengguna {username!r} sudah dipakai.", code="username_taken")
    user = User(username=username, role=role_value, full_name=full_name)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    if rooms:
        assign_rooms(user, rooms, actor=actor)
    audit.record(actor, "user.create", target=f"user:{username}", details={"role": role})
    return user


def _unknown_role() -> Refused:
    return invalid("Peran harus 'admin', 'proctor' atau 'panelis'.", code="unknown_role")


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
            )
        )
        if exists is None:
            db.session.add(ProctorAssignment(user_id=user.id, room_id=room.id))
            audit.record(
                actor, "user.assign_room", target=f"user:{user.username}", details={"room": code}
            )
    db.session.flush()


PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no look-alikes
GENERATED_PASSWORD_LENGTH = 16


def list_users() -> list[User]:
    """Return every staff account, admins first, then by username."""
    users = db.session.scalars(select(User)).all()
    return sorted(users, key=lambda u: (u.role is not Role.ADMIN, u.username))


def get_user(username: str) -> User:
    """Return the account with this username or raise a 404 `not_found` refusal."""
    user = db.session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise not_found(f"Akun {username!r} tidak ditemukan.")
    return user


def set_active(username: str, active: bool, *, actor: str) -> User:
    """Enable or disable an account; disabling ends its open sessions at once.

    Refuses (422 `own_account`) when an admin tries to disable their own account.
    """
    user = get_user(username)
    if not active and user.username == actor:
        raise invalid("Anda tidak dapat menonaktifkan akun Anda sendiri.", code="own_account")
    if user.active == active:
        return user
    user.active = active
    if not active:
        end_sessions(user)
    audit.record(actor, "user.enable" if active else "user.disable", target=f"user:{user.username}")
    db.session.flush()
    return user


def end_sessions(user: User) -> None:
    """End every session of this account: the login cookie carries the credential version,
    so a cookie saved before the bump (even a copied one) no longer logs in."""
    user.credential_version = (user.credential_version or 0) + 1


def generate_password(length: int = GENERATED_PASSWORD_LENGTH) -> str:
    """Return a random password without look-alike characters that the password rule accepts."""
    while True:
        password = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))
        if password_problem(password) is None:
            return password


def reset_password(username: str, password: str | None, *, actor: str) -> str:
    """Set a new password (generated when None or empty) and return it.

    The account's other sessions end (`User.set_password` bumps the credential version).
    """
    user = get_user(username)
    generated = not password
    password = password or generate_password()
    require_strong_password(password, user.username, user.full_name)
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
    """Return the codes of the rooms a proctor watches."""
    return sorted(a.room.code for a in user.assignments)


def set_rooms(username: str, room_codes: list[str], *, actor: str) -> User:
    """Replace a proctor's room assignments with these rooms of the current event."""
    user = get_user(username)
    if user.role is not Role.PROCTOR:
        raise invalid(
            "Hanya pengawas yang ditugaskan ke ruang; admin melihat semua ruang.",
            code="not_a_proctor",
        )
    event = current_event()
    rooms = {r.code: r for r in event.rooms} if event is not None else {}
    wanted = sorted({code.strip().upper() for code in room_codes if code.strip()})
    unknown = [code for code in wanted if code not in rooms]
    if unknown:
        raise invalid(f"Ruang tidak dikenal: {', '.join(unknown)}.", code="unknown_room")
    before = room_codes_of(user)
    for assignment in list(user.assignments):
        if assignment.room.code not in wanted:
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


def confirm_actor(actor: User, password: str, *, action: str, target: str) -> None:
    """Check the acting admin's own current password before a sensitive action.

    A stolen or forgotten-open session alone cannot then reset passwords, change roles or
    disable accounts. Each try counts against the account's login limit, like a login: a
    session cannot be used to guess its owner's password, and when the limit is reached the
    session ends. When wrong, records `staff.reauth_failed` and refuses with 403 on the field
    `current_password` (code `reauth_failed`, or `reauth_limited` once the session ended);
    the caller keeps the audit entry by not rolling back. Raises the limiter's `unavailable()`
    refusal when no try can be counted.
    """
    user_rule, _ = throttle.staff_rules()
    charge = throttle.charge(user_rule, actor.username)
    if not charge.over and password and actor.check_password(password):
        throttle.refund(charge)
        return
    audit.record(
        actor.username,
        "staff.reauth_failed",
        target=f"user:{target}",
        details={"for": action, "limited": charge.over},
    )
    if charge.over:
        end_sessions(actor)
        raise _reauth_refused(
            "reauth_limited",
            "Terlalu banyak kata sandi salah. Sesi Anda diakhiri; masuk kembali nanti.",
        )
    raise _reauth_refused("reauth_failed", "Kata sandi Anda salah. Tindakan ini tidak dijalankan.")


def _reauth_refused(code: str, message: str) -> Refused:
    return Refused(403, code, message, field="current_password")


def set_role(username: str, role: str, *, actor: str) -> User:
    """Make an account an admin, a proctor or a panelist; its open sessions end, so the new
    role applies from its next login. Refuses (422) one's own account or an unknown role."""
    user = get_user(username)
    try:
        new_role = Role(role)
    except ValueError:
        raise _unknown_role() from None
    if user.username == actor:
        raise invalid("Anda tidak dapat mengubah peran akun Anda sendiri.", code="own_account")
    if user.role is new_role:
        return user
    before = user.role.value
    user.role = new_role
    end_sessions(user)
    audit.record(
        actor,
        "user.set_role",
        target=f"user:{user.username}",
        details={"before": before, "after": new_role.value},
    )
    db.session.flush()
    return user


def locked_usernames(accounts: list[User]) -> set[str]:
    """Return the usernames among these accounts that the login limit refuses right now."""
    user_rule, _ = throttle.staff_rules()
    return throttle.locked_subjects(user_rule, [user.username for user in accounts])


def unlock_account(username: str, reason: str, *, actor: str) -> User:
    """Lift an account's login lockout (its wrong tries forgotten), audited with the reason.

    Refuses (422) without a reason: a lockout may be an attack, so the log says why.
    """
    user = get_user(username)
    if not reason.strip():
        raise invalid("Alasan membuka blokir wajib diisi.", field="reason", code="reason_required")
    throttle.unlock_staff(user.username)
    audit.record(actor, "staff.unlock", target=f"user:{user.username}", reason=reason.strip())
    db.session.flush()
    return user
