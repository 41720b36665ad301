"""Admin pages for candidates: the list, a move, a late registration, a login card again."""

from __future__ import annotations

from functools import partial

from flask import Response, request
from wtforms import SelectChoice

from assessment_app import audit
from assessment_app.admin import bp
from assessment_app.admin.people.common import (
    actor,
    done,
    room_choices,
    session_choices,
    show,
    submit_form,
)
from assessment_app.admin.people.forms import LateRegistrationForm, PlacementForm
from assessment_app.admin.people.queries import CandidateFilter, event_candidates
from assessment_app.auth.rules import admin_required
from assessment_app.events.service import current_event
from assessment_app.exceptions import invalid
from assessment_app.imports import candidates as candidate_service
from assessment_app.imports.candidates import NewCandidate, Placement
from assessment_app.vocabulary.statuses import SESSION_LABELS
from assessment_app.web.forms import Outcome


@bp.route("/peserta")
@admin_required
def candidates():
    """List the candidates, filtered by session, room and a name/NIP search."""
    event = current_event()
    flt = CandidateFilter(
        session=request.args.get("sesi", "").strip().upper(),
        room=request.args.get("ruang", "").strip().upper(),
        q=request.args.get("cari", "").strip()[:100],
    )
    rows = event_candidates(event, flt) if event else []
    context = {"event": event, "candidates": rows, "flt": flt, "status_text": SESSION_LABELS}
    return show("candidates.html", Outcome(), **context)


def _placement_form(form: PlacementForm) -> PlacementForm:
    form.session.choices = session_choices()
    form.room.choices = room_choices()
    return form


def _placement(form: PlacementForm) -> Placement:
    return Placement(form.session.data, form.room.data, form.seat.data or "")


@bp.route("/peserta/<nip>/ubah", methods=["GET", "POST"])
@admin_required
def candidate_edit(nip: str):
    """Move a candidate to another session, room or seat before the session opens."""
    candidate = candidate_service.get_candidate(nip)
    form = _placement_form(PlacementForm())
    if not form.is_submitted():
        form.session.data, form.room.data = candidate.session.code, candidate.room.code
        form.seat.data = candidate.seat
    move = partial(candidate_service.move_candidate, nip, _placement(form), actor=actor())
    outcome = submit_form(form, move)
    if outcome.done:
        return done(f"Tempat peserta {candidate.nip} disimpan.", "admin.candidates", cari=nip)
    return show("candidate_edit.html", outcome, candidate=candidate, form=form)


@bp.route("/peserta/tambah", methods=["GET", "POST"])
@admin_required
def candidate_add():
    """Register a candidate late (also into an open session); the PIN is shown once."""
    form = _placement_form(LateRegistrationForm())
    tests = candidate_service.available_tests()  # an open session's own snapshot: the service
    form.tests.choices = [SelectChoice(t.code, f"{t.code}: {t.title}") for t in tests]
    register = partial(candidate_service.register_late, _new_candidate(form), actor=actor())
    outcome = submit_form(form, register)
    if outcome.done:
        candidate, pin = outcome.value
        return show("candidate_added.html", outcome, candidate=candidate, pin=pin)
    return show("candidate_add.html", outcome, form=form)


def _new_candidate(form: LateRegistrationForm) -> NewCandidate:
    return NewCandidate(
        nip=form.nip.data,
        name=form.name.data,
        position=form.position.data,
        position_code=form.position_code.data or "",
        unit=form.unit.data or "",
        placement=_placement(form),
        tests=tuple(form.tests.data or ()),
        pin=form.pin.data or "",
    )


@bp.route("/peserta/<nip>/kartu")
@admin_required
@audit.audited("candidate.card")
def candidate_card(nip: str):
    """Print one candidate's login card again (audited: it shows the PIN)."""
    try:
        page = candidate_service.render_card(nip)
    except ValueError as exc:  # the PIN cannot be unsealed: SECRET_KEY changed
        raise invalid(str(exc), code="pin_unreadable") from exc
    audit.note(target=f"candidate:{nip}")
    return Response(page, mimetype="text/html")  # no-store: http_headers
