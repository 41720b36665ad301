"""The admin console in a real browser: upload a roster, open a session, watch the dashboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import csv_text, roster_rows

PASSWORD = "rahasia-ujian-123"


def _admin_login(page, server) -> None:
    page.goto(server.url + "/masuk")
    page.locator("#username").fill("admin1")
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).not_to_have_url(re.compile(r"/masuk"))


def _upload_roster(page, server, path) -> None:
    page.goto(server.url + "/admin/impor")
    card = page.locator("#kartu-peserta")
    if not card.count():  # fall back to the card whose file input comes first
        card = page.locator("form:has(input[type=file])").first
    card.locator("input[type=file]").set_input_files(str(path))
    card.locator("button[type=submit]").click()


@pytest.fixture
def server(live_factory):
    server = live_factory(workers=2)
    server.instance.mkdir(parents=True, exist_ok=True)
    server.flask("db", "upgrade")
    server.flask("bank", "publish")
    server.flask(
        "users", "create", "--role", "admin", "--username", "admin1", "--password", PASSWORD
    )
    server.env["PROCTOR_POLL_MS"] = "500"
    server.start()
    return server


def test_admin_uploads_a_roster_opens_a_session_and_watches_it(
    server, browser, page, tmp_path, artifacts
):
    rows = roster_rows(3, tests="MANSOS") + roster_rows(2, room="R02", tests="MANSOS", start=10)
    bad = [list(r) for r in rows]
    bad[1][0] = "12345"  # spreadsheet row 3: not an 18-digit NIP
    roster = tmp_path / "peserta.csv"
    roster.write_text(csv_text(bad), encoding="utf-8")
    # Every page of the walk runs under the Content-Security-Policy: the browser says so in
    # the console when it blocks a script, a style or a handler.
    refused = []

    def csp_report(message) -> None:
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    page.on("console", csp_report)
    page.on("pageerror", lambda error: refused.append(str(error)))

    _admin_login(page, server)
    _upload_roster(page, server, roster)
    errors = page.get_by_test_id("error-list")
    expect(errors).to_contain_text("baris 3")
    expect(page.get_by_role("button", name="Simpan")).to_have_count(0)

    roster.write_text(csv_text(rows), encoding="utf-8")  # the fixed file
    _upload_roster(page, server, roster)
    expect(page.get_by_text("baris 3")).to_have_count(0)
    page.get_by_label("Saya memeriksa kode sesi/ruang baru").check()  # S1, R01, R02 are new
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("alert")).to_contain_text("disimpan")

    page.goto(server.url + "/admin/sesi")
    session = page.get_by_test_id("session-S1")
    expect(session).to_contain_text("R01")
    session.get_by_role("button", name="Buka sesi").click()
    token = session.get_by_test_id("session-token")
    expect(token).to_have_text(re.compile(r"^[A-Z0-9]{6}$"))
    token_text = token.inner_text().strip()
    expect(page.get_by_role("alert")).to_contain_text("Sesi S1 dibuka.")
    expect(page.get_by_role("alert")).not_to_contain_text(token_text)  # no token in the cookie
    page.screenshot(path=str(artifacts / "admin-sessions.png"), full_page=True)

    page.goto(server.url + "/admin/dasbor")
    r01 = page.get_by_test_id("dash-room-S1-R01")
    expect(r01.locator('[data-field="registered"]')).to_have_text("3")
    expect(r01.locator('[data-field="sudah_login"]')).to_have_text("0")
    expect(page.get_by_test_id("dash-session-S1")).to_contain_text(token_text)

    candidate = browser.new_context()  # a candidate elsewhere logs in and starts
    try:
        api = candidate.request
        login = api.post(
            server.url + "/api/v1/candidate/login",
            data={"nip": rows[0][0], "pin": rows[0][9], "session_token": token_text.lower()},
        )
        assert login.ok, login.text()
        body = login.json()
        headers = {"X-CSRF-Token": body["csrf_token"]}
        attempt_id = body["attempts"][0]["id"]
        expect(r01.locator('[data-field="sudah_login"]')).to_have_text("1")  # no reload
        started = api.post(
            server.url + f"/api/v1/attempts/{attempt_id}/start", data={}, headers=headers
        )
        assert started.ok, started.text()
        item = started.json()["items"][0]
        saved = api.put(
            server.url + f"/api/v1/attempts/{attempt_id}/answers/{item['id']}",
            data={"choice": item["options"][0]["key"], "seq": 1},
            headers=headers,
        )
        assert saved.ok, saved.text()
        api.post(server.url + f"/api/v1/attempts/{attempt_id}/heartbeat", data={}, headers=headers)
    finally:
        candidate.close()
    expect(r01.locator('[data-field="mengerjakan"]')).to_have_text("1")
    expect(r01.locator('[data-field="progress"]')).to_contain_text(re.compile(r"^1 / \d+ soal"))
    page.screenshot(path=str(artifacts / "admin-dashboard.png"), full_page=True)

    r01.get_by_role("link", name="R01").click()  # one click into the proctor's room view
    expect(page).to_have_url(re.compile(r"/pengawas/ruang/R01/sesi/S1$"))
    expect(page.get_by_test_id("session-token")).to_have_text(token_text)
    expect(page.get_by_test_id("live-notice")).to_be_hidden()  # Redis answers: no banner
    page.goto(server.url + "/admin/sesi/S1/kartu")
    expect(page.get_by_test_id("print-cards")).to_be_visible()  # cards.js ran under the CSP
    expect(page.get_by_test_id("login-card").first).to_have_css("border-top-style", "dashed")
    for path in ("/admin/bank", "/admin/pengguna", "/admin/impor", "/admin/peserta/tambah"):
        page.goto(server.url + path)
    assert refused == []
