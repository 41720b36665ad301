"""The candidate JSON API, /api/v1 (CONTRACT §4)."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from assessment_app.api import views  # noqa: E402,F401
