"""The audit log page: who did what, when, from where; newest first, filtered, paged."""

from __future__ import annotations

import json
from zoneinfo import ZoneInfo

from flask import current_app, render_template, request, url_for

from assessment_app.admin import bp
from assessment_app.admin.audit.queries import AuditFilter, actions, audit_page
from assessment_app.audit.reading import sentences
from assessment_app.auth.rules import admin_required


def compact_json(details) -> str:
    """Return details as one short line of JSON."""
    if not details:
        return ""
    return json.dumps(details, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


@bp.route("/audit")
@admin_required
def audit():
    """Show the audit log in words, newest first, 100 entries a page."""
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    flt, problems = AuditFilter.from_args(request.args)
    found = audit_page(flt, zone, request.args.get("hal", 1, type=int) or 1)
    page_html = render_template(
        "admin/audit.html",
        entries=list(zip(found.entries, sentences(found.entries), strict=True)),
        flt=flt,
        problems=problems,
        actions=actions(),
        total=found.total,
        page=found.number,
        pages=found.pages,
        page_url=lambda number: url_for("admin.audit", hal=number, **flt.args()),
        compact_json=compact_json,
    )
    return page_html, 400 if problems else 200
