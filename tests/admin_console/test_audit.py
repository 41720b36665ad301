"""The audit log page: every console action with who and from where; filters narrow it."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from assessment_app import audit, clock
from assessment_app.extensions import db
from tests.factories import csrf_from, login_staff, make_user, publish_sample_bank


@pytest.fixture
def accounts(app):
    with app.app_context():
        publish_sample_bank()
        make_user("admin", "admin1")
        make_user("proctor", "pengawas1")


def _rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        row for row in re.findall(r"<tr>(.*?)</tr>", body, re.S) if "Tidak ada entri" not in row
    ]


def _console_actions(client) -> None:
    """Create an account, disable it, reset a password: three audited actions."""
    assert login_staff(client, "admin1").status_code == 302
    csrf = csrf_from(client.get("/admin/pengguna").get_data(as_text=True))
    client.post(
        "/admin/pengguna/tambah",
        data={
            "csrf_token": csrf,
            "role": "admin",
            "username": "admin2",
            "password": "rahasia-456",
            "confirm": "rahasia-456",
        },
    )
    client.post("/admin/pengguna/admin2/status", data={"csrf_token": csrf, "active": "0"})
    client.post(
        "/admin/pengguna/pengawas1/sandi",
        data={"csrf_token": csrf, "password": "", "confirm": ""},
    )


def test_the_log_lists_console_actions_with_actor_and_address(client, accounts):
    _console_actions(client)
    page = client.get("/admin/audit").get_data(as_text=True)
    rows = _rows(page)
    mine = [row for row in rows if "</td><td>admin1</td>" in row]
    assert len(mine) == 4  # with the login
    actions = [re.search(r'class="mono">([a-z_.]+)</td>', row).group(1) for row in mine]
    # newest first
    assert actions[:3] == ["user.reset_password", "user.disable", "user.create"]
    assert all("127.0.0.1" in row for row in mine)
    assert "user:admin2" in page and "user:pengawas1" in page
    assert "{&#34;generated&#34;:true}" in page  # compact JSON details
    assert "rahasia-456" not in page  # passwords are never logged


def test_filters_narrow_the_log(app, client, accounts):
    _console_actions(client)
    with app.app_context():
        audit.record("operator", "session.close", target="session:S9", reason="listrik padam")
        db.session.commit()
    everything = len(_rows(client.get("/admin/audit").get_data(as_text=True)))

    by_action = _rows(client.get("/admin/audit?aksi=user.disable").get_data(as_text=True))
    assert len(by_action) == 1 and "user:admin2" in by_action[0]
    by_actor = _rows(client.get("/admin/audit?pelaku=operator").get_data(as_text=True))
    assert len(by_actor) == 1 and "session:S9" in by_actor[0]
    by_target = _rows(client.get("/admin/audit?sasaran=PENGAWAS1").get_data(as_text=True))
    assert by_target and all("user:pengawas1" in row for row in by_target)
    by_reason = _rows(client.get("/admin/audit?alasan=padam").get_data(as_text=True))
    assert len(by_reason) == 1 and "listrik padam" in by_reason[0]
    assert len(by_action) < everything

    options = client.get("/admin/audit").get_data(as_text=True)
    assert '<option value="user.reset_password"' in options


def test_date_range_is_in_local_days(app, client, accounts):
    zone = ZoneInfo(app.config["TIMEZONE"])
    # 07:00 WITA on 2 March is still 1 March in UTC: the filter speaks local days
    early = datetime(2026, 3, 2, 7, 0, tzinfo=zone)
    with app.app_context():
        clock.freeze(early.astimezone(ZoneInfo("UTC")))
        audit.record("operator", "roster.import", target="pagi")
        db.session.flush()
        clock.freeze(early + timedelta(days=2))
        audit.record("operator", "roster.import", target="lusa")
        db.session.commit()
    clock.reset()
    assert login_staff(client, "admin1").status_code == 302

    def rows(query: str) -> list[str]:
        page = client.get(f"/admin/audit?pelaku=operator&{query}")
        return _rows(page.get_data(as_text=True))

    one_day = rows("dari=2026-03-02&sampai=2026-03-02")
    assert len(one_day) == 1 and "pagi" in one_day[0] and "02-03-2026 07:00" in one_day[0]
    assert rows("sampai=2026-03-01") == []
    later = rows("dari=2026-03-03")
    assert len(later) == 1 and "lusa" in later[0]
    page = client.get("/admin/audit?dari=kemarin").get_data(as_text=True)
    assert "Tanggal awal tidak valid" in page


def test_the_log_is_paginated_by_100(app, client, accounts):
    with app.app_context():
        for number in range(150):
            audit.record("operator", "test.bulk", target=f"nomor:{number:03d}")
        db.session.commit()
    assert login_staff(client, "admin1").status_code == 302
    first = client.get("/admin/audit?aksi=test.bulk").get_data(as_text=True)
    assert len(_rows(first)) == 100 and "halaman 1 dari 2" in first
    assert "hal=2" in first and "aksi=test.bulk" in first
    second = client.get("/admin/audit?aksi=test.bulk&hal=2").get_data(as_text=True)
    assert len(_rows(second)) == 50


def test_proctors_and_anonymous_cannot_read_the_log(app, client, accounts):
    assert client.get("/admin/audit").status_code == 302
    login_staff(client, "pengawas1")
    assert client.get("/admin/audit").status_code == 403
