"""Admin pages for staff accounts: create, enable or disable, reset, role, unlock, rooms.

Resetting a password, changing a role and disabling an account ask for the admin's own
password first (people/common.py).
"""

from __future__ import annotations

from functools import partial

from flask_wtf import FlaskForm

from assessment_app.admin import bp
from assessment_app.admin.people.common import actor, done, room_choices, show, submit_form
from assessment_app.admin.people.forms import (
    PasswordResetForm,
    RoleForm,
    RoomsForm,
    UnlockForm,
    UserActiveForm,
    UserCreateForm,
)
from assessment_app.auth.rules import admin_required
from assessment_app.exceptions import Refused
from assessment_app.models import User
from assessment_app.users import service as users
from assessment_app.web.forms import Outcome

BAD_REQUEST = "Permintaan tidak valid. Muat ulang halaman lalu coba lagi."


@bp.route("/pengguna")
@admin_required
def people():
    """List the staff accounts, with the form to create one."""
    return _people_page(_create_form(), Outcome())


def _create_form() -> UserCreateForm:
    form = UserCreateForm()
    form.rooms.choices = room_choices()
    return form


def _people_page(form: UserCreateForm, outcome: Outcome):
    accounts = [(u, users.room_codes_of(u)) for u in users.list_users()]
    locked = users.locked_usernames([u for u, _ in accounts])
    return show(
        "users.html",
        outcome,
        accounts=accounts,
        form=form,
        active_form=UserActiveForm(),
        locked=locked,
    )


@bp.route("/pengguna/tambah", methods=["POST"])
@admin_required
def user_create():
    """Create an admin, proctor or panelist (the same service as `users create`)."""
    form = _create_form()
    outcome = submit_form(form, lambda: users.create_user(**_new_user(form), actor=actor()))
    if outcome.done:
        return done(f"Akun {outcome.value.username} dibuat.")
    return _people_page(form, outcome)


def _new_user(form: UserCreateForm) -> dict:
    return {
        "role": form.role.data,
        "username": form.username.data,
        "password": form.password.data,
        "rooms": form.rooms.data if form.role.data == "proctor" else [],
        "full_name": (form.full_name.data or "").strip(),
    }


def _prefilled(form: FlaskForm, **values) -> FlaskForm:
    """Show an opened (not posted) form with these values."""
    if not form.is_submitted():
        for name, value in values.items():
            form[name].data = value
    return form


@bp.route("/pengguna/<username>/status", methods=["GET", "POST"])
@admin_required
def user_active(username: str):
    """Enable an account, or disable it after the admin confirms with their own password
    (the GET shows that confirmation); disabling ends the account's sessions."""
    user, form = users.get_user(username), UserActiveForm()
    enable = form.active.data == "1"
    run = partial(users.set_active, username, enable, actor=actor())
    outcome = submit_form(
        form, run, reauth=None if enable else "user.disable", target=user.username
    )
    if outcome.done:
        state = "diaktifkan" if user.active else "dinonaktifkan; sesi masuknya berakhir"
        return done(f"Akun {user.username} {state}.")
    if form.active.errors:
        raise Refused(400, "bad_request", BAD_REQUEST)
    form.active.data = "0"
    return show("disable.html", outcome, user=user, form=form)


@bp.route("/pengguna/<username>/sandi", methods=["GET", "POST"])
@admin_required
def user_password(username: str):
    """Reset a password: typed by the admin or generated and shown once."""
    user, form = users.get_user(username), PasswordResetForm()
    form.target_username = user.username
    run = partial(users.reset_password, username, form.password.data, actor=actor())
    outcome = submit_form(form, run, reauth="user.reset_password", target=user.username)
    if outcome.done:
        shown = None if form.password.data else outcome.value
        return show("password_done.html", outcome, user=user, password=shown)
    return show("password.html", outcome, user=user, form=form)


@bp.route("/pengguna/<username>/peran", methods=["GET", "POST"])
@admin_required
def user_role(username: str):
    """Make an account an admin or a proctor (the admin's own password confirms it)."""
    user = users.get_user(username)
    form = _prefilled(RoleForm(), role="proctor" if user.is_admin else "admin")
    run = partial(users.set_role, username, form.role.data, actor=actor())
    outcome = submit_form(form, run, reauth="user.set_role", target=user.username)
    if outcome.done:
        return done(f"Peran {user.username} diubah; sesi masuknya berakhir.")
    return show("role.html", outcome, user=user, form=form)


@bp.route("/pengguna/<username>/buka-blokir", methods=["GET", "POST"])
@admin_required
def user_unlock(username: str):
    """Lift an account's login lockout (too many wrong passwords), with a reason."""
    user, form = users.get_user(username), UnlockForm()
    reason = (form.reason.data or "").strip()
    outcome = submit_form(form, partial(users.unlock_account, username, reason, actor=actor()))
    if outcome.done:
        return done(f"Blokir masuk akun {user.username} dibuka.")
    return show("unlock.html", outcome, user=user, form=form, locked=_locked(user))


def _locked(user: User) -> bool:
    return bool(users.locked_usernames([user]))


@bp.route("/pengguna/<username>/ruang", methods=["GET", "POST"])
@admin_required
def user_rooms(username: str):
    """Choose the rooms a proctor watches (replaces the assignments)."""
    user = users.get_user(username)
    form = _prefilled(RoomsForm(), rooms=users.room_codes_of(user))
    form.rooms.choices = room_choices()
    outcome = submit_form(
        form, partial(users.set_rooms, username, form.rooms.data or [], actor=actor())
    )
    if outcome.done:
        return done(f"Penugasan ruang {user.username} disimpan.")
    return show("rooms.html", outcome, user=user, form=form)
