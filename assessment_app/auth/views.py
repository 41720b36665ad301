"""Staff login and logout pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from assessment_app import audit
from assessment_app.auth import activity, bp
from assessment_app.auth.forms import LoginForm
from assessment_app.auth.service import WRONG_CREDENTIALS, authenticate_staff
from assessment_app.exceptions import Refused
from assessment_app.models import Role, User
from assessment_app.security import throttle
from assessment_app.users.service import end_sessions

FAILED_LOGIN_ACTOR = "tamu"  # not the account typed: nobody proved to be that account


def _safe_next(target: str | None) -> str | None:
    """Accept only a local path as the place to go after login (no open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target


def _home_for(user: User) -> str:
    if user.is_admin:
        return url_for("admin.event")
    if user.role is Role.PANELIST:
        return url_for("panel.panels")
    return url_for("proctor.rooms")


@bp.route("/")
def index():
    """Send staff to their home page and everyone else to the login page."""
    if current_user.is_authenticated and isinstance(current_user._get_current_object(), User):
        return redirect(_home_for(current_user))
    return redirect(url_for("auth.login"))


@bp.route("/masuk", methods=["GET", "POST"])
def login():
    """Log an admin or proctor in.

    A refused login is audited and answered from here (401, or 429 for a limit): the view
    returns, so the request commits the audit entry.
    """
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form)
    try:
        user = authenticate_staff(form.username.data, form.password.data, request.remote_addr)
    except Refused as exc:
        _record_failure(form.username.data, limited=exc.code != WRONG_CREDENTIALS)
        flash(exc.message, "error")
        return render_template("auth/login.html", form=form), exc.status
    session.clear()  # a fresh session: nothing from before the login survives
    login_user(user)
    activity.start()
    audit.record(user.username, "staff.login", target=f"user:{user.id}")
    return redirect(_safe_next(request.args.get("next")) or _home_for(user))


def _record_failure(typed: str, *, limited: bool) -> None:
    """Audit a refused staff login: the username as typed (never the password) and whether
    the rate limit refused it before the password was checked.

    Of the refusals by the limit only the first of a window is written (per username and per
    address): a script hammering a locked account must not flood the audit chain.
    """
    username = typed.strip().lower()[:64]
    if limited and not _first_limited(username, request.remote_addr or ""):
        return
    audit.record(
        FAILED_LOGIN_ACTOR,
        "staff.login_failed",
        target=f"user:{username}",
        details={"username": username, "limited": limited},
    )


def _first_limited(username: str, address: str) -> bool:
    """Return True when this refusal is the first one past the username's or address's limit."""
    user_rule, address_rule = throttle.staff_rules()
    try:
        return throttle.count(user_rule, username) == user_rule.limit + 1 or (
            throttle.count(address_rule, address) == address_rule.limit + 1
        )
    except Refused as exc:
        if exc.code != throttle.UNAVAILABLE:
            raise
        return False  # nothing can count: the outage is in the app's log, not per try


@bp.route("/keluar", methods=["POST"])
def logout():
    """Log out (POST, so a link on another site cannot do it).

    The account's credential version moves on, so the login cookie, even a copy saved
    before, no longer logs in; the account's sessions on other computers end too.
    """
    user = current_user._get_current_object()
    if isinstance(user, User):
        end_sessions(user)
        audit.record(user.username, "staff.logout", target=f"user:{user.id}")
    logout_user()
    session.clear()
    flash("Anda telah keluar.", "info")
    return redirect(url_for("auth.login"))
