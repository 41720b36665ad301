"""Admin question bank pages: published snapshots, validate, publish, browse and preview."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from assessment_app.admin import bp
from assessment_app.admin.bank import queries
from assessment_app.admin.bank.checks import BankCheck, check_bank
from assessment_app.admin.imports.forms import ActionForm
from assessment_app.auth.rules import admin_required
from assessment_app.models import BankSnapshot
from assessment_app.snapshots.service import current_snapshot, publish

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _render_index(check: BankCheck | None = None, status: int = 200):
    """List the published snapshots, with the validate and publish buttons (and `check`, the
    folder's problems, after a validation)."""
    snapshots = queries.snapshots()
    page = render_template(
        "admin/bank/index.html",
        snapshots=snapshots,
        current=snapshots[0] if snapshots else None,
        item_counts=queries.item_counts(),
        check=check,
        form=ActionForm(),
    )
    return page, status


def _posted_check():
    """Check the bank folder for a posted action (400 without a valid form)."""
    if not ActionForm().validate_on_submit():
        abort(400)
    return check_bank(current_app.config["QUESTION_BANK"])


bp.add_url_rule("/bank", "bank", admin_required(_render_index))


@bp.route("/bank/validasi", methods=["POST"])
@admin_required
def bank_validate():
    """Check the bank folder and list every problem with its file and line."""
    return _render_index(_posted_check()[1])


@bp.route("/bank/publikasi", methods=["POST"])
@admin_required
def bank_publish():
    """Validate the bank folder, then publish it as a snapshot (same content: no change)."""
    loaded, check = _posted_check()
    if loaded is None:
        return _render_index(check, 400)
    snapshot, created = publish(loaded, actor=current_user.username)
    if created:
        flash(
            f"Bank soal dipublikasikan: versi {snapshot.short_hash} ({snapshot.item_count} soal, "
            f"{len(check.warnings)} peringatan).",
            "info",
        )
    else:
        flash(
            f"Tidak ada perubahan: isi bank soal sama dengan versi {snapshot.short_hash} "
            "yang sudah dipublikasikan.",
            "info",
        )
    return redirect(url_for("admin.bank"))


def _current_or_404() -> BankSnapshot:
    snapshot = current_snapshot()
    if snapshot is None:
        abort(404)
    return snapshot


@bp.route("/bank/kompetensi/<code>")
@admin_required
def bank_competency(code: str):
    """Show every item of one competency in the current snapshot, with scores or key."""
    snapshot = _current_or_404()
    competency = queries.competency(snapshot, code) or abort(404)
    items = queries.competency_items(snapshot, competency.code)
    context = {"snapshot": snapshot, "competency": competency, "items": items}
    return render_template("admin/bank/competency.html", letters=LETTERS, **context)


@bp.route("/bank/soal/<item_id>")
@admin_required
def bank_item_preview(item_id: str):
    """Show one item exactly as a candidate sees it: labels by position, no scores."""
    item = queries.item(_current_or_404(), item_id) or abort(404)
    return render_template("admin/bank/preview.html", item=item, letters=LETTERS)
