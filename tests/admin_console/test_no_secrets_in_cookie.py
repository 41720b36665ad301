"""No session token or PIN ever travels in the (signed, readable) session cookie."""

from __future__ import annotations

import pathlib
import re

from assessment_app.extensions import db
from assessment_app.models import ExamSession
from tests.admin_console import test_sessions_dashboard as base

ROWS = base.ROWS
event, admin = base.event, base.admin  # the same fixtures

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _cookie_payload(app, client) -> dict:
    """Decode the session cookie as anyone holding it can (it is signed, not encrypted)."""
    cookie = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    assert cookie is not None
    return app.session_interface.get_signing_serializer(app).loads(cookie.value)


def test_opening_a_session_flashes_no_token(app, admin):
    response = admin.post("/admin/sesi/S1/buka", data={"csrf_token": admin.csrf})
    assert response.status_code == 302
    with app.app_context():
        token = db.session.query(ExamSession).filter_by(code="S1").one().token
    assert token
    flashes = _cookie_payload(app, admin).get("_flashes")
    assert flashes and "Sesi S1 dibuka." in flashes[0][1]
    assert token not in repr(_cookie_payload(app, admin))
    page = admin.get("/admin/sesi").get_data(as_text=True)
    assert "Sesi S1 dibuka." in page
    assert f'data-testid="session-token">{token}<' in page  # the admin still sees it, once


def test_no_pin_in_the_cookie_after_printing_cards(app, admin):
    assert admin.get("/admin/sesi/S1/kartu").status_code == 200
    payload = repr(_cookie_payload(app, admin))
    assert all(row[9] not in payload for row in ROWS)


def test_no_flash_or_session_write_names_a_token_or_pin():
    """A grep over the code: flash() and session[...] never take a token or a PIN."""
    offenders = []
    for path in (ROOT / "assessment_app").rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            writes = re.search(r"\bflash\(|\bsession\[[^\]]+\]\s*=", line)
            if writes and re.search(r"\.token\b|\bpin\b|\.pin_|token\}", line, re.IGNORECASE):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []
