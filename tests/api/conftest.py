"""An open session with candidates, and a small client for the candidate API."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.factories import Api, Seat, csv_text, publish_sample_bank, roster_rows, write

__all__ = ["Api", "Seat"]  # imported from here by older tests


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


@pytest.fixture
def api(client) -> Api:
    return Api(client)


@pytest.fixture
def other_api(app) -> Api:
    """A second browser (another device)."""
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
