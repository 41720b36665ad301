"""The audit log page: who did what, when, from where; newest first, filtered, paged."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, render_template, request, url_for
from sqlalchemy import func, select

from assessment_app.admin import bp
from assessment_app.audit.reading import sentences
from assessment_app.auth.rules import admin_required
from assessment_app.bounds import YEAR_MESSAGE, year_in_range
from assessment_app.extensions import db
from assessment_app.models import AuditEntry

PAGE_SIZE = 100


@dataclass(frozen=True)
class AuditFilter:
    """What the log is narrowed to; dates are local calendar days (the app's zone)."""

    actor: str = ""
    action: str = ""
    target: str = ""
    reason: str = ""
    date_from: date | None = None
    date_to: date | None = None

    @classmethod
    def from_args(cls, args) -> tuple[AuditFilter, list[str]]:
        """Read the query string; return the filter and messages for unreadable dates."""
        problems: list[str] = []

        def day(name: str, label: str) -> date | None:
            text = args.get(name, "").strip()
            if not text:
                return None
            try:
                value = date.fromisoformat(text)
            except ValueError:
                problems.append(f"Tanggal {label} tidak valid (format TTTT-BB-HH): {text[:20]}")
                return None
            if not year_in_range(value):  # year 9999 + 1 day overflows, year 1 in UTC too
                problems.append(f"Tanggal {label} di luar jangkauan: {YEAR_MESSAGE}.")
                return None
            return value

        flt = cls(
            actor=args.get("pelaku", "").strip()[:80],
            action=args.get("aksi", "").strip()[:64],
            target=args.get("sasaran", "").strip()[:200],
            reason=args.get("alasan", "").strip()[:200],
            date_from=day("dari", "awal"),
            date_to=day("sampai", "akhir"),
        )
        return flt, problems

    def args(self) -> dict[str, str]:
        """Return the filter as query-string arguments (for the page links)."""
        values = {
            "pelaku": self.actor,
            "aksi": self.action,
            "sasaran": self.target,
            "alasan": self.reason,
            "dari": self.date_from.isoformat() if self.date_from else "",
            "sampai": self.date_to.isoformat() if self.date_to else "",
        }
        return {key: value for key, value in values.items() if value}


def _contains(column, text: str):
    return func.lower(column).contains(text.lower(), autoescape=True)


def _query(flt: AuditFilter, zone: ZoneInfo):
    query = select(AuditEntry)
    if flt.actor:
        query = query.where(_contains(AuditEntry.actor, flt.actor))
    if flt.action:
        query = query.where(AuditEntry.action == flt.action)
    if flt.target:
        query = query.where(_contains(AuditEntry.target, flt.target))
    if flt.reason:
        query = query.where(_contains(AuditEntry.reason, flt.reason))
    if flt.date_from:
        query = query.where(AuditEntry.at >= datetime.combine(flt.date_from, time(), zone))
    if flt.date_to:
        end = datetime.combine(flt.date_to + timedelta(days=1), time(), zone)
        query = query.where(AuditEntry.at < end)
    return query


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
    query = _query(flt, zone)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(request.args.get("hal", 1, type=int) or 1, 1), pages)
    entries = db.session.scalars(
        query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    actions = db.session.scalars(
        select(AuditEntry.action).distinct().order_by(AuditEntry.action)
    ).all()
    page_html = render_template(
        "admin/audit.html",
        entries=list(zip(entries, sentences(entries), strict=True)),
        flt=flt,
        problems=problems,
        actions=actions,
        total=total,
        page=page,
        pages=pages,
        page_url=lambda number: url_for("admin.audit", hal=number, **flt.args()),
        compact_json=compact_json,
    )
    return page_html, 400 if problems else 200
