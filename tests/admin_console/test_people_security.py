"""People pages under attack: the password rule, re-authentication, unlocking an account,
and odd form bodies that must never answer 5xx."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from assessment_app.extensions import db
from assessment_app.models import AuditEntry, Role, User
from assessment_app.users.passwords import MIN_PASSWORD, password_problem
from tests.factories import csrf_from, login_staff, make_user

OWN = "rahasia-ujian-123"  # the factories' password, admin1's own


@pytest.fixture
def admin(app, client):
    """admin1 logged in on `client`, a proctor pengawas1 in R01; returns a CSRF token."""
    with app.app_context():
        make_user("admin", "admin1")
        make_user("proctor", "pengawas1", rooms=["R01"])
    assert login_staff(client, "admin1").status_code == 302
    return csrf_from(client.get("/admin/pengguna").get_data(as_text=True))


def _user(app, username: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        db.session.expunge(user)
        return user


def _actions(app, action: str) -> list[AuditEntry]:
    with app.app_context():
        entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        ).all()
        db.session.expunge_all()
        return entries


# -- the password rule -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("rahasia-123", "minimal 12 karakter"),
        ("123456789012345", "hanya angka"),
        ("abababababababab", "mengulang"),
        ("Pengawas1!!!", "nama pengguna"),
        ("BKPSDM-2026!", "nama aplikasi"),
        ("password2026!", "mudah ditebak"),
        ("qwertyuiop123", "mudah ditebak"),
        ("1qaz2wsx3edc", "mudah ditebak"),
    ],
)
def test_the_rule_refuses_short_common_and_obvious_passwords(password, why):
    assert why in password_problem(password, "pengawas1", "Budi Pengawas")


def test_the_rule_accepts_long_unrelated_words():
    assert MIN_PASSWORD == 12
    assert password_problem("meja-hujan-kopi-17", "pengawas1") is None
    assert password_problem("x" * 300) == "Kata sandi maksimal 256 karakter."


def test_the_create_form_and_the_cli_use_the_rule(app, client, runner, admin):
    response = client.post(
        "/admin/pengguna/tambah",
        data={
            "csrf_token": admin,
            "role": "proctor",
            "username": "pengawas9",
            "password": "password2026!",
            "confirm": "password2026!",
        },
    )
    assert response.status_code == 422
    assert "terlalu mudah ditebak" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.username == "pengawas9")) is None
    made = runner.invoke(
        args=["users", "create", "--role", "admin", "--username", "ani"]
        + ["--password", "bkpsdm2026"]
    )
    assert made.exit_code == 1 and "minimal 12 karakter" in made.stderr


def test_the_cli_resets_a_forgotten_password_by_the_rule(app, runner, admin):
    weak = runner.invoke(args=["users", "password", "admin1", "--password", "admin1admin1"])
    assert weak.exit_code == 1 and "nama pengguna" in weak.stderr
    made = runner.invoke(args=["users", "password", "Admin1"])
    assert made.exit_code == 0, made.output
    password = made.stdout.strip().splitlines()[-1]
    assert len(password) >= 12 and password_problem(password, "admin1") is None
    assert login_staff(app.test_client(), "admin1", password).status_code == 302
    [entry] = _actions(app, "user.reset_password")
    assert entry.actor.startswith("cli:") and entry.details == {"generated": True}


# -- re-authentication -----------------------------------------------------------------


def _reset(client, username: str, own: str | None, password: str = ""):
    data = {"csrf_token": "", "password": password, "confirm": password}
    page = client.get(f"/admin/pengguna/{username}/sandi").get_data(as_text=True)
    assert "Kata sandi Anda" in page
    data["csrf_token"] = csrf_from(page)
    if own is not None:
        data["current_password"] = own
    return client.post(f"/admin/pengguna/{username}/sandi", data=data)


def test_a_reset_needs_the_admins_own_password_and_a_wrong_one_is_audited(app, client, admin):
    before = _user(app, "pengawas1").password_hash
    missing = _reset(client, "pengawas1", None)
    assert missing.status_code == 422 and "kata sandi Anda sendiri" in missing.get_data(True)
    wrong = _reset(client, "pengawas1", "bukan-sandi-saya")
    assert wrong.status_code == 403
    assert "Kata sandi Anda salah" in wrong.get_data(as_text=True)
    assert _user(app, "pengawas1").password_hash == before
    [entry] = _actions(app, "staff.reauth_failed")
    assert entry.actor == "admin1" and entry.target == "user:pengawas1"
    assert entry.details == {"for": "user.reset_password", "limited": False}
    assert "bukan-sandi-saya" not in str(entry.details)
    assert _reset(client, "pengawas1", OWN).status_code == 200
    assert _user(app, "pengawas1").password_hash != before


def test_resetting_ones_own_password_needs_the_current_one(app, client, admin):
    new = "lampu-sungai-batu-48"
    assert _reset(client, "admin1", "salah-sandi-lama", new).status_code == 403
    assert login_staff(app.test_client(), "admin1", new).status_code == 401
    assert _reset(client, "admin1", OWN, new).status_code == 200
    assert login_staff(app.test_client(), "admin1", new).status_code == 302


def test_a_typed_reset_password_follows_the_rule(app, client, admin):
    response = _reset(client, "pengawas1", OWN, "pengawas1-2026")
    assert response.status_code == 422
    assert login_staff(app.test_client(), "pengawas1", "pengawas1-2026").status_code == 401


def test_a_role_change_needs_the_own_password_and_ends_the_sessions(app, client, admin):
    proctor = app.test_client()
    assert login_staff(proctor, "pengawas1").status_code == 302
    page = client.get("/admin/pengguna/pengawas1/peran").get_data(as_text=True)
    form = {"csrf_token": csrf_from(page), "role": "admin"}
    wrong = client.post("/admin/pengguna/pengawas1/peran", data=form | {"current_password": "x"})
    assert wrong.status_code == 403 and _user(app, "pengawas1").role is Role.PROCTOR
    assert _actions(app, "staff.reauth_failed")[0].details["for"] == "user.set_role"
    done = client.post("/admin/pengguna/pengawas1/peran", data=form | {"current_password": OWN})
    assert done.status_code == 302
    assert _user(app, "pengawas1").role is Role.ADMIN
    assert proctor.get("/pengawas/").status_code == 302  # logged out
    [entry] = _actions(app, "user.set_role")
    assert entry.details == {"before": "proctor", "after": "admin"}
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "mengubah peran akun pengawas1 dari Pengawas menjadi Admin" in page


def test_a_proctor_can_become_a_panelist(app, client, admin):
    page = client.get("/admin/pengguna/pengawas1/peran").get_data(as_text=True)
    assert '<option value="panelis">Panelis</option>' in page
    form = {"csrf_token": csrf_from(page), "role": "panelis", "current_password": OWN}
    assert client.post("/admin/pengguna/pengawas1/peran", data=form).status_code == 302
    assert _user(app, "pengawas1").role is Role.PANELIST
    panelist = app.test_client()
    assert login_staff(panelist, "pengawas1").headers["Location"].endswith("/panel/")
    assert panelist.get("/pengawas/").status_code == 403
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "mengubah peran akun pengawas1 dari Pengawas menjadi Panelis" in page


def test_an_admin_cannot_change_their_own_role(app, client, admin):
    page = client.get("/admin/pengguna/admin1/peran").get_data(as_text=True)
    response = client.post(
        "/admin/pengguna/admin1/peran",
        data={"csrf_token": csrf_from(page), "role": "proctor", "current_password": OWN},
    )
    assert response.status_code == 422 and "akun Anda sendiri" in response.get_data(True)
    assert _user(app, "admin1").role is Role.ADMIN


def test_disabling_confirms_on_a_page_with_the_own_password(app, client, admin):
    users_page = client.get("/admin/pengguna").get_data(as_text=True)
    assert "onclick" not in users_page and "confirm(" not in users_page
    confirm = client.get("/admin/pengguna/pengawas1/status")
    assert confirm.status_code == 200 and "Nonaktifkan akun pengawas1?" in confirm.get_data(True)
    form = {"csrf_token": admin, "active": "0"}
    empty = client.post("/admin/pengguna/pengawas1/status", data=form)
    assert empty.status_code == 422 and "Wajib diisi" in empty.get_data(as_text=True)
    assert _actions(app, "staff.reauth_failed") == []  # an empty field is not a try
    wrong = client.post("/admin/pengguna/pengawas1/status", data=form | {"current_password": "x"})
    assert wrong.status_code == 403
    assert _user(app, "pengawas1").active
    done = client.post("/admin/pengguna/pengawas1/status", data=form | {"current_password": OWN})
    assert done.status_code == 302 and not _user(app, "pengawas1").active
    enable = client.post(
        "/admin/pengguna/pengawas1/status", data={"csrf_token": admin, "active": "1"}
    )
    assert enable.status_code == 302 and _user(app, "pengawas1").active


def test_guessing_the_own_password_through_a_session_ends_it(app, client, admin):
    for _ in range(10):
        assert _reset(client, "pengawas1", "tebakan-salah").status_code == 403
    last = _reset(client, "pengawas1", OWN)  # the right one, past the limit
    assert last.status_code == 403 and "Sesi Anda diakhiri" in last.get_data(as_text=True)
    assert client.get("/admin/pengguna").status_code == 302  # logged out
    entries = _actions(app, "staff.reauth_failed")
    assert [e.details["limited"] for e in entries] == [False] * 10 + [True]
    assert login_staff(app.test_client(), "admin1").status_code == 429


# -- unlocking a locked account ---------------------------------------------------------


def test_an_admin_sees_a_locked_account_and_unlocks_it_with_a_reason(app, client, admin):
    proctor = app.test_client()
    for _ in range(10):
        assert login_staff(proctor, "pengawas1", "salah-terus").status_code == 401
    assert login_staff(proctor, "pengawas1").status_code == 429
    assert "Terblokir" in client.get("/admin/pengguna").get_data(as_text=True)
    page = client.get("/admin/pengguna/pengawas1/buka-blokir").get_data(as_text=True)
    assert "Terblokir" in page
    url = "/admin/pengguna/pengawas1/buka-blokir"
    empty = client.post(url, data={"csrf_token": csrf_from(page), "reason": "  "})
    assert empty.status_code == 422 and "alasan membuka blokir" in empty.get_data(True)
    reason = "lupa kata sandi, identitas diperiksa"
    done = client.post(url, data={"csrf_token": csrf_from(page), "reason": reason})
    assert done.status_code == 302
    [entry] = _actions(app, "staff.unlock")
    assert entry.actor == "admin1" and entry.target == "user:pengawas1" and entry.reason == reason
    assert "Terblokir" not in client.get("/admin/pengguna").get_data(as_text=True)
    assert login_staff(proctor, "pengawas1").status_code == 302


def test_unlocking_needs_csrf(app, client, admin):
    url = "/admin/pengguna/pengawas1/buka-blokir"
    assert client.post(url, data={"reason": "tanpa token"}).status_code == 403
    assert _actions(app, "staff.unlock") == []


# -- odd bodies ---------------------------------------------------------------------------

ODD_BODIES = [
    [("rooms", "R99")],  # a checkbox value not offered: was a ValueError inside WTForms
    [("rooms", "R01"), ("rooms", "R01")],
    [("rooms", "x" * 5000)],
    [("tests", "BUKAN-TES")],
    [("role", "admin"), ("role", "superuser")],
    [("role", "")],
    [("active", "2")],
    [("active", "0"), ("active", "1")],
    [("password", "a"), ("password", "b"), ("confirm", "a")],
    [("current_password", "x" * 10_000)],
    [("reason", "")],
    [("session", ""), ("room", "")],
    [("username", "")],
]
POSTED_FORMS = [
    "/admin/pengguna/tambah",
    "/admin/pengguna/pengawas1/status",
    "/admin/pengguna/pengawas1/sandi",
    "/admin/pengguna/pengawas1/ruang",
    "/admin/pengguna/pengawas1/peran",
    "/admin/pengguna/pengawas1/buka-blokir",
    "/admin/peserta/tambah",
    "/admin/pengguna/tidak-ada/sandi",
]


def test_odd_form_bodies_never_answer_5xx(app, client, admin):
    answered = set()
    for url in POSTED_FORMS:
        for body in ODD_BODIES:
            response = client.post(url, data=MultiDict([("csrf_token", admin), *body]))
            assert response.status_code < 500, (url, body[:2])
            answered.add(response.status_code)
        as_json = client.post(url, json={"csrf_token": admin, "rooms": ["R01"]})
        assert as_json.status_code < 500, url
    assert answered <= {302, 400, 403, 404, 422}
    refused = client.post(
        "/admin/pengguna/pengawas1/ruang", data=MultiDict([("csrf_token", admin), ("rooms", "R99")])
    )
    assert refused.status_code == 422
    assert "Pilihan &#39;R99&#39; tidak tersedia." in refused.get_data(as_text=True)
