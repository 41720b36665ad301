"""Proctor API views: staff only, CSRF on every change, one service call (the request commits)."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, jsonify, request
from flask_login import current_user

from assessment_app.bounds import YEAR_MESSAGE, year_in_range
from assessment_app.database import begin_write
from assessment_app.events.service import record_outage
from assessment_app.exceptions import Refused
from assessment_app.extensions import csrf, db
from assessment_app.models import User
from assessment_app.proctor import access
from assessment_app.proctor.actions import (
    act_on_attempt,
    act_on_candidate,
    act_on_room,
    check_reason,
    read_order,
    record_incident,
)
from assessment_app.proctor.live import room_live, seat_of
from assessment_app.web.requests import id_field, json_object

bp = Blueprint("proctor_api", __name__)

csrf.exempt(bp)  # checked below, after authentication, so that a lost login answers 401
ATTEMPT_ACTIONS = ("pause", "resume", "extend", "finish", "void")


@bp.before_request
def _staff_only_then_csrf():
    writing = request.method in ("POST", "PUT", "PATCH", "DELETE")
    if writing:
        begin_write(db.session)  # before loading the user: the first statement begins it
    user = current_user._get_current_object()
    if not isinstance(user, User) or not user.is_authenticated:
        raise Refused(401, "unauthorized", "Silakan masuk sebagai pengawas atau admin.")
    if writing:
        csrf.protect()


def _user() -> User:
    return current_user._get_current_object()


@bp.get("/rooms/<room>/sessions/<session>/live")
def live(room: str, session: str):
    """Return the live view of a room in a session."""
    found_room, found_session = access.room_and_session(_user(), room, session)
    return jsonify(room_live(found_room, found_session))


@bp.post("/attempts/<int:attempt_id>/<action>")
def attempt_action(attempt_id: int, action: str):
    """Pause, resume, extend, finish or void one attempt."""
    if action not in ATTEMPT_ACTIONS:
        raise Refused(404, "not_found", "Tindakan tidak dikenal.")
    order = read_order(action, json_object())
    attempt = access.attempt_for(_user(), attempt_id)
    act_on_attempt(_user(), attempt, order)
    return jsonify(seat_of(access.candidate_for(_user(), attempt.candidate_id)))


@bp.post("/candidates/<int:candidate_id>/release", defaults={"action": "release"})
@bp.post("/candidates/<int:candidate_id>/unlock", defaults={"action": "unlock"})
def candidate_action(candidate_id: int, action: str):
    """Release a login locked to another device, or lift a seat's lockout ("Buka blokir")."""
    reason = check_reason(json_object().get("reason"))
    candidate = access.candidate_for(_user(), candidate_id)
    return jsonify(seat_of(act_on_candidate(_user(), candidate, action, reason)))


@bp.post("/rooms/<room>/sessions/<session>/<action>")
def room_action(room: str, session: str, action: str):
    """Pause, resume or extend every attempt of the room in the session."""
    order = read_order(action, json_object())
    found_room, found_session = access.room_and_session(_user(), room, session)
    affected = act_on_room(_user(), found_room, found_session, order)
    return jsonify({"affected": affected})


@bp.post("/rooms/<room>/sessions/<session>/incidents")
def incident(room: str, session: str):
    """Record an incident for the session record."""
    body = json_object()
    found_room, found_session = access.room_and_session(_user(), room, session)
    candidate_id = id_field(body, "candidate_id")
    made = record_incident(
        _user(), found_room, found_session, body.get("category"), body.get("text"), candidate_id
    )
    return jsonify(
        {
            "id": made.id,
            "category": made.category,
            "text": made.text,
            "candidate_id": made.candidate_id,
            "recorded_by": made.recorded_by,
        }
    ), 201


@bp.post("/sessions/<session>/outage")
def outage(session: str):
    """Record an outage window for the whole session (admins only)."""
    if not _user().is_admin:
        raise Refused(403, "forbidden", "Hanya admin yang dapat mencatat gangguan sesi.")
    body = json_object()
    reason = check_reason(body.get("reason"))
    starts_at, ends_at = _moment(body, "from"), _moment(body, "to")
    _, changed = record_outage(session, starts_at, ends_at, reason, _user().username)
    return jsonify({"affected": changed})


def _moment(body: dict, name: str) -> datetime:
    value = body.get(name)
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise Refused(400, "bad_request", f"Kolom '{name}' bukan waktu ISO-8601.") from None
    if moment.tzinfo is None:
        raise Refused(400, "bad_request", f"Kolom '{name}' harus menyertakan zona waktu.")
    if not year_in_range(moment):  # before any arithmetic: year 1 minus +14:00 overflows
        raise Refused(400, "bad_request", f"Kolom '{name}': {YEAR_MESSAGE}.")
    return moment
