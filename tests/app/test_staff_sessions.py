"""Staff sessions: logout revokes, idle sessions end, failed logins and logouts are audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from assessment_app import clock
from assessment_app.extensions import db
from assessment_app.models import AuditEntry
from tests.factories import (
    build_event,
    csrf_from,
    login_staff,
    make_user,
    roster_rows,
)

LIVE = "/api/v1/proctor/rooms/R01/sessions/S1/live"


@pytest.fixture
def staff(app):
    """An admin and a proctor of R01, without a bank or a roster (fast)."""
    with app.app_context():
        make_user("admin", "admin1")
        make_user("proctor", "pengawas1", rooms=["R01"])


@pytest.fixture
def event(app, runner, tmp_path):
    """S1 open with two candidates in R01; an admin and a proctor of R01."""
    rows = roster_rows(2)
    return rows, build_event(app, rows, tmp_path)


def _entries(app, action: str) -> list[AuditEntry]:
    with app.app_context():
        query = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        entries = db.session.scalars(query).all()
        db.session.expunge_all()
        return entries


def _logout(client) -> None:
    page = client.get("/admin/").get_data(as_text=True)
    assert client.post("/keluar", data={"csrf_token": csrf_from(page)}).status_code == 302


def test_a_cookie_saved_before_logout_is_refused_after_it(app, client, staff):
    assert login_staff(client, "admin1").status_code == 302
    saved = client.get_cookie("session").value
    _logout(client)
    client.set_cookie("session", saved)  # the replay: the very cookie from before /keluar
    replay = client.get("/admin/")
    assert replay.status_code == 302 and "/masuk" in replay.headers["Location"]
    [entry] = _entries(app, "staff.logout")
    assert entry.actor == "admin1"


def test_a_proctor_cookie_replayed_after_logout_gets_401_on_the_api(app, client, staff):
    assert login_staff(client, "pengawas1").status_code == 302
    assert client.get(LIVE).status_code != 401
    saved = client.get_cookie("session").value
    page = client.get("/pengawas/").get_data(as_text=True)
    assert client.post("/keluar", data={"csrf_token": csrf_from(page)}).status_code == 302
    client.set_cookie("session", saved)
    replay = client.get(LIVE)
    assert replay.status_code == 401 and replay.json["error"]["code"] == "unauthorized"


def test_an_idle_staff_session_ends_with_the_reason_on_the_login_page(client, staff):
    clock.freeze()
    assert login_staff(client, "admin1").status_code == 302
    clock.advance(timedelta(minutes=31))
    response = client.get("/admin/")
    assert response.status_code == 302 and "/masuk" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Sesi berakhir karena tidak aktif" in page
    assert client.get("/admin/").status_code == 302  # it stays ended


def test_an_idle_proctor_gets_401_json_on_the_api(client, staff):
    clock.freeze()
    assert login_staff(client, "pengawas1").status_code == 302
    clock.advance(timedelta(minutes=30, seconds=1))
    response = client.get(LIVE)
    assert response.status_code == 401
    assert response.json["error"]["code"] == "session_expired"
    assert "tidak aktif" in response.json["error"]["message"]


def test_activity_keeps_the_session_and_the_room_poll_counts(client, event):
    clock.freeze()
    assert login_staff(client, "pengawas1").status_code == 302
    for _ in range(6):  # an hour of watching the room
        clock.advance(timedelta(minutes=10))
        assert client.get(LIVE).status_code == 200
    clock.advance(timedelta(minutes=29))
    assert client.get("/pengawas/").status_code == 200


def test_the_activity_time_rewrites_the_cookie_at_most_once_a_minute(client, event):
    clock.freeze()
    assert login_staff(client, "pengawas1").status_code == 302
    clock.advance(timedelta(seconds=30))
    assert "Set-Cookie" not in client.get(LIVE).headers  # a poll does not re-sign it
    clock.advance(timedelta(seconds=31))
    assert "session=" in client.get(LIVE).headers.get("Set-Cookie", "")


def test_the_idle_time_is_a_setting(app, client, staff, monkeypatch):
    monkeypatch.setitem(app.config, "STAFF_IDLE_MINUTES", 5)
    clock.freeze()
    assert login_staff(client, "admin1").status_code == 302
    clock.advance(timedelta(minutes=4))
    assert client.get("/admin/").status_code == 200
    clock.advance(timedelta(minutes=6))
    assert client.get("/admin/").status_code == 302


def test_a_session_ends_a_day_after_login_even_when_busy(client, staff):
    clock.freeze()
    assert login_staff(client, "admin1").status_code == 302
    for _ in range(50):  # every 29 minutes for 24 h 10 min
        clock.advance(timedelta(minutes=29))
        response = client.get("/admin/")
    assert response.status_code == 302


def test_a_candidate_session_is_not_ended_by_the_staff_idle_time(client, event):
    rows, token = event
    login = client.post(
        "/api/v1/candidate/login",
        json={"nip": rows[0][0], "pin": rows[0][9], "session_token": token},
    )
    assert login.status_code == 200, login.json
    clock.advance(timedelta(minutes=45))
    assert client.get("/api/v1/candidate/me").status_code == 200


def test_failed_logins_are_audited_with_the_username_never_the_password(app, client, staff):
    assert login_staff(client, "Admin1 ", "salah-sandi-rahasia").status_code == 401
    assert login_staff(client, "tidak-ada", "sandi-lain-rahasia").status_code == 401
    first, second = _entries(app, "staff.login_failed")
    assert first.details == {"username": "admin1", "limited": False}
    assert first.target == "user:admin1" and first.actor == "tamu"
    assert second.details["username"] == "tidak-ada"
    for entry in (first, second):
        assert "rahasia" not in f"{entry.details} {entry.reason} {entry.target}"


def test_a_rate_limited_login_is_audited_as_limited(app, client, staff):
    for _ in range(10):
        assert login_staff(client, "admin1", "salah").status_code == 401
    for _ in range(3):  # only the first refusal by the limit is written
        assert login_staff(client, "admin1").status_code == 429
    entries = _entries(app, "staff.login_failed")
    assert [e.details["limited"] for e in entries] == [False] * 10 + [True]


def test_the_audit_log_reads_failed_logins_and_logouts(app, client, staff):
    assert login_staff(client, "admin1", "salah-sandi").status_code == 401
    assert login_staff(client, "admin1").status_code == 302
    _logout(client)
    assert login_staff(client, "admin1").status_code == 302
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "gagal masuk sebagai admin1 (nama pengguna atau kata sandi salah)" in page
    assert "keluar dari aplikasi" in page


@pytest.mark.parametrize(("value", "error"), [("abc", "bilangan bulat"), ("0", "antara 1")])
def test_the_idle_setting_is_parsed_strictly(monkeypatch, value, error):
    from config import Config, ConfigError

    monkeypatch.setenv("STAFF_IDLE_MINUTES", "45")
    assert Config.from_environment()["STAFF_IDLE_MINUTES"] == 45
    monkeypatch.setenv("STAFF_IDLE_MINUTES", value)
    with pytest.raises(ConfigError, match=error):
        Config.from_environment()
