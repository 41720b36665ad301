"""Login cards: schedule, exam address, test names in order, a print button; page and CLI."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from assessment_app.extensions import db
from assessment_app.models import AuditEntry, ExamSession
from tests.factories import (
    csv_text,
    login_staff,
    make_user,
    publish_sample_bank,
    roster_rows,
    write,
)

# R01 of S1 holds seats 2 and 10 (natural order: 2 before 10) and a candidate who sits the
# technical test first; S2 has no schedule.
ROWS = (
    roster_rows(1, start=10)
    + roster_rows(1, start=2)
    + roster_rows(1, start=5, tests="TEK-AK;MANSOS")
    + roster_rows(1, session="S2", start=50, tests="MANSOS")
)
MANSOS = "Asesmen Kompetensi Manajerial dan Sosial Kultural"
TEK_AK = "Tes Kompetensi Teknis Analis Kebijakan"
START = datetime(2026, 11, 28, 0, 30, tzinfo=UTC)  # 08:30 WITA


@pytest.fixture
def event(app, runner, tmp_path):
    with app.app_context():
        publish_sample_bank()
        result = runner.invoke(args=["roster", "import", write(tmp_path / "r.csv", csv_text(ROWS))])
        assert result.exit_code == 0, result.output
        session = db.session.scalar(select(ExamSession).where(ExamSession.code == "S1"))
        session.planned_start = START
        db.session.commit()
        make_user("admin", "admin1")
    return ROWS


@pytest.fixture
def admin(staff, event):
    return staff("admin")


def _cards(html: str) -> list[str]:
    return re.findall(r'<div class="card".*?</p>\s*</div>', html, flags=re.S)


def test_page_cards_carry_schedule_url_tests_in_order_and_pin(admin):
    response = admin.get("/admin/sesi/S1/kartu?ruang=R01")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    cards = _cards(html)
    assert [re.search(r'data-nip="(\d+)"', c).group(1) for c in cards] == [
        ROWS[1][0],  # seat 2
        ROWS[2][0],  # seat 5
        ROWS[0][0],  # seat 10
    ]
    seat2, seat5, _ = cards
    assert "<dd>Peserta 2</dd>" in seat2 and f"<dd>{ROWS[1][0]}</dd>" in seat2
    assert "<dd>R01 / 2</dd>" in seat2 and ">100002</dd>" in seat2
    assert '<dd data-testid="card-start">28/11/2026 08:30 WITA</dd>' in seat2
    assert f"<li>{MANSOS} (MANSOS)</li><li>{TEK_AK} (TEK-AK)</li>" in seat2
    assert f"<li>{TEK_AK} (TEK-AK)</li><li>{MANSOS} (MANSOS)</li>" in seat5
    # No EXAM_URL: the address the admin reached the app at.
    assert '<dd class="url" data-testid="card-url">http://localhost/ujian</dd>' in seat2
    # The CSP admits no inline code: the print button and the A4 layout come from static files.
    assert 'data-testid="print-cards"' in html and "/static/js/cards.js" in html
    css = admin.get("/static/css/cards.css").get_data(as_text=True)
    assert "/static/css/cards.css" in html and "@page { size: A4" in css and "@media print" in css


def test_an_unscheduled_session_says_so(admin):
    html = admin.get("/admin/sesi/S2/kartu").get_data(as_text=True)
    (card,) = _cards(html)
    assert '<dd data-testid="card-start">belum dijadwalkan</dd>' in card
    assert f"<li>{MANSOS} (MANSOS)</li></ol>" in card


def test_configured_exam_url_wins_over_the_request_host(app, admin, monkeypatch):
    monkeypatch.setitem(app.config, "EXAM_URL", "https://asesmen.kotacontoh.go.id/ujian")
    html = admin.get("/admin/sesi/S1/kartu").get_data(as_text=True)
    assert html.count(">https://asesmen.kotacontoh.go.id/ujian</dd>") == 3
    assert "localhost" not in html


def test_one_candidates_reprinted_card_has_the_same_fields(app, admin):
    html = admin.get(f"/admin/peserta/{ROWS[2][0]}/kartu").get_data(as_text=True)
    (card,) = _cards(html)
    assert "28/11/2026 08:30 WITA" in card and "http://localhost/ujian" in card
    assert f"<li>{TEK_AK} (TEK-AK)</li><li>{MANSOS} (MANSOS)</li>" in card
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "candidate.card"))
        assert entry.target == f"candidate:{ROWS[2][0]}"


def test_only_an_admin_prints_cards(app, event):
    anonymous = app.test_client()
    assert anonymous.get("/admin/sesi/S1/kartu").status_code in (302, 401)
    with app.app_context():
        make_user("proctor", "pengawas1", rooms=["R01"])
    proctor = app.test_client()
    assert login_staff(proctor, "pengawas1").status_code == 302
    assert proctor.get("/admin/sesi/S1/kartu?ruang=R01").status_code == 403


def test_cli_cards_default_url_warns_and_names_the_count(app, runner, event, tmp_path):
    out = tmp_path / "kartu.html"
    with app.app_context():
        result = runner.invoke(args=["roster", "cards", "--out", str(out), "--session", "s1"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"3 kartu login ditulis ke {out}.\n"
    assert "Peringatan: alamat ujian belum diatur" in result.stderr
    assert "--url" in result.stderr and "EXAM_URL" in result.stderr
    html = out.read_text(encoding="utf-8")
    assert len(_cards(html)) == 3 and html.count(">http://127.0.0.1:8000/ujian</dd>") == 3
    assert html.count("28/11/2026 08:30 WITA</dd>") == 3
    assert 'src="/static' not in html and 'href="/static' not in html  # opened from disk


def test_cli_cards_print_the_url_given(app, runner, event, tmp_path):
    out = tmp_path / "kartu.html"
    url = "https://asesmen.kotacontoh.go.id/ujian"
    with app.app_context():
        result = runner.invoke(args=["roster", "cards", "--out", str(out), "--url", url])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    html = out.read_text(encoding="utf-8")
    assert len(_cards(html)) == 4 and html.count(f">{url}</dd>") == 4
    assert "belum dijadwalkan" in html  # S2's card


REFUSALS = [
    (["--url", "asesmen.kota.go.id"], "--url harus alamat lengkap http:// atau https://"),
    (["--session", "S9"], "Tidak ada peserta di sesi S9: tidak ada kartu yang ditulis."),
    (["--session", "S2", "--room", "R02"], "Tidak ada peserta di sesi S2, ruang R02"),
]


def test_cli_cards_refuse_bad_input_and_write_nothing(app, runner, event, tmp_path):
    out = tmp_path / "kartu.html"
    for args, message in REFUSALS:
        with app.app_context():
            result = runner.invoke(args=["roster", "cards", "--out", str(out), *args])
        assert result.exit_code == 1, args
        assert message in result.stderr and "Traceback" not in result.output
        assert not out.exists()


def test_exam_url_setting_is_checked_at_start():
    from config import Config, ConfigError

    settings = {"TIMEZONE": "Asia/Makassar", "EXAM_URL": "ujian.kota.go.id"}
    with pytest.raises(ConfigError, match="EXAM_URL harus alamat lengkap"):
        Config.validate(settings)
    Config.validate(settings | {"EXAM_URL": "http://10.0.0.5:8000/ujian"})
