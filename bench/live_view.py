"""Server time to build the live view of a 50-seat room (aim: 20 ms or less).

Run as `python -m bench.live_view`. The room is filled through the real API: 50 candidates
log in, start their test and answer; then the view is built repeatedly from the database and
Redis, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from flask_migrate import upgrade

from assessment_app import create_app
from assessment_app.extensions import db
from assessment_app.store import stop_embedded
from bench.harness.postgres import temporary_postgres_database
from bench.harness.roster import csrf_from, csv_text, roster_rows
from bench.servers import find_postgres

SEATS = 50
ANSWERS_EACH = 12
ROUNDS = 300


def _fill_room(app, tmp: Path) -> None:
    runner = app.test_cli_runner()
    roster = tmp / "roster.csv"
    roster.write_text(csv_text(roster_rows(SEATS)), encoding="utf-8")
    for args in (
        ["bank", "publish"],
        ["roster", "import", str(roster)],
        [
            "users",
            "create",
            "--role",
            "admin",
            "--username",
            "bench",
            "--password",
            "bench-password-1",
        ],
    ):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    token = runner.invoke(args=["session", "open", "S1"]).stdout.strip()
    for row in roster_rows(SEATS):
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
        client.post(
            f"/api/v1/attempts/{attempt_id}/heartbeat", json={"focus_lost": 1}, headers=headers
        )


def _time(function) -> list[float]:
    for _ in range(20):
        function()  # warm caches and connections
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _measure(app) -> dict[str, list[float]]:
    from assessment_app.proctor.access import room_and_session
    from assessment_app.proctor.live import room_live

    staff = app.test_client()
    page = staff.get("/masuk").get_data(as_text=True)
    staff.post(
        "/masuk",
        data={"csrf_token": csrf_from(page), "username": "bench", "password": "bench-password-1"},
    )
    url = "/api/v1/proctor/rooms/R01/sessions/S1/live"
    assert len(staff.get(url).json["seats"]) == SEATS

    def build() -> None:
        with app.app_context():
            from assessment_app.models import User

            user = db.session.scalar(db.select(User).where(User.username == "bench"))
            room_live(*room_and_session(user, "R01", "S1"))
            db.session.rollback()

    return {
        "build the view (service)": _time(build),
        "GET live JSON (whole request)": _time(lambda: staff.get(url)),
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
            _fill_room(app, tmp)
            results = _measure(app)
        finally:
            with app.app_context():
                db.engine.dispose()
            stop_embedded(str(tmp / "instance"))
    print(f"\n== {label}: live view of a {SEATS}-seat room ({ROUNDS} rounds) ==")
    print(f"{'':34}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for name, samples in results.items():
        ordered = sorted(samples)
        p95 = ordered[int(0.95 * len(ordered)) - 1]
        print(f"{name:34}{statistics.median(ordered):9.2f}{p95:9.2f}{ordered[-1]:9.2f}")


def main() -> None:
    """Print the live-view build time on SQLite and on PostgreSQL."""
    started = time.monotonic()
    _run("SQLite", None)
    with ExitStack() as stack:
        try:
            base, _ = find_postgres()
        except RuntimeError as exc:
            print(f"\n(PostgreSQL skipped: {exc})")
        else:
            _run("PostgreSQL", stack.enter_context(temporary_postgres_database(base)))
    print(f"\n(done in {time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
