"""Sign-off of an event's results ("Tetapkan hasil"): numbered, hashed, audited versions.

Results are recomputed on every request, so a later import or correction changes them. A
version freezes what the reports print (per row: status, counts, flags, per competency
score and level, and the candidate's JPM, category, potential, performance, box, gaps and
KRS), with who fixed it, when and why. Pages and exports then show "FINAL vN" while the
results are exactly that version, and "SEMENTARA" with what changed otherwise.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import func, select

from assessment_app import clock
from assessment_app.exceptions import Refused
from assessment_app.extensions import db
from assessment_app.models import ResultVersion
from assessment_app.results.model import ResultRow, ResultSet, VersionInfo
from assessment_app.results.records import add_audited

# Enough to see any change an export could show (it prints 4 decimals), few enough that the
# noise of a float sum never reads as a change. Python's round is cheap on 100,000 scores.
DECIMALS = 6
MAX_CHANGES = 12  # changes listed on a draft before "and N more"
FIELD_LABELS = {  # how a draft names what changed in a row
    "status": "status",
    "answered": "jumlah terjawab",
    "total": "jumlah soal",
    "flags": "tanda",
    "scores": "skor/level",
    "jpm": "JPM",
    "category": "kategori JPM",
    "potential": "potensi",
    "performance": "kinerja",
    "box": "kotak",
    "below": "di bawah standar",
    "krs": "KRS",
}


def frozen_rows(results: ResultSet) -> list[dict[str, Any]]:
    """Return the reportable content of every row (scores rounded to ``DECIMALS``).

    Keys come in a fixed order (so the JSON needs no sorting), and a candidate's talent
    fields, repeated on each of their rows, are built once.
    """
    talents: dict[int, dict[str, Any]] = {}
    rows = []
    for row in results.rows:
        talent = talents.get(row.candidate_id)
        if talent is None:
            talent = talents[row.candidate_id] = _talent(row)
        rows.append(
            {
                "nip": row.nip,
                "test": row.test_code,
                "status": row.status,
                "answered": row.answered,
                "total": row.total,
                "flags": list(row.flags),
                "scores": {
                    code: [round(s.score, DECIMALS), s.level] for code, s in row.scores.items()
                },
                **talent,
            }
        )
    return rows


def _talent(row: ResultRow) -> dict[str, Any]:
    t = row.talent
    return {
        "jpm": None if t.jpm is None else round(t.jpm, DECIMALS),
        "category": t.jpm_category,
        "potential": t.potential,
        "performance": t.performance,
        "box": t.box,
        "below": list(t.below_standard),
        "krs": t.krs,
    }


def content_hash(rows: list[dict[str, Any]]) -> str:
    """Return the SHA-256 of the rows' JSON (the keys in ``frozen_rows``'s fixed order)."""
    text = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def latest(event_id: int) -> ResultVersion | None:
    """Return the event's latest fixed version, or None."""
    return db.session.scalar(
        select(ResultVersion)
        .where(ResultVersion.event_id == event_id)
        .order_by(ResultVersion.number.desc())
        .limit(1)
    )


def standing(event_id: int, results: ResultSet) -> VersionInfo:
    """Tell whether ``results`` are exactly the latest fixed version, and what changed."""
    rows = frozen_rows(results)
    digest = content_hash(rows)
    version = latest(event_id)
    if version is None:
        return VersionInfo(None, False, content_hash=digest)
    final = version.content_hash == digest
    return VersionInfo(
        number=version.number,
        final=final,
        fixed_by=version.created_by,
        fixed_at=clock.iso_z(version.created_at),
        reason=version.reason,
        content_hash=digest,
        changes=() if final else changes(version.rows, rows),
    )


def changes(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> tuple[str, ...]:
    """Describe, in Indonesian, how the rows differ (one line per changed row)."""
    old = {(r["nip"], r["test"]): r for r in before}
    new = {(r["nip"], r["test"]): r for r in after}
    lines = [f"Baris baru: NIP {nip}, tes {test}" for nip, test in new.keys() - old.keys()]
    lines += [f"Baris hilang: NIP {nip}, tes {test}" for nip, test in old.keys() - new.keys()]
    for key in sorted(new.keys() & old.keys()):
        fields = [FIELD_LABELS.get(f, f) for f in new[key] if new[key][f] != old[key].get(f)]
        if fields:
            lines.append(f"NIP {key[0]}, tes {key[1]}: berubah {', '.join(fields)}")
    lines.sort()
    if len(lines) > MAX_CHANGES:
        lines = [*lines[:MAX_CHANGES], f"... dan {len(lines) - MAX_CHANGES} perubahan lain"]
    return tuple(lines)


def fix(event_id: int, results: ResultSet, *, actor: str, reason: str) -> ResultVersion:
    """Fix the results as the next numbered version (audited); refuse an unchanged one."""
    if not reason or not reason.strip():
        raise Refused(422, "reason_required", "Alasan penetapan hasil wajib diisi.")
    if not results.rows:
        raise Refused(409, "no_results", "Belum ada hasil untuk ditetapkan.")
    rows = frozen_rows(results)
    digest = content_hash(rows)
    previous = latest(event_id)
    if previous is not None and previous.content_hash == digest:
        raise Refused(
            409,
            "unchanged",
            f"Hasil tidak berubah sejak versi {previous.number}; tidak ada versi baru.",
        )
    number = (
        db.session.scalar(
            select(func.max(ResultVersion.number)).where(ResultVersion.event_id == event_id)
        )
        or 0
    ) + 1
    return add_audited(
        ResultVersion,
        "results.finalized",
        lambda kept: f"result_version:{kept.number}",
        actor=actor,
        reason=reason.strip(),
        details={"hash": digest, "rows": len(rows)},
        event_id=event_id,
        number=number,
        content_hash=digest,
        rows=rows,
    )


def history(event_id: int) -> list[ResultVersion]:
    """Return the event's fixed versions, oldest first."""
    return list(
        db.session.scalars(
            select(ResultVersion)
            .where(ResultVersion.event_id == event_id)
            .order_by(ResultVersion.number)
        )
    )
