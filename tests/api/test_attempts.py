"""Attempts: start, save, heartbeat, finish, the server's deadline, and what never leaks."""

from __future__ import annotations

import json
from datetime import timedelta

from assessment_app import clock
from assessment_app.extensions import db
from assessment_app.models import Attempt

MANSOS_SECONDS = 90 * 60


def _items(attempt: dict) -> list[dict]:
    return attempt["items"]


def test_ready_attempt_has_no_items_and_the_full_duration(api, exam):
    attempt_id = api.login(exam.seats[0], exam.token).json["attempts"][0]["id"]
    body = api.get(f"/api/v1/attempts/{attempt_id}").json
    assert body["status"] == "ready" and body["items"] == []
    assert body["remaining_seconds"] == MANSOS_SECONDS
    assert body["server_time"].endswith("Z") and len(body["server_time"]) == 24
    assert body["last_seq"] == 0 and body["answers"] == {} and body["flagged"] == []


def test_start_draws_45_items_and_never_sends_scores_or_keys(started):
    items = _items(started)
    assert len(items) == 45 and started["status"] == "in_progress"
    assert len({i["id"] for i in items}) == 45
    assert {i["competency"] for i in items} == {
        "INT",
        "KS",
        "KOM",
        "OPH",
        "PP",
        "PDOL",
        "MP",
        "PK",
        "PB",
    }
    for item in items:
        assert set(item) == {"id", "competency", "stem", "options"}
        for option in item["options"]:
            assert set(option) == {"key", "text"}
    text = json.dumps(started)
    assert '"score"' not in text and '"answer"' not in text and '"level"' not in text


def test_start_is_safe_to_retry_and_keeps_the_clock(api, started):
    clock.advance(timedelta(seconds=30))
    again = api.start(started["id"])
    assert again.status_code == 200
    assert again.json["items"] == started["items"]
    assert MANSOS_SECONDS - 31 <= again.json["remaining_seconds"] <= MANSOS_SECONDS - 29


def test_the_draw_is_the_same_on_every_device_and_reload(api, other_api, exam, started):
    reload = api.get(f"/api/v1/attempts/{started['id']}").json
    assert reload["items"] == started["items"]
    second_candidate = other_api.login(exam.seats[1], exam.token).json["attempts"][0]["id"]
    other = other_api.start(second_candidate).json["items"]
    assert [i["id"] for i in other] != [i["id"] for i in started["items"]]


def test_the_second_test_waits_for_the_first(api, exam):
    attempts = api.login(exam.seats[0], exam.token).json["attempts"]
    refused = api.start(attempts[1]["id"])
    assert refused.status_code == 409 and refused.json["error"]["code"] == "not_startable"
    api.start(attempts[0]["id"])
    api.finish(attempts[0]["id"])
    assert api.start(attempts[1]["id"]).status_code == 200
    assert api.start(attempts[0]["id"]).status_code == 409  # finished


def test_other_candidates_attempts_are_403_and_unknown_404(api, other_api, exam, started):
    other_api.login(exam.seats[1], exam.token)
    assert other_api.get(f"/api/v1/attempts/{started['id']}").status_code == 403
    response = other_api.save(started["id"], started["items"][0]["id"], None, 1)
    assert response.status_code == 403
    assert other_api.get("/api/v1/attempts/999999").status_code == 404


def test_anonymous_calls_are_401(app, started):
    client = app.test_client()  # a browser that never logged in
    assert client.get(f"/api/v1/attempts/{started['id']}").status_code == 401
    response = client.post(f"/api/v1/attempts/{started['id']}/heartbeat", json={})
    assert response.status_code == 401


def test_save_acknowledges_and_the_answer_is_there(api, started):
    item = started["items"][0]
    key = item["options"][2]["key"]
    response = api.save(started["id"], item["id"], key, 1)
    assert response.status_code == 200
    assert response.json == {
        "item_id": item["id"],
        "choice": key,
        "seq": 1,
        "remaining_seconds": response.json["remaining_seconds"],
    }
    assert 0 < response.json["remaining_seconds"] <= MANSOS_SECONDS
    body = api.get(f"/api/v1/attempts/{started['id']}").json
    assert body["answers"] == {item["id"]: key} and body["last_seq"] == 1


def test_a_stale_seq_is_acknowledged_but_changes_nothing(api, started):
    item = started["items"][0]
    first, second = item["options"][0]["key"], item["options"][1]["key"]
    api.save(started["id"], item["id"], second, 5)
    stale = api.save(started["id"], item["id"], first, 4)
    assert stale.status_code == 200
    assert stale.json["choice"] == second and stale.json["seq"] == 5
    repeat = api.save(started["id"], item["id"], second, 5)
    assert repeat.status_code == 200 and repeat.json["seq"] == 5


def test_clearing_and_flagging(api, started):
    item = started["items"][3]["id"]
    key = started["items"][3]["options"][0]["key"]
    api.save(started["id"], item, key, 1)
    api.save(started["id"], item, None, 2, flagged=True)
    body = api.get(f"/api/v1/attempts/{started['id']}").json
    assert item not in body["answers"] and body["flagged"] == [item]
    api.save(started["id"], item, key, 3)  # flagged omitted: the flag stays
    assert api.get(f"/api/v1/attempts/{started['id']}").json["flagged"] == [item]
    api.save(started["id"], item, key, 4, flagged=False)
    assert api.get(f"/api/v1/attempts/{started['id']}").json["flagged"] == []


def test_unknown_item_404_and_unknown_option_422(api, started):
    missing = api.save(started["id"], "TIDAK-ADA", "A", 1)
    assert missing.status_code == 404 and missing.json["error"]["code"] == "item_not_in_attempt"
    bad = api.save(started["id"], started["items"][0]["id"], "Z", 1)
    assert bad.status_code == 422 and bad.json["error"]["code"] == "invalid_choice"


def test_malformed_saves_are_400(api, started):
    url = f"/api/v1/attempts/{started['id']}/answers/{started['items'][0]['id']}"
    for body in (
        {"seq": 1},
        {"choice": "A"},
        {"choice": "A", "seq": True},
        {"choice": "A", "seq": 0},
        {"choice": 5, "seq": 1},
        {"choice": "A", "seq": 1, "flagged": "ya"},
    ):
        assert api.call("PUT", url, body).status_code == 400, body


def test_csrf_is_required_on_every_state_change(api, started):
    item = started["items"][0]["id"]
    url = f"/api/v1/attempts/{started['id']}/answers/{item}"
    for token in (None, "salah"):
        response = api.call("PUT", url, {"choice": None, "seq": 1}, csrf=token)
        assert response.status_code == 403
        assert response.json["error"]["code"] == "csrf_failed"
    for path in ("heartbeat", "finish", "start"):
        response = api.call("POST", f"/api/v1/attempts/{started['id']}/{path}", {}, csrf=None)
        assert response.status_code == 403, path


def test_saving_before_start_is_409_not_in_progress(app, api, exam):
    attempt_id = api.login(exam.seats[0], exam.token).json["attempts"][0]["id"]
    with app.app_context():
        layout = db.session.get(Attempt, attempt_id).layout  # drawn at login, not yet shown
    item = layout["items"][0]
    response = api.save(attempt_id, item, layout["options"][item][0], 1)
    assert response.status_code == 409 and response.json["error"]["code"] == "not_in_progress"


def test_saving_an_item_of_another_test_is_404_item_not_in_attempt(api, exam):
    attempts = api.login(exam.seats[0], exam.token).json["attempts"]
    api.start(attempts[0]["id"])
    item = api.get(f"/api/v1/attempts/{attempts[0]['id']}").json["items"][0]["id"]
    response = api.save(attempts[1]["id"], item, "A", 1)
    assert response.status_code == 404 and response.json["error"]["code"] == "item_not_in_attempt"


def test_deadline_race_is_decided_by_the_server_clock(api, exam):
    clock.freeze()
    attempt_id = api.login(exam.seats[0], exam.token).json["attempts"][0]["id"]
    started = api.start(attempt_id).json
    items = started["items"]
    key = items[0]["options"][0]["key"]
    clock.advance(timedelta(seconds=MANSOS_SECONDS) - timedelta(milliseconds=1))
    before = api.save(started["id"], items[0]["id"], key, 1)
    assert before.status_code == 200 and before.json["remaining_seconds"] == 0
    clock.advance(timedelta(milliseconds=1))
    at = api.save(started["id"], items[1]["id"], key, 2)
    assert at.status_code == 409 and at.json["error"]["code"] == "deadline_passed"
    retry = api.save(started["id"], items[0]["id"], key, 1)  # identical to the stored one
    assert retry.status_code == 200 and retry.json["remaining_seconds"] == 0
    body = api.get(f"/api/v1/attempts/{started['id']}").json
    assert body["status"] == "finished" and body["answers"] == {items[0]["id"]: key}


def test_heartbeat_reports_status_and_finishes_after_the_deadline(app, api, started):
    beat = api.heartbeat(started["id"], focus_lost=2)
    assert beat.status_code == 200 and beat.json["status"] == "in_progress"
    api.heartbeat(started["id"], focus_lost=1)
    live = app.extensions["store"].live.read([started["id"]])[started["id"]]
    assert live["focus_lost"] == 3 and live["seen_ms"] is not None
    clock.advance(timedelta(minutes=91))
    late = api.heartbeat(started["id"])
    assert late.json == {"status": "finished", "remaining_seconds": 0}


def test_finish_is_idempotent_and_counts_answers(api, exam, started):
    for seq, item in enumerate(started["items"][:3], start=1):
        api.save(started["id"], item["id"], item["options"][0]["key"], seq)
    done = api.finish(started["id"])
    assert done.status_code == 200
    body = dict(done.json)
    assert body.pop("receipt")  # an addition, see tests/api/test_receipts.py
    assert body == {"status": "finished", "answered": 3, "total": 45}
    assert api.finish(started["id"]).json == done.json
    late = api.save(started["id"], started["items"][5]["id"], "A", 9)
    assert late.status_code == 409 and late.json["error"]["code"] == "not_in_progress"


def test_finish_before_start_is_409(api, exam):
    attempts = api.login(exam.seats[0], exam.token).json["attempts"]
    response = api.finish(attempts[0]["id"])
    assert response.status_code == 409 and response.json["error"]["code"] == "not_in_progress"
