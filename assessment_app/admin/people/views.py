"""Admin pages for people: staff accounts, proctor rooms, candidates and their cards.

Each page validates its form, calls one service function, and commits once here. A new
password or PIN is rendered in the POST's own response, never flashed: the session cookie
is signed, not encrypted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import SelectChoice

from assessment_app import audit
from assessment_app.admin import bp
from assessment_app.admin.people.forms import (
    OWN_PASSWORD_REQUIRED,
    LateRegistrationForm,
    PasswordResetForm,
    PlacementForm,
    RoleForm,
    RoomsForm,
    UnlockForm,
    UserActiveForm,
    UserCreateForm,
)
from assessment_app.admin.people.queries import CandidateFilter, event_candidates
from assessment_app.auth.rules import admin_required
from assessment_app.events.service import current_event
from assessment_app.exceptions import NotFound, Refused, ServiceError
from assessment_app.extensions import db
from assessment_app.imports import candidates as candidate_service
from assessment_app.imports.candidates import NewCandidate, Placement
from assessment_app.users import service as users

SESSION_STATUS = {"planned": "Terjadwal", "open": "Dibuka", "closed": "Ditutup"}


def _actor() -> str:
    return current_user.username


def _room_choices() -> list[SelectChoice]:
    event = current_event()
    return [SelectChoice(r.code, f"{r.code} – {r.name}") for r in event.rooms] if event else []


def _session_choices(*, include_closed: bool = True) -> list[SelectChoice]:
    event = current_event()
    sessions = event.sessions if event else []
    return [
        SelectChoice(s.code, f"{s.code} ({SESSION_STATUS[s.status.value]})")
        for s in sessions
        if include_closed or s.status.value != "closed"
    ]


def _refused(message: str, status: int = 422):
    """Undo the request's writes and show the refusal as a page."""
    db.session.rollback()
    return render_template("error.html", status=status, message=message), status


class Outcome:
    """What a posted form came to: the service's result, or a status and a refusal."""

    def __init__(self, result: Any = None, status: int = 200, refusal: str | None = None):
        self.result, self.status, self.refusal = result, status, refusal

    @property
    def done(self) -> bool:
        return self.status == 200


def _submit(form, run: Callable[[], Any], reauth: str | None = None, target: str = "") -> Outcome:
    """The one path of a posted people form: validate, check the admin's own password when
    the action needs it, run one service call, commit once.

    Invalid input is 422 with the errors under their fields; a wrong own password is 403
    under "Kata sandi Anda" with the attempt audited (committed on its own); a service
    refusal is rolled back and 422 with its message (under its field for a FieldError).
    """
    if not form.validate():
        return Outcome(status=422)
    if reauth and not form.current_password.data:  # not a try: nothing to audit or count
        form.current_password.errors = [OWN_PASSWORD_REQUIRED]
        return Outcome(status=422)
    try:
        if reauth:
            users.confirm_actor(
                current_user, form.current_password.data or "", action=reauth, target=target
            )
        result = run()
    except users.ReauthRefused as exc:
        db.session.commit()  # keep the audit entry of the attempt
        form.current_password.errors = [str(exc)]
        return Outcome(status=403)
    except Refused as exc:
        db.session.rollback()
        return Outcome(status=422, refusal=_field_or_page(form, exc))
    db.session.commit()
    return Outcome(result)


# -- staff accounts ---------------------------------------------------------------------


@bp.route("/pengguna")
@admin_required
def people():
    """List the staff accounts, with the form to create one."""
    return _people_page(_create_form())


def _create_form() -> UserCreateForm:
    form = UserCreateForm()
    form.rooms.choices = _room_choices()
    return form


def _people_page(form: UserCreateForm, status: int = 200, refusal: str | None = None):
    accounts = [(u, users.room_codes_of(u)) for u in users.list_users()]
    page = render_template(
        "admin/people/users.html",
        accounts=accounts,
        form=form,
        active_form=UserActiveForm(),
        locked=users.locked_usernames([u for u, _ in accounts]),
        refusal=refusal,
    )
    return page, status


@bp.route("/pengguna/tambah", methods=["POST"])
@admin_required
def user_create():
    """Create an admin or proctor (the same service as `users create`)."""
    form = _create_form()
    outcome = _submit(
        form,
        lambda: users.create_user(
            form.role.data,
            form.username.data,
            form.password.data,
            actor=_actor(),
            rooms=form.rooms.data if form.role.data == "proctor" else [],
            full_name=(form.full_name.data or "").strip(),
        ),
    )
    if not outcome.done:
        return _people_page(form, outcome.status, outcome.refusal)
    flash(f"Akun {outcome.result.username} dibuat.", "info")
    return redirect(url_for("admin.people"))


@bp.route("/pengguna/<username>/status", methods=["GET", "POST"])
@admin_required
def user_active(username: str):
    """Enable an account, or disable it after the admin confirms with their own password
    (the GET shows that confirmation); disabling ends the account's sessions."""
    try:
        user = users.get_user(username)
    except NotFound as exc:
        return _refused(str(exc), 404)
    form = UserActiveForm()
    outcome = Outcome()
    if form.is_submitted():
        enable = form.active.data == "1"
        outcome = _submit(
            form,
            lambda: users.set_active(username, enable, actor=_actor()),
            reauth=None if enable else "user.disable",
            target=user.username,
        )
        if outcome.done:
            state = "diaktifkan" if user.active else "dinonaktifkan; sesi masuknya berakhir"
            flash(f"Akun {user.username} {state}.", "info")
            return redirect(url_for("admin.people"))
        if form.active.errors:
            return _refused("Permintaan tidak valid. Muat ulang halaman lalu coba lagi.", 400)
    form.active.data = "0"
    page = render_template(
        "admin/people/disable.html", user=user, form=form, refusal=outcome.refusal
    )
    return page, outcome.status


@bp.route("/pengguna/<username>/sandi", methods=["GET", "POST"])
@admin_required
def user_password(username: str):
    """Reset a password: typed by the admin or generated and shown once."""
    try:
        user = users.get_user(username)
    except NotFound as exc:
        return _refused(str(exc), 404)
    form = PasswordResetForm()
    form.target_username = user.username
    outcome = Outcome()
    if form.is_submitted():
        outcome = _submit(
            form,
            lambda: users.reset_password(username, form.password.data, actor=_actor()),
            reauth="user.reset_password",
            target=user.username,
        )
        if outcome.done:
            return render_template(
                "admin/people/password_done.html",
                user=user,
                password=outcome.result if not form.password.data else None,
            )
    page = render_template(
        "admin/people/password.html", user=user, form=form, refusal=outcome.refusal
    )
    return page, outcome.status


@bp.route("/pengguna/<username>/peran", methods=["GET", "POST"])
@admin_required
def user_role(username: str):
    """Make an account an admin or a proctor (the admin's own password confirms it)."""
    try:
        user = users.get_user(username)
    except NotFound as exc:
        return _refused(str(exc), 404)
    form = RoleForm()
    if not form.is_submitted():
        form.role.data = "proctor" if user.is_admin else "admin"
    outcome = Outcome()
    if form.is_submitted():
        outcome = _submit(
            form,
            lambda: users.set_role(username, form.role.data, actor=_actor()),
            reauth="user.set_role",
            target=user.username,
        )
        if outcome.done:
            flash(f"Peran {user.username} diubah; sesi masuknya berakhir.", "info")
            return redirect(url_for("admin.people"))
    page = render_template("admin/people/role.html", user=user, form=form, refusal=outcome.refusal)
    return page, outcome.status


@bp.route("/pengguna/<username>/buka-blokir", methods=["GET", "POST"])
@admin_required
def user_unlock(username: str):
    """Lift an account's login lockout (too many wrong passwords), with a reason."""
    try:
        user = users.get_user(username)
    except NotFound as exc:
        return _refused(str(exc), 404)
    form = UnlockForm()
    outcome = Outcome()
    if form.is_submitted():
        outcome = _submit(
            form, lambda: users.unlock_account(username, form.reason.data.strip(), actor=_actor())
        )
        if outcome.done:
            flash(f"Blokir masuk akun {user.username} dibuka.", "info")
            return redirect(url_for("admin.people"))
    locked = bool(users.locked_usernames([user]))
    page = render_template(
        "admin/people/unlock.html", user=user, form=form, locked=locked, refusal=outcome.refusal
    )
    return page, outcome.status


@bp.route("/pengguna/<username>/ruang", methods=["GET", "POST"])
@admin_required
def user_rooms(username: str):
    """Choose the rooms a proctor watches (replaces the assignments)."""
    try:
        user = users.get_user(username)
    except NotFound as exc:
        return _refused(str(exc), 404)
    form = RoomsForm()
    form.rooms.choices = _room_choices()
    if not form.is_submitted():
        form.rooms.data = users.room_codes_of(user)
    outcome = Outcome()
    if form.is_submitted():
        outcome = _submit(
            form, lambda: users.set_rooms(username, form.rooms.data or [], actor=_actor())
        )
        if outcome.done:
            flash(f"Penugasan ruang {user.username} disimpan.", "info")
            return redirect(url_for("admin.people"))
    page = render_template("admin/people/rooms.html", user=user, form=form, refusal=outcome.refusal)
    return page, outcome.status


# -- candidates ---------------------------------------------------------------------------


@bp.route("/peserta")
@admin_required
def candidates():
    """List the candidates, filtered by session, room and a name/NIP search."""
    event = current_event()
    flt = CandidateFilter(
        session=request.args.get("sesi", "").strip().upper(),
        room=request.args.get("ruang", "").strip().upper(),
        q=request.args.get("cari", "").strip()[:100],
    )
    rows = event_candidates(event, flt) if event else []
    return render_template(
        "admin/people/candidates.html",
        event=event,
        candidates=rows,
        flt=flt,
        status_text=SESSION_STATUS,
    )


@bp.route("/peserta/<nip>/ubah", methods=["GET", "POST"])
@admin_required
def candidate_edit(nip: str):
    """Move a candidate to another session, room or seat before the session opens."""
    try:
        candidate = candidate_service.get_candidate(nip)
    except NotFound as exc:
        return _refused(str(exc), 404)
    form = PlacementForm()
    form.session.choices = _session_choices(include_closed=False)
    form.room.choices = _room_choices()
    if not form.is_submitted():
        form.session.data, form.room.data = candidate.session.code, candidate.room.code
        form.seat.data = candidate.seat
    outcome = Outcome()
    if form.is_submitted():
        outcome = _submit(
            form,
            lambda: candidate_service.move_candidate(
                nip,
                Placement(form.session.data, form.room.data, form.seat.data or ""),
                actor=_actor(),
            ),
        )
        if outcome.done:
            flash(f"Tempat peserta {candidate.nip} disimpan.", "info")
            return redirect(url_for("admin.candidates", cari=candidate.nip))
    page = render_template(
        "admin/people/candidate_edit.html",
        candidate=candidate,
        form=form,
        refusal=outcome.refusal,
    )
    return page, outcome.status


def _field_or_page(form, exc: ServiceError) -> str | None:
    """Put a field's refusal under that field; return other refusals for the page."""
    if exc.field and exc.field in form:
        form[exc.field].errors = [*form[exc.field].errors, exc.message]
        return None
    return str(exc)


@bp.route("/peserta/tambah", methods=["GET", "POST"])
@admin_required
def candidate_add():
    """Register a candidate late (also into an open session); the PIN is shown once."""
    form = LateRegistrationForm()
    form.session.choices = _session_choices(include_closed=False)
    form.room.choices = _room_choices()
    form.tests.choices = [SelectChoice(t.code, f"{t.code}: {t.title}") for t in _tests_offered()]
    outcome = Outcome()
    if form.is_submitted():
        outcome = _submit(
            form, lambda: candidate_service.register_late(_new_candidate(form), actor=_actor())
        )
        if outcome.done:
            candidate, pin = outcome.result
            return render_template(
                "admin/people/candidate_added.html", candidate=candidate, pin=pin
            )
    page = render_template("admin/people/candidate_add.html", form=form, refusal=outcome.refusal)
    return page, outcome.status


def _tests_offered():
    """The current snapshot's tests, in order (an open session's own snapshot is checked by
    the service)."""
    return candidate_service.available_tests()


def _new_candidate(form: LateRegistrationForm) -> NewCandidate:
    return NewCandidate(
        nip=form.nip.data,
        name=form.name.data,
        position=form.position.data,
        position_code=form.position_code.data or "",
        unit=form.unit.data or "",
        placement=Placement(form.session.data, form.room.data, form.seat.data or ""),
        tests=tuple(form.tests.data or ()),
        pin=form.pin.data or "",
    )


@bp.route("/peserta/<nip>/kartu")
@admin_required
@audit.audited("candidate.card")
def candidate_card(nip: str):
    """Print one candidate's login card again (audited: it shows the PIN)."""
    try:
        page = candidate_service.render_card(nip)
    except NotFound as exc:
        return _refused(str(exc), 404)
    except ValueError as exc:  # the PIN cannot be unsealed: SECRET_KEY changed
        return _refused(str(exc))
    audit.note(target=f"candidate:{nip}")
    return Response(page, mimetype="text/html")  # no-store: http_headers
