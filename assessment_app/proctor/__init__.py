"""Proctor pages (pengawas)."""

from flask import Blueprint

bp = Blueprint("proctor", __name__)

from assessment_app.proctor import views  # noqa: E402,F401
