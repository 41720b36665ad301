"""The printable standard-setting report of a panel and its CSV (admins only).

Both show `standards.record.panel_record`: the method, the panel with full names and
usernames, the rounds, every judgement, the cuts with their standard errors, the impact and
the adoption. `report_html` is also what `standards-setting report --out FILE.html` writes.
The record and the results code it reads load when a page asks for them, not at start-up.
"""

from __future__ import annotations

import io

from flask import Response, render_template

from assessment_app.admin import bp
from assessment_app.auth.rules import admin_required


def report_html(record) -> str:
    """Return the report page of ``record`` (inline styles when rendered without a request)."""
    from assessment_app.admin.results.presenters import decimal_text  # numpy

    return render_template("admin/standards/report.html", r=record, decimal=decimal_text)


def report_csv_text(record) -> str:
    """Return the record as CSV text (`standards.record.record_csv`)."""
    from assessment_app.standards.record_csv import record_csv

    out = io.StringIO()
    record_csv(record, out)
    return out.getvalue()


@bp.route("/standar/<int:panel_id>/laporan")
@admin_required
def standards_report(panel_id: int):
    """Show the printable record of a panel of the current event (404 for another)."""
    from assessment_app.standards.record import panel_record
    from assessment_app.standards.service import get_panel

    return report_html(panel_record(get_panel(panel_id)))


@bp.route("/standar/<int:panel_id>/laporan.csv")
@admin_required
def standards_report_csv(panel_id: int):
    """Download the record of a panel as one CSV."""
    from assessment_app.standards.record import panel_record
    from assessment_app.standards.service import get_panel

    panel = get_panel(panel_id)
    filename = f"penetapan-standar-{panel.test_code}-panel{panel.id}.csv"
    return Response(
        report_csv_text(panel_record(panel)),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
