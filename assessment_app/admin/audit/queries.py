"""What the audit log page reads: the entries a filter selects, a page at a time (read-only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from assessment_app.bounds import YEAR_MESSAGE, year_in_range
from assessment_app.extensions import db
from assessment_app.models import AuditEntry

PAGE_SIZE = 100


@dataclass(frozen=True)
class AuditFilter:
    """What the log is narrowed to: who did what, when, to what, why; dates are local
    calendar days (the app's zone)."""

    actor: str = ""
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None
    target: str = ""
    reason: str = ""

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
    """Select the entries `flt` allows; its dates are days in `zone`."""
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


@dataclass(frozen=True)
class AuditPage:
    """One page of the filtered log, newest first, and where it lies among the pages."""

    entries: list[AuditEntry]
    total: int
    number: int
    pages: int


def audit_page(flt: AuditFilter, zone: ZoneInfo, number: int) -> AuditPage:
    """Return page `number` of the entries `flt` selects (clamped to the pages there are)."""
    query = _query(flt, zone)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    number = min(max(number, 1), pages)
    entries = db.session.scalars(
        query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((number - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    return AuditPage(list(entries), total, number, pages)


def actions() -> list[str]:
    """Return every action the log holds, in order (the filter's choices)."""
    return list(
        db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action))
    )
