"""Results of the current event, computed from the attempts every time they are asked for.

Nothing is stored: importing standards or SKP ratings again, or correcting the scoring,
changes the next computation. Each attempt is scored by the snapshot it was drawn from.
"""

from __future__ import annotations

import gc
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace

from flask import current_app
from sqlalchemy import select

from assessment_app import audit, clock, scoring, talent
from assessment_app.events.service import current_event
from assessment_app.exceptions import Refused
from assessment_app.extensions import db
from assessment_app.models import ScoringOverride, SnapshotTest
from assessment_app.results import compute, versions
from assessment_app.results.cuts import format_cuts
from assessment_app.results.gather import load_event
from assessment_app.results.model import (
    CORRECTION_KINDS,
    CompetencyInfo,
    Correction,
    ResultSet,
)
from assessment_app.results.records import add_audited
from assessment_app.results.talent_results import talent_results
from assessment_app.snapshots.catalog import bank_for
from assessment_app.snapshots.service import current_snapshot


def result_set() -> ResultSet:
    """Compute the whole event's results (rows for every candidate and registered test)."""
    with _collector_paused():
        return _result_set()


@contextmanager
def _collector_paused():
    """Pause the cyclic garbage collector while results are built.

    An event of 10,000 candidates makes over a million small objects (answers, scores,
    rows), none of them in a reference cycle; the collector would walk them again and
    again and cost about a quarter of the time. Memory is freed by reference counting.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _result_set() -> ResultSet:
    event, snapshot = current_event(), current_snapshot()
    bands = talent.bands_named(current_app.config.get("JPM_BANDS", "pemetaan"))
    if event is None or snapshot is None:
        return ResultSet(
            event_name=event.name if event else "", competencies=[], tests={}, rows=[], bands=bands
        )
    competencies = [
        CompetencyInfo(
            c.code,
            c.name,
            c.group,
            dict(c.levels),
            c.definition,
            dict(c.indicators),
        )
        for c in bank_for(snapshot.id).competencies
    ]
    data = load_event(event.id, snapshot.id)
    banks = {sid: bank_for(sid) for sid in {a.snapshot_id for a in data.attempts} | {snapshot.id}}
    titles = dict(
        db.session.execute(
            select(SnapshotTest.code, SnapshotTest.title)
            .where(SnapshotTest.snapshot_id == snapshot.id)
            .order_by(SnapshotTest.code)
        ).all()
    )
    fixes = compute.corrections_of(data.overrides)
    scored = compute.score_attempts(data, banks, competencies, fixes, titles)
    talents = talent_results(data, scored, competencies, bands)
    results = ResultSet(
        event_name=event.name,
        competencies=competencies,
        tests=titles,
        rows=compute.result_rows(data, scored, talents, titles),
        corrections=corrections(),
        bands=bands,
        rules=scored.rules,
        reliability=scored.reliability,
    )
    return replace(results, version=versions.standing(event.id, results))


def corrections() -> list[Correction]:
    """Return the scoring corrections in force, oldest first."""
    return [
        Correction(
            o.kind,
            o.test_code,
            o.item_id,
            o.value,
            o.reason,
            o.created_by,
            clock.iso_z(o.created_at),
            o.id,
        )
        for o in db.session.scalars(select(ScoringOverride).order_by(ScoringOverride.id))
    ]


def withdraw_correction(correction_id: int, *, actor: str, reason: str) -> None:
    """Withdraw a correction made in error; the audit log keeps what it was and why."""
    if not reason or not reason.strip():
        raise Refused(422, "reason_required", "Alasan pembatalan koreksi wajib diisi.")
    override = db.session.get(ScoringOverride, correction_id)
    if override is None:
        raise Refused(404, "not_found", "Koreksi tidak ditemukan.")
    audit.record(
        actor,
        "results.correction_withdrawn",
        target=f"correction:{override.id}",
        reason=reason.strip(),
        details={
            "kind": override.kind,
            "item": override.item_id,
            "test": override.test_code,
            "value": override.value,
            "original_reason": override.reason,
            "by": override.created_by,
            "panel": override.panel_id,
        },
    )
    db.session.delete(override)
    db.session.flush()


def add_correction(
    kind: str,
    *,
    actor: str,
    reason: str,
    item_id: str | None = None,
    test_code: str | None = None,
    cuts: str | Sequence[float] | None = None,
    competency_cuts: Mapping[str, Sequence[float]] | None = None,
    panel_id: int | None = None,
) -> ScoringOverride:
    """Record an audited scoring correction; results recompute from the same attempts.

    A ``level_cuts`` correction takes exactly one of ``cuts`` (the whole test: four
    numbers, or their text "20,40,60,80") and ``competency_cuts`` (code -> four numbers, for
    competencies the test measures). ``panel_id`` names the standard-setting panel whose
    cuts are adopted. Return the stored correction.
    """
    if kind not in CORRECTION_KINDS:  # the retired kinds cannot be added any more
        raise Refused(422, "invalid_correction", "Jenis koreksi tidak dikenal.")
    if not reason or not reason.strip():
        raise Refused(422, "reason_required", "Alasan koreksi wajib diisi.")
    snapshot = current_snapshot()
    if snapshot is None:
        raise Refused(409, "no_bank", "Bank soal belum dipublikasikan.")
    bank = bank_for(snapshot.id)
    value = ""
    if kind in ("drop_item", "credit_all"):
        if not item_id or item_id not in {i.id for i in bank.items}:
            raise Refused(422, "invalid_item", f"Soal {item_id!r} tidak ada di bank soal.")
        test_code = None
    else:
        test = next((t for t in bank.tests if t.code == test_code), None)
        if test is None:
            raise Refused(422, "invalid_test", f"Tes {test_code!r} tidak ada di bank soal.")
        value, item_id = _cuts_value(test, cuts, competency_cuts), None
    return add_audited(
        ScoringOverride,
        "results.correction",
        lambda kept: f"correction:{kept.id}",
        actor=actor,
        reason=reason.strip(),
        details={
            "kind": kind,
            "item": item_id,
            "test": test_code,
            "value": value,
            "panel": panel_id,
        },
        snapshot_id=snapshot.id,
        test_code=test_code,
        item_id=item_id,
        kind=kind,
        value=value,
        panel_id=panel_id,
    )


_CUTS_HELP = "harus empat angka yang naik pada skala skor C, mis. 20, 40, 60, 80."


def _cuts_value(test, cuts, competency_cuts) -> str:
    """Return the stored value of a cut correction of ``test``; refuse invalid cuts
    (422 ``invalid_cuts``), naming the competency at fault."""
    if (cuts is None) == (competency_cuts is None):
        raise Refused(
            422,
            "invalid_cuts",
            "Isi batas level untuk seluruh tes atau per kompetensi, salah satu saja.",
        )
    if competency_cuts is None:
        values = _numbers(cuts)
        if not scoring.cuts_valid(values):
            raise Refused(422, "invalid_cuts", f"Batas level {_CUTS_HELP}")
        return format_cuts(values)
    if not competency_cuts:
        raise Refused(422, "invalid_cuts", "Batas level per kompetensi kosong.")
    for code, values in competency_cuts.items():
        if code not in test.competency_codes:
            raise Refused(
                422,
                "invalid_cuts",
                f"Kompetensi {code} tidak diukur oleh tes {test.code}.",
            )
        if not scoring.cuts_valid(_numbers(values)):
            raise Refused(422, "invalid_cuts", f"Batas level kompetensi {code} {_CUTS_HELP}")
    return format_cuts(competency_cuts={c: _numbers(v) for c, v in competency_cuts.items()})


def _numbers(values: str | Sequence[float]) -> tuple[float, ...]:
    """Return the cuts as floats; text is split on commas or semicolons; () if unreadable."""
    if isinstance(values, str):
        values = values.replace(";", ",").split(",")
    try:
        return tuple(float(v) for v in values)
    except (TypeError, ValueError):
        return ()
