"""Staff login (admins and proctors) and the access rules."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from assessment_app.auth import activity, views  # noqa: E402,F401
