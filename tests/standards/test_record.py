"""The standard-setting record: what it holds, its CSV and the printable page.

An Angoff panel on the demo event's INT items (every one scored 1..5, so a stated expected
score E is worth (E - 3) / 2, CONTRACT §6) and a bookmark panel on a simulated cohort. The
cuts are recomputed here by hand; the CSV's rounding is redone with `decimal` (half up).
"""

from __future__ import annotations

import csv
import io
import statistics
from decimal import ROUND_HALF_UP, Decimal

import pytest
from sqlalchemy import select

from assessment_app.extensions import db
from assessment_app.models import User
from assessment_app.standards import judgements, service
from assessment_app.standards.record import panel_record
from assessment_app.standards.record_csv import record_csv
from tests.standards.building import build_panel_event

COHORT = 200
PANELISTS = {"panelis.ani": "Ani Rahmawati", "panelis.budi": "Budi Santoso"}
BOOKMARKS = {"panelis.ani": (3, 8, 13, 18), "panelis.budi": (5, 10, 14, 20)}


@pytest.fixture(scope="module")
def event(app, module_data):
    """The demo event, COHORT simulated finished MANSOS attempts and two panelist accounts."""
    build_panel_event(app, module_data, COHORT, PANELISTS)


def stated(username: str, boundary: int, index: int) -> float:
    """The expected option score a panelist states for the index-th INT item."""
    if username == "panelis.ani":
        return 3.0 + 0.4 * (boundary - 2) + 0.1 * (index % 3)
    return 3.3 + 0.4 * (boundary - 2) - 0.2 * (index % 2)


def hand_cut(item_ids: list[str], username: str, boundary: int) -> float:
    """100 x the mean of (E - 3) / 2 over the items: one panelist's Angoff cut."""
    credits = [(stated(username, boundary, i) - 3.0) / 2.0 for i in range(len(item_ids))]
    return 100.0 * sum(credits) / len(credits)


def _users() -> dict[str, User]:
    query = select(User).where(User.username.in_(list(PANELISTS)))
    return {user.username: user for user in db.session.scalars(query)}


def _seated(method: str):
    panel = service.create_panel("MANSOS", method, actor="admin", competencies=["INT"])
    for username in PANELISTS:
        service.add_panelist(panel.id, username, actor="admin")
    service.open_round(panel.id, actor="admin")
    return panel, _users()


def angoff_panel():
    """An Angoff panel on INT with one closed round; return it and its item ids."""
    panel, users = _seated("angoff")
    items = [item["id"] for item in panel.booklet["competencies"][0]["items"]]
    for username, user in users.items():
        entries = [
            ("INT", b, item, stated(username, b, i))
            for b in (2, 3, 4, 5)
            for i, item in enumerate(items)
        ]
        judgements.save_judgements(user, panel.id, entries)
    service.close_round(panel.id, actor="fasilitator")
    return panel, items


def test_angoff_items_are_scored_one_to_five(app, event):
    from assessment_app.snapshots.catalog import bank_for

    with app.app_context():
        panel, items = angoff_panel()
        bank = bank_for(panel.snapshot_id)
        assert len(items) == 15
        for item_id in items:
            assert sorted(o.score for o in bank.item(item_id).options) == [1, 2, 3, 4, 5]


def test_record_holds_panel_judgements_and_hand_computed_cuts(app, event):
    with app.app_context():
        panel, items = angoff_panel()
        record = panel_record(panel)
        assert [(m.label, m.username, m.full_name) for m in record.members] == [
            ("P1", "panelis.ani", "Ani Rahmawati"),
            ("P2", "panelis.budi", "Budi Santoso"),
        ]
        assert record.method == "angoff" and not record.round_open
        assert [(r.number, r.opened_by, r.closed_by) for r in record.rounds] == [
            (1, "admin", "fasilitator")
        ]
        labels = {"P1": "panelis.ani", "P2": "panelis.budi"}
        assert len(record.judgements) == 2 * 4 * len(items)
        for j in record.judgements:
            index = items.index(j.item)
            assert j.value == pytest.approx(stated(labels[j.label], j.boundary, index))
        for cut in record.cuts:
            own = [hand_cut(items, user, cut.boundary) for user in labels.values()]
            assert cut.cut == pytest.approx(statistics.mean(own), abs=1e-9)
            # two values: sd = |a - b| / sqrt(2), so se = sd / sqrt(2) = |a - b| / 2
            assert cut.se == pytest.approx(abs(own[0] - own[1]) / 2, abs=1e-9)
            assert [p.score for p in cut.panelists] == pytest.approx(own)
        (outcome,) = record.outcomes
        assert outcome.cuts == pytest.approx([c.cut for c in record.cuts])
        assert outcome.persons == COHORT
        assert sum(outcome.proposed) == pytest.approx(100.0)
        assert record.calibration[0].items == len(items) and record.calibration[0].persons is None
        assert record.digest == service.record_digest(panel) and record.adoption is None


def test_record_shows_the_adoption_and_its_withdrawal(app, event):
    from assessment_app.results.service import withdraw_correction

    with app.app_context():
        panel, _ = angoff_panel()
        correction = service.adopt(panel.id, actor="admin", reason="Putaran 1 disepakati")
        adoption = panel_record(panel).adoption
        assert adoption.correction_id == correction.id and adoption.by == "admin"
        assert adoption.reason == "Putaran 1 disepakati" and adoption.cuts.startswith("INT: ")
        assert not adoption.withdrawn
        withdraw_correction(correction.id, actor="admin", reason="salah panel")
        withdrawn = panel_record(panel).adoption
        assert withdrawn.withdrawn and withdrawn.correction_id is None and withdrawn.at


def _half_up(value: float) -> str:
    """Four decimals, half up on the decimal text, trailing zeros dropped ("5", "12.3457")."""
    text = format(Decimal(repr(value)).quantize(Decimal("0.0001"), ROUND_HALF_UP), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def test_record_csv_carries_every_section_rounded_half_up(app, event):
    with app.app_context():
        panel, items = angoff_panel()
        service.adopt(panel.id, actor="admin", reason="Putaran 1 disepakati")
        record = panel_record(panel)
        out = io.StringIO()
        count = record_csv(record, out)
    text = out.getvalue()
    assert not text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == count
    sections = {row["section"] for row in rows}
    assert sections == {"panel", "calibration", "round", "judgement", "cut", "impact", "adoption"}
    judged = [r for r in rows if r["section"] == "judgement"]
    assert len(judged) == 2 * 4 * len(items)
    panel_cuts = {
        int(r["boundary"]): r for r in rows if r["section"] == "cut" and r["field"] == "panel"
    }
    for cut in record.cuts:
        assert panel_cuts[cut.boundary]["value"] == _half_up(cut.cut)
        assert panel_cuts[cut.boundary]["se"] == _half_up(cut.se)
    users = {r["text"] for r in rows if r["section"] == "panel" and r["field"] == "username"}
    assert users == set(PANELISTS)
    impact = [r for r in rows if r["section"] == "impact"]
    assert [int(r["level"]) for r in impact] == [1, 2, 3, 4, 5]
    assert impact[0]["proposed_pct"] == _half_up(record.outcomes[0].proposed[0])


def test_bookmark_record_has_theta_and_calibration(app, event):
    with app.app_context():
        panel, users = _seated("bookmark")
        for username, marks in BOOKMARKS.items():
            entries = [("INT", b, "", page) for b, page in zip((2, 3, 4, 5), marks, strict=True)]
            judgements.save_judgements(users[username], panel.id, entries)
        summary = service.close_round(panel.id, actor="admin").summary
        record = panel_record(panel)
        entry = panel.booklet["competencies"][0]
    (facts,) = record.calibration
    assert facts.persons == entry["persons"] and facts.persons >= 100
    assert facts.pages == len(entry["pages"]) and facts.items == len(entry["params"]["items"])
    for cut, boundary in zip(record.cuts, summary["competencies"][0]["boundaries"], strict=True):
        locations = [page["location"] for page in entry["pages"]]
        marks = [m[cut.boundary - 2] for m in BOOKMARKS.values()]
        thetas = [(locations[m - 1] + locations[m]) / 2 for m in marks]
        assert cut.theta == pytest.approx(statistics.median(thetas), abs=1e-12)
        assert (cut.cut, cut.se, cut.theta_se, cut.theta_se_calibration) == (
            boundary["cut"],
            boundary["se"],
            boundary["theta_se"],
            boundary["theta_se_calibration"],
        )
        assert 0 < cut.theta_se_calibration < cut.theta_se  # one part of the whole
        assert sorted(p.bookmark for p in cut.panelists) == sorted(marks)
    assert any("0.6667" in text and "RP67" in text for text in record.method_text)
    out = io.StringIO()
    record_csv(record, out)
    rows = [r for r in csv.DictReader(io.StringIO(out.getvalue())) if r["field"] == "calibration"]
    assert [float(r["theta_se"]) for r in rows] == pytest.approx(
        [c.theta_se_calibration for c in record.cuts], abs=5e-5
    )


def test_report_page_and_csv_for_admins_only(app, event, staff):
    from assessment_app.admin.results.presenters import decimal_text

    with app.app_context():
        panel, _ = angoff_panel()
        cuts = panel.rounds[-1].summary["competencies"][0]["cuts"]
        panel_id = panel.id
        db.session.commit()
    admin = staff("admin")
    page = admin.get(f"/admin/standar/{panel_id}/laporan")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    for cut in cuts:
        assert decimal_text(cut) in body
    assert "Angoff termodifikasi" in body and "SE = SD / akar(n)" in body
    assert "Ani Rahmawati" in body and "panelis.budi" in body
    download = admin.get(f"/admin/standar/{panel_id}/laporan.csv")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    assert download.get_data(as_text=True).startswith("section,round,panelist")
    assert admin.get(f"/admin/standar/{panel_id + 999}/laporan").status_code == 404
    proctor = staff("proctor", "pengawas.laporan")
    assert proctor.get(f"/admin/standar/{panel_id}/laporan").status_code == 403
    assert proctor.get(f"/admin/standar/{panel_id}/laporan.csv").status_code == 403


def test_an_open_round_is_listed_without_cuts(app, event):
    from assessment_app.admin.standards.report_views import report_html

    with app.app_context():
        panel, users = _seated("angoff")
        item = panel.booklet["competencies"][0]["items"][0]["id"]
        judgements.save_judgements(users["panelis.ani"], panel.id, [("INT", 2, item, 3.5)])
        record = panel_record(panel)
        page = report_html(record)
    assert record.round_open and record.cuts == () and record.outcomes == ()
    assert [(j.label, j.item, j.value) for j in record.judgements] == [("P1", item, 3.5)]
    assert "masih terbuka" in page and "Belum ada putaran yang ditutup" in page
    assert "<style>" in page  # rendered without a request: the styles travel inline
