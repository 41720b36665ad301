"""Proctor pages: the rooms, the live room view, the session record."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from assessment_app import audit
from assessment_app.auth.rules import staff_required
from assessment_app.events.service import current_event
from assessment_app.extensions import db
from assessment_app.models import Candidate, ExamSession
from assessment_app.proctor import access
from assessment_app.proctor.record import record_csv, session_record
from assessment_app.vocabulary import statuses
from assessment_app.vocabulary.categories import CATEGORIES, default_category

bp = Blueprint("proctor", __name__)


@bp.route("/")
@staff_required
def rooms():
    """List the rooms this proctor watches."""
    return render_template("proctor/rooms.html", rooms=access.visible_rooms(current_user))


def _room_sessions(room) -> list[ExamSession]:
    ids = set(db.session.scalars(select(Candidate.session_id).where(Candidate.room_id == room.id)))
    event = current_event()
    return [s for s in event.sessions if s.id in ids] if event else []


def _allowed(code: str, session_code: str):
    """Return the room and session, or refuse (404 to an admin for unknown codes, else 403)."""
    return access.room_and_session(current_user, code, session_code)


@bp.route("/ruang/<code>")
@bp.route("/ruang/<code>/sesi/<session_code>")
@staff_required
def room(code: str, session_code: str | None = None):
    """Show one room live in one session (default: the open one); 403 if not assigned."""
    chosen = {r.code: r for r in access.visible_rooms(current_user)}.get(code.upper())
    if chosen is None:
        raise access.refuse_room(current_user)
    sessions = _room_sessions(chosen)
    if session_code is None:
        if not sessions:
            return render_template("proctor/room_empty.html", room=chosen)
        default = next((s for s in sessions if s.is_open), sessions[0])
        return redirect(url_for("proctor.room", code=chosen.code, session_code=default.code))
    found_room, found_session = _allowed(code, session_code)
    return render_template(
        "proctor/room.html",
        room=found_room,
        session=found_session,
        sessions=sessions,
        live_url=url_for("proctor_api.live", room=found_room.code, session=found_session.code),
        action_base="/api/v1/proctor",
        poll_ms=current_app.config["PROCTOR_POLL_MS"],
        is_admin=current_user.is_admin,
        incident_categories=CATEGORIES,
        incident_defaults={"seat": default_category(True), "room": default_category(False)},
        seat_statuses=statuses.SEAT_STATUSES,
        status_words=statuses.words(),
        record_url=url_for("proctor.record", code=found_room.code, session_code=found_session.code),
        record_csv_url=url_for(
            "proctor.record_csv_file", code=found_room.code, session_code=found_session.code
        ),
    )


@bp.route("/ruang/<code>/sesi/<session_code>/berita-acara")
@staff_required
def record(code: str, session_code: str):
    """Show the printable session record of a room."""
    found_room, found_session = _allowed(code, session_code)
    return render_template(
        "proctor/record.html",
        event=current_event(),
        record_csv_url=url_for(
            "proctor.record_csv_file", code=found_room.code, session_code=found_session.code
        ),
        **session_record(found_room, found_session),
    )


@bp.route("/ruang/<code>/sesi/<session_code>/berita-acara.csv")
@staff_required
@audit.audited("record.download")
def record_csv_file(code: str, session_code: str):
    """Download the session record as CSV (audited: names and NIPs of a room)."""
    found_room, found_session = _allowed(code, session_code)
    record = session_record(found_room, found_session)
    body = record_csv(record)
    audit.note(
        room=found_room.code, session=found_session.code, format="csv", rows=len(record["seats"])
    )
    filename = f"berita-acara-{found_session.code}-{found_room.code}.csv"
    return Response(
        body,
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
