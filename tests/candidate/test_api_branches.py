"""Candidate pages and API at their edges: no event, a moved login, another's attempt."""

from __future__ import annotations

from assessment_app.extensions import db
from assessment_app.models import Candidate


def test_login_before_any_roster_is_a_wrong_nip(api):
    seat = type("Seat", (), {"nip": "197501012000011001", "pin": "123456"})
    response = api.login(seat, "ABCDEF")
    assert response.status_code == 401 and response.json["error"]["code"] == "invalid_credentials"


def test_the_two_pages_send_each_visitor_where_they_belong(client, api, exam):
    assert client.get("/ujian").status_code == 200
    shell = client.get("/ujian/tes")
    assert shell.status_code == 302 and shell.headers["Location"].endswith("/ujian")
    assert api.login(exam.seats[0], exam.token).status_code == 200
    login_page = client.get("/ujian")
    assert login_page.status_code == 302 and login_page.headers["Location"].endswith("/ujian/tes")
    assert client.get("/ujian/tes").status_code == 200


def test_saving_into_another_candidates_attempt_is_403(api, other_api, exam):
    mine = api.login(exam.seats[0], exam.token).json["attempts"][0]["id"]
    item = api.start(mine).json["items"][0]
    assert other_api.login(exam.seats[1], exam.token).status_code == 200
    response = other_api.save(mine, item["id"], item["options"][0]["key"], 1)
    assert response.status_code == 403 and response.json["error"]["code"] == "forbidden"
    assert other_api.get(f"/api/v1/attempts/{mine}").status_code == 403
    assert other_api.get(f"/api/v1/attempts/{mine}/signal").status_code == 403
    unknown = other_api.save(999999, item["id"], item["options"][0]["key"], 1)
    assert unknown.status_code == 404


def test_a_login_moved_away_can_still_log_out(app, api, exam):
    """The proctor released the seat: the old browser's calls are 401, its logout is not."""
    assert api.login(exam.seats[0], exam.token).status_code == 200
    with app.app_context():
        candidate = db.session.query(Candidate).filter_by(nip=exam.seats[0].nip).one()
        candidate.login_version += 1
        db.session.commit()
    assert api.get("/api/v1/candidate/me").status_code == 401
    response = api.call("POST", "/api/v1/candidate/logout", {})
    assert response.status_code == 200 and response.json == {"status": "logged_out"}
    assert api.get("/api/v1/candidate/me").status_code == 401
