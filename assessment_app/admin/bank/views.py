"""Admin question bank pages: published snapshots, validate, publish, browse and preview."""

from __future__ import annotations

import os
from dataclasses import dataclass

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select

from assessment_app.admin import bp
from assessment_app.admin.imports.forms import ActionForm
from assessment_app.auth.rules import admin_required
from assessment_app.bank import load_bank
from assessment_app.bank.lint import lint_bank
from assessment_app.extensions import db
from assessment_app.models import BankSnapshot, SnapshotCompetency, SnapshotItem
from assessment_app.snapshots.service import current_snapshot, publish

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class BankCheck:
    """The outcome of validating the bank folder, for the page."""

    folder: str
    problems: list[tuple[str, int, str]]  # (path relative to the folder, line, message)
    competencies: int = 0
    items: int = 0
    tests: int = 0
    warnings: tuple[tuple[str, int, str, str], ...] = ()  # (path, line, code, message)


def _check_bank():
    """Load the bank folder; return the bank (None if invalid) and what the page shows."""
    folder = current_app.config["QUESTION_BANK"]
    result = load_bank(folder)
    problems = [(_relative(p.path, folder), p.line, p.message) for p in result.problems]
    bank = result.bank if result.ok else None
    if bank is None:
        return None, BankCheck(folder, problems)
    counts = (len(bank.competencies), len(bank.items), len(bank.tests))
    warnings = tuple(
        (_relative(w.path, folder), w.line, w.code, w.message) for w in lint_bank(bank).warnings
    )
    return bank, BankCheck(folder, [], *counts, warnings=warnings)


def _relative(path: str, folder: str) -> str:
    try:
        relative = os.path.relpath(path, folder)
    except ValueError:
        return path
    return path if relative.startswith("..") else relative


def _item_counts() -> dict[int, dict[str, int]]:
    """Return the number of items per competency code, by snapshot id."""
    rows = db.session.execute(
        select(SnapshotItem.snapshot_id, SnapshotItem.competency_code, func.count()).group_by(
            SnapshotItem.snapshot_id, SnapshotItem.competency_code
        )
    )
    counts: dict[int, dict[str, int]] = {}
    for snapshot_id, code, count in rows:
        counts.setdefault(snapshot_id, {})[code] = count
    return counts


def _render_index(check: BankCheck | None = None, status: int = 200):
    snapshots = db.session.scalars(select(BankSnapshot).order_by(BankSnapshot.id.desc())).all()
    current = snapshots[0] if snapshots else None
    page = render_template(
        "admin/bank/index.html",
        snapshots=snapshots,
        current=current,
        item_counts=_item_counts(),
        check=check,
        form=ActionForm(),
    )
    return page, status


@bp.route("/bank")
@admin_required
def bank():
    """List the published snapshots, with the validate and publish buttons."""
    return _render_index()


@bp.route("/bank/validasi", methods=["POST"])
@admin_required
def bank_validate():
    """Check the bank folder and list every problem with its file and line."""
    if not ActionForm().validate_on_submit():
        abort(400)
    _bank, check = _check_bank()
    return _render_index(check)


@bp.route("/bank/publikasi", methods=["POST"])
@admin_required
def bank_publish():
    """Validate the bank folder, then publish it as a snapshot (same content: no change)."""
    if not ActionForm().validate_on_submit():
        abort(400)
    loaded, check = _check_bank()
    if loaded is None:
        return _render_index(check, 400)
    snapshot, created = publish(loaded, actor=current_user.username)
    db.session.commit()
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
    competency = db.session.scalar(
        select(SnapshotCompetency).where(
            SnapshotCompetency.snapshot_id == snapshot.id,
            SnapshotCompetency.code == code.upper(),
        )
    )
    if competency is None:
        abort(404)
    items = db.session.scalars(
        select(SnapshotItem)
        .where(
            SnapshotItem.snapshot_id == snapshot.id,
            SnapshotItem.competency_code == competency.code,
        )
        .order_by(SnapshotItem.item_id)
    ).all()
    return render_template(
        "admin/bank/competency.html",
        snapshot=snapshot,
        competency=competency,
        items=items,
        letters=LETTERS,
    )


@bp.route("/bank/soal/<item_id>")
@admin_required
def bank_item_preview(item_id: str):
    """Show one item exactly as a candidate sees it: labels by position, no scores."""
    snapshot = _current_or_404()
    item = db.session.scalar(
        select(SnapshotItem).where(
            SnapshotItem.snapshot_id == snapshot.id, SnapshotItem.item_id == item_id
        )
    )
    if item is None:
        abort(404)
    return render_template("admin/bank/preview.html", item=item, letters=LETTERS)
