"""Item analysis page: how each item of a test worked, with the items that need review."""

from __future__ import annotations

import io

from flask import Response, abort, render_template, request

from assessment_app import audit
from assessment_app import psychometrics as pm
from assessment_app.admin import bp
from assessment_app.auth.rules import admin_required
from assessment_app.exceptions import Refused
from assessment_app.item_analysis.service import item_analysis
from assessment_app.snapshots.service import current_snapshot

FLAG_LABELS = {
    "negative_discrimination": "Daya beda negatif",
    "near_zero_discrimination": "Daya beda mendekati nol",
    "few_responses": "Jawaban terlalu sedikit",
}


def _flag_label(flag: str) -> str:
    name, _, option = flag.partition(":")
    if name == "dominant_option":
        return f"Hampir semua memilih {option}"
    if name == "distractor_attracts_top":
        return f"Pengecoh {option} menarik kelompok atas"
    return FLAG_LABELS.get(name, flag)


def _tests() -> list:
    snapshot = current_snapshot()
    return sorted(snapshot.tests, key=lambda t: t.code) if snapshot else []


@bp.route("/analisis-butir")
@admin_required
def item_analysis_page():
    """Show the classical item analysis of one test (chosen by ?tes=CODE)."""
    code = request.args.get("tes", "").strip().upper()
    rows, notes, error = [], [], None
    if code:
        try:
            rows, notes = item_analysis(code)
        except Refused as exc:
            error = str(exc)
    return render_template(
        "admin/item_analysis.html",
        tests=_tests(),
        code=code,
        rows=rows,
        notes=notes,
        error=error,
        flag_label=_flag_label,
    )


@bp.route("/analisis-butir/<code>.csv")
@admin_required
@audit.audited("item_analysis.download")
def item_analysis_csv(code: str):
    """Download the item analysis of a test as CSV (audited: it holds answer statistics)."""
    try:
        rows, _ = item_analysis(code.strip().upper())
    except Refused:
        abort(404)
    audit.note(test=code.strip().upper(), format="csv", rows=len(rows))
    out = io.StringIO()
    pm.write_item_analysis(rows, out)  # numpy loads here (or in item_analysis), not at start-up
    return Response(
        out.getvalue(),
        mimetype="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="analisis-butir-{code.upper()}.csv"'
        },
    )
