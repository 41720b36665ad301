"""The admin's live dashboard: every session and room, refreshing itself."""

from __future__ import annotations

from flask import current_app, jsonify, render_template, url_for

from assessment_app.admin import bp
from assessment_app.admin.dashboard.service import dashboard as dashboard_numbers
from assessment_app.auth.rules import admin_required
from assessment_app.events.service import current_event
from assessment_app.vocabulary.statuses import SEAT_STATUSES


def _with_links(data: dict) -> dict:
    for session in data["sessions"]:
        for room in session["rooms"]:
            room["proctor_url"] = url_for(
                "proctor.room", code=room["code"], session_code=session["code"]
            )
    return data


@bp.route("/dasbor")
@admin_required
def dashboard():
    """Show the live counts of every session and room."""
    event = current_event()
    return render_template(
        "admin/dashboard.html",
        event=event,
        data=_with_links(dashboard_numbers(event)),
        poll_ms=current_app.config["PROCTOR_POLL_MS"],
        seat_statuses=SEAT_STATUSES,
    )


@bp.route("/dasbor.json")
@admin_required
def dashboard_data():
    """Return the dashboard's numbers as JSON (polled by the page)."""
    return jsonify(_with_links(dashboard_numbers(current_event())))  # no-store: http_headers
