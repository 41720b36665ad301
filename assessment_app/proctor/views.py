"""The proctor's list of rooms and each room's seats."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user

from assessment_app.auth.rules import staff_required
from assessment_app.proctor import bp
from assessment_app.proctor.queries import room_candidates, visible_rooms


@bp.route("/")
@staff_required
def rooms():
    """List the rooms this proctor watches."""
    return render_template("proctor/rooms.html", rooms=visible_rooms(current_user))


@bp.route("/ruang/<code>")
@staff_required
def room(code: str):
    """Show one room's seats; 403 for a room not assigned to this proctor."""
    allowed = {r.code: r for r in visible_rooms(current_user)}
    chosen = allowed.get(code.upper())
    if chosen is None:
        abort(403)
    candidates = room_candidates(chosen)
    sessions = sorted({c.session for c in candidates}, key=lambda s: s.code)
    return render_template(
        "proctor/room.html", room=chosen, candidates=candidates, sessions=sessions
    )
