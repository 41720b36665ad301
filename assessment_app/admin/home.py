"""The admin's first page: the event at a glance."""

from __future__ import annotations

from flask import render_template, request

from assessment_app.admin import bp
from assessment_app.admin.people.queries import CandidateFilter, event_candidates, room_overview
from assessment_app.auth.rules import admin_required
from assessment_app.events.service import current_event, session_counts
from assessment_app.snapshots.service import current_snapshot


@bp.route("/")
@admin_required
def event():
    """Show the event: bank version, sessions, rooms and candidates."""
    ev = current_event()
    snapshot = current_snapshot()
    if ev is None:
        return render_template("admin/event.html", event=None, snapshot=snapshot)
    flt = CandidateFilter(
        session=request.args.get("sesi", "").strip().upper(),
        room=request.args.get("ruang", "").strip().upper(),
        q=request.args.get("cari", "").strip()[:100],
    )
    return render_template(
        "admin/event.html",
        event=ev,
        snapshot=snapshot,
        counts=session_counts(ev),
        rooms=room_overview(ev),
        candidates=event_candidates(ev, flt),
        flt=flt,
    )
