"""POST /api/v1/candidate/login and GET /me: every status code, in the contract's order."""

from __future__ import annotations

from assessment_app.security.throttle import NIP_LIMIT


def test_login_lists_one_ready_attempt_per_test_in_roster_order(api, exam):
    response = api.login(exam.seats[0], exam.token)
    assert response.status_code == 200
    body = response.json
    assert body["candidate"] == {"nip": exam.seats[0].nip, "name": "Peserta 1"}
    assert [a["test_code"] for a in body["attempts"]] == ["MANSOS", "TEK-AK"]
    assert {a["status"] for a in body["attempts"]} == {"ready"}
    assert body["attempts"][0]["title"].startswith("Asesmen Kompetensi Manajerial")
    assert body["csrf_token"]
    assert "asesmen_perangkat" in response.headers.get("Set-Cookie", "")


def test_token_is_case_insensitive_and_nip_may_have_spaces(api, exam):
    seat = exam.seats[1]
    spaced = f"{seat.nip[:8]} {seat.nip[8:14]} {seat.nip[14]} {seat.nip[15:]}"
    response = api.login(seat, exam.token.lower(), nip=spaced)
    assert response.status_code == 200, response.json


def test_malformed_bodies_are_400(api, exam, client):
    assert api.login(exam.seats[0], exam.token, pin="").status_code == 400
    assert api.login(exam.seats[0], exam.token, nip=123).status_code == 400
    response = client.post("/api/v1/candidate/login", data={"nip": "x"})
    assert response.status_code == 400
    assert response.json["error"]["code"] == "bad_request"
    assert (
        client.post(
            "/api/v1/candidate/login", data="[1]", content_type="application/json"
        ).status_code
        == 400
    )


def test_wrong_pin_or_unknown_nip_is_401(api, exam):
    wrong = api.login(exam.seats[0], exam.token, pin="999999")
    assert wrong.status_code == 401
    assert wrong.json["error"] == {"code": "invalid_credentials", "message": "NIP atau PIN salah."}
    assert api.login(exam.seats[0], exam.token, nip="198001012005011999").status_code == 401


def test_session_not_open_is_403_whatever_the_token(api, exam):
    for token in (exam.token, "SALAH1"):
        response = api.login(exam.waiting, token)
        assert response.status_code == 403
        assert response.json["error"]["code"] == "session_not_open"


def test_wrong_token_is_401(api, exam):
    response = api.login(exam.seats[0], "XXXXXX")
    assert response.status_code == 401
    assert response.json["error"]["code"] == "invalid_token"


def test_rate_limit_is_per_nip_before_the_pin_is_checked(api, exam):
    for _ in range(NIP_LIMIT):
        assert api.login(exam.seats[0], exam.token, pin="000000").status_code == 401
    limited = api.login(exam.seats[0], exam.token)  # even the right PIN
    assert limited.status_code == 429
    assert limited.json["error"]["code"] == "rate_limited"
    assert api.login(exam.seats[1], exam.token).status_code == 200  # same address, other NIP


def test_me_returns_the_login_body_or_401(api, client, exam):
    assert client.get("/api/v1/candidate/me").status_code == 401
    api.login(exam.seats[0], exam.token)
    me = client.get("/api/v1/candidate/me")
    assert me.status_code == 200
    assert me.json["candidate"]["nip"] == exam.seats[0].nip
    assert len(me.json["attempts"]) == 2 and me.json["csrf_token"]


def test_second_device_is_409_only_while_an_attempt_runs(api, other_api, exam):
    seat = exam.seats[0]
    first = api.login(seat, exam.token)
    attempt_id = first.json["attempts"][0]["id"]
    # Before any start, a new device takes over and the old one is logged out.
    assert other_api.login(seat, exam.token).status_code == 200
    assert api.get("/api/v1/candidate/me").status_code == 401
    assert api.login(seat, exam.token).status_code == 200  # and back again
    assert api.start(attempt_id).status_code == 200
    locked = other_api.login(seat, exam.token)
    assert locked.status_code == 409
    assert locked.json["error"]["code"] == "device_locked"
    assert api.login(seat, exam.token).status_code == 200  # the same device, any time


def test_release_moves_the_login_and_the_old_device_gets_401(app, api, other_api, exam):
    from sqlalchemy import select

    from assessment_app.candidate.login import release_device
    from assessment_app.extensions import db
    from assessment_app.models import Candidate

    seat = exam.seats[0]
    attempt_id = api.login(seat, exam.token).json["attempts"][0]["id"]
    api.start(attempt_id)
    assert (
        api.save(
            attempt_id,
            api.get(f"/api/v1/attempts/{attempt_id}").json["items"][0]["id"],
            None,
            1,
            flagged=True,
        ).status_code
        == 200
    )
    with app.app_context():
        candidate = db.session.scalar(select(Candidate).where(Candidate.nip == seat.nip))
        release_device(candidate)
        db.session.commit()
    assert other_api.login(seat, exam.token).status_code == 200
    assert api.get(f"/api/v1/attempts/{attempt_id}").status_code == 401
    assert api.heartbeat(attempt_id).status_code == 401
    resumed = other_api.get(f"/api/v1/attempts/{attempt_id}")
    assert resumed.status_code == 200 and resumed.json["status"] == "in_progress"
    assert resumed.json["last_seq"] == 1 and len(resumed.json["flagged"]) == 1
