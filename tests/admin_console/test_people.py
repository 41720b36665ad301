"""Admin people pages: staff accounts, proctor rooms, candidates, late registration."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from assessment_app.extensions import db
from assessment_app.models import AuditEntry, Candidate, User
from tests.factories import (
    build_event,
    csrf_from,
    login_staff,
    nip,
    roster_rows,
)


@pytest.fixture
def event(app, runner, tmp_path):
    """S1 (open) with R01 and R02, S2 (planned) in R01; an admin and a proctor."""
    rows = roster_rows(2) + roster_rows(1, room="R02", start=10)
    rows += roster_rows(1, session="S2", start=50)
    return build_event(app, rows, tmp_path), rows


def _admin(client):
    assert login_staff(client, "admin1").status_code == 302
    return csrf_from(client.get("/admin/pengguna").get_data(as_text=True))


def _user(app, username: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        db.session.expunge(user)
        return user


def test_admin_creates_a_proctor_with_rooms_and_sees_the_list(app, client, event):
    csrf = _admin(client)
    response = client.post(
        "/admin/pengguna/tambah",
        data={
            "csrf_token": csrf,
            "role": "proctor",
            "username": "Pengawas2",
            "full_name": "Budi Pengawas",
            "password": "sandi-baru-pengawas-1",
            "confirm": "sandi-baru-pengawas-1",
            "rooms": ["R02"],
        },
    )
    assert response.status_code == 302
    page = client.get("/admin/pengguna").get_data(as_text=True)
    assert "pengawas2" in page and "Budi Pengawas" in page and "R02" in page
    other = app.test_client()
    assert login_staff(other, "pengawas2", "sandi-baru-pengawas-1").status_code == 302
    rooms = other.get("/pengawas/").get_data(as_text=True)
    assert "R02" in rooms and "R01" not in rooms


def test_create_refuses_short_password_and_bad_username(client, event):
    csrf = _admin(client)
    base = {"csrf_token": csrf, "role": "admin", "confirm": "pendek"}
    response = client.post(
        "/admin/pengguna/tambah", data=base | {"username": "adminbaru", "password": "pendek"}
    )
    assert response.status_code == 422
    assert "Kata sandi minimal 12 karakter" in response.get_data(as_text=True)
    response = client.post(
        "/admin/pengguna/tambah",
        data=base
        | {
            "username": "a b!",
            "password": "cukup-panjang-sekali",
            "confirm": "cukup-panjang-sekali",
        },
    )
    assert response.status_code == 422
    assert "Nama pengguna: 3-64 karakter" in response.get_data(as_text=True)
    response = client.post(
        "/admin/pengguna/tambah",
        data=base
        | {
            "username": "admin1",
            "password": "cukup-panjang-sekali",
            "confirm": "cukup-panjang-sekali",
        },
    )
    assert response.status_code == 422 and "sudah dipakai" in response.get_data(as_text=True)


def test_disable_ends_the_session_and_blocks_login_then_enable(app, client, event):
    proctor = app.test_client()
    assert login_staff(proctor, "pengawas1").status_code == 302
    assert proctor.get("/pengawas/").status_code == 200
    csrf = _admin(client)
    response = client.post(
        "/admin/pengguna/pengawas1/status",
        data={"csrf_token": csrf, "active": "0", "current_password": "rahasia-ujian-123"},
    )
    assert response.status_code == 302
    assert not _user(app, "pengawas1").active
    gone = proctor.get("/pengawas/")
    assert gone.status_code == 302 and "/masuk" in gone.headers["Location"]
    assert login_staff(app.test_client(), "pengawas1").status_code == 401
    client.post("/admin/pengguna/pengawas1/status", data={"csrf_token": csrf, "active": "1"})
    assert login_staff(app.test_client(), "pengawas1").status_code == 302


def test_admin_cannot_disable_themself(app, client, event):
    csrf = _admin(client)
    response = client.post(
        "/admin/pengguna/admin1/status",
        data={"csrf_token": csrf, "active": "0", "current_password": "rahasia-ujian-123"},
    )
    assert response.status_code == 422
    assert "akun Anda sendiri" in response.get_data(as_text=True)
    assert _user(app, "admin1").active


def test_reset_generates_a_password_shown_once_and_logs_out_other_sessions(app, client, event):
    proctor = app.test_client()
    assert login_staff(proctor, "pengawas1").status_code == 302
    _admin(client)
    form = client.get("/admin/pengguna/pengawas1/sandi").get_data(as_text=True)
    response = client.post(
        "/admin/pengguna/pengawas1/sandi",
        data={
            "csrf_token": csrf_from(form),
            "password": "",
            "confirm": "",
            "current_password": "rahasia-ujian-123",
        },
    )
    assert response.status_code == 200
    password = re.search(r'id="new-password">([^<]+)<', response.get_data(as_text=True)).group(1)
    assert len(password) >= 12
    assert proctor.get("/pengawas/").status_code == 302  # logged out
    assert login_staff(app.test_client(), "pengawas1").status_code == 401  # old password
    assert login_staff(app.test_client(), "pengawas1", password).status_code == 302


def test_reset_with_a_typed_password(app, client, event):
    _admin(client)
    form = client.get("/admin/pengguna/pengawas1/sandi").get_data(as_text=True)
    response = client.post(
        "/admin/pengguna/pengawas1/sandi",
        data={
            "csrf_token": csrf_from(form),
            "password": "diketik-oleh-admin",
            "confirm": "diketik-oleh-admin",
            "current_password": "rahasia-ujian-123",
        },
    )
    assert response.status_code == 200
    assert 'id="new-password"' not in response.get_data(as_text=True)
    assert login_staff(app.test_client(), "pengawas1", "diketik-oleh-admin").status_code == 302


def test_room_assignment_replaces_and_the_proctor_sees_the_room(app, client, event):
    _admin(client)
    form = client.get("/admin/pengguna/pengawas1/ruang").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="R01"', form)
    assert not re.search(r'<input checked[^>]*value="R02"', form)
    response = client.post(
        "/admin/pengguna/pengawas1/ruang", data={"csrf_token": csrf_from(form), "rooms": ["R02"]}
    )
    assert response.status_code == 302
    proctor = app.test_client()
    login_staff(proctor, "pengawas1")
    rooms = proctor.get("/pengawas/").get_data(as_text=True)
    assert "R02" in rooms and "R01" not in rooms
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.set_rooms"))
        assert entry.actor == "admin1" and entry.details == {"before": ["R01"], "after": ["R02"]}


def test_candidate_edit_before_the_session_opens_and_refused_after(app, client, event):
    _token, rows = event
    waiting, seated = rows[3][0], rows[0][0]  # S2 (planned), S1 (open)
    _admin(client)
    listing = client.get("/admin/peserta?sesi=S2").get_data(as_text=True)
    assert waiting in listing and seated not in listing
    found = client.get("/admin/peserta", query_string={"cari": "peserta 50"}).get_data(as_text=True)
    assert waiting in found and seated not in found
    by_nip = client.get("/admin/peserta", query_string={"cari": seated[:12]}).get_data(as_text=True)
    assert seated in by_nip
    form = client.get(f"/admin/peserta/{waiting}/ubah").get_data(as_text=True)
    response = client.post(
        f"/admin/peserta/{waiting}/ubah",
        data={"csrf_token": csrf_from(form), "session": "S2", "room": "R02", "seat": "7"},
    )
    assert response.status_code == 302
    with app.app_context():
        moved = db.session.scalar(select(Candidate).where(Candidate.nip == waiting))
        assert (moved.room.code, moved.seat) == ("R02", "7")
    response = client.post(
        f"/admin/peserta/{seated}/ubah",
        data={"csrf_token": csrf_from(form), "session": "S1", "room": "R02", "seat": "9"},
    )
    assert response.status_code == 422
    assert "sesi sudah dibuka" in response.get_data(as_text=True)
    with app.app_context():
        kept = db.session.scalar(select(Candidate).where(Candidate.nip == seated))
        assert kept.room.code == "R01"


def test_candidate_edit_refuses_a_taken_seat(client, event):
    _token, rows = event
    _admin(client)
    form = client.get(f"/admin/peserta/{rows[3][0]}/ubah").get_data(as_text=True)
    response = client.post(
        f"/admin/peserta/{rows[3][0]}/ubah",
        data={"csrf_token": csrf_from(form), "session": "S1", "room": "R01", "seat": "1"},
    )
    assert response.status_code == 422
    assert "sudah dipakai" in response.get_data(as_text=True)


def _late_form(client, **overrides):
    page = client.get("/admin/peserta/tambah").get_data(as_text=True)
    data = {
        "csrf_token": csrf_from(page),
        "nip": nip(200),
        "name": "Peserta Susulan",
        "position": "Analis Kebijakan Ahli Muda",
        "position_code": "AK-MUDA",
        "unit": "Bapperida",
        "session": "S1",
        "room": "R01",
        "seat": "30",
        "tests": ["MANSOS", "TEK-AK"],
        "pin": "",
    }
    return page, data | overrides


def test_late_registration_into_an_open_session_can_log_in(app, client, event):
    token, _rows = event
    _admin(client)
    page, data = _late_form(client)
    assert "MANSOS" in page and "TEK-AK" in page
    response = client.post("/admin/peserta/tambah", data=data)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_data(as_text=True)
    pin = re.search(r'id="pin">([0-9]+)<', body).group(1)
    candidate_api = app.test_client()
    login = candidate_api.post(
        "/api/v1/candidate/login", json={"nip": data["nip"], "pin": pin, "session_token": token}
    )
    assert login.status_code == 200, login.json
    assert [a["test_code"] for a in login.json["attempts"]] == ["MANSOS", "TEK-AK"]
    card = client.get(f"/admin/peserta/{data['nip']}/kartu")
    assert card.status_code == 200 and pin in card.get_data(as_text=True)


def test_late_registration_with_a_given_pin(app, client, event):
    token, _rows = event
    _admin(client)
    _page, data = _late_form(client, pin="012345", tests=["TEK-AK"])
    response = client.post("/admin/peserta/tambah", data=data)
    assert response.status_code == 200 and 'id="pin">012345<' in response.get_data(as_text=True)
    login = app.test_client().post(
        "/api/v1/candidate/login",
        json={"nip": data["nip"], "pin": "012345", "session_token": token},
    )
    assert login.status_code == 200


def test_late_registration_shows_field_errors(app, client, event):
    _token, rows = event
    _admin(client)
    _page, data = _late_form(client, nip="1234567890")
    response = client.post("/admin/peserta/tambah", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r"field-error[^>]*>NIP harus 18 digit", body)
    _page, data = _late_form(client, nip=rows[0][0])
    body = client.post("/admin/peserta/tambah", data=data).get_data(as_text=True)
    assert "sudah terdaftar" in body
    _page, data = _late_form(client, tests=[])
    body = client.post("/admin/peserta/tambah", data=data).get_data(as_text=True)
    assert "Pilih minimal satu tes" in body
    _page, data = _late_form(client, pin="12ab")
    body = client.post("/admin/peserta/tambah", data=data).get_data(as_text=True)
    assert "PIN harus 6-12 digit" in body
    with app.app_context():
        assert db.session.scalar(select(Candidate).where(Candidate.nip == nip(200))) is None


def test_late_registration_refuses_a_closed_session(app, client, runner, event):
    with app.app_context():
        assert runner.invoke(args=["session", "close", "S1", "--force"]).exit_code == 0
    _admin(client)
    _page, data = _late_form(client)
    response = client.post("/admin/peserta/tambah", data=data)
    assert response.status_code == 422
    assert "sudah ditutup" in response.get_data(as_text=True)


PAGES = [
    ("get", "/admin/pengguna"),
    ("post", "/admin/pengguna/tambah"),
    ("post", "/admin/pengguna/pengawas1/status"),
    ("get", "/admin/pengguna/pengawas1/sandi"),
    ("post", "/admin/pengguna/pengawas1/sandi"),
    ("get", "/admin/pengguna/pengawas1/ruang"),
    ("post", "/admin/pengguna/pengawas1/ruang"),
    ("get", "/admin/peserta"),
    ("get", "/admin/peserta/tambah"),
    ("post", "/admin/peserta/tambah"),
    ("get", "/admin/peserta/{nip}/ubah"),
    ("post", "/admin/peserta/{nip}/ubah"),
    ("get", "/admin/peserta/{nip}/kartu"),
    ("get", "/admin/audit"),
]


def test_proctors_get_403_and_anonymous_go_to_login(app, client, event):
    _token, rows = event
    anonymous = app.test_client()
    anonymous_csrf = csrf_from(anonymous.get("/masuk").get_data(as_text=True))
    login_staff(client, "pengawas1")
    csrf = csrf_from(client.get("/pengawas/").get_data(as_text=True))
    for method, path in PAGES:
        url = path.format(nip=rows[3][0])
        response = getattr(client, method)(url, data={"csrf_token": csrf})
        assert response.status_code == 403, url
        response = getattr(anonymous, method)(url, data={"csrf_token": anonymous_csrf})
        assert response.status_code == 302 and "/masuk" in response.headers["Location"], url
    with app.app_context():
        assert db.session.scalar(select(User).where(User.username == "pengawas1")).active
