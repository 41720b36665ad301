"""Facilitator pages: the panels of the event, and one panel's seats, rounds, cuts and adoption.

Every write is one service call through `web.forms.submit` (CSRF, the refusal shown on the
page with its own status) and the request commits once. The open round's summary is
computed live (`service.round_summary`); a closed round shows what was kept when it closed.
Numbers are written for people by the results pages' own `decimal_text` (half up, decimal
comma).
"""

from __future__ import annotations

from functools import partial

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms import SelectChoice

from assessment_app.admin import bp
from assessment_app.admin.standards import presenters as state
from assessment_app.admin.standards import queries
from assessment_app.admin.standards.forms import (
    AdoptForm,
    PanelCreateForm,
    PanelistForm,
    RoundForm,
)
from assessment_app.auth.rules import admin_required
from assessment_app.snapshots.catalog import bank_for
from assessment_app.snapshots.service import current_snapshot
from assessment_app.standards import service
from assessment_app.vocabulary.standards import METHOD_LABELS
from assessment_app.web.forms import submit

REPORTS = (  # the printable record and its CSV (report_views.py)
    ("admin.standards_report", "Laporan cetak"),
    ("admin.standards_report_csv", "Unduh CSV"),
)


def _render(template: str, status: int = 200, **context):
    from assessment_app.admin.results.presenters import decimal_text  # numpy

    page = render_template(
        f"admin/standards/{template}",
        decimal=decimal_text,
        status_of=state.round_status,
        methods=METHOD_LABELS,
        **context,
    )
    return page, status


@bp.route("/standar", methods=["GET", "POST"])
@admin_required
def standards():
    """List the event's panels and create one (its booklet is frozen then)."""
    form = PanelCreateForm()
    form.test_code.choices = _test_choices()
    outcome = submit(form, partial(_create, form))
    if outcome.done:
        flash(f"Panel {outcome.value.title} dibuat.", "info")
        return redirect(url_for("admin.standards_panel", panel_id=outcome.value.id))
    return _render("index.html", outcome.status, panels=service.panels(), form=form)


def _test_choices() -> list[SelectChoice]:
    snapshot = current_snapshot()
    tests = bank_for(snapshot.id).tests if snapshot else ()
    return [SelectChoice(test.code, f"{test.code}: {test.title}") for test in tests]


def _create(form: PanelCreateForm):
    return service.create_panel(
        form.test_code.data,
        form.method.data,
        actor=current_user.username,
        title=form.title.data or "",
        competencies=form.competency_codes(),
    )


@bp.route("/standar/<int:panel_id>")
@admin_required
def standards_panel(panel_id: int):
    """Show a panel: its seats, rounds, live and kept summaries, booklet notes, adoption."""
    return _panel_page(panel_id)


def _panel_page(panel_id: int, status: int = 200, **forms):
    """Render the panel page; ``forms`` replaces a default form by one carrying its errors."""
    panel = service.get_panel(panel_id)
    forms = {
        "panelist_form": PanelistForm(formdata=None),
        "round_form": RoundForm(formdata=None),
        "adopt_form": AdoptForm(formdata=None),
    } | forms
    live = service.round_summary(panel, panel.round_number) if panel.round_open else None
    return _render(
        "panel.html",
        status,
        panel=panel,
        seats=queries.seated(panel),
        counts=queries.judgement_counts(panel),
        candidates=queries.panelist_accounts(panel),
        live=live,
        closed=state.closed_rounds(panel),
        reports=_reports(panel_id),
        refusal=" ".join(e for f in forms.values() for e in f.form_errors),
        **forms,
    )


def _reports(panel_id: int) -> list[tuple[str, str]]:
    """Return (label, url) of the printable report and the CSV."""
    return [(label, url_for(endpoint, panel_id=panel_id)) for endpoint, label in REPORTS]


@bp.route("/standar/<int:panel_id>/panelis", methods=["POST"])
@admin_required
def standards_add_panelist(panel_id: int):
    """Seat a panelist (before the first round)."""
    form = PanelistForm()
    run = partial(service.add_panelist, panel_id, form.username.data, actor=current_user.username)
    outcome = submit(form, run)
    if outcome.done:
        return _back(panel_id, f"{form.username.data.strip().lower()} menjadi panelis.")
    return _panel_page(panel_id, outcome.status, panelist_form=form)


@bp.route("/standar/<int:panel_id>/panelis/<int:seat_id>/keluarkan", methods=["POST"])
@admin_required
def standards_remove_panelist(panel_id: int, seat_id: int):
    """Unseat a panelist (before the first round)."""
    form = RoundForm()  # nothing to fill in but the CSRF token
    run = partial(service.remove_panelist, panel_id, seat_id, actor=current_user.username)
    outcome = submit(form, run)
    if outcome.done:
        return _back(panel_id, "Panelis dikeluarkan dari panel.")
    return _panel_page(panel_id, outcome.status, round_form=form)


@bp.route("/standar/<int:panel_id>/buka", methods=["POST"])
@admin_required
def standards_open_round(panel_id: int):
    """Open the next round."""
    form = RoundForm()
    outcome = submit(form, partial(service.open_round, panel_id, actor=current_user.username))
    if outcome.done:
        return _back(panel_id, f"Putaran {outcome.value.number} dibuka.")
    return _panel_page(panel_id, outcome.status, round_form=form)


@bp.route("/standar/<int:panel_id>/tutup", methods=["POST"])
@admin_required
def standards_close_round(panel_id: int):
    """Close the open round and keep its cuts and impact."""
    form = RoundForm()
    outcome = submit(form, partial(service.close_round, panel_id, actor=current_user.username))
    if outcome.done:
        return _back(panel_id, f"Putaran {outcome.value.number} ditutup.")
    return _panel_page(panel_id, outcome.status, round_form=form)


@bp.route("/standar/<int:panel_id>/tetapkan", methods=["POST"])
@admin_required
def standards_adopt(panel_id: int):
    """Adopt the last closed round's cuts as a correction; go to the recomputed results."""
    form = AdoptForm()
    run = partial(service.adopt, panel_id, actor=current_user.username, reason=form.reason.data)
    outcome = submit(form, run)
    if not outcome.done:
        return _panel_page(panel_id, outcome.status, adopt_form=form)
    flash(
        f"Batas level panel ditetapkan sebagai koreksi penilaian tes {outcome.value.test_code}; "
        "hasil dihitung ulang.",
        "info",
    )
    return redirect(url_for("admin.results"))


def _back(panel_id: int, message: str):
    flash(message, "info")
    return redirect(url_for("admin.standards_panel", panel_id=panel_id))
