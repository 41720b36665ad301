"""Scoring corrections through the admin page: drop, credit all, one level_cuts scale."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from assessment_app.extensions import db
from assessment_app.models import AuditEntry, ScoringOverride
from tests.factories import csrf_from

from .choices import ITEMS
from .test_pages import _row, credit, page_of


def _post_item(client, item_id: str, reason: str, kind: str = "drop_item"):
    token = csrf_from(page_of(client, "/admin/hasil/koreksi"))
    return client.post(
        "/admin/hasil/koreksi",
        data={
            "soal-csrf_token": token,
            "soal-kind": kind,
            "soal-item_id": item_id,
            "soal-reason": reason,
            "soal-submit": "Simpan koreksi soal",
        },
    )


def _post_cuts(
    client, cuts: str, reason: str = "Kalibrasi panel penetapan standar", competency: str = ""
):
    token = csrf_from(page_of(client, "/admin/hasil/koreksi"))
    data = {
        "batas-csrf_token": token,
        "batas-test_code": "MANSOS",
        "batas-competency": competency,
        "batas-cuts": cuts,
        "batas-reason": reason,
        "batas-submit": "Simpan batas level",
    }
    return client.post("/admin/hasil/koreksi", data=data)


def _int_items(sitting) -> list[str]:
    return [i for i in sitting.presented["MANSOS"] if ITEMS[i].competency == "INT"]


def test_dropping_an_item_recomputes_the_chance_corrected_score(admin, event):
    presented = _int_items(event.low)
    credits = {i: credit(ITEMS[i], event.low.chosen[i]) for i in presented}
    before = _row(admin, event.low.row[0])
    assert float(before["INT_score"]) == pytest.approx(100 * sum(credits.values()) / 5, abs=1e-4)

    response = _post_item(admin, event.boosted_item, "Kunci soal keliru")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/hasil/koreksi")
    page = page_of(admin, "/admin/hasil/koreksi")
    assert "Koreksi dicatat" in page and event.boosted_item in page and "Kunci soal keliru" in page

    rest = [c for i, c in credits.items() if i != event.boosted_item]
    after = _row(admin, event.low.row[0])
    assert float(after["INT_score"]) == pytest.approx(100 * sum(rest) / len(rest), abs=1e-4)
    assert (after["INT_level"], after["jpm"]) == ("1", "34.62")
    box = page_of(admin, "/admin/hasil").split('data-testid="corrections-box"')[1]
    assert event.boosted_item in box and "Soal dianulir" in box and "admin1" in box
    audit = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "results.correction"))
    assert [a.actor for a in audit] == ["admin1"]


def test_crediting_every_option_gives_that_item_full_credit(admin, event):
    item = next(i for i in event.low.presented["MANSOS"] if ITEMS[i].competency == "KS")
    before = float(_row(admin, event.low.row[0])["KS_score"])
    response = _post_item(admin, item, "Semua pilihan dapat dibenarkan", "credit_all")
    assert response.status_code == 302
    gained = 100 * (1 - credit(ITEMS[item], event.low.chosen[item])) / 5
    assert float(_row(admin, event.low.row[0])["KS_score"]) == pytest.approx(before + gained)
    assert "Semua pilihan diberi nilai penuh" in page_of(admin, "/admin/hasil")


def test_one_cut_scale_for_a_test_in_one_field(admin, event):
    ks = float(_row(admin, event.low.row[0])["KS_score"])
    assert _row(admin, event.low.row[0])["KS_level"] == "1"
    response = _post_cuts(admin, f"{ks - 1:.1f}; 40; 60; 80".replace(".", ","))
    assert response.status_code == 302
    page = page_of(admin, "/admin/hasil/koreksi")
    in_force = page.split('data-testid="cuts-in-force"')[1].split("</table>")[0]
    mansos = in_force.split("<td>MANSOS</td>")[1].split("</tr>")[0]
    assert f"{ks - 1:g}".replace(".", ",") + "; 40; 60; 80" in mansos and "koreksi" in mansos
    assert _row(admin, event.low.row[0])["KS_level"] == "2"  # the score now reaches cut 1
    assert _row(admin, event.low.row[0], "TEK-AK")["TEK-AK_level"] == "1"  # other test kept
    stored = db.session.scalar(select(ScoringOverride))
    assert (stored.kind, stored.test_code) == ("level_cuts", "MANSOS")
    assert _post_cuts(admin, "12.5, 40, 60, 80").status_code == 302


@pytest.mark.parametrize(
    ("cuts", "message"),
    [("60, 40, 20, 80", "naik"), ("20, 40, 60", "empat angka"), ("a, b, c, d", "empat angka")],
)
def test_bad_cuts_are_refused_with_the_reason(admin, event, cuts, message):
    response = _post_cuts(admin, cuts)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert db.session.scalar(select(ScoringOverride)) is None


def test_refusals_and_invalid_forms_are_shown(admin, event):
    response = _post_item(admin, "TIDAK-ADA-9", "alasan")
    assert response.status_code == 422
    assert "tidak ada di bank soal" in response.get_data(as_text=True)
    response = _post_item(admin, event.boosted_item, "")
    assert response.status_code == 422 and "field-error" in response.get_data(as_text=True)
    assert "Belum ada koreksi" in page_of(admin, "/admin/hasil/koreksi")


def test_the_forms_need_their_csrf_token(admin, event):
    data = {"soal-kind": "drop_item", "soal-item_id": event.boosted_item, "soal-reason": "x"}
    assert admin.post("/admin/hasil/koreksi", data=data | {"soal-submit": "1"}).status_code == 403
    assert db.session.scalar(select(ScoringOverride)) is None


def test_retired_corrections_are_listed_as_no_longer_applied(app, admin, event):
    from assessment_app.snapshots.service import current_snapshot

    before = _row(admin, event.low.row[0])
    db.session.add(
        ScoringOverride(
            snapshot_id=current_snapshot().id,
            test_code="MANSOS",
            kind="sjt_level_cuts",
            value="0.5,0.9,1,4.5",
            reason="skala lama",
            created_by="admin1",
        )
    )
    db.session.commit()
    page = page_of(admin, "/admin/hasil/koreksi")
    retired = page.split('data-testid="retired-correction"')[1].split("</tr>")[0]
    assert "skala lama (tidak berlaku lagi)" in retired and "Tidak berlaku lagi" in retired
    assert "0,5; 0,9; 1; 4,5" in retired
    after = _row(admin, event.low.row[0])
    assert (after["KS_level"], after["INT_score"]) == (before["KS_level"], before["INT_score"])


def test_per_competency_cuts_are_shown_where_they_differ(app, admin, event):
    """A correction of INT's cuts only: the cuts-in-force table gets an INT row, the list
    shows the value per competency, the report's method table INT's own cuts."""
    from assessment_app.results.service import add_correction

    with app.app_context():
        add_correction(
            "level_cuts",
            actor="admin1",
            reason="Hasil panel",
            test_code="MANSOS",
            competency_cuts={"INT": [-150, -120.5, -100, 50]},
        )
        db.session.commit()
    page = page_of(admin, "/admin/hasil/koreksi")
    in_force = page.split('data-testid="cuts-in-force"')[1].split("</table>")[0]
    mansos = in_force.split("<td>MANSOS</td>")[1].split("</tr>")[0]
    assert "<td>lainnya</td>" in mansos and "20; 40; 60; 80" in mansos and "bank soal" in mansos
    own = in_force.split('data-testid="cuts-MANSOS-INT"')[1].split("</tr>")[0]
    assert "-150; -120,5; -100; 50" in own and "koreksi" in own
    assert 'data-testid="cuts-MANSOS-KS"' not in in_force  # KS keeps the test's cuts
    assert "INT: -150; -120,5; -100; 50" in page.split('data-testid="corrections-in-force"')[1]
    report = page_of(admin, f"/admin/hasil/peserta/{event.low.candidate_id}")
    method = report.split('data-testid="method-table"')[1].split("</table>")[0]
    integritas = method.split("<td>Integritas</td>")[1].split("</tr>")[0]
    assert "-150; -120,5; -100; 50 (dikoreksi)" in integritas
    kerja_sama = method.split("<td>Kerja Sama</td>")[1].split("</tr>")[0]
    assert "20; 40; 60; 80" in kerja_sama and "dikoreksi" not in kerja_sama


def test_the_form_sets_one_competencys_cuts(admin, event):
    ks = float(_row(admin, event.low.row[0])["KS_score"])
    int_level = _row(admin, event.low.row[0])["INT_level"]
    assert _row(admin, event.low.row[0])["KS_level"] == "1"
    response = _post_cuts(admin, f"{ks - 1:.1f}; 40; 60; 80".replace(".", ","), competency="KS")
    assert response.status_code == 302
    assert _row(admin, event.low.row[0])["KS_level"] == "2"  # KS's own first cut is reached
    assert _row(admin, event.low.row[0])["INT_level"] == int_level  # INT keeps the test's
    stored = db.session.scalar(select(ScoringOverride))
    assert stored.value.startswith("KS=") and stored.test_code == "MANSOS"
    refused = _post_cuts(admin, "20, 40, 60, 80", competency="TEK-AK")  # MANSOS lacks it
    assert refused.status_code == 422 and "TEK-AK" in refused.get_data(as_text=True)
