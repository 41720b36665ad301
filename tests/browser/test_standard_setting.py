"""A two-round bookmark panel in a real browser, on the demo event with a simulated cohort.

The facilitator (the demo admin) creates a bookmark panel for MANSOS / Integritas, seats two
panelists and runs two rounds; each panelist places four bookmarks in his own browser, sees
the first round's spread and impact in the second, and revises; the facilitator adopts the
cuts. The results table then levels every simulated candidate by the adopted cuts (read
back from the corrections page), some levels change, and the audit log says who adopted
what from which panel.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

PASSWORD = "rahasia-ujian-123"
ADMIN = ("admin", "admin-demo-2026")  # the demo's admin (demo/service.py)
PANELISTS = ("panelis1", "panelis2")
COHORT = 300
NUMBER = r"-?\d+(?:,\d+)?"


def _prepare(server) -> None:
    server.instance.mkdir(parents=True, exist_ok=True)
    server.flask("db", "upgrade")
    server.flask("demo", "--cohort", str(COHORT))
    for username in PANELISTS:
        server.flask(
            "users", "create", "--role", "panelis", "--username", username, "--password", PASSWORD
        )
    server.start()


def _login(page, server, username: str, password: str) -> None:
    page.goto(server.url + "/masuk")
    page.locator("#username").fill(username)
    page.locator("#password").fill(password)
    page.get_by_role("button", name="Masuk").click()
    expect(page).not_to_have_url(re.compile(r"/masuk"))


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _integritas(page, server) -> dict[str, tuple[int, float]]:
    """Return NIP -> (level, C_score to 1 decimal) of Integritas for the simulated cohort."""
    page.goto(server.url + "/admin/hasil?sesi=SIM&tes=MANSOS")
    cells = page.locator("table.results-table tbody tr").evaluate_all(
        """rows => rows.map(row => [
            row.querySelector('td.mono').textContent.trim(),
            (row.querySelector('td[title^="Integritas:"]') || {}).title || ''])"""
    )
    found = {}
    for nip, title in cells:
        match = re.search(rf"level (\d), skor C ({NUMBER})", title)
        if match:
            found[nip] = (int(match[1]), _number(match[2]))
    return found


def _bookmarks(page, marks) -> None:
    for level, mark in zip((2, 3, 4, 5), marks, strict=True):
        page.get_by_test_id(f"mark-{level}").select_option(str(mark))
    page.get_by_role("button", name="Simpan penanda").click()
    for level, mark in zip((2, 3, 4, 5), marks, strict=True):
        expect(page.get_by_test_id(f"mark-{level}")).to_have_value(str(mark))


def _panelist_round(context, server, username: str, panel_url: str, fractions) -> None:
    page = context.new_page()
    page.goto(server.url + panel_url)
    expect(page.get_by_test_id("round-status")).to_contain_text("dibuka")
    pages = page.get_by_test_id("mark-2").locator("option").count() - 2  # "–" and 0
    _bookmarks(page, [round(pages * f) for f in fractions])
    page.close()


def test_two_round_bookmark_panel_adopts_cuts(live_factory, browser, artifacts):
    server = live_factory(workers=2)
    _prepare(server)
    admin = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
    page = admin.new_page()
    _login(page, server, *ADMIN)
    before = _integritas(page, server)
    assert len(before) == COHORT

    page.goto(server.url + "/admin/standar")
    page.locator("#test_code").select_option("MANSOS")
    page.get_by_label("Bookmark", exact=False).check()
    page.locator("#competencies").fill("INT")
    page.get_by_role("button", name="Buat panel").click()
    expect(page).to_have_url(re.compile(r"/admin/standar/\d+$"))
    panel_url = page.url.removeprefix(server.url).replace("/admin/standar/", "/panel/")
    for username in PANELISTS:
        page.locator("#username").fill(username)
        page.get_by_role("button", name="Tambah panelis").click()
    expect(page.get_by_test_id("seat-P2")).to_be_visible()

    panelists = {}
    for username in PANELISTS:
        panelists[username] = browser.new_context(locale="id-ID")
        _login(panelists[username].new_page(), server, username, PASSWORD)

    # round 1: the two panelists disagree
    page.get_by_test_id("open-round").click()
    _panelist_round(panelists["panelis1"], server, "panelis1", panel_url, (0.4, 0.55, 0.7, 0.85))
    _panelist_round(panelists["panelis2"], server, "panelis2", panel_url, (0.5, 0.65, 0.8, 0.95))
    page.reload()
    page.get_by_test_id("close-round").click()
    expect(page.get_by_test_id("closed-summary-1")).to_be_visible()
    calibration = page.get_by_test_id("closed-summary-1").locator("th[title^='Bagian SE']")
    expect(calibration).to_have_text("kalibrasi")  # the facilitator sees the SE's parts

    # round 2: each sees round 1's spread (himself as "Anda") and impact, then revises
    page.get_by_test_id("open-round").click()
    feedback = panelists["panelis2"].new_page()
    feedback.goto(server.url + panel_url)
    expect(feedback.get_by_test_id("feedback")).to_contain_text("Anda")
    expect(feedback.get_by_test_id("feedback").locator("table.impact")).to_be_visible()
    body = feedback.content()
    assert "Peserta Simulasi" not in body and not re.search(r"\b\d{18}\b", body)
    feedback.get_by_test_id("feedback").screenshot(path=str(artifacts / "panel-feedback.png"))
    feedback.screenshot(path=str(artifacts / "panel-round-2.png"), full_page=True)
    feedback.close()
    _panelist_round(panelists["panelis2"], server, "panelis2", panel_url, (0.42, 0.58, 0.73, 0.88))
    page.reload()
    page.get_by_test_id("close-round").click()
    expect(page.get_by_test_id("closed-summary-2")).to_be_visible()
    page.screenshot(path=str(artifacts / "panel-facilitator.png"), full_page=True)

    page.locator("#reason").fill("Batas level Integritas hasil panel bookmark dua putaran")
    page.get_by_role("button", name="Tetapkan batas level").click()

    page.goto(server.url + "/admin/hasil/koreksi")
    row = page.get_by_test_id("cuts-MANSOS-INT")
    expect(row).to_contain_text("koreksi")
    cuts = [_number(n) for n in re.findall(NUMBER, row.locator("td").nth(2).inner_text())]
    assert len(cuts) == 4 and cuts == sorted(cuts) and cuts != [20, 40, 60, 80]

    after = _integritas(page, server)
    assert after.keys() == before.keys()
    for nip, (level, score) in after.items():
        near = min(abs(score - cut) for cut in cuts) < 0.05  # shown to 1 decimal
        if not near:
            assert level == 1 + sum(score >= cut for cut in cuts), (nip, score, level, cuts)
    changed = sum(after[nip][0] != before[nip][0] for nip in after)
    assert changed > 0

    page.goto(server.url + "/admin/audit")
    expect(page.locator("body")).to_contain_text("menetapkan batas level dari panel")
    page.screenshot(path=str(artifacts / "panel-audit.png"), full_page=False)
    for context in (*panelists.values(), admin):
        context.close()
