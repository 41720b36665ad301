"""One open room with a candidate mid-test, its proctor and an admin, for malformed inputs."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.api.conftest import Api, Seat
from tests.factories import (
    csrf_from,
    csv_text,
    login_staff,
    make_user,
    publish_sample_bank,
    roster_rows,
    write,
)


class Staff:
    """A logged-in staff browser: the pages' CSRF token, sent as the API's header too."""

    def __init__(self, client, username: str):
        assert login_staff(client, username).status_code == 302
        self.client = client
        self.csrf = csrf_from(client.get("/pengawas/").get_data(as_text=True))

    def call(self, method: str, url: str, **kwargs):
        headers = {"X-CSRF-Token": self.csrf} | kwargs.pop("headers", {})
        return self.client.open(url, method=method, headers=headers, **kwargs)

    def form(self, url: str, data: dict):
        """Post a page form with its CSRF token."""
        return self.client.post(url, data={"csrf_token": self.csrf} | data)


@dataclass
class Room:
    candidate: Api  # logged in, first test started
    attempt: dict  # the started attempt object
    candidate_id: int
    seat: Seat  # the candidate's NIP and PIN
    token: str  # the session token of S1
    proctor: Staff  # pengawas1, room R01
    admin: Staff  # admin1


@pytest.fixture
def room(app, runner, tmp_path) -> Room:
    """Session S1 open, room R01 with three candidates; the first one has started."""
    from assessment_app.extensions import db
    from assessment_app.models import Candidate

    rows = roster_rows(3)
    with app.app_context():
        publish_sample_bank()
        result = runner.invoke(args=["roster", "import", write(tmp_path / "r.csv", csv_text(rows))])
        assert result.exit_code == 0, result.output
        token = runner.invoke(args=["session", "open", "S1"]).stdout.strip()
        make_user("proctor", "pengawas1", rooms=["R01"])
        make_user("admin", "admin1")
        candidate_id = db.session.query(Candidate.id).filter_by(nip=rows[0][0]).scalar()
    api, seat = Api(app.test_client()), Seat(rows[0][0], rows[0][9])
    login = api.login(seat, token)
    assert login.status_code == 200, login.json
    attempt = api.start(login.json["attempts"][0]["id"]).json
    return Room(
        candidate=api,
        attempt=attempt,
        candidate_id=candidate_id,
        seat=seat,
        token=token,
        proctor=Staff(app.test_client(), "pengawas1"),
        admin=Staff(app.test_client(), "admin1"),
    )
