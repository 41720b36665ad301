"""Scoring and export of 10,000 candidates with three tests each, from the database.

Run as `python -m bench.results`. Aims: scoring plus the CSV export in 5 s or less; the XLSX
export in 20 s or less. The event is written straight into a fresh database (bulk inserts;
not measured), then the results are computed and exported as `flask results export` does.
"""

from __future__ import annotations

import io
import os
import random
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from flask_migrate import upgrade
from openpyxl import load_workbook
from sqlalchemy import insert

from assessment_app import clock, create_app
from assessment_app.bank import load_bank, order_for_attempt
from assessment_app.extensions import db
from assessment_app.models import (
    Answer,
    Attempt,
    Candidate,
    Event,
    ExamSession,
    PerformanceRating,
    PositionStandard,
    Registration,
    Room,
)
from assessment_app.snapshots.service import publish
from assessment_app.store import stop_embedded
from bench.harness.roster import nip

CANDIDATES = int(os.environ.get("BENCH_CANDIDATES", "10000"))
TESTS = ("MANSOS", "TEK-AK", "TEK-PK")
PREDIKAT = ("Sangat Baik", "Baik", "Baik", "Butuh Perbaikan")


def _seed(app) -> None:
    bank = load_bank("question_bank").bank
    rng = random.Random(2026)
    now = clock.now()
    with app.app_context():
        snapshot, _ = publish(bank, "bench")
        event = Event(name="Bench")
        db.session.add(event)
        db.session.flush()
        session = ExamSession(event_id=event.id, code="S1", snapshot_id=snapshot.id)
        rooms = [Room(event_id=event.id, code=f"R{r:02d}") for r in range(1, 21)]
        db.session.add_all([session, *rooms])
        db.session.flush()
        conn = db.session.connection()
        nips = [nip(i, sex=1 + i % 2) for i in range(1, CANDIDATES + 1)]
        conn.execute(
            insert(Candidate),
            [
                {
                    "event_id": event.id,
                    "nip": n,
                    "name": f"Peserta {i}",
                    "position": "Analis",
                    "position_code": "AK-MUDA",
                    "unit": "Bapperida",
                    "session_id": session.id,
                    "room_id": rooms[i % 20].id,
                    "seat": str(i // 20 + 1),
                    "pin_mac": "x",
                    "pin_sealed": "x",
                    "created_at": now,
                    "updated_at": now,
                }
                for i, n in enumerate(nips)
            ],
        )
        ids = [c.id for c in db.session.scalars(db.select(Candidate).order_by(Candidate.id))]
        conn.execute(
            insert(Registration),
            [
                {"candidate_id": cid, "test_code": code, "position": p}
                for cid in ids
                for p, code in enumerate(TESTS, start=1)
            ],
        )
        registrations = db.session.execute(
            db.select(Registration.id, Registration.candidate_id, Registration.test_code)
        ).all()
        tests = {t.code: t for t in bank.tests}
        attempts = []
        for reg in registrations:
            seed = rng.randrange(2**31)
            layout = order_for_attempt(bank, tests[reg.test_code], seed)
            attempts.append(
                {
                    "registration_id": reg.id,
                    "candidate_id": reg.candidate_id,
                    "test_code": reg.test_code,
                    "snapshot_id": snapshot.id,
                    "status": "finished",
                    "seed": seed,
                    "layout": layout,
                    "item_count": len(layout["items"]),
                    "item_ids": ",".join(layout["items"]),
                    "duration_ms": 60_000,
                    "extension_ms": 0,
                    "paused_ms": 0,
                    "created_at": now,
                    "started_at": now - timedelta(minutes=90),
                    "finished_at": now,
                    "deadline_at": now,
                    "finish_reason": "candidate",
                }
            )
        conn.execute(insert(Attempt), attempts)
        rows = db.session.execute(db.select(Attempt.id, Attempt.layout)).all()
        answers = [
            {
                "attempt_id": a.id,
                "item_id": item,
                "choice": rng.choice(keys),
                "flagged": False,
                "seq": s,
                "saved_at": now,
            }
            for a in rows
            for s, (item, keys) in enumerate(a.layout["options"].items(), start=1)
            if rng.random() < 0.93
        ]
        for start in range(0, len(answers), 50_000):
            conn.execute(insert(Answer), answers[start : start + 50_000])
        codes = ["INT", "KS", "KOM", "OPH", "PP", "PDOL", "MP", "PK", "PB"]
        conn.execute(
            insert(PositionStandard),
            [
                {
                    "position_code": "AK-MUDA",
                    "competency_code": c,
                    "required_level": 3,
                    "imported_at": now,
                }
                for c in codes
            ],
        )
        conn.execute(
            insert(PerformanceRating),
            [
                {"nip": n, "year": 2025, "predikat": rng.choice(PREDIKAT), "imported_at": now}
                for n in nips[: int(CANDIDATES * 0.9)]
            ],
        )
        db.session.commit()
        print(f"seeded {CANDIDATES} candidates, {len(attempts)} attempts, {len(answers)} answers")


def _measure(app, folder: Path) -> None:
    from assessment_app.exports import write_csv, write_xlsx
    from assessment_app.results.service import result_set

    with app.app_context():
        started, cpu_started = time.perf_counter(), time.process_time()
        results = result_set()
        scored, cpu_scored = time.perf_counter(), time.process_time()
        buffer = io.StringIO()
        write_csv(results, buffer)
        csv_done, cpu_csv = time.perf_counter(), time.process_time()
        write_xlsx(results, str(folder / "hasil.xlsx"))
        xlsx_done, cpu_xlsx = time.perf_counter(), time.process_time()
    sheets = load_workbook(folder / "hasil.xlsx", read_only=True).sheetnames
    print(
        f"rows: {len(results.rows)}; CSV {len(buffer.getvalue()) / 1e6:.1f} MB; "
        f"XLSX {(folder / 'hasil.xlsx').stat().st_size / 1e6:.1f} MB, {len(sheets)} sheets: "
        + ", ".join(sheets)
    )
    # This process's CPU beside the wall time: on a busy machine the wall time also counts
    # the waits for a core, the CPU time only this work (the database is SQLite, in-process).
    print(f"{'':32}{'wall':>8}{'CPU':>8}")
    for label, wall, cpu in (
        ("scoring (load + compute)", scored - started, cpu_scored - cpu_started),
        ("CSV export", csv_done - scored, cpu_csv - cpu_scored),
        ("scoring + CSV (aim <= 5 s)", csv_done - started, cpu_csv - cpu_started),
        ("XLSX export (aim <= 20 s)", xlsx_done - csv_done, cpu_xlsx - cpu_csv),
    ):
        print(f"{label:32}{wall:8.2f}{cpu:8.2f} s")


def main() -> None:
    """Seed a large event in SQLite and time the results and exports."""
    print(f"\n== results: {CANDIDATES} candidates x {len(TESTS)} tests (SQLite) ==")
    with tempfile.TemporaryDirectory(prefix="bench-results-") as name:
        folder = Path(name)
        app = create_app(INSTANCE_PATH=str(folder / "instance"))
        try:
            with app.app_context():
                upgrade()
            seeding = time.perf_counter()
            _seed(app)
            print(f"(seeding took {time.perf_counter() - seeding:.0f} s, not measured)")
            _measure(app, folder)
        finally:
            with app.app_context():
                db.engine.dispose()
            stop_embedded(str(folder / "instance"))


if __name__ == "__main__":
    main()
