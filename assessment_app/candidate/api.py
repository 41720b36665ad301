"""Candidate API views: parse, call one service, answer JSON (the request commits once)."""

from __future__ import annotations

import re
from dataclasses import asdict

from flask import Blueprint, current_app, jsonify, request
from flask_wtf.csrf import generate_csrf

from assessment_app.attempts import lifecycle as flow
from assessment_app.attempts.signals import read_signal
from assessment_app.candidate import sitting
from assessment_app.candidate.answers import save_answer
from assessment_app.candidate.auth import (
    candidate_ref,
    current_candidate,
    forget_candidate,
    owns_attempt,
    remember_attempts,
    remember_candidate,
)
from assessment_app.candidate.login import login_candidate, logout_candidate
from assessment_app.candidate.presenter import attempt_body, finish_body, login_body
from assessment_app.database import begin_write
from assessment_app.exceptions import Refused
from assessment_app.extensions import csrf, db
from assessment_app.models import Attempt, Candidate, SessionStatus
from assessment_app.web.requests import bool_field, choice_field, int_field, json_object, text_field

bp = Blueprint("api", __name__)

DEVICE_COOKIE = "asesmen_perangkat"
DEVICE_MAX_AGE = 365 * 24 * 3600
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
DEVICE_ID = re.compile(r"[0-9a-f]{32}")  # secrets.token_hex(16), set at the first login

# The signal poll reads Redis only; the heartbeat usually does (candidate.sitting.heartbeat).
REDIS_FIRST = {"api.signal", "api.heartbeat"}

csrf.exempt(bp)  # checked below, after authentication, so that a lost login answers 401


@bp.before_request
def _authenticate_then_check_csrf():
    if request.endpoint == "api.login":
        return
    if candidate_ref() is None:
        raise Refused(401, "unauthorized", "Sesi login Anda berakhir. Silakan masuk kembali.")
    if request.method in UNSAFE:
        csrf.protect()
    if request.endpoint in REDIS_FIRST:
        return  # no database transaction, no write lock unless the service needs one
    # Every candidate call may write (an attempt whose deadline passed is finished when it is
    # touched, and at the deadline everyone touches theirs at once): take SQLite's write lock
    # first, so that a read followed by that write cannot fail with SQLITE_BUSY_SNAPSHOT.
    begin_write(db.session)


def _device_cookie() -> str:
    """The device id the server set (32 hex digits), or "" for any other value.

    It is stored in a 64-character column: a forged cookie of another shape counts as a new
    device instead of failing the write.
    """
    value = request.cookies.get(DEVICE_COOKIE, "")
    return value if DEVICE_ID.fullmatch(value) else ""


def _address() -> str:
    return request.remote_addr or ""


def _candidate() -> Candidate:
    candidate = current_candidate()
    if candidate is None:
        raise Refused(401, "unauthorized", "Sesi login Anda berakhir. Silakan masuk kembali.")
    return candidate


def _own_attempt(attempt_id: int) -> Attempt:
    return _candidate_and_attempt(attempt_id)[1]


def _candidate_and_attempt(attempt_id: int) -> tuple[Candidate, Attempt]:
    """Return the logged-in candidate and their attempt (401, 404 or 403 otherwise).

    A view that keeps the candidate while it works saves the queries that would load it
    again: the session's identity map holds only weak references.
    """
    candidate = _candidate()
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None:
        raise Refused(404, "not_found", "Ujian tidak ditemukan.")
    if attempt.candidate_id != candidate.id:
        raise Refused(403, "forbidden", "Ujian ini bukan milik Anda.")
    return candidate, attempt


def _session_open(candidate: Candidate) -> bool:
    return candidate.session.status is SessionStatus.OPEN


@bp.post("/candidate/login")
def login():
    """Log a candidate in with NIP, PIN and the session token."""
    body = json_object()
    nip, pin = text_field(body, "nip"), text_field(body, "pin")
    token = text_field(body, "session_token")
    result = login_candidate(  # counts the try, then begins the write transaction
        nip, pin, token, _device_cookie() or None, _address()
    )
    remember_candidate(result.candidate)
    remember_attempts([a.id for a in result.attempts])
    response = jsonify(login_body(result.candidate, result.attempts, generate_csrf()))
    response.set_cookie(
        DEVICE_COOKIE,
        result.device_id,
        max_age=DEVICE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
    )
    return response


@bp.get("/candidate/me")
def me():
    """Return the logged-in candidate, a CSRF token and the attempts."""
    candidate = _candidate()
    attempts = sitting.current_attempts(candidate)
    remember_attempts([a.id for a in attempts])
    return jsonify(login_body(candidate, attempts, generate_csrf()))


@bp.get("/attempts/<int:attempt_id>")
def get_attempt(attempt_id: int):
    """Return the attempt with its items (once started), answers and time left."""
    candidate, attempt = _candidate_and_attempt(attempt_id)
    attempt = flow.expire_if_due(attempt)
    return jsonify(attempt_body(attempt, _session_open(candidate)))


@bp.post("/attempts/<int:attempt_id>/start")
def start(attempt_id: int):
    """Start the attempt's clock (safe to retry)."""
    candidate, attempt = _candidate_and_attempt(attempt_id)
    attempt = sitting.start(attempt, _device_cookie(), _address())
    return jsonify(attempt_body(attempt, _session_open(candidate)))


@bp.put("/attempts/<int:attempt_id>/answers/<item_id>")
def put_answer(attempt_id: int, item_id: str):
    """Save one answer; a stale or repeated seq is acknowledged without change."""
    body = json_object()
    choice = choice_field(body)
    seq = int_field(body, "seq", required=True, minimum=1)
    flagged = bool_field(body, "flagged")
    saved = save_answer(candidate_ref(), attempt_id, item_id, choice, seq, flagged)
    return jsonify(saved.body())


@bp.post("/attempts/<int:attempt_id>/heartbeat")
def heartbeat(attempt_id: int):
    """Say the candidate is here (with focus losses); answer the status and time left."""
    body = json_object(required=False)
    focus_lost = int_field(body, "focus_lost", required=False, maximum=10_000) or 0
    item_id = body.get("current_item_id")
    beat = sitting.heartbeat(
        candidate_ref(), attempt_id, focus_lost, item_id, _device_cookie(), _address()
    )
    return jsonify(asdict(beat))


@bp.post("/attempts/<int:attempt_id>/finish")
def finish(attempt_id: int):
    """Finish the attempt (idempotent); say how many items were answered, and the receipt."""
    return jsonify(finish_body(flow.finish_attempt(_own_attempt(attempt_id))))


@bp.get("/attempts/<int:attempt_id>/signal")
def signal(attempt_id: int):
    """Return the attempt's control version (Redis only; the page polls it every ~2 s).

    `null` when Redis cannot say: the page then hears of changes at its next heartbeat.
    """
    if not owns_attempt(attempt_id):
        raise Refused(403, "forbidden", "Ujian ini bukan milik Anda.")
    return jsonify({"signal": read_signal(attempt_id)})  # no-store: http_headers


@bp.post("/candidate/logout")
def logout():
    """End the candidate's session on this PC; the device cookie stays (CONTRACT §4 extension)."""
    logout_candidate(current_candidate())
    forget_candidate()
    return jsonify({"status": "logged_out"})
