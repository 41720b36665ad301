"""A cumulative cap on extra time per attempt: proctors stop at it, an admin may pass it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from assessment_app.extensions import db
from assessment_app.models import Attempt, AuditEntry
from tests.proctor import test_proctor_api as base
from tests.proctor.test_proctor_api import Staff, _new_client

rooms, proctor, candidate = base.rooms, base.proctor, base.candidate  # the same fixtures


@pytest.fixture
def cap(app):
    """The cap as configured by default (30 minutes)."""
    assert app.config["EXTRA_TIME_CAP_MINUTES"] == 30
    return 30


def _extension_minutes(app, attempt_id: int) -> float:
    with app.app_context():
        return db.session.get(Attempt, attempt_id).extension_ms / 60_000


def _extend(staff, attempt_id: int, minutes, **body):
    return staff.post(
        f"/attempts/{attempt_id}/extend", {"reason": "Komputer lambat", "minutes": minutes} | body
    )


def _audit(app, action: str) -> list[AuditEntry]:
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()
        for entry in entries:
            db.session.expunge(entry)
    return list(entries)


def test_a_proctor_stops_at_the_cap_told_what_remains(app, cap, proctor, candidate):
    attempt_id = candidate.attempt["id"]
    assert _extend(proctor, attempt_id, 20).status_code == 200
    refused = _extend(proctor, attempt_id, 15)
    assert refused.status_code == 409
    error = refused.json["error"]
    assert error["code"] == "extension_cap"
    assert "paling banyak 30 menit per tes" in error["message"]
    assert "sudah 20 menit, sisa 10 menit" in error["message"]
    assert "hanya dapat diberikan admin" in error["message"]
    assert _extension_minutes(app, attempt_id) == 20
    assert _extend(proctor, attempt_id, 10).status_code == 200  # exactly up to the cap
    again = _extend(proctor, attempt_id, 0.5)
    assert again.status_code == 409 and "sisa 0 menit" in again.json["error"]["message"]
    # A proctor cannot pass it by claiming the admin's confirmation.
    assert _extend(proctor, attempt_id, 5, over_cap=True).status_code == 409
    assert _extension_minutes(app, attempt_id) == 30


def test_an_admin_passes_the_cap_only_by_confirming_and_it_is_audited(app, cap, candidate):
    admin = Staff(_new_client(app), "admin1")
    attempt_id = candidate.attempt["id"]
    unconfirmed = _extend(admin, attempt_id, 45)
    assert unconfirmed.status_code == 409
    assert "Lewati batas" in unconfirmed.json["error"]["message"]
    assert _extension_minutes(app, attempt_id) == 0
    confirmed = _extend(admin, attempt_id, 45, over_cap=True)
    assert confirmed.status_code == 200, confirmed.json
    assert confirmed.json["attempt"]["extension_seconds"] == 45 * 60
    (entry,) = _audit(app, "proctor.extend")
    assert entry.actor == "admin1" and entry.reason == "Komputer lambat"
    assert entry.details["over_cap"] is True and entry.details["cap_minutes"] == 30
    assert entry.details["minutes"] == 45
    log = admin.client.get("/admin/audit").get_data(as_text=True)
    assert "menambah waktu 45 menit untuk" in log and "melewati batas 30 menit per tes" in log


def test_a_room_extension_past_the_cap_for_one_seat_changes_no_seat(app, cap, proctor, rooms):
    token, rows = rooms
    seats = []
    for row in rows[:2]:
        api = base.Api(_new_client(app))
        seat = type("Seat", (), {"nip": row[0], "pin": row[9]})
        seats.append(api.login(seat, token).json["attempts"][0]["id"])
    assert _extend(proctor, seats[0], 25).status_code == 200
    refused = proctor.post("/rooms/R01/sessions/S1/extend", {"reason": "Listrik", "minutes": 10})
    assert refused.status_code == 409 and refused.json["error"]["code"] == "extension_cap"
    assert "Peserta" in refused.json["error"]["message"]  # names the seat that blocks
    assert [_extension_minutes(app, i) for i in seats] == [25, 0]  # all or nothing
    ok = proctor.post("/rooms/R01/sessions/S1/extend", {"reason": "Listrik", "minutes": 5})
    assert ok.status_code == 200 and ok.json == {"affected": 4}  # two tests per seat


def test_the_room_page_states_the_cap_and_offers_the_override_to_admins_only(app, proctor, rooms):
    page = proctor.client.get("/pengawas/ruang/R01/sesi/S1").get_data(as_text=True)
    assert "Paling banyak 30 menit per tes" in page and "action-over-cap" not in page
    admin = Staff(_new_client(app), "admin1")
    page = admin.client.get("/pengawas/ruang/R01/sesi/S1").get_data(as_text=True)
    assert 'data-testid="action-over-cap"' in page


def test_the_cap_follows_the_setting(app, monkeypatch, proctor, candidate):
    monkeypatch.setitem(app.config, "EXTRA_TIME_CAP_MINUTES", 10)
    bad = _extend(proctor, candidate.attempt["id"], 5, over_cap="ya")
    assert bad.status_code == 400 and "over_cap" in bad.json["error"]["message"]
    assert _extend(proctor, candidate.attempt["id"], 5).status_code == 200
    (entry,) = _audit(app, "proctor.extend")
    assert "over_cap" not in entry.details  # within the cap the audit says nothing of it
    refused = _extend(proctor, candidate.attempt["id"], 15)
    assert refused.status_code == 409
    assert "paling banyak 10 menit" in refused.json["error"]["message"]
    assert "sudah 5 menit, sisa 5 menit" in refused.json["error"]["message"]


def test_the_setting_is_read_strictly(monkeypatch):
    from config import Config, ConfigError

    monkeypatch.setenv("EXTRA_TIME_CAP_MINUTES", "45")
    assert Config.from_environment()["EXTRA_TIME_CAP_MINUTES"] == 45
    monkeypatch.setenv("EXTRA_TIME_CAP_MINUTES", "setengah jam")
    with pytest.raises(ConfigError, match="EXTRA_TIME_CAP_MINUTES harus bilangan bulat"):
        Config.from_environment()
    monkeypatch.setenv("EXTRA_TIME_CAP_MINUTES", "-5")
    with pytest.raises(ConfigError, match="antara 0 dan 1440"):
        Config.from_environment()
