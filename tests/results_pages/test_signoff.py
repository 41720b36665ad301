"""Sign-off ("Tetapkan hasil") from the admin pages: numbered versions, FINAL and SEMENTARA."""

from __future__ import annotations

import re

from sqlalchemy import select

from assessment_app.extensions import db
from assessment_app.models import AuditEntry, ResultVersion
from tests.factories import csrf_from, csv_text, login_staff, write

from .test_corrections_page import _post_item
from .test_pages import page_of

VERSIONS = "/admin/hasil/versi"


def _finalize(client, reason: str):
    token = csrf_from(page_of(client, VERSIONS))
    return client.post(
        "/admin/hasil/tetapkan",
        data={"csrf_token": token, "reason": reason, "submit": "Tetapkan hasil"},
    )


def _label(page: str) -> str:
    return re.search(r'data-testid="version-label">([^<]+)<', page).group(1)


def _pages(admin, event) -> list[str]:
    return [
        page_of(admin, "/admin/hasil"),
        page_of(admin, f"/admin/hasil/peserta/{event.low.candidate_id}"),
        page_of(admin, "/admin/hasil/peta-talenta"),
    ]


def test_first_sign_off_creates_version_1(admin, event):
    page = page_of(admin, VERSIONS)
    assert "Belum ada versi yang ditetapkan" in page and "versi 1</strong>" in page
    assert all(_label(p) == "SEMENTARA" for p in _pages(admin, event))

    response = _finalize(admin, "Disahkan rapat tim penilai kinerja")
    assert response.status_code == 302 and response.headers["Location"].endswith(VERSIONS)
    page = page_of(admin, VERSIONS)
    assert "Hasil ditetapkan sebagai versi 1." in page
    row = page.split('data-testid="version-1"')[1].split("</tr>")[0]
    assert "<strong>v1</strong>" in row and "admin1" in row
    assert "Disahkan rapat tim penilai kinerja" in row and "WITA" in page
    assert re.search(r"<td>\d{2}/\d{2}/\d{4} \d{2}:\d{2} WITA</td>", row)
    version = db.session.scalar(select(ResultVersion))
    assert version.content_hash[:16] in row and version.created_by == "admin1"
    for shown in _pages(admin, event):
        assert _label(shown) == "FINAL v1" and "version-final" in shown
    report = page_of(admin, f"/admin/hasil/peserta/{event.low.candidate_id}")
    assert 'data-testid="report-version">Versi hasil: <strong>FINAL v1</strong>' in report
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "results.finalized"))
    assert audit.actor == "admin1" and audit.reason == "Disahkan rapat tim penilai kinerja"


def test_a_second_sign_off_without_change_is_refused(admin, event):
    assert _finalize(admin, "pertama").status_code == 302
    response = _finalize(admin, "kedua")
    assert response.status_code == 409
    text = response.get_data(as_text=True)
    assert "tidak berubah sejak versi 1" in text and 'data-testid="refusal"' in text
    assert db.session.scalar(select(db.func.count(ResultVersion.id))) == 1


def test_a_reason_is_required(admin, event):
    response = _finalize(admin, "   ")
    assert response.status_code == 422 and "Alasan wajib diisi" in response.get_data(as_text=True)
    assert db.session.scalar(select(ResultVersion)) is None


def test_a_new_skp_import_after_sign_off_shows_a_draft(admin, event, runner, tmp_path):
    assert _finalize(admin, "pertama").status_code == 302
    rating = [[event.low.row[0], "Sangat Baik", "2025"]]
    path = write(tmp_path / "skp2.csv", csv_text(rating, ["nip", "predikat", "year"]))
    assert runner.invoke(args=["performance", "import", path]).exit_code == 0
    for page in _pages(admin, event):
        assert _label(page) == "SEMENTARA (sejak v1)" and "version-draft" in page
        changes = page.split('data-testid="version-changes"')[1].split("</ul>")[0]
        assert f"NIP {event.low.row[0]}, tes MANSOS: berubah" in changes
        assert "kotak" in changes and "kinerja" in changes
    report = page_of(admin, f"/admin/hasil/peserta/{event.low.candidate_id}")
    assert "<strong>belum final</strong>" in report
    assert _finalize(admin, "SKP 2025 masuk").status_code == 302
    page = page_of(admin, VERSIONS)
    assert _label(page) == "FINAL v2" and 'data-testid="version-2"' in page


def test_a_correction_after_sign_off_shows_a_draft(admin, event):
    assert _finalize(admin, "pertama").status_code == 302
    assert _post_item(admin, event.boosted_item, "Kunci soal keliru").status_code == 302
    page = page_of(admin, "/admin/hasil")
    assert _label(page) == "SEMENTARA (sejak v1)"
    changes = page.split('data-testid="version-changes"')[1].split("</ul>")[0]
    assert f"NIP {event.low.row[0]}, tes MANSOS: berubah skor/level" in changes


def test_sign_off_needs_the_csrf_token_and_an_admin(client, event):
    assert login_staff(client, "admin1").status_code == 302
    refused = client.post("/admin/hasil/tetapkan", data={"reason": "tanpa token"})
    assert refused.status_code == 403
    assert db.session.scalar(select(ResultVersion)) is None
    anonymous = client.__class__(client.application, client.response_wrapper)
    token = csrf_from(page_of(anonymous, "/masuk"))
    response = anonymous.post("/admin/hasil/tetapkan", data={"csrf_token": token, "reason": "x"})
    assert response.status_code == 302 and "/masuk" in response.headers["Location"]
    login_staff(client, "pengawas1")
    token = csrf_from(page_of(client, "/pengawas/"))  # a valid token, but not an admin
    response = client.post("/admin/hasil/tetapkan", data={"csrf_token": token, "reason": "x"})
    assert response.status_code == 403
    assert db.session.scalar(select(ResultVersion)) is None
