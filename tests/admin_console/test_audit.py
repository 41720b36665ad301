"""The audit log page: every console action with who and from where; filters narrow it."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from assessment_app import audit, clock
from assessment_app.audit import text as audit_text
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


def _sentence(row: str) -> str:
    found = re.search(r'data-testid="audit-sentence">(.*?)</td>', row, re.S)
    return html.unescape(found.group(1).strip())


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
            "password": "rahasia-admin-456",
            "confirm": "rahasia-admin-456",
        },
    )
    own = "rahasia-ujian-123"  # disabling and resetting ask for the admin's own password
    client.post(
        "/admin/pengguna/admin2/status",
        data={"csrf_token": csrf, "active": "0", "current_password": own},
    )
    client.post(
        "/admin/pengguna/pengawas1/sandi",
        data={"csrf_token": csrf, "password": "", "confirm": "", "current_password": own},
    )


def test_the_log_lists_console_actions_with_actor_and_address(client, accounts):
    _console_actions(client)
    page = client.get("/admin/audit").get_data(as_text=True)
    rows = _rows(page)
    mine = [row for row in rows if "</td><td>admin1</td>" in row]
    assert len(mine) == 4  # with the login
    actions = [re.search(r'data-action="([a-z_.]+)"', row).group(1) for row in mine]
    # newest first
    assert actions[:3] == ["user.reset_password", "user.disable", "user.create"]
    assert all("127.0.0.1" in row for row in mine)
    sentences = [_sentence(row) for row in mine]
    assert sentences[:4] == [
        "Admin (admin1) mengatur ulang kata sandi akun pengawas1 (dibuat otomatis).",
        "Admin (admin1) menonaktifkan akun admin2.",
        "Admin (admin1) membuat akun admin2 dengan peran Admin.",
        "Admin (admin1) masuk ke aplikasi.",
    ]
    assert "{&#34;generated&#34;:true}" in page  # the raw details stay in the code's title
    assert "rahasia-admin-456" not in page  # passwords are never logged


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
    assert len(one_day) == 1 and "pagi" in one_day[0] and re.search(r"02.03.2026 07:00", one_day[0])
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


# --- the describer (audit_text): pure, no app ---------------------------------------------

NAMES = audit_text.Names(
    by_id={30: audit_text.Person("Andi Wijaya", "198501012010011001", "07")},
    by_nip={"198501012010011001": audit_text.Person("Andi Wijaya", "198501012010011001", "07")},
    attempts={5: (30, "MANSOS")},
    staff={
        "budi": audit_text.Staff("proctor", "", ("R01", "R02")),
        "admin1": audit_text.Staff("admin", "Sri Rahayu"),
    },
)


def _entry(action: str, actor: str = "budi", target: str = "", reason: str = "", **details):
    return SimpleNamespace(
        actor=actor, action=action, target=target, reason=reason, details=details
    )


def test_every_audited_action_code_has_its_own_sentence():
    source = Path(audit_text.__file__).parent.parent  # every package of the app
    # codes written literally, and those built from the action name (proctor/actions.py)
    codes = {f"proctor.{a}" for a in ("pause", "resume", "extend", "finish", "void")}
    codes |= {f"proctor.room_{a}" for a in ("pause", "resume", "extend")}
    for path in source.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        codes |= set(re.findall(r'audit\.record\(\s*[^,]+,\s*"([a-z_]+\.[a-z_]+)"', text))
        codes |= set(re.findall(r'"(user\.(?:enable|disable))"', text))
        codes |= set(re.findall(r'audited\(\s*"([a-z_]+\.[a-z_]+)"', text))  # cards, downloads
        codes |= set(re.findall(r'audited\(\s*"([a-z_]+\.[a-z_]+)"', text))  # cards, downloads
    assert len(codes) >= 30
    assert sorted(codes - set(audit_text.PHRASES)) == []


def test_a_proctor_action_reads_as_a_sentence_with_minutes_name_and_seat():
    entry = _entry(
        "proctor.extend",
        target="attempt:5",
        reason="listrik padam",
        room="R01",
        session="S1",
        nip="198501012010011001",
        name="Andi Wijaya",
        seat="07",
        test="MANSOS",
        minutes=10.0,
    )
    assert audit_text.describe(entry, NAMES) == (
        "Pengawas R01 (budi) menambah waktu 10 menit untuk Andi Wijaya "
        "(kursi 07, NIP 198501012010011001), tes MANSOS, alasan: listrik padam."
    )


def test_old_entries_without_names_are_resolved_or_said_plainly():
    # before names were recorded: the attempt and the candidate id lead to the person
    paused = _entry("proctor.pause", target="attempt:5", room="R01", nip="198501012010011001")
    assert audit_text.describe(paused, NAMES) == (
        "Pengawas R01 (budi) menjeda ujian Andi Wijaya (kursi 07, NIP 198501012010011001), "
        "tes MANSOS."
    )
    released = _entry("proctor.release", actor="admin1", target="candidate:30")
    assert audit_text.describe(released, NAMES).startswith(
        "Admin (Sri Rahayu, admin1) membuka kunci login Andi Wijaya (kursi 07"
    )
    gone = _entry("proctor.extend", target="attempt:99", nip="199001012015012002")
    assert audit_text.describe(gone, NAMES) == (
        "Pengawas R01, R02 (budi) menambah waktu (lama tidak tercatat) untuk peserta "
        "NIP 199001012015012002."
    )


def test_session_close_candidate_login_and_an_unknown_code():
    forced = _entry(
        "session.close",
        actor="cli:ops",
        target="session:S1",
        reason="waktu habis",
        forced=True,
        finished_attempts=[1, 2, 3],
    )
    assert audit_text.describe(forced, NAMES) == (
        "Operator baris perintah (ops) menutup paksa sesi S1; 3 ujian yang masih berjalan "
        "diakhiri, alasan: waktu habis."
    )
    login = _entry("candidate.login", actor="peserta:198501012010011001", device="ab12cd34")
    assert audit_text.describe(login, NAMES) == (
        "Peserta Andi Wijaya (NIP 198501012010011001) masuk ujian dari perangkat ab12cd34."
    )
    odd = _entry("mesin.baru", actor="x", target="benda:1", jumlah=2, cepat=True)
    assert audit_text.describe(odd, NAMES) == (
        "x melakukan tindakan «mesin.baru» pada benda:1 (cepat: ya; jumlah: 2)."
    )


def test_the_log_shows_proctor_actions_in_words(app, client, accounts):
    with app.app_context():
        audit.record(
            "pengawas1",
            "proctor.extend",
            target="attempt:1",
            reason="komputer mati",
            details={"room": "R01", "name": "Andi Wijaya", "seat": "07", "minutes": 10},
        )
        db.session.commit()
    assert login_staff(client, "admin1").status_code == 302
    rows = _rows(client.get("/admin/audit?aksi=proctor.extend").get_data(as_text=True))
    assert [_sentence(row) for row in rows] == [
        "Pengawas R01 (pengawas1) menambah waktu 10 menit untuk Andi Wijaya (kursi 07), "
        "alasan: komputer mati."
    ]
