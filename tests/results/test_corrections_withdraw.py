"""A correction made in error can be withdrawn (with a reason, audited); results follow."""

from __future__ import annotations

from sqlalchemy import select

from assessment_app.extensions import db
from assessment_app.models import AuditEntry
from tests.factories import csrf_from
from tests.results.test_results_service import _results, event  # noqa: F401  (the fixture)


def test_withdrawing_a_correction_restores_the_results(app, staff, event):  # noqa: F811
    from assessment_app.results.service import add_correction

    before = _results(app).rows[1].scores["INT"].level
    with app.app_context():
        add_correction(
            "level_cuts",
            actor="admin1",
            reason="salah ketik",
            test_code="MANSOS",
            cuts="-150, -120, -110, -105",  # on the C_score scale: the worst answers reach 5
        )
        db.session.commit()
    assert _results(app).rows[1].scores["INT"].level != before
    correction = _results(app).corrections[0]
    admin = staff("admin")
    page = admin.get("/admin/hasil/koreksi").get_data(as_text=True)
    assert f"/admin/hasil/koreksi/{correction.id}/batal" in page
    url = f"/admin/hasil/koreksi/{correction.id}/batal"
    refused = admin.post(url, data={"csrf_token": csrf_from(page), "reason": ""})
    assert refused.status_code == 302 and _results(app).corrections  # a reason is required
    done = admin.post(url, data={"csrf_token": csrf_from(page), "reason": "koreksi keliru"})
    assert done.status_code == 302
    results = _results(app)
    assert results.corrections == [] and results.rows[1].scores["INT"].level == before
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "results.correction_withdrawn")
    )
    assert entry.actor == "admin1" and entry.reason == "koreksi keliru"
    assert entry.details["original_reason"] == "salah ketik"
    proctor = staff("proctor", "pengawas9")
    assert proctor.post(url, data={"reason": "x"}).status_code in (400, 403)
