"""Import position standards, SKP ratings and potentials, all-or-nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import delete, select

from assessment_app import audit, clock
from assessment_app.extensions import db
from assessment_app.imports.report import ImportReport
from assessment_app.models import (
    Candidate,
    PerformanceRating,
    PositionStandard,
    PotentialRating,
)
from assessment_app.snapshots.service import published_snapshot
from assessment_app.tabular import (
    PerformanceParse,
    PerformanceRow,
    PotentialParse,
    PotentialRow,
    RowError,
    Table,
    parse_performance,
    parse_potential,
    parse_standards,
)


def import_standards(table: Table, *, actor: str, dry_run: bool = False) -> ImportReport:
    """Replace the required levels of every position the file lists."""
    snapshot = published_snapshot()  # the competency codes come from the bank
    codes = [c.code for c in snapshot.competencies]
    parsed = parse_standards(table, codes)
    report = ImportReport.of(table, parsed)
    if report.errors or dry_run:
        return report
    positions = [row.position_code for row in parsed.rows]
    existing = set(
        db.session.scalars(
            select(PositionStandard.position_code).where(
                PositionStandard.position_code.in_(positions)
            )
        )
    )
    db.session.execute(
        delete(PositionStandard).where(PositionStandard.position_code.in_(positions))
    )
    for row in parsed.rows:
        for code, level in row.levels.items():
            db.session.add(
                PositionStandard(
                    position_code=row.position_code, competency_code=code, required_level=level
                )
            )
        if row.position_code in existing:
            report.updated += 1
        else:
            report.created += 1
    report.written = True
    audit.record(actor, "standards.import", details={"positions": positions})
    return report


def import_performance(
    table: Table, *, actor: str, dry_run: bool = False, today: date | None = None
) -> ImportReport:
    """Store SKP ratings by NIP and year; a NIP outside the roster is kept with a warning."""
    parsed = parse_performance(table, today or clock.now().date())
    return _import_yearly(
        table, parsed, PerformanceRating, lambda row: {"predikat": row.predikat}, actor, dry_run
    )


def import_potential(
    table: Table, *, actor: str, dry_run: bool = False, today: date | None = None
) -> ImportReport:
    """Store potentials by NIP and year; a NIP outside the roster is kept with a warning.

    The same rules as `import_performance`: a row replaces the stored one of its NIP and
    year, rows of other years stay.
    """
    parsed = parse_potential(table, today or clock.now().date())

    def values(row: PotentialRow) -> dict[str, str]:
        return {"potential": row.potential, "source": row.source}

    return _import_yearly(table, parsed, PotentialRating, values, actor, dry_run)


# The yearly files: the audit action and how a warning names the data.
_YEARLY = {
    PerformanceRating: ("performance.import", "data kinerja"),
    PotentialRating: ("potential.import", "data potensi"),
}


def _import_yearly(
    table: Table,
    parsed: PerformanceParse | PotentialParse,
    model: type[PerformanceRating] | type[PotentialRating],
    values: Callable[[Any], dict[str, str]],
    actor: str,
    dry_run: bool,
) -> ImportReport:
    """Store the parsed rows by NIP and year (all-or-nothing) and count them in the report."""
    action, what = _YEARLY[model]
    report = ImportReport.of(table, parsed)
    _warn_outside_roster(parsed.rows, report, what)
    if report.errors or dry_run:
        return report
    for row in parsed.rows:
        _store_yearly(report, model, row, **values(row))
    report.written = True
    audit.record(actor, action, details={"rows": len(parsed.rows)})
    return report


def _warn_outside_roster(
    rows: Sequence[PerformanceRow | PotentialRow], report: ImportReport, what: str
) -> None:
    known = set(db.session.scalars(select(Candidate.nip)))
    for row in rows:
        if row.nip not in known:
            message = f"NIP {row.nip} tidak ada di daftar peserta; {what} tetap disimpan"
            report.warnings.append(RowError(row.row, "nip", message))


def _store_yearly(
    report: ImportReport,
    model: type[PerformanceRating] | type[PotentialRating],
    row: PerformanceRow | PotentialRow,
    **values: str,
) -> None:
    """Add or update the rating of `row`'s NIP and year and count it in `report`."""
    found = db.session.scalar(
        select(model).where(
            model.nip == row.nip,
            model.year.is_(None) if row.year is None else model.year == row.year,
        )
    )
    if found is None:
        db.session.add(model(nip=row.nip, year=row.year, **values))
        report.created += 1
    elif any(getattr(found, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(found, name, value)
        found.imported_at = clock.now()
        report.updated += 1
    else:
        report.unchanged += 1
