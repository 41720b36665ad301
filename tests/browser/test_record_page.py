"""The incident form's starting category and the printed berita acara, in a real browser."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.test_proctor_page import PASSWORD, ROOM_PAGE, _candidate_id, _staff_login


def test_incident_categories_start_right_and_the_record_says_draft(live_factory, page, artifacts):
    server = live_factory(workers=1)
    _token, rows = server.prepare(candidates=2, tests="MANSOS")
    server.flask(
        "users", "create", "--role", "proctor", "--username", "pengawas1",
        "--password", PASSWORD, "--rooms", "R01", "--name", "Budi Santoso",
    )  # fmt: skip
    server.start()
    _staff_login(page, server, "pengawas1")
    page.goto(server.url + ROOM_PAGE)
    category = page.get_by_test_id("action-category")

    # From a seat, an incident is first about the candidate; for the room, its surroundings.
    page.get_by_test_id(f"seat-{_candidate_id(server, rows[0][0])}").click()
    page.get_by_test_id("action-incident").click()
    expect(category).to_have_value("peserta")
    page.get_by_test_id("action-cancel").click()
    page.get_by_test_id("room-incident").click()
    expect(category).to_have_value("lingkungan")
    page.get_by_test_id("action-reason").fill("Lampu ruang padam sebentar")
    page.get_by_test_id("action-confirm").click()
    expect(page.get_by_test_id("action-message")).to_contain_text("Kejadian dicatat")

    # The record of an open session is a draft, printed with the letterhead and signers.
    page.goto(server.url + ROOM_PAGE + "/berita-acara")
    expect(page.get_by_test_id("record-draft")).to_be_visible()
    expect(page.get_by_test_id("record-letterhead")).to_contain_text("BADAN KEPEGAWAIAN")
    actions = page.get_by_test_id("record-action")
    expect(actions.first).to_contain_text("membuka sesi S1")
    expect(actions.last).to_contain_text(
        re.compile(r"Pengawas R01 \(Budi Santoso, pengawas1\) mencatat kejadian \(Lingkungan\)")
    )
    expect(page.get_by_test_id("record-signatures")).to_contain_text("Nama: Budi Santoso")
    page.screenshot(path=str(artifacts / "berita-acara-draft.png"), full_page=True)
