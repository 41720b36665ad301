"""The exam page in a real browser: answers survive reloads and lost connections."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.exam_room import answer, login, seat, start, stored_answers

API_CALLS = "**/api/v1/**"


def test_answers_survive_reload_and_a_lost_connection(exam_room, page, artifacts):
    server, row = exam_room["server"], seat(exam_room, "reload")
    login(page, server.url, row, exam_room["token"].lower())  # the token in any case
    start(page, 45)
    expect(page.get_by_test_id("timer")).to_be_visible()

    answer(page, "A")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_test_id("question-number")).to_have_text("Soal 2 dari 45")
    page.keyboard.press("c")  # the keyboard picks by the label shown
    expect(page.get_by_test_id("save-status")).to_have_text("Tersimpan")
    page.get_by_test_id("flag-toggle").click()
    expect(page.get_by_test_id("grid-item-2")).to_have_attribute("data-flagged", "true")
    page.screenshot(path=str(artifacts / "exam-page-1024x768.png"))

    page.reload()  # in the middle of the test
    expect(page.get_by_test_id("grid-item-1")).to_have_attribute("data-state", "answered")
    expect(page.get_by_test_id("grid-item-2")).to_have_attribute("data-state", "answered")
    expect(page.get_by_test_id("grid-item-2")).to_have_attribute("data-flagged", "true")

    # The connection drops: every API call fails from now on, as a dead network would. A route
    # takes effect before the next click (an emulated offline switch may not, which made this
    # test flaky).
    page.route(API_CALLS, lambda route: route.abort())
    page.get_by_test_id("grid-item-3").click()
    page.get_by_test_id("option-B").click()
    page.get_by_test_id("grid-item-4").click()
    page.get_by_test_id("option-D").click()
    expect(page.get_by_test_id("offline-banner")).to_be_visible()
    expect(page.get_by_test_id("grid-item-4")).to_have_attribute("data-pending", "true")
    expect(page.get_by_test_id("save-status")).not_to_have_text("Tersimpan")
    page.screenshot(path=str(artifacts / "exam-page-offline.png"))
    assert len(stored_answers(server, row[0])) == 2  # nothing new reached the server

    page.unroute(API_CALLS)  # back online; the page notices with its next request
    expect(page.get_by_test_id("offline-banner")).to_be_hidden(timeout=30_000)
    for n in (3, 4):  # the next heartbeat (10 s) at the latest sends the queue again
        expect(page.get_by_test_id(f"grid-item-{n}")).to_have_attribute(
            "data-pending", "false", timeout=30_000
        )
    assert len([c for c in stored_answers(server, row[0]).values() if c]) == 4

    page.get_by_test_id("finish-button").click()
    dialog = page.get_by_test_id("finish-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("2")  # flagged question 2 is listed for review
    page.get_by_test_id("finish-confirm").click()
    expect(page.get_by_test_id("transition-count")).to_have_text(
        "Terjawab 4 dari 45 soal. Jawaban Anda telah tersimpan."
    )
    page.get_by_test_id("transition-continue").click()
    expect(page.get_by_test_id("start-button")).to_be_visible()  # the next test, not yet begun
    expect(page.locator("#instr-position")).to_have_text("Tes 2 dari 2")


def test_the_page_fits_a_phone(exam_room, browser, artifacts):
    server, row = exam_room["server"], seat(exam_room, "phone")
    phone = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    try:
        page = phone.new_page()
        login(page, server.url, row, exam_room["token"])
        start(page, 45)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"the page scrolls sideways ({width}px)"
        page.get_by_test_id("option-A").click()
        expect(page.get_by_test_id("save-status")).to_have_text("Tersimpan")
        page.screenshot(path=str(artifacts / "exam-page-phone.png"))
    finally:
        phone.close()


def test_a_browser_restart_keeps_the_login_and_the_unsent_answers(exam_room, browser, tmp_path):
    server, row = exam_room["server"], seat(exam_room, "restart")
    first = browser.new_context(viewport={"width": 1024, "height": 768})
    page = first.new_page()
    login(page, server.url, row, exam_room["token"])
    start(page, 45)
    answer(page, "A")
    page.route(API_CALLS, lambda route: route.abort())  # the network is gone
    page.get_by_test_id("grid-item-2").click()
    page.get_by_test_id("option-C").click()
    expect(page.get_by_test_id("grid-item-2")).to_have_attribute("data-pending", "true")
    state = tmp_path / "state.json"
    first.storage_state(path=str(state))  # cookies and localStorage, as the disk keeps them
    # The browser dies with one answer not yet sent. The page may still try to send it in its
    # last moment (right for the page, but then nothing is left to test): cut its network for
    # good, as a power cut would, before closing.
    page.evaluate("() => { window.fetch = () => new Promise(() => {}); }")
    first.close()
    assert len(stored_answers(server, row[0])) == 1

    second = browser.new_context(viewport={"width": 1024, "height": 768}, storage_state=str(state))
    try:
        page = second.new_page()
        page.goto(server.url + "/ujian")  # still logged in: straight back to the test
        expect(page).to_have_url(re.compile(r"/ujian/tes$"))
        expect(page.get_by_test_id("grid-item-1")).to_have_attribute("data-state", "answered")
        expect(page.get_by_test_id("grid-item-2")).to_have_attribute("data-pending", "false")
        assert len(stored_answers(server, row[0])) == 2
    finally:
        second.close()
