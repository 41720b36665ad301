"""The proctor JSON API, /api/v1/proctor (docs/api.md)."""

from flask import Blueprint

bp = Blueprint("proctor_api", __name__)

from assessment_app.proctor_api import views  # noqa: E402,F401
