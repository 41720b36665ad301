"""The proctor's live room view in a real browser, next to a candidate in another one."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request

from playwright.sync_api import expect
from sqlalchemy import create_engine, text

from assessment_app.vocabulary.statuses import LABELS, MEANINGS, STATUSES
from tests.factories import ROSTER_HEADER, csv_text, roster_rows

PASSWORD = "rahasia-ujian-123"
ROOM_PAGE = "/pengawas/ruang/R01/sesi/S1"
LIVE_API = "/api/v1/proctor/rooms/R01/sessions/S1/live"
SEEN_WITHIN_MS = 3_000  # the issue: a new answer shows on the proctor's screen within 3 s
# The candidate page hears of a pause by its 2 s signal poll (issue 12 promises 3 s, which
# tests/browser/test_exam_layout.py measures); the rest is margin for CI's two busy cores.
CANDIDATE_LEARNS_MS = 5_000
PROCTOR_LEARNS_MS = 15_000  # focus losses travel with the next heartbeat (every 10 s)
SEATS = 50  # the largest room BKPSDM seats: it must fit 1366x768 in compact mode
MANSOS_TITLE = "Asesmen Kompetensi Manajerial dan Sosial Kultural"
FOCUS_TEXT = re.compile(r"^Pindah jendela: \d+$")
# Where every tile sits, and how far the page scrolls, measured in the page itself.
FIT = """(showDevice) => {
  if (showDevice) document.querySelector('#seats .seat [data-testid="seat-device"]').hidden = false;
  const tiles = [...document.querySelectorAll('#seats .seat')];
  const outside = tiles.filter((t) => {
    const r = t.getBoundingClientRect();
    return r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth;
  });
  const root = document.documentElement;
  const heights = new Set(tiles.map((t) => Math.round(t.getBoundingClientRect().height)));
  return {tiles: tiles.length, outside: outside.length, scrollY: root.scrollHeight - innerHeight,
          scrollX: root.scrollWidth - innerWidth, heights: heights.size};
}"""


def _candidate_id(server, nip: str) -> int:
    engine = create_engine(server.database_url)
    try:
        with engine.connect() as conn:
            query = text("SELECT id FROM candidate WHERE nip = :nip")
            return conn.execute(query, {"nip": nip}).scalar_one()
    finally:
        engine.dispose()


def _candidate_login(page, server, row, token) -> None:
    page.goto(server.url + "/ujian")
    page.get_by_test_id("login-nip").fill(row[0])
    page.get_by_test_id("login-pin").fill(row[9])
    page.get_by_test_id("login-token").fill(token)
    page.get_by_test_id("login-submit").click()
    expect(page).to_have_url(re.compile(r"/ujian/tes$"))


def _api_login(server, nip: str, pin: str, token: str) -> int:
    """Log in through the candidate API from outside any browser; return the status."""
    body = json.dumps({"nip": nip, "pin": pin, "session_token": token}).encode()
    request = urllib.request.Request(
        server.url + "/api/v1/candidate/login",
        data=body,
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _staff_login(page, server, username: str) -> None:
    page.goto(server.url + "/masuk")
    page.locator("#username").fill(username)
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).not_to_have_url(re.compile(r"/masuk"))


def _answer(page, label: str) -> None:
    page.get_by_test_id(f"option-{label}").click()
    expect(page.get_by_test_id("save-status")).to_have_text("Tersimpan")


def _act(proctor, action: str, reason: str, minutes: str | None = None) -> None:
    """Choose an action in the open panel, give the reason, confirm, wait for the answer."""
    proctor.get_by_test_id(action).click()
    confirm = proctor.get_by_test_id("action-confirm")
    expect(confirm).to_be_disabled()  # no action without a reason
    if minutes is not None:
        proctor.get_by_test_id("action-extend-minutes").fill(minutes)
    proctor.get_by_test_id("action-reason").fill(reason)
    expect(confirm).to_be_enabled()
    confirm.click()
    expect(proctor.get_by_test_id("action-message")).to_have_class(re.compile(r"\bok\b"))


def _wait_for(check, timeout_ms: int) -> None:
    deadline = time.monotonic() + timeout_ms / 1000
    while not check():
        assert time.monotonic() < deadline, "not seen in time"
        time.sleep(0.1)


def _focus_count(focus) -> int:
    return int(focus.inner_text().rsplit(":", 1)[1])


def _seconds(mmss: str) -> int:
    minutes, seconds = mmss.split(":")
    return int(minutes) * 60 + int(seconds)


def test_the_proctor_watches_and_pauses_a_candidate(live_factory, browser, context, artifacts):
    server = live_factory(workers=2)
    server.env["PROCTOR_POLL_MS"] = "500"
    token, rows = server.prepare(candidates=SEATS, tests="MANSOS")  # a full room
    other = server.directory / "r02.csv"
    other.write_text(csv_text(roster_rows(1, room="R02", start=100), ROSTER_HEADER), "utf-8")
    server.flask("roster", "import", str(other))
    for username, room in (("pengawas1", "R01"), ("pengawas2", "R02")):
        server.flask(
            "users", "create", "--role", "proctor", "--username", username,
            "--password", PASSWORD, "--rooms", room, "--name", f"Pengawas {room}",
        )  # fmt: skip
    server.start()
    row = rows[0]
    cid = _candidate_id(server, row[0])

    candidate = context.new_page()  # 1024x768, its own cookies
    _candidate_login(candidate, server, row, token)
    candidate.get_by_test_id("start-button").click()
    expect(candidate.get_by_test_id("question-number")).to_have_text("Soal 1 dari 45")

    watching = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID")
    watching.set_default_timeout(15_000)
    try:
        proctor = watching.new_page()
        _staff_login(proctor, server, "pengawas1")
        proctor.goto(server.url + ROOM_PAGE)
        expect(proctor.get_by_test_id("session-token")).to_have_text(token.upper())
        tile = proctor.get_by_test_id(f"seat-{cid}")
        expect(tile.get_by_test_id("seat-answered")).to_have_text("0/45")
        expect(proctor.get_by_test_id("count-belum_hadir")).to_have_text(str(SEATS - 1))
        expect(proctor.get_by_test_id("last-updated")).to_contain_text("Diperbarui")
        expect(proctor.get_by_test_id("connection-error")).to_be_hidden()

        # Answers reach the proctor's screen within 3 seconds, without a reload.
        _answer(candidate, "A")
        expect(tile.get_by_test_id("seat-answered")).to_have_text("1/45", timeout=SEEN_WITHIN_MS)
        expect(tile).to_have_attribute("data-status", "mengerjakan")
        expect(proctor.get_by_test_id("count-mengerjakan")).to_have_text("1")
        candidate.keyboard.press("ArrowRight")
        _answer(candidate, "C")
        expect(tile.get_by_test_id("seat-answered")).to_have_text("2/45", timeout=SEEN_WITHIN_MS)

        # The countdown runs between polls.
        first = _seconds(tile.get_by_test_id("seat-remaining").inner_text())
        time.sleep(2.2)
        assert _seconds(tile.get_by_test_id("seat-remaining").inner_text()) < first

        # Filters: a text filter hides the other seats, the status chip filters by status.
        proctor.get_by_test_id("filter-text").fill(row[0])
        expect(proctor.get_by_test_id(f"seat-{_candidate_id(server, rows[1][0])}")).to_be_hidden()
        expect(tile).to_be_visible()
        proctor.get_by_test_id("filter-text").fill("")
        proctor.screenshot(path=str(artifacts / "proctor-room.png"))
        proctor.set_viewport_size({"width": 1024, "height": 768})
        proctor.screenshot(path=str(artifacts / "proctor-room-1024x768.png"))
        proctor.set_viewport_size({"width": 1366, "height": 768})

        # Pause: the tile shows it at once, the candidate's page by its next heartbeat.
        tile.click()
        panel = proctor.get_by_test_id("action-panel")
        expect(panel).to_be_visible()
        expect(panel.get_by_test_id("action-resume")).to_be_hidden()
        _act(proctor, "action-pause", "Peserta izin ke toilet")
        expect(tile).to_have_attribute("data-status", "jeda", timeout=SEEN_WITHIN_MS)
        expect(proctor.get_by_test_id("count-jeda")).to_have_text("1")
        expect(panel.get_by_test_id("action-pause")).to_be_hidden()
        frozen = tile.get_by_test_id("seat-remaining").inner_text()
        proctor.screenshot(path=str(artifacts / "proctor-room-panel.png"))
        expect(candidate.get_by_test_id("pause-overlay")).to_be_visible(timeout=CANDIDATE_LEARNS_MS)
        assert tile.get_by_test_id("seat-remaining").inner_text() == frozen  # frozen while paused

        # Resume: the overlay goes away.
        _act(proctor, "action-resume", "Peserta sudah kembali")
        expect(tile).to_have_attribute("data-status", "mengerjakan", timeout=SEEN_WITHIN_MS)
        expect(candidate.get_by_test_id("pause-overlay")).to_be_hidden(timeout=CANDIDATE_LEARNS_MS)
        candidate.keyboard.press("ArrowRight")
        _answer(candidate, "B")
        expect(tile.get_by_test_id("seat-answered")).to_have_text("3/45", timeout=SEEN_WITHIN_MS)

        # Voiding asks for more than a reason: the word BATALKAN typed out.
        panel.get_by_test_id("action-void").click()
        proctor.get_by_test_id("action-reason").fill("Peserta memakai catatan")
        expect(proctor.get_by_test_id("action-confirm")).to_be_disabled()
        proctor.get_by_test_id("action-phrase").fill("batalkan")
        expect(proctor.get_by_test_id("action-confirm")).to_be_enabled()
        proctor.get_by_test_id("action-cancel").click()  # not today
        expect(proctor.get_by_test_id("action-reason")).to_be_hidden()

        # Extra time for the whole room is added to what is left.
        before = _seconds(tile.get_by_test_id("seat-remaining").inner_text())
        proctor.get_by_test_id("room-extend").click()
        proctor.get_by_test_id("action-extend-minutes").fill("10")
        proctor.get_by_test_id("action-reason").fill("Listrik padam 10 menit")
        proctor.get_by_test_id("action-confirm").click()
        message = proctor.get_by_test_id("action-message")
        expect(message).to_contain_text("1 ujian ditambah 10 menit")
        remaining = tile.get_by_test_id("seat-remaining")
        _wait_for(lambda: _seconds(remaining.inner_text()) > before + 500, SEEN_WITHIN_MS)

        # The tile names the test, shows the extra time and the labelled focus-loss count.
        focus = tile.get_by_test_id("seat-focus")
        expect(focus).to_have_text(FOCUS_TEXT)
        before = _focus_count(focus)  # headless pages may already have lost focus to others
        for _ in range(3):  # the candidate leaves the exam window three times
            candidate.evaluate("window.dispatchEvent(new Event('blur'))")
            candidate.evaluate("window.dispatchEvent(new Event('focus'))")
        _wait_for(lambda: _focus_count(focus) >= before + 3, PROCTOR_LEARNS_MS)
        expect(tile.get_by_test_id("seat-extra")).to_have_text("+10 mnt")
        expect(tile).to_contain_text(MANSOS_TITLE)
        _compact_room_fits(proctor, tile, artifacts)

        # An incident for the session record, then the record itself.
        proctor.get_by_test_id("room-incident").click()
        proctor.get_by_test_id("action-category").select_option("teknis")
        proctor.get_by_test_id("action-reason").fill("Monitor kursi 5 berkedip")
        proctor.get_by_test_id("action-confirm").click()
        expect(message).to_contain_text("Kejadian dicatat")

        # Ten wrong PINs lock a seat out: the tile says so, "Buka blokir" lifts it.
        locked_row = rows[2]
        for _ in range(10):
            assert _api_login(server, locked_row[0], "000000", token) == 401
        assert _api_login(server, locked_row[0], locked_row[9], token) == 429
        locked = proctor.get_by_test_id(f"seat-{_candidate_id(server, locked_row[0])}")
        expect(locked.get_by_test_id("seat-locked")).to_be_visible(timeout=SEEN_WITHIN_MS)
        assert locked.bounding_box()["height"] == tile.bounding_box()["height"]  # no extra line
        locked.click()
        expect(proctor.get_by_test_id("panel-locked")).to_be_visible()
        _act(proctor, "action-unlock", "PIN salah ketik, peserta menunjukkan KTP")
        expect(locked.get_by_test_id("seat-locked")).to_be_hidden(timeout=SEEN_WITHIN_MS)
        assert _api_login(server, locked_row[0], locked_row[9], token) == 200

        # A lost connection is said plainly, and the view recovers by itself.
        watching.set_offline(True)
        expect(proctor.get_by_test_id("connection-error")).to_be_visible()
        watching.set_offline(False)
        expect(proctor.get_by_test_id("connection-error")).to_be_hidden()

        proctor.get_by_test_id("record-link").click()
        record = proctor.get_by_test_id("record")
        expect(record).to_contain_text("BERITA ACARA PELAKSANAAN ASESMEN KOMPETENSI")
        expect(record).to_contain_text("Peserta izin ke toilet")  # the pause and its reason
        expect(record).to_contain_text("Monitor kursi 5 berkedip")
        expect(proctor.get_by_test_id("record-registered")).to_have_text(str(SEATS))
        proctor.emulate_media(media="print")
        expect(proctor.get_by_test_id("print-button")).to_be_hidden()
        proctor.pdf(path=str(artifacts / "berita-acara.pdf"), format="A4")
        proctor.screenshot(path=str(artifacts / "proctor-record.png"), full_page=True)
    finally:
        watching.close()

    # The proctor of another room sees neither the page nor the data of this one.
    stranger_context = browser.new_context(viewport={"width": 1024, "height": 768})
    try:
        stranger = stranger_context.new_page()
        _staff_login(stranger, server, "pengawas2")
        assert stranger.goto(server.url + ROOM_PAGE).status == 403
        assert stranger.request.get(server.url + LIVE_API).status == 403
    finally:
        stranger_context.close()


def _compact_room_fits(proctor, tile, artifacts) -> None:
    """Compact mode: 50 tiles inside 1366x768 without scrolling, kept after a reload."""
    assert proctor.viewport_size == {"width": 1366, "height": 768}
    toggle = proctor.get_by_test_id("compact-toggle")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    proctor.reload()  # kept per device
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(proctor.locator("#seats .seat")).to_have_count(SEATS)
    expect(tile.get_by_test_id("seat-extra")).to_have_text("+10 mnt")
    # Every tile as tall as the fullest one (seat 1: test, time, extra time, focus count), so
    # a room where all 50 are working fits just the same; the device mark adds no line either
    # (shown by hand here until the next poll hides it again).
    expected = {"tiles": SEATS, "outside": 0, "scrollY": 0, "scrollX": 0, "heights": 1}
    assert proctor.evaluate(FIT, False) == expected
    assert proctor.evaluate(FIT, True) == expected
    for mark in ("seat-focus", "seat-extra"):  # whole, not cut by the tile's edge
        inner, outer = tile.get_by_test_id(mark).bounding_box(), tile.bounding_box()
        assert inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5, mark
    expect(tile.get_by_test_id("seat-focus")).to_have_text(FOCUS_TEXT)
    expect(tile).to_contain_text(MANSOS_TITLE[:12])  # cut with an ellipsis, in full on hover
    assert MANSOS_TITLE in tile.get_attribute("title")
    proctor.screenshot(path=str(artifacts / "proctor-room-50-compact-1366x768.png"))

    legend = proctor.get_by_test_id("legend")
    legend.locator("summary").click()
    for code in STATUSES:
        entry = legend.get_by_test_id(f"legend-{code}")
        expect(entry).to_be_visible()
        expect(entry).to_contain_text(LABELS[code])
        expect(entry).to_contain_text(MEANINGS[code])
    expect(legend.get_by_test_id("legend-focus")).to_contain_text("Pindah jendela")
    expect(legend.get_by_test_id("legend-extra")).to_contain_text("Tambahan waktu")
    proctor.screenshot(path=str(artifacts / "proctor-room-legend.png"))
    legend.locator("summary").click()
