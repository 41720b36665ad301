"""An open session with candidates, and a small client for the candidate API."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.factories import csv_text, publish_sample_bank, roster_rows, write


@dataclass
class Seat:
    nip: str
    pin: str


@dataclass
class Exam:
    token: str
    seats: list[Seat]
    waiting: Seat  # a candidate whose session (S2) is not open


@pytest.fixture
def exam(app, runner, tmp_path) -> Exam:
    rows = roster_rows(4) + roster_rows(1, session="S2", start=50)
    with app.app_context():
        publish_sample_bank()
        result = runner.invoke(args=["roster", "import", write(tmp_path / "r.csv", csv_text(rows))])
        assert result.exit_code == 0, result.output
        token = runner.invoke(args=["session", "open", "S1"]).stdout.strip()
    seats = [Seat(row[0], row[9]) for row in rows]
    return Exam(token, seats[:4], seats[4])


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


@pytest.fixture
def api(client) -> Api:
    return Api(client)


@pytest.fixture
def other_api(app) -> Api:
    """A second browser (another device)."""
    from tests.conftest import _Client

    app.test_client_class = _Client
    return Api(app.test_client())


@pytest.fixture
def started(api, exam):
    """The first candidate logged in with their first attempt started."""
    login = api.login(exam.seats[0], exam.token)
    assert login.status_code == 200, login.json
    attempt_id = login.json["attempts"][0]["id"]
    response = api.start(attempt_id)
    assert response.status_code == 200, response.json
    return response.json
