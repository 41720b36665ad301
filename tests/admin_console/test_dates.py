"""Admin pages show times as dd/mm/yyyy HH:MM WITA, the zone named once."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from assessment_app import clock
from tests.admin_console.test_login_cards import admin, event  # noqa: F401  (fixtures)

OPENED = datetime(2026, 11, 28, 0, 5, tzinfo=UTC)  # 08:05 WITA


def test_event_and_sessions_pages_use_the_one_format(app, admin):  # noqa: F811
    clock.freeze(OPENED)
    page = admin.get("/admin/sesi").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    opened = admin.post("/admin/sesi/S1/buka", data={"csrf_token": csrf})
    assert opened.status_code == 302

    sessions = admin.get("/admin/sesi").get_data(as_text=True)
    assert "Mulai: 28/11/2026 08:30 WITA;" in sessions
    assert "selesai: belum dijadwalkan;" in sessions
    assert "Dibuka 28/11/2026 08:05 WITA." in sessions

    overview = admin.get("/admin/").get_data(as_text=True)
    assert "<td>28/11/2026 08:30 WITA</td>" in overview
    assert re.search(r"dipublikasikan \d{2}/\d{2}/\d{4} \d{2}:\d{2} WITA", overview)
    for shown in (sessions, overview):
        assert not re.search(r"WITA\s+WITA", shown)  # no label appended by hand any more
        assert not re.search(r"\b\d{2}-\d{2}-\d{4}\b", shown)  # the old dd-mm-yyyy
