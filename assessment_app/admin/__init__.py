"""Admin pages (BKPSDM staff)."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from assessment_app.admin import views  # noqa: E402,F401
