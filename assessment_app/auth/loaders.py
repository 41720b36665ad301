"""Turn a login cookie back into a user; a stale credential version logs out."""

from __future__ import annotations

from flask import redirect, request, url_for

from assessment_app.extensions import db, login_manager
from assessment_app.models import User
from assessment_app.web.errors import error_response, wants_json


@login_manager.user_loader
def load_user(user_id: str):
    """Load a staff user from `staff:<id>:<credential_version>`."""
    kind, _, rest = user_id.partition(":")
    if kind != "staff":
        return None
    ident, _, version = rest.partition(":")
    if not ident.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(ident))
    if user is None or user.credential_version != int(version) or not user.active:
        return None
    return user


@login_manager.unauthorized_handler
def unauthorized():
    """Answer 401 to API calls, send people to the login page."""
    if wants_json():
        return error_response(401, "unauthorized", "Silakan masuk terlebih dahulu.")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
