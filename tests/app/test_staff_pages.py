"""Staff login, roles, CSRF, rate limit, and the first admin and proctor pages."""

from __future__ import annotations

import pytest

from assessment_app.extensions import db
from tests.factories import (
    build_event,
    login_staff,
    roster_rows,
)


@pytest.fixture
def event(app, runner, tmp_path):
    rows = roster_rows(3) + roster_rows(2, room="R02", start=10)
    build_event(app, rows, tmp_path)
    return rows


def test_anonymous_is_sent_to_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302 and "/masuk" in response.headers["Location"]


def test_admin_sees_the_event(client, event):
    response = login_staff(client, "admin1")
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/")
    page = client.get("/admin/").get_data(as_text=True)
    assert "Bank soal" in page and "Sesi" in page and "Peserta (5)" in page
    for row in event:
        assert row[0] in page
    assert "Dibuka" in page


def test_wrong_password_is_401_and_message_in_indonesian(client, event):
    response = login_staff(client, "admin1", "salah-sandi")
    assert response.status_code == 401
    assert "Nama pengguna atau kata sandi salah" in response.get_data(as_text=True)


def test_login_without_csrf_token_is_refused(client, event):
    response = client.post("/masuk", data={"username": "admin1", "password": "rahasia-ujian-123"})
    assert response.status_code == 403


def test_logins_are_rate_limited(client, event):
    for _ in range(10):
        assert login_staff(client, "admin1", "salah").status_code == 401
    response = login_staff(client, "admin1", "rahasia-ujian-123")
    assert response.status_code == 429
    assert "Terlalu banyak" in response.get_data(as_text=True)


def test_next_is_guarded_against_open_redirects(client, event):
    page = client.get("/masuk?next=https://evil.example/")
    from tests.factories import csrf_from

    token = csrf_from(page.get_data(as_text=True))
    response = client.post(
        "/masuk?next=//evil.example/x",
        data={"csrf_token": token, "username": "admin1", "password": "rahasia-ujian-123"},
    )
    assert response.headers["Location"].endswith("/admin/")


def test_proctor_is_refused_admin_pages_and_other_rooms(client, event):
    login_staff(client, "pengawas1")
    assert client.get("/admin/").status_code == 403
    rooms = client.get("/pengawas/").get_data(as_text=True)
    assert "R01" in rooms and "R02" not in rooms
    room = client.get("/pengawas/ruang/R01")
    assert room.status_code == 302 and room.headers["Location"].endswith("/ruang/R01/sesi/S1")
    page = client.get("/pengawas/ruang/R01/sesi/S1")
    assert page.status_code == 200 and "/api/v1/proctor/rooms/R01/sessions/S1/live" in (
        page.get_data(as_text=True)
    )
    live = client.get("/api/v1/proctor/rooms/R01/sessions/S1/live").json
    assert event[0][0] in {seat["nip"] for seat in live["seats"]}
    assert client.get("/pengawas/ruang/R02").status_code == 403
    assert client.get("/pengawas/ruang/R02/sesi/S1").status_code == 403


def test_password_change_logs_out_other_sessions(client, app, event):
    login_staff(client, "admin1")
    assert client.get("/admin/").status_code == 200
    from sqlalchemy import select

    from assessment_app.models import User

    user = db.session.scalar(select(User).where(User.username == "admin1"))
    user.set_password("sandi-baru-456")
    db.session.commit()
    assert client.get("/admin/").status_code == 302


def test_logout_needs_post_with_csrf(client, event):
    login_staff(client, "admin1")
    assert client.get("/keluar").status_code == 405
    assert client.post("/keluar").status_code == 403
    page = client.get("/admin/").get_data(as_text=True)
    from tests.factories import csrf_from

    client.post("/keluar", data={"csrf_token": csrf_from(page)})
    assert client.get("/admin/").status_code == 302


def test_demo_seeds_once_and_prints_logins(runner, ctx):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "admin / " in first.output and "pengawas1" in first.output
    assert "Token sesi S1:" in first.output
    again = runner.invoke(args=["demo", "--all"])
    assert again.exit_code == 0 and "sudah ada" in again.output
    from sqlalchemy import func, select

    from assessment_app.models import Candidate, User

    assert db.session.scalar(select(func.count()).select_from(Candidate)) == 40
    assert db.session.scalar(select(func.count()).select_from(User)) == 3
    token_lines = [line for line in again.output.splitlines() if "Token sesi S1" in line]
    assert token_lines[0].split(":")[1].strip() in first.output
