"""Staff sessions end after a spell of inactivity (STAFF_IDLE_MINUTES) or a day at most.

The last-activity time lives in the signed session cookie, so no store is asked on each
request. It is written at most once a minute: the proctor room's 2-second poll does not
re-sign the cookie on every call. That poll does count as activity: the room view polls only
while its tab is visible, and a proctor watching a room for an hour is working. A hidden tab,
a closed browser or any page left alone ends the session after the idle time.

Candidates are not staff: their sessions are left alone.
"""

from __future__ import annotations

from flask import current_app, flash, request, session
from flask_login import logout_user

from assessment_app import clock
from assessment_app.auth import bp
from assessment_app.web.errors import error_response, wants_json

SEEN_KEY = "staff_seen"  # epoch seconds of the last request that counted as activity
SINCE_KEY = "staff_since"  # epoch seconds of the login
REFRESH_SECONDS = 60
IDLE_MESSAGE = "Sesi berakhir karena tidak aktif. Silakan masuk kembali."
EXPIRED_MESSAGE = "Sesi berakhir karena sudah terlalu lama. Silakan masuk kembali."


def _now() -> int:
    return int(clock.now().timestamp())


def start() -> None:
    """Stamp a fresh staff session (call right after login_user)."""
    session[SEEN_KEY] = session[SINCE_KEY] = _now()


def is_staff_session() -> bool:
    """Return True when the session cookie holds a staff login (Flask-Login's `_user_id`)."""
    return str(session.get("_user_id", "")).startswith("staff:")


def _why_ended(now: int) -> str | None:
    seen, since = session.get(SEEN_KEY), session.get(SINCE_KEY)
    if not isinstance(seen, int) or not isinstance(since, int):
        return IDLE_MESSAGE  # a cookie from before the stamp existed
    if now - since > current_app.permanent_session_lifetime.total_seconds():
        return EXPIRED_MESSAGE
    if now - seen > current_app.config["STAFF_IDLE_MINUTES"] * 60:
        return IDLE_MESSAGE
    return None


@bp.before_app_request
def end_idle_staff_session():
    """Log an idle staff session out; otherwise note the activity (at most once a minute).

    An ended session continues as a visitor: a staff page then sends the login page (where
    the reason is flashed); an API call answers 401 `session_expired` at once.
    """
    if request.endpoint == "static" or not is_staff_session():
        return None
    now = _now()
    reason = _why_ended(now)
    if reason is not None:
        logout_user()
        session.clear()
        if wants_json():
            return error_response(401, "session_expired", reason)
        flash(reason, "info")
        return None
    if now - session[SEEN_KEY] >= REFRESH_SECONDS:
        session[SEEN_KEY] = now
    return None
