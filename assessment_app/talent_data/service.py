"""Import position standards and SKP ratings, all-or-nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select

from assessment_app import audit, clock
from assessment_app.exceptions import ServiceError
from assessment_app.extensions import db
from assessment_app.models import Candidate, PerformanceRating, PositionStandard
from assessment_app.roster.service import ImportReport
from assessment_app.snapshots.service import current_snapshot
from assessment_app.tabular import RowError, Table, parse_performance, parse_standards


def import_standards(table: Table, *, actor: str, dry_run: bool = False) -> ImportReport:
    """Replace the required levels of every position the file lists."""
    snapshot = current_snapshot()
    if snapshot is None:
        raise ServiceError("Bank soal belum dipublikasikan: kode kompetensi belum dikenal.")
    codes = [c.code for c in snapshot.competencies]
    parsed = parse_standards(table, codes)
    report = ImportReport(errors=list(parsed.errors), warnings=list(parsed.warnings))
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
    report = ImportReport(errors=list(parsed.errors), warnings=list(parsed.warnings))
    known = set(db.session.scalars(select(Candidate.nip)))
    for row in parsed.rows:
        if row.nip not in known:
            report.warnings.append(
                RowError(
                    row.row,
                    "nip",
                    (f"NIP {row.nip} tidak ada di daftar peserta; data kinerja tetap disimpan"),
                )
            )
    if report.errors or dry_run:
        return report
    for row in parsed.rows:
        found = db.session.scalar(
            select(PerformanceRating).where(
                PerformanceRating.nip == row.nip,
                PerformanceRating.year.is_(None)
                if row.year is None
                else PerformanceRating.year == row.year,
            )
        )
        if found is None:
            db.session.add(PerformanceRating(nip=row.nip, year=row.year, predikat=row.predikat))
            report.created += 1
        elif found.predikat != row.predikat:
            found.predikat, found.imported_at = row.predikat, clock.now()
            report.updated += 1
        else:
            report.unchanged += 1
    report.written = True
    audit.record(actor, "performance.import", details={"rows": len(parsed.rows)})
    return report
