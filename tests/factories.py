"""Builders for test data: accounts, a published bank, files; roster rows from bench.harness."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from assessment_app.bank import load_bank
from assessment_app.extensions import db
from bench.harness.roster import ROSTER_HEADER, csrf_from, csv_text, nip, roster_rows

__all__ = [
    "ROSTER_HEADER",
    "Api",
    "Seat",
    "Sitting",
    "build_event",
    "sit",
    "SAMPLE_BANK",
    "csrf_from",
    "csv_text",
    "load_bank_once",
    "login_staff",
    "make_user",
    "nip",
    "publish_sample_bank",
    "roster_rows",
    "write",
]

SAMPLE_BANK = Path(__file__).resolve().parent.parent / "question_bank"


def write(path: Path, text: str, *, bom: bool = False) -> str:
    """Write text as UTF-8 (optionally with a BOM) and return the path as str."""
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return str(path)


_LOADED: dict[tuple, object] = {}


def _bank_state(directory: Path) -> tuple:
    """Return what identifies a bank folder's content: each file's path, size and mtime."""
    return tuple(
        sorted(
            (str(path), stat.st_size, stat.st_mtime_ns)
            for path in directory.rglob("*")
            if path.is_file() and (stat := path.stat())
        )
    )


def load_bank_once(directory: Path = SAMPLE_BANK):
    """Load a bank folder, reusing the result while no file in it changed.

    Parsing YAML with line numbers costs about a second, and hundreds of tests publish the
    same sample bank; the loaded bank is plain data that publishing only reads.
    """
    key = (str(directory), _bank_state(directory))
    if key not in _LOADED:
        _LOADED[key] = load_bank(str(directory))
    return _LOADED[key]


def publish_sample_bank(directory: Path = SAMPLE_BANK):
    """Publish a bank folder (default: the sample bank) and return the snapshot."""
    from assessment_app.snapshots.service import publish

    result = load_bank_once(directory)
    assert not result.problems, [str(p) for p in result.problems]
    snapshot, _ = publish(result.bank, "test")
    db.session.commit()
    return snapshot


def make_user(
    role: str = "admin",
    username: str = "admin1",
    password: str = "rahasia-ujian-123",
    rooms: list[str] | None = None,
):
    """Create and commit a staff account."""
    from assessment_app.users.service import create_user

    user = create_user(role, username, password, actor="test", rooms=rooms)
    db.session.commit()
    return user


def login_staff(client, username: str, password: str = "rahasia-ujian-123"):
    """Log a staff member in through the real form (with its CSRF token)."""
    page = client.get("/masuk")
    token = csrf_from(page.get_data(as_text=True))
    return client.post(
        "/masuk", data={"csrf_token": token, "username": username, "password": password}
    )


@dataclass
class Seat:
    nip: str
    pin: str


class Api:
    """Calls the candidate API the way the exam page does (JSON, CSRF header)."""

    def __init__(self, client):
        self.client = client
        self.csrf = None

    def login(self, seat: Seat, token: str, **overrides):
        body = {"nip": seat.nip, "pin": seat.pin, "session_token": token} | overrides
        response = self.client.post("/api/v1/candidate/login", json=body)
        if response.status_code == 200:
            self.csrf = response.json["csrf_token"]
        return response

    def call(self, method: str, url: str, body=None, csrf: str | None = "auto"):
        headers = {}
        token = self.csrf if csrf == "auto" else csrf
        if token:
            headers["X-CSRF-Token"] = token
        return self.client.open(url, method=method, json=body, headers=headers)

    def get(self, url: str):
        return self.client.get(url)

    def start(self, attempt_id: int):
        return self.call("POST", f"/api/v1/attempts/{attempt_id}/start", {})

    def save(self, attempt_id: int, item_id: str, choice, seq: int, **extra):
        body = {"choice": choice, "seq": seq} | extra
        return self.call("PUT", f"/api/v1/attempts/{attempt_id}/answers/{item_id}", body)

    def heartbeat(self, attempt_id: int, focus_lost: int | None = None):
        body = {} if focus_lost is None else {"focus_lost": focus_lost}
        return self.call("POST", f"/api/v1/attempts/{attempt_id}/heartbeat", body)

    def finish(self, attempt_id: int):
        return self.call("POST", f"/api/v1/attempts/{attempt_id}/finish", {})


@dataclass
class Sitting:
    """What one candidate saw and chose."""

    row: list[str]
    attempts: dict[str, int] = field(default_factory=dict)  # test code -> attempt id
    presented: dict[str, list[str]] = field(default_factory=dict)  # test code -> item ids
    chosen: dict[str, str] = field(default_factory=dict)  # item id -> key
    candidate_id: int | None = None


def sit(
    app,
    row: list[str],
    token: str,
    pick: Callable[[str], str | None],
    *,
    tests: list[str] | None = None,
    gap: timedelta = timedelta(0),
    answer: Callable[[int], bool] = lambda seq: True,
    finish: bool = True,
) -> Sitting:
    """Sit a roster row's tests through the candidate API, in a browser of its own.

    Log in, then start each of `tests` (default: all, in order), save pick(item id) for
    every item shown (None, or answer(seq) false, leaves it blank), the app clock moving
    `gap` before each save, and finish unless `finish` is false.
    """
    from assessment_app import clock

    api = Api(app.test_client())
    login = api.login(Seat(row[0], row[9]), token)
    assert login.status_code == 200, login.json
    sitting = Sitting(row)
    for attempt in login.json["attempts"]:
        if tests is not None and attempt["test_code"] not in tests:
            continue
        started = api.start(attempt["id"])
        assert started.status_code == 200, started.json
        shown = [item["id"] for item in started.json["items"]]
        sitting.attempts[attempt["test_code"]] = attempt["id"]
        sitting.presented[attempt["test_code"]] = shown
        for seq, item_id in enumerate(shown, start=1):
            choice = pick(item_id) if answer(seq) else None
            if choice is None:
                continue
            clock.advance(gap)
            sitting.chosen[item_id] = choice
            assert api.save(attempt["id"], item_id, choice, seq).status_code == 200
        if finish:
            assert api.finish(attempt["id"]).status_code == 200
    return sitting


def build_event(
    app, rows: list[list[str]], folder: Path, *, open_session: str | None = "S1", staff=True
) -> str | None:
    """Publish the sample bank, import `rows` as the roster and open a session.

    With `staff`, create admin1 and pengawas1 (proctor of R01). Return the session token
    (None when no session is opened). Usable from a module-scoped fixture (no fixtures).
    """
    runner = app.test_cli_runner()
    with app.app_context():
        publish_sample_bank()
        roster = write(folder / "roster.csv", csv_text(rows))
        result = runner.invoke(args=["roster", "import", roster])
        assert result.exit_code == 0, result.output
        token = None
        if open_session:
            opened = runner.invoke(args=["session", "open", open_session])
            assert opened.exit_code == 0, opened.output
            token = opened.stdout.strip()
        if staff:
            make_user("admin", "admin1")
            make_user("proctor", "pengawas1", rooms=["R01"])
    return token
