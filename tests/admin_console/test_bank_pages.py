"""Admin question bank pages: snapshots, validate, publish, browse, preview, access."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select

from assessment_app.extensions import db
from assessment_app.models import AuditEntry, BankSnapshot
from tests.factories import csrf_from, login_staff, make_user, publish_sample_bank


@pytest.fixture
def admin(staff):
    return staff("admin")


@contextmanager
def bank_folder(app, path):
    """Point QUESTION_BANK at `path` for the block, then restore it."""
    original = app.config["QUESTION_BANK"]
    app.config["QUESTION_BANK"] = str(path)
    try:
        yield
    finally:
        app.config["QUESTION_BANK"] = original


def press(client, action: str):
    token = csrf_from(client.get("/admin/bank").get_data(as_text=True))
    return client.post(f"/admin/bank/{action}", data={"csrf_token": token})


def snapshot_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(BankSnapshot))


def test_bank_page_without_snapshot(admin):
    page = admin.get("/admin/bank").get_data(as_text=True)
    assert "belum pernah dipublikasikan" in page
    assert "Validasi" in page and "Publikasikan" in page


def test_validate_sample_bank_is_valid(admin):
    response = press(admin, "validasi")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r"Bank soal valid: \d+ kompetensi,\s+\d+ soal, \d+ tes", page)


def break_bank(folder):
    items = folder / "items" / "manajerial" / "int.yaml"
    text = items.read_text(encoding="utf-8")
    items.write_text(text.replace("competency: INT", "competency: NOPE", 1), encoding="utf-8")
    (folder / "items" / "rusak.yaml").write_text("items: [\n  - id: X\n", encoding="utf-8")


def test_validate_lists_every_problem_with_file_and_line(app, admin, bank_copy):
    break_bank(bank_copy)
    with bank_folder(app, bank_copy):
        page = press(admin, "validasi").get_data(as_text=True)
    assert "masalah ditemukan" in page
    assert re.search(r"items/manajerial/int\.yaml:\d+: ", page)
    assert re.search(r"items/rusak\.yaml:\d+: ", page)
    assert str(bank_copy) + "/items" not in page  # paths relative to the bank folder


def test_publish_refuses_a_broken_bank(app, admin, bank_copy):
    break_bank(bank_copy)
    with bank_folder(app, bank_copy):
        response = press(admin, "publikasi")
    assert response.status_code == 400
    assert "items/rusak.yaml:" in response.get_data(as_text=True)
    assert snapshot_count(app) == 0


def test_publish_creates_a_snapshot_and_a_second_publish_changes_nothing(app, admin, bank_copy):
    with bank_folder(app, bank_copy):
        first = press(admin, "publikasi")
        assert first.status_code == 302 and first.headers["Location"].endswith("/admin/bank")
        page = admin.get("/admin/bank").get_data(as_text=True)
        assert "Bank soal dipublikasikan: versi" in page
        assert snapshot_count(app) == 1
        press(admin, "publikasi")
        page = admin.get("/admin/bank").get_data(as_text=True)
        assert "Tidak ada perubahan" in page
        assert snapshot_count(app) == 1
    with app.app_context():
        snapshot = db.session.scalar(select(BankSnapshot))
        full, short = snapshot.version_hash, snapshot.short_hash
        audits = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "bank.publish")
        ).all()
    assert [a.actor for a in audits] == ["admin1"]
    assert f'title="{full}">{short}</code>' in page
    assert "<td>admin1</td>" in page and "WITA" in page
    assert "Berlaku" in page and "MANSOS" in page


def test_snapshot_list_marks_the_current_one(app, admin, bank_copy):
    with app.app_context():
        publish_sample_bank()
    stem = bank_copy / "items" / "manajerial" / "int.yaml"
    stem.write_text(stem.read_text(encoding="utf-8") + "\n# perubahan\n", encoding="utf-8")
    tests = bank_copy / "tests" / "mansos.yaml"
    tests.write_text(
        tests.read_text(encoding="utf-8").replace("duration_minutes: 90", "duration_minutes: 95"),
        encoding="utf-8",
    )
    with bank_folder(app, bank_copy):
        assert press(admin, "publikasi").status_code == 302
    page = admin.get("/admin/bank").get_data(as_text=True)
    assert snapshot_count(app) == 2
    assert page.count("Berlaku") == 1 and page.count(">Lama<") == 1
    assert page.index("Berlaku") < page.index(">Lama<")  # newest first


def test_browse_competency_and_preview_item(app, admin):
    with app.app_context():
        snapshot = publish_sample_bank()
        sjt = next(i for i in snapshot.items if i.type == "sjt")
        mcq = next(i for i in snapshot.items if i.type == "mcq")
        sjt_id, sjt_code, sjt_data = sjt.item_id, sjt.competency_code, sjt.data
        mcq_code, mcq_data = mcq.competency_code, mcq.data
    page = admin.get(f"/admin/bank/kompetensi/{sjt_code}").get_data(as_text=True)
    assert sjt_id in page and "skor" in page
    first = sjt_data["options"][0]
    assert f"skor {first['score']}" in page
    page = admin.get(f"/admin/bank/kompetensi/{mcq_code.lower()}").get_data(as_text=True)
    assert "(kunci)" in page and mcq_data["answer"] in page

    preview = admin.get(f"/admin/bank/soal/{sjt_id}")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "css/exam.css" in html
    assert 'class="option-letter">A<' in html and 'class="option-letter">B<' in html
    assert "skor" not in html.lower()
    for option in sjt_data["options"]:
        assert option["text"].split("\n")[0][:30] in html.replace("&#39;", "'")
    assert admin.get("/admin/bank/soal/TIDAK-ADA").status_code == 404
    assert admin.get("/admin/bank/kompetensi/NOPE").status_code == 404


BANK_ROUTES = [
    ("get", "/admin/bank"),
    ("post", "/admin/bank/validasi"),
    ("post", "/admin/bank/publikasi"),
    ("get", "/admin/bank/kompetensi/INT"),
    ("get", "/admin/bank/soal/INT-0001"),
]


@pytest.mark.parametrize(("method", "url"), BANK_ROUTES)
def test_proctors_and_anonymous_are_refused(app, client, method, url):
    with app.app_context():
        make_user("proctor", "pengawas1", rooms=["R01"])

    def attempt():
        if method == "get":
            return client.get(url)
        token = csrf_from(client.get("/masuk").get_data(as_text=True))
        return client.post(url, data={"csrf_token": token})

    anonymous = attempt()
    assert anonymous.status_code == 302 and "/masuk" in anonymous.headers["Location"]
    login_staff(client, "pengawas1")
    assert attempt().status_code == 403
    assert snapshot_count(app) == 0
