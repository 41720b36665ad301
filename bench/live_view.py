"""Server time to build the live view of a 50-seat room while 50 rooms are live (aim:
10 ms or less at p95 on PostgreSQL).

Run as `python -m bench.live_view`. The event has ROOMS rooms of SEATS seats, every
candidate logged in with a running test and live state in Redis. The measured room (R01) is
filled through the real API: its candidates log in, start their test and answer; the other
rooms are written straight into the database and Redis (bulk inserts, not measured: the API
route for 2,500 candidates would take minutes). Then one proctor, assigned to R01, polls
R01's live view, and an admin polls the dashboard of every room, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import insert, select

from assessment_app import clock, create_app
from assessment_app.attempts.signals import live_state
from assessment_app.bank import order_for_attempt
from assessment_app.extensions import db
from assessment_app.models import Answer, Attempt, Candidate, Registration, Room
from assessment_app.snapshots.catalog import bank_for
from assessment_app.store import stop_embedded
from bench.harness.postgres import temporary_postgres_database
from bench.harness.roster import csrf_from, csv_text, roster_rows
from bench.servers import find_postgres

ROOMS = int(os.environ.get("BENCH_ROOMS", "50"))
SEATS = 50
ANSWERS_EACH = 12
ROUNDS = 300
DASHBOARD_ROUNDS = 20
TESTS = "MANSOS;TEK-AK"


def _event_rows() -> list[list[str]]:
    """Return ROOMS x SEATS roster rows: rooms R01.., seats 1..SEATS in each."""
    rows = []
    for r in range(ROOMS):
        for row in roster_rows(SEATS, room=f"R{r + 1:02d}", tests=TESTS, start=1 + r * SEATS):
            row[7] = str(int(row[7]) - r * SEATS)
            rows.append(row)
    return rows


def _fill_event(app, tmp: Path) -> None:
    runner = app.test_cli_runner()
    roster = tmp / "roster.csv"
    rows = _event_rows()
    roster.write_text(csv_text(rows), encoding="utf-8")
    for args in (
        ["bank", "publish"],
        ["roster", "import", str(roster)],
        ["users", "create", "--role", "admin", "--username", "bench"]
        + ["--password", "bench-password-1"],
        ["users", "create", "--role", "proctor", "--username", "pengawas", "--rooms", "R01"]
        + ["--password", "bench-password-1"],
    ):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    token = runner.invoke(args=["session", "open", "S1"]).stdout.strip()
    for row in rows[:SEATS]:
        _sit_through_api(app, row, token)
    _sit_in_bulk(app)


def _sit_through_api(app, row: list[str], token: str) -> None:
    """Log one candidate in, start the first test, answer and send a heartbeat."""
    client = app.test_client()
    login = client.post(
        "/api/v1/candidate/login", json={"nip": row[0], "pin": row[9], "session_token": token}
    ).json
    headers = {"X-CSRF-Token": login["csrf_token"]}
    attempt_id = login["attempts"][0]["id"]
    items = client.post(f"/api/v1/attempts/{attempt_id}/start", json={}, headers=headers).json[
        "items"
    ]
    for seq, item in enumerate(items[:ANSWERS_EACH], start=1):
        client.put(
            f"/api/v1/attempts/{attempt_id}/answers/{item['id']}",
            json={"choice": item["options"][0]["key"], "seq": seq},
            headers=headers,
        )
    client.post(f"/api/v1/attempts/{attempt_id}/heartbeat", json={"focus_lost": 1}, headers=headers)


def _sit_in_bulk(app) -> None:
    """Give every candidate outside R01 what the API would: two attempts (the first running
    with ANSWERS_EACH answers), a device, a heartbeat and an answered set in Redis."""
    rng = random.Random(15)
    with app.app_context():
        now = clock.now()
        conn = db.session.connection()
        registrations = db.session.execute(
            select(Registration.id, Registration.candidate_id, Registration.test_code)
            .join(Candidate, Candidate.id == Registration.candidate_id)
            .join(Room, Room.id == Candidate.room_id)
            .where(Room.code != "R01")
            .order_by(Registration.candidate_id, Registration.position)
        ).all()
        snapshot_id = db.session.scalar(select(Attempt.snapshot_id).limit(1))
        bank = bank_for(snapshot_id)
        tests = {t.code: t for t in bank.tests}
        rows, first = [], set()
        for reg in registrations:
            seed = rng.randrange(2**31)
            layout = order_for_attempt(bank, tests[reg.test_code], seed)
            running = reg.candidate_id not in first
            first.add(reg.candidate_id)
            duration = round(tests[reg.test_code].duration_minutes * 60_000)
            rows.append(
                {
                    "registration_id": reg.id,
                    "candidate_id": reg.candidate_id,
                    "test_code": reg.test_code,
                    "snapshot_id": snapshot_id,
                    "status": "in_progress" if running else "ready",
                    "seed": seed,
                    "layout": layout,
                    "item_count": len(layout["items"]),
                    "item_ids": ",".join(layout["items"]),
                    "duration_ms": duration,
                    "extension_ms": 0,
                    "paused_ms": 0,
                    "created_at": now,
                    "started_at": now if running else None,
                    "deadline_at": now + timedelta(milliseconds=duration) if running else None,
                }
            )
        conn.execute(insert(Attempt), rows)
        started = db.session.execute(
            select(Attempt.id, Attempt.candidate_id, Attempt.item_ids).where(
                Attempt.status == "in_progress",
                Attempt.registration_id.in_([r.id for r in registrations]),
            )
        ).all()
        answers = [
            {
                "attempt_id": a.id,
                "item_id": item,
                "choice": "A",
                "flagged": False,
                "seq": seq,
                "saved_at": now,
            }
            for a in started
            for seq, item in enumerate(a.item_ids.split(",")[:ANSWERS_EACH], start=1)
        ]
        conn.execute(insert(Answer), answers)
        db.session.commit()
        live, now_ms = live_state(), int(now.timestamp() * 1000)
        for a in started:
            live.rebuild_answered(a.id, a.item_ids.split(",")[:ANSWERS_EACH])
            live.heartbeat(a.id, a.candidate_id, now_ms, rng.randrange(3), "d" * 32, "10.0.0.9")


def _time(function, rounds: int = ROUNDS) -> list[float]:
    for _ in range(min(20, rounds)):
        function()  # warm caches and connections
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _logged_in(app, username: str):
    client = app.test_client()
    page = client.get("/masuk").get_data(as_text=True)
    client.post(
        "/masuk",
        data={"csrf_token": csrf_from(page), "username": username, "password": "bench-password-1"},
    )
    return client


def _measure(app) -> dict[str, list[float]]:
    from assessment_app.models import User
    from assessment_app.proctor.access import room_and_session
    from assessment_app.proctor.live import room_live

    proctor, admin = _logged_in(app, "pengawas"), _logged_in(app, "bench")
    url = "/api/v1/proctor/rooms/R01/sessions/S1/live"
    seats = proctor.get(url).json["seats"]
    assert len(seats) == SEATS and all(s["attempt"] for s in seats), seats[:1]
    rooms = admin.get("/admin/dasbor.json").json["sessions"][0]["rooms"]
    assert len(rooms) == ROOMS and rooms[-1]["counts"]["present"] == SEATS, rooms[-1]

    def build() -> None:
        with app.app_context():
            user = db.session.scalar(db.select(User).where(User.username == "pengawas"))
            room_live(*room_and_session(user, "R01", "S1"))
            db.session.rollback()

    return {
        "build the view (service)": _time(build),
        "GET live JSON (whole request)": _time(lambda: proctor.get(url)),
        f"admin dashboard JSON ({ROOMS} rooms)": _time(
            lambda: admin.get("/admin/dasbor.json"), DASHBOARD_ROUNDS
        ),
    }


def _run(label: str, database_url: str | None) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-live-") as folder:
        tmp = Path(folder)
        overrides = {"INSTANCE_PATH": str(tmp / "instance")}
        if database_url:
            overrides["SQLALCHEMY_DATABASE_URI"] = database_url
        app = create_app(**overrides)
        try:
            with app.app_context():
                upgrade()
            filling = time.monotonic()
            _fill_event(app, tmp)
            print(f"\n({label}: event filled in {time.monotonic() - filling:.0f} s, not measured)")
            results = _measure(app)
        finally:
            with app.app_context():
                db.engine.dispose()
            stop_embedded(str(tmp / "instance"))
    print(f"== {label}: live view of a {SEATS}-seat room, {ROOMS} rooms live ==")
    print(f"{'':38}{'rounds':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for name, samples in results.items():
        ordered = sorted(samples)
        p95 = ordered[max(0, int(0.95 * len(ordered)) - 1)]
        print(
            f"{name:38}{len(ordered):7}{statistics.median(ordered):9.2f}{p95:9.2f}"
            f"{ordered[-1]:9.2f}"
        )


def main() -> None:
    """Print the live-view build time on SQLite and on PostgreSQL (BENCH_DATABASES: which)."""
    started = time.monotonic()
    wanted = os.environ.get("BENCH_DATABASES", "sqlite,postgres").split(",")
    if "sqlite" in wanted:
        _run("SQLite", None)
    with ExitStack() as stack:
        try:
            base, _ = find_postgres() if "postgres" in wanted else (None, None)
        except RuntimeError as exc:
            print(f"\n(PostgreSQL skipped: {exc})")
        else:
            if base:
                _run("PostgreSQL", stack.enter_context(temporary_postgres_database(base)))
    print(f"\n(done in {time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
