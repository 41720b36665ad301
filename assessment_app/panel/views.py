"""The panelist's pages: the panels he sits on, and one panel's material, judgements and feedback.

One competency is shown at a time (`?k=CODE`): a booklet runs to some sixty pages per
competency. A save posts that competency's inputs; the service keeps the rest of the round's
judgements and checks the whole set (bookmarks must rise). The request commits once
(web/transaction.py); a refusal is shown on the page with the typed values kept.
"""

from __future__ import annotations

from functools import partial

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from assessment_app.admin.standards import presenters as state
from assessment_app.auth.rules import panelist_required
from assessment_app.panel import bp
from assessment_app.panel import presenters as show
from assessment_app.panel.forms import JudgementForm
from assessment_app.snapshots.catalog import bank_for
from assessment_app.standards import BOUNDARIES, judgements
from assessment_app.vocabulary.standards import METHOD_LABELS
from assessment_app.web.forms import submit


@bp.route("/")
@panelist_required
def panels():
    """List the current event's panels the panelist sits on, with their round status."""
    return render_template(
        "panel/panels.html",
        panels=judgements.panels_of(current_user),
        status=state.round_status,
        methods=METHOD_LABELS,
    )


@bp.route("/<int:panel_id>", methods=["GET", "POST"])
@panelist_required
def panel(panel_id: int):
    """Show one panel's material and feedback; a POST saves the open round's judgements."""
    chosen, _ = judgements.seat_of(current_user, panel_id)
    entry = show.competency_entry(chosen.booklet, request.values.get("k"))
    form = JudgementForm()
    outcome = submit(form, partial(_save, panel_id, chosen.booklet))
    if outcome.done:
        flash(_saved_text(outcome.value), "info" if outcome.value else "warn")
        return redirect(url_for("panel.panel", panel_id=panel_id, k=entry["code"]))
    return _page(panel_id, entry["code"], form), outcome.status


def _save(panel_id: int, booklet: dict) -> int:
    """Save the posted judgements; return how many were saved."""
    entries = show.entries_from(request.form, booklet)
    return judgements.save_judgements(current_user, panel_id, entries)


def _saved_text(count: int) -> str:
    if not count:
        return "Tidak ada nilai yang diisi; tidak ada yang disimpan."
    return f"{count} penilaian disimpan."


def _page(panel_id: int, code: str, form: JudgementForm) -> str:
    """Render the panel page for competency ``code`` (after a refused post, with its values)."""
    chosen, seat = judgements.seat_of(current_user, panel_id)  # again: a refusal rolled back
    booklet = chosen.booklet
    entry = show.competency_entry(booklet, code)
    values = show.filled(judgements.judgements_of(seat, chosen.round_number))
    if form.is_submitted():
        values |= show.posted(request.form, booklet)
    return render_template(
        "panel/panel.html",
        **_material(chosen, entry),
        panel=chosen,
        seat=seat,
        entry=entry,
        form=form,
        values=values,
        field_name=show.field_name,
        boundaries=BOUNDARIES,
        feedback=_feedback(chosen, entry["code"]),
    )


def _material(chosen, entry: dict) -> dict:
    """The competency's booklet pages (bookmark) or items (Angoff), and the page's state."""
    bank = bank_for(chosen.snapshot_id)
    bookmark = chosen.booklet["method"] == "bookmark"
    return {
        "bookmark": bookmark,
        "pages": show.bookmark_pages(entry, bank) if bookmark else [],
        "items": [] if bookmark else show.angoff_items(entry, bank),
        "status": state.round_status(chosen),
        "accepting": state.accepting(chosen),
        "methods": METHOD_LABELS,
    }


def _feedback(chosen, code: str) -> dict | None:
    """The last closed round's summary of competency ``code``, or None before any closed."""
    from assessment_app.admin.results.presenters import decimal_text  # numpy

    rounds = state.closed_rounds(chosen)
    if not rounds:
        return None
    last = rounds[-1]
    summary = next((c for c in last.summary["competencies"] if c["code"] == code), None)
    return {"round": last.number, "summary": summary, "decimal": decimal_text}
