"""The exam page in a real browser: answers survive reloads and lost connections."""

from __future__ import annotations

import re
import shutil

from playwright.sync_api import expect
from sqlalchemy import create_engine, text

SAMPLE_BANK = "question_bank"


def _stored(server, nip: str) -> dict[str, str | None]:
    engine = create_engine(server.database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT a.item_id, a.choice FROM answer a"
                    " JOIN attempt t ON t.id = a.attempt_id"
                    " JOIN candidate c ON c.id = t.candidate_id WHERE c.nip = :nip"
                ),
                {"nip": nip},
            ).all()
    finally:
        engine.dispose()
    return dict(rows)


def _login(page, server, row, token) -> None:
    page.goto(server.url + "/ujian")
    page.get_by_test_id("login-nip").fill(row[0])
    page.get_by_test_id("login-pin").fill(row[9])
    page.get_by_test_id("login-token").fill(token.lower())
    page.get_by_test_id("login-submit").click()
    expect(page).to_have_url(re.compile(r"/ujian/tes$"))


def _answer_current(page, label: str) -> None:
    page.get_by_test_id(f"option-{label}").click()
    expect(page.get_by_test_id("save-status")).to_have_text("Tersimpan")


def test_answers_survive_reload_and_a_lost_connection(live_factory, context, page, artifacts):
    server = live_factory(workers=2)
    token, rows = server.prepare(candidates=2, tests="MANSOS")
    server.start()
    _login(page, server, rows[0], token)
    page.get_by_test_id("start-button").click()
    expect(page.get_by_test_id("question-number")).to_have_text("Soal 1 dari 45")
    expect(page.get_by_test_id("timer")).to_be_visible()

    _answer_current(page, "A")
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

    context.set_offline(True)
    page.get_by_test_id("grid-item-3").click()
    page.get_by_test_id("option-B").click()
    page.get_by_test_id("grid-item-4").click()
    page.get_by_test_id("option-D").click()
    expect(page.get_by_test_id("offline-banner")).to_be_visible()
    expect(page.get_by_test_id("grid-item-4")).to_have_attribute("data-pending", "true")
    expect(page.get_by_test_id("save-status")).not_to_have_text("Tersimpan")
    page.screenshot(path=str(artifacts / "exam-page-offline.png"))
    assert len(_stored(server, rows[0][0])) == 2  # nothing new reached the server

    context.set_offline(False)
    expect(page.get_by_test_id("offline-banner")).to_be_hidden(timeout=30_000)
    for n in (3, 4):
        expect(page.get_by_test_id(f"grid-item-{n}")).to_have_attribute("data-pending", "false")
    assert len([c for c in _stored(server, rows[0][0]).values() if c]) == 4

    page.get_by_test_id("finish-button").click()
    dialog = page.get_by_test_id("finish-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("2")  # flagged question 2 is listed for review
    page.get_by_test_id("finish-confirm").click()
    expect(page.get_by_test_id("transition-count")).to_have_text(
        "Terjawab 4 dari 45 soal. Jawaban Anda telah tersimpan."
    )
    page.get_by_test_id("transition-continue").click()
    closing = page.get_by_test_id("closing-page")
    expect(closing).to_be_visible()
    expect(closing).to_contain_text("Terjawab 4 dari 45 soal")
    expect(closing).to_contain_text("BKPSDM")
    assert "skor" not in closing.inner_text().lower()


def test_the_deadline_passes_while_the_page_is_open(live_factory, page, tmp_path):
    bank = tmp_path / "bank"
    shutil.copytree(SAMPLE_BANK, bank)
    test_file = bank / "tests" / "tek-ak.yaml"
    test_file.write_text(
        test_file.read_text(encoding="utf-8").replace(
            "duration_minutes: 30", "duration_minutes: 0.25"
        ),
        encoding="utf-8",
    )
    server = live_factory(workers=2)
    token, rows = server.prepare(candidates=1, tests="TEK-AK", bank=bank)
    server.start()
    _login(page, server, rows[0], token)
    page.get_by_test_id("start-button").click()
    expect(page.get_by_test_id("question-number")).to_have_text("Soal 1 dari 20")
    _answer_current(page, "B")
    title = page.get_by_test_id("transition-title")
    expect(title).to_have_text("Waktu habis", timeout=45_000)  # 15 s of test time, by itself
    expect(page.get_by_test_id("transition-count")).to_contain_text("Terjawab 1 dari 20 soal")
    page.get_by_test_id("transition-continue").click()
    closing = page.get_by_test_id("closing-page")
    expect(closing).to_contain_text("Terjawab 1 dari 20 soal")
    assert len(_stored(server, rows[0][0])) == 1


def test_the_page_fits_a_phone(live_factory, browser, artifacts):
    server = live_factory(workers=1)
    token, rows = server.prepare(candidates=1, tests="TEK-AK")
    server.start()
    phone = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    try:
        page = phone.new_page()
        _login(page, server, rows[0], token)
        page.get_by_test_id("start-button").click()
        expect(page.get_by_test_id("question-stem")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"the page scrolls sideways ({width}px)"
        page.get_by_test_id("option-A").click()
        expect(page.get_by_test_id("save-status")).to_have_text("Tersimpan")
        page.screenshot(path=str(artifacts / "exam-page-phone.png"))
    finally:
        phone.close()


def test_a_browser_restart_keeps_the_login_and_the_unsent_answers(live_factory, browser, tmp_path):
    server = live_factory(workers=1)
    token, rows = server.prepare(candidates=1, tests="TEK-AK")
    server.start()
    first = browser.new_context(viewport={"width": 1024, "height": 768})
    page = first.new_page()
    _login(page, server, rows[0], token)
    page.get_by_test_id("start-button").click()
    _answer_current(page, "A")
    first.set_offline(True)
    page.get_by_test_id("grid-item-2").click()
    page.get_by_test_id("option-C").click()
    expect(page.get_by_test_id("grid-item-2")).to_have_attribute("data-pending", "true")
    state = tmp_path / "state.json"
    first.storage_state(path=str(state))  # cookies and localStorage, as the disk keeps them
    # The browser dies with one answer not yet sent. Closing a context lifts its offline
    # emulation first, and the page, hearing "online", sends the answer in its last moment
    # (right for the page, but then nothing is left to test): cut its network for good, as a
    # power cut would, before closing.
    page.evaluate("() => { window.fetch = () => new Promise(() => {}); }")
    first.close()
    assert len(_stored(server, rows[0][0])) == 1

    second = browser.new_context(viewport={"width": 1024, "height": 768}, storage_state=str(state))
    try:
        page = second.new_page()
        page.goto(server.url + "/ujian")  # still logged in: straight back to the test
        expect(page).to_have_url(re.compile(r"/ujian/tes$"))
        expect(page.get_by_test_id("grid-item-1")).to_have_attribute("data-state", "answered")
        expect(page.get_by_test_id("grid-item-2")).to_have_attribute("data-pending", "false")
        assert len(_stored(server, rows[0][0])) == 2
    finally:
        second.close()
