"""One live exam room shared by the exam page's browser tests (starting a server costs ~20 s).

Candidates 1-7 of S1 sit PANJANG (every item of the competencies holding the sample bank's
longest situational items) then TEK-AK; one seat in S1 sits SINGKAT (12 seconds); one seat
sits TEK-AK in S2. Each test takes its own seat, so the tests stay independent.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, text

from bench.harness.servers import LiveServer
from tests.factories import ROSTER_HEADER, csv_text, roster_rows

SAMPLE_BANK = Path(__file__).resolve().parents[2] / "question_bank"
PASSWORD = "rahasia-ujian-123"
SEATS = {
    "fit-1024": 0,
    "fit-1366": 1,
    "transitions": 2,
    "pause": 3,
    "reload": 4,
    "phone": 5,
    "restart": 6,
}
# Every item of the three competencies that hold the bank's longest situational items.
LONG_TEST = """code: PANJANG
title: Uji Tampilan Soal Terpanjang
duration_minutes: 60
shuffle_items: true
shuffle_options: true
sections:
  - title: Terpanjang
    draw:
      - {competency: KS, count: 15}
      - {competency: PB, count: 15}
      - {competency: MP, count: 15}
"""
SHORT_TEST = """code: SINGKAT
title: Uji Waktu Habis
duration_minutes: 0.2
shuffle_items: true
shuffle_options: true
sections:
  - title: Singkat
    draw:
      - {competency: TEK-AK, count: 3}
"""


@pytest.fixture(scope="session")
def exam_room(tmp_path_factory):
    """The live server, its tokens and seats (NIP in column 0, PIN in column 9)."""
    directory = tmp_path_factory.mktemp("exam-room")
    bank = directory / "bank"
    shutil.copytree(SAMPLE_BANK, bank)
    (bank / "tests" / "panjang.yaml").write_text(LONG_TEST, encoding="utf-8")
    (bank / "tests" / "singkat.yaml").write_text(SHORT_TEST, encoding="utf-8")
    server = LiveServer(directory / "live", workers=2)
    try:
        token, rows = server.prepare(candidates=len(SEATS), tests="PANJANG;TEK-AK", bank=bank)
        extra = roster_rows(1, tests="SINGKAT", start=60) + roster_rows(
            1, session="S2", tests="TEK-AK", start=70
        )
        roster = directory / "tambahan.csv"
        roster.write_text(csv_text(extra, ROSTER_HEADER), encoding="utf-8")
        server.flask("roster", "import", str(roster))
        token2 = server.flask("session", "open", "S2").strip()
        server.flask(
            "users", "create", "--role", "admin", "--username", "admin", "--password", PASSWORD
        )
        server.start()
        yield {
            "server": server,
            "token": token,
            "rows": rows,
            "short": extra[0],
            "s2": extra[1],
            "token2": token2,
        }
    finally:
        server.close()


def seat(room: dict, name: str) -> list[str]:
    """Return the roster row of the seat a test uses."""
    return room["rows"][SEATS[name]]


def login(page, url: str, row, token: str) -> None:
    """Log a candidate in through the login form; land on the exam page."""
    page.goto(url + "/ujian")
    page.get_by_test_id("login-nip").fill(row[0])
    page.get_by_test_id("login-pin").fill(row[9])
    page.get_by_test_id("login-token").fill(token)
    page.get_by_test_id("login-submit").click()
    expect(page).to_have_url(re.compile(r"/ujian/tes$"))


def start(page, total: int) -> None:
    """Press Mulai and wait for the first question."""
    page.get_by_test_id("start-button").click()
    expect(page.get_by_test_id("question-number")).to_have_text(f"Soal 1 dari {total}")


def answer(page, label: str) -> None:
    """Pick an option by its label and wait until the server acknowledged it."""
    page.get_by_test_id(f"option-{label}").click()
    expect(page.get_by_test_id("save-status")).to_have_text("Tersimpan")


def stored_answers(server, nip: str) -> dict[str, str | None]:
    """Return what the server's database holds for the candidate: item id -> choice."""
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
