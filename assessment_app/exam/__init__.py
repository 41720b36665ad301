"""The candidate's exam pages (login and the test itself); the data come from /api/v1."""

from flask import Blueprint

bp = Blueprint("exam", __name__)

from assessment_app.exam import views  # noqa: E402,F401
