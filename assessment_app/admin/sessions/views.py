"""Admin sessions page: open and close sessions, edit schedules, print login cards."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from assessment_app import audit
from assessment_app.admin import bp
from assessment_app.admin.dashboard.service import session_rooms
from assessment_app.admin.sessions.forms import CloseSessionForm, OpenSessionForm, ScheduleForm
from assessment_app.auth.rules import admin_required
from assessment_app.events.schedule import set_schedule
from assessment_app.events.service import close_session, current_event, get_session, open_session
from assessment_app.exceptions import Refused, conflict
from assessment_app.imports.cards import card_candidates, render_cards_of
from assessment_app.web.forms import error_text, submit

FORCE_HINT = "Centang \u201cPaksa\u201d dan isi alasannya untuk menyelesaikan ujian mereka."


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["TIMEZONE"])


def _to_local(value: datetime | None) -> datetime | None:
    return value.astimezone(_zone()).replace(tzinfo=None) if value else None


def _to_utc(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=_zone()).astimezone(UTC) if value else None


def _schedule_form(session) -> ScheduleForm:
    return ScheduleForm(
        formdata=None,
        planned_start=_to_local(session.planned_start),
        planned_end=_to_local(session.planned_end),
        late_entry_minutes=session.late_entry_minutes,
    )


def _page(status: int = 200, failed: tuple[str, ScheduleForm] | None = None):
    """List every session with its schedule, status, token, rooms and actions (`failed`: a
    session's schedule form shown again with its errors)."""
    event = current_event()
    sessions = event.sessions if event else []
    schedule_forms = {s.code: _schedule_form(s) for s in sessions}
    if failed:
        schedule_forms[failed[0]] = failed[1]
    page = render_template(
        "admin/sessions/index.html",
        event=event,
        sessions=sessions,
        rooms=session_rooms(event) if event else {},
        open_form=OpenSessionForm(formdata=None),
        close_form=CloseSessionForm(formdata=None),
        schedule_forms=schedule_forms,
    )
    return page, status


bp.add_url_rule("/sesi", "sessions", admin_required(_page))


def _posted(form, action: Callable[[], Any], said: Callable[[Any], str]):
    """Submit a sessions-page form; flash what was done (`said` of the result) or why not."""
    outcome = submit(form, action)
    if outcome.done:
        flash(said(outcome.value), "info")
    else:
        flash(error_text(form) or "Permintaan tidak valid.", "error")
    return redirect(url_for("admin.sessions"))


@bp.route("/sesi/<code>/buka", methods=["POST"])
@admin_required
def session_open(code: str):
    """Release the session token (the proctors see it on their room page)."""
    # Never the token itself: a flash lives in the session cookie, signed but readable.
    said = "Sesi {0.code} dibuka. Token tampil pada kartu sesi di halaman ini.".format
    return _posted(OpenSessionForm(), partial(open_session, code, current_user.username), said)


@bp.route("/sesi/<code>/tutup", methods=["POST"])
@admin_required
def session_close(code: str):
    """Close a session; refused while attempts run unless `paksa` is ticked."""
    form = CloseSessionForm()
    return _posted(form, partial(_close, code, form), partial(_closed_text, code))


def _closed_text(code: str, finished: int) -> str:
    done = f" {finished} ujian yang masih berjalan diselesaikan." if finished else ""
    return f"Sesi {code.strip().upper()} ditutup.{done}"


def _close(code: str, form: CloseSessionForm) -> int:
    """Close the session; a refusal for running attempts says how to force it on this page."""
    reason = (form.reason.data or "").strip()
    try:
        return close_session(code, current_user.username, force=form.force.data, reason=reason)
    except Refused as exc:
        if exc.code != "attempts_running":
            raise
        raise Refused(exc.status, exc.code, f"{exc.message} {FORCE_HINT}") from exc


@bp.route("/sesi/<code>/jadwal", methods=["POST"])
@admin_required
def session_schedule(code: str):
    """Change the planned start and end (local time) and the late-entry limit."""
    form = ScheduleForm()
    outcome = submit(form, partial(_schedule, code, form))
    if outcome.done:
        flash(f"Jadwal sesi {outcome.value.code} disimpan.", "info")
        return redirect(url_for("admin.sessions"))
    for message in form.form_errors:  # a refusal; the fields show their own errors
        flash(message, "error")
    return _page(422, failed=(code.strip().upper(), form))


def _schedule(code: str, form: ScheduleForm):
    return set_schedule(
        code,
        planned_start=_to_utc(form.planned_start.data),
        planned_end=_to_utc(form.planned_end.data),
        late_entry_minutes=form.late_entry_minutes.data,
        actor=current_user.username,
    )


@bp.route("/sesi/<code>/kartu")
@admin_required
@audit.audited("session.cards")
def session_cards(code: str):
    """Show the printable login cards of one room (`?ruang=R01`) or the whole session.

    Audited: the cards carry every PIN of the room or session.
    """
    session = get_session(code)
    room_code = request.args.get("ruang", "").strip().upper()
    if room_code and room_code not in {
        r["code"] for r in session_rooms(session.event).get(session.id, [])
    }:
        abort(404)
    candidates = card_candidates(session.code, room_code or None)
    try:
        page = render_cards_of(candidates)
    except ValueError as exc:  # a PIN cannot be unsealed: SECRET_KEY changed since the import
        raise conflict(str(exc), code="pin_unreadable") from exc
    audit.note(
        target=f"session:{session.code}",
        session=session.code,
        room=room_code,
        cards=len(candidates),
    )
    return page  # the cards carry PINs: http_headers keeps them out of caches (no-store)
