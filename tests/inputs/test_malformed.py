"""The review's malformed inputs (issue 13): each answers 4xx with a message, never a 500.

Ids of 2^63 and 2^64 in every path and JSON id, dates out of range in every form that takes
one, JSON nested 5,000 deep, oversize bodies, a category that is not text, text no database
stores, and the error page after a failed transaction. Cases are grouped per fixture (the
live room costs a second or two to build), each case named in its assertion message.
"""

from __future__ import annotations

import io

import pytest

HUGE = [str(2**63), str(2**64), "9" * 5000]
NUL = "\x00"
YEARS = "tahun harus antara 2000 dan 2100"
LOGIN = "/api/v1/candidate/login"


def _api_error(response, status: int, case: str = "") -> str:
    """Assert a JSON error of the contract's shape; return its message."""
    assert response.status_code == status, (case, response.get_data(as_text=True)[:300])
    error = response.json["error"]
    assert error["code"] and error["message"], (case, error)
    return error["message"]


def _page_error(response, status: int, text: str, case: str = "") -> None:
    assert response.status_code == status, (case, response.status_code)
    assert text in response.get_data(as_text=True), case


def test_huge_ids_in_paths_are_404(room):
    item = room.attempt["items"][0]["id"]
    candidate_calls = [
        ("GET", "/api/v1/attempts/{n}"),
        ("POST", "/api/v1/attempts/{n}/start"),
        ("PUT", "/api/v1/attempts/{n}/answers/" + item),
        ("POST", "/api/v1/attempts/{n}/heartbeat"),
        ("POST", "/api/v1/attempts/{n}/finish"),
        ("GET", "/api/v1/attempts/{n}/signal"),
    ]
    proctor_calls = ["/api/v1/proctor/attempts/{n}/pause", "/api/v1/proctor/candidates/{n}/release"]
    for number in HUGE:
        for method, path in candidate_calls:
            url = path.format(n=number)
            response = room.candidate.call(method, url, {"choice": "A", "seq": 1})
            assert "tidak ditemukan" in _api_error(response, 404, url).lower()
        for path in proctor_calls:
            url = path.format(n=number)
            _api_error(room.proctor.call("POST", url, json={"reason": "uji"}), 404, url)
        person = room.admin.client.get(f"/admin/hasil/peserta/{number}")
        withdraw = room.admin.form(f"/admin/hasil/koreksi/{number}/batal", {})
        for response in (person, withdraw):
            _page_error(response, 404, "tidak ditemukan", number[:20])


def test_huge_numbers_in_json_are_refused_with_the_field_named(room):
    attempt_id, item = room.attempt["id"], room.attempt["items"][0]["id"]
    incidents = "/api/v1/proctor/rooms/R01/sessions/S1/incidents"
    for number in (2**63, 2**64):
        body = {"category": "peserta", "text": "uji", "candidate_id": number}
        assert "candidate_id" in _api_error(room.proctor.call("POST", incidents, json=body), 400)
        save = room.candidate.save(attempt_id, item, "A", number)
        assert "seq" in _api_error(save, 400)
        beat = room.candidate.call(
            "POST", f"/api/v1/attempts/{attempt_id}/heartbeat", {"focus_lost": number}
        )
        assert "focus_lost" in _api_error(beat, 400)
    for minutes in (2**63, 2**64, 1e308, -(2**63)):
        response = room.proctor.call(
            "POST",
            f"/api/v1/proctor/attempts/{attempt_id}/extend",
            json={"reason": "uji", "minutes": minutes},
        )
        assert "menit" in _api_error(response, 422, str(minutes))


def test_dates_out_of_range_are_refused_on_their_field(room):
    for field, value in [("dari", "0001-01-01"), ("sampai", "9999-12-31"), ("dari", "1999-12-31")]:
        response = room.admin.client.get("/admin/audit", query_string={field: value})
        _page_error(response, 400, YEARS, f"audit {field}={value}")
    for value in ["0001-01-01T00:00", "9999-12-31T23:59", "2101-01-01T08:00"]:
        response = room.admin.form(
            "/admin/sesi/S1/jadwal", {"planned_start": value, "late_entry_minutes": "15"}
        )
        _page_error(response, 422, YEARS, f"schedule {value}")
    for start, end in [
        ("0001-01-01T00:00+14:00", "2026-01-01T00:00+08:00"),
        ("2026-01-01T00:00+08:00", "9999-12-31T23:59-12:00"),
        ("0001-01-01T00:00Z", "0001-01-01T01:00Z"),
    ]:
        body = {"from": start, "to": end, "reason": "listrik padam"}
        response = room.admin.call("POST", "/api/v1/proctor/sessions/S1/outage", json=body)
        assert YEARS in _api_error(response, 400, f"outage {start} {end}")


def test_json_nested_deep_is_400(app):
    client = app.test_client()
    for depth in (17, 5_000, 30_000):
        body = '{"nip": ' + "[" * depth + "]" * depth + "}"
        response = client.post(LOGIN, data=body, content_type="application/json")
        assert "terlalu dalam" in _api_error(response, 400, f"depth {depth}")


def test_an_oversize_api_body_is_413_whether_or_not_its_length_is_sent(app):
    client = app.test_client()
    body = b'{"nip": "' + b"1" * (70 * 1024) + b'"}'
    with_length = client.post(LOGIN, data=body, content_type="application/json")
    assert "64 KB" in _api_error(with_length, 413, "Content-Length")
    chunked = client.post(
        LOGIN,
        input_stream=io.BytesIO(body),
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
        environ_base={"wsgi.input_terminated": True},  # as gunicorn says of a chunked body
    )
    assert "64 KB" in _api_error(chunked, 413, "chunked")


def test_login_bodies_that_are_not_usable_json_are_400(app):
    client = app.test_client()
    for data, content_type in [
        (b"\xff\xfe{", "application/json"),
        (b'{"nip": 1' + b"1" * 5000 + b"}", "application/json"),
        (b'{"nip": "1"}', "text/plain"),
        (b"[]", "application/json"),
        (b'{"nip": "\\ud800", "pin": "1", "session_token": "x"}', "application/json"),
        (b'{"nip": "\\u0000", "pin": "1", "session_token": "x"}', "application/json"),
    ]:
        response = client.post(LOGIN, data=data, content_type=content_type)
        _api_error(response, 400, repr(data[:40]))


def test_an_incident_category_that_is_not_text_is_422(room):
    incidents = "/api/v1/proctor/rooms/R01/sessions/S1/incidents"
    for category in (["peserta"], 3, {"a": 1}, True, 1.5):
        body = {"category": category, "text": "uji"}
        response = room.proctor.call("POST", incidents, json=body)
        assert "Kategori" in _api_error(response, 422, repr(category))


def test_nul_in_a_path_query_or_form_is_400(room):
    live = room.proctor.call("GET", "/api/v1/proctor/rooms/R%00/sessions/S1/live")
    assert "karakter" in _api_error(live, 400)
    audit = room.admin.client.get("/admin/audit", query_string={"pelaku": NUL})
    close = room.admin.form("/admin/sesi/S1/tutup", {"reason": NUL})
    for response in (audit, close):
        _page_error(response, 400, "karakter yang tidak diizinkan")


# --- the error page -----------------------------------------------------------------------


def test_the_error_page_survives_a_failed_transaction(app):
    """A view failed mid-transaction: the page (which reads current_user) still shows."""
    from flask_login import login_user
    from sqlalchemy import text

    from assessment_app.extensions import db
    from assessment_app.models import User
    from assessment_app.web.errors import error_response
    from tests.factories import make_user

    with app.app_context():
        user_id = make_user("admin", "admin1").id
    with app.test_request_context("/admin/peserta"):
        login_user(db.session.get(User, user_id))
        db.session.expire_all()  # the page reads current_user's attributes again
        with pytest.raises(Exception):  # noqa: B017 (each engine names it differently)
            db.session.execute(text("SELECT * FROM no_such_table"))
        body, status = error_response(409, "conflict", "Data bertentangan.")
        assert status == 409 and "Data bertentangan." in body and "admin1" in body


def test_an_error_page_that_cannot_render_answers_plain_text(app, monkeypatch):
    from assessment_app.web import errors

    def broken(*args, **kwargs):
        raise RuntimeError("template gone")

    monkeypatch.setattr(errors, "render_template", broken)
    with app.test_request_context("/admin/"):
        response = errors.error_response(500, "server_error", "Terjadi kesalahan.")
    assert response.status_code == 500 and response.mimetype == "text/plain"
    assert "Terjadi kesalahan." in response.get_data(as_text=True)


def test_a_forged_device_cookie_counts_as_a_new_device(app, room):
    """The column holds 64 characters: a 4,000-character cookie must not reach it."""
    from tests.factories import roster_rows

    nip, pin = roster_rows(3)[1][0], roster_rows(3)[1][9]  # not logged in yet
    client = app.test_client()
    client.set_cookie("asesmen_perangkat", "x" * 4000)
    login = client.post(LOGIN, json={"nip": nip, "pin": pin, "session_token": room.token})
    assert login.status_code == 200, login.get_data(as_text=True)[:300]
    device = client.get_cookie("asesmen_perangkat").value
    assert len(device) == 32 and device != "x" * 32
