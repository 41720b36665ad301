"""The panel pages (panelists) and the facilitator pages (admins), through the real forms.

The demo event with a simulated finished cohort gives the bookmark panels their booklet; the
Angoff flow needs no attempts. What a panelist may see is checked against the database: no
candidate's name or NIP, no other panelist's name or username, nothing of the ability scale.
The Angoff cut shown and stored is recomputed here by hand from the contract's sjt credit,
(s - m) / (M - m) with m the mean and M the best option score.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from assessment_app.extensions import db
from assessment_app.models import AuditEntry, Candidate, PanelJudgement, ScoringOverride, User
from tests.factories import csrf_from
from tests.standards.building import build_panel_event

COHORT = 300
PANELISTS = {
    "panelis1": "Ratna Kusumawati",
    "panelis2": "Yohanes Sitompul",
    "panelis3": "Made Wirawan",
}
FRACTIONS = {  # Angoff: a borderline candidate's expected score, as a share of the score range
    "panelis1": (0.60, 0.70, 0.80, 0.90),
    "panelis2": (0.55, 0.68, 0.78, 0.92),
}


@pytest.fixture(scope="module")
def cohort(app, module_data):
    """The demo event, COHORT simulated candidates who finished MANSOS, three panelists."""
    build_panel_event(app, module_data, COHORT, PANELISTS)


def _bookmark_panel(app, seated=("panelis1", "panelis2")) -> int:
    """Create a bookmark panel on MANSOS/INT with these panelists; return its id."""
    from assessment_app.standards import service

    with app.app_context():
        panel = service.create_panel("MANSOS", "bookmark", actor="admin", competencies=["INT"])
        for username in seated:
            service.add_panelist(panel.id, username, actor="admin")
        db.session.commit()
        return panel.id


def _round(app, panel_id: int, action: str) -> None:
    from assessment_app.standards import service

    with app.app_context():
        getattr(service, f"{action}_round")(panel_id, actor="admin")
        db.session.commit()


def _token(browser, url: str) -> str:
    return csrf_from(browser.get(url).get_data(as_text=True))


def _marks(code: str, marks) -> dict:
    return {
        f"nilai|{code}|{level}|": str(page) for level, page in zip((2, 3, 4, 5), marks, strict=True)
    }


def test_panelist_lands_on_his_panels_only(app, cohort, staff):
    mine, other = _bookmark_panel(app), _bookmark_panel(app, seated=("panelis3",))
    browser = staff("panelis", "panelis1")
    landing = browser.get("/")
    assert landing.status_code == 302 and landing.headers["Location"].endswith("/panel/")
    page = browser.get("/panel/").get_data(as_text=True)
    assert f"/panel/{mine}" in page and f"/panel/{other}" not in page
    assert "Putaran belum dibuka" in page
    assert browser.get(f"/panel/{other}").status_code == 404
    before = browser.get(f"/panel/{mine}")
    assert before.status_code == 200
    text = before.get_data(as_text=True)
    assert text.count(" disabled>") == 4 and "Simpan penanda" not in text  # no round open yet


def _sample(rule) -> str:
    """Build a URL for the rule with a dummy value for each argument."""
    from werkzeug.routing import IntegerConverter

    def dummy(converter):
        choices = getattr(converter, "items", None)  # <any(csv, xlsx):ext>
        if choices:
            return sorted(choices)[0]
        return 1 if isinstance(converter, IntegerConverter) else "x"

    return rule.build({name: dummy(c) for name, c in rule._converters.items()})[1]


def test_panelist_is_refused_everywhere_else(app, cohort, staff, new_client):
    panelist, anonymous = staff("panelis", "panelis1"), new_client()
    skipped = ("static", "panel.", "auth.")
    checked = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint.startswith(skipped):
            continue
        url = _sample(rule)
        status = panelist.get(url).status_code
        if rule.endpoint.startswith(("admin.", "proctor.")):
            assert status == 403, (url, status)
            checked += 1
        elif status == 200:  # only a page anyone may open (the candidates' login, probes)
            assert anonymous.get(url).status_code == 200, url
    assert checked > 40


def test_panel_page_and_feedback_show_no_names(app, cohort, staff):
    panel_id = _bookmark_panel(app)
    _round(app, panel_id, "open")
    one, two = staff("panelis", "panelis1"), staff("panelis", "panelis2")
    for browser, marks in ((one, (5, 10, 15, 20)), (two, (7, 12, 18, 24))):
        url = f"/panel/{panel_id}"
        saved = browser.post(url, data={"csrf_token": _token(browser, url), **_marks("INT", marks)})
        assert saved.status_code == 302
    _round(app, panel_id, "close")
    _round(app, panel_id, "open")
    page = one.get(f"/panel/{panel_id}").get_data(as_text=True)
    assert "Umpan balik putaran 1" in page and "Putaran 2 dibuka" in page
    assert "P1 (Anda)" in page and "P2 (Anda)" not in page
    assert "hal. 7" in page  # P2's bookmark, by label
    assert "θ" not in page and "RP67" not in page
    with app.app_context():
        people = list(db.session.execute(select(Candidate.name, Candidate.nip)))
    assert len(people) >= COHORT
    for name, nip in people:
        assert name not in page and nip not in page
    for username in ("panelis2", "panelis3"):
        assert username not in page and PANELISTS[username] not in page


def test_a_save_without_csrf_is_refused(app, cohort, staff):
    panel_id = _bookmark_panel(app)
    _round(app, panel_id, "open")
    browser = staff("panelis", "panelis1")
    refused = browser.post(f"/panel/{panel_id}", data=_marks("INT", (5, 10, 15, 20)))
    assert refused.status_code in (400, 403)
    with app.app_context():
        assert db.session.scalar(select(PanelJudgement.id)) is None


def test_falling_bookmarks_are_refused_with_the_message(app, cohort, staff):
    from assessment_app.standards import judgements

    panel_id = _bookmark_panel(app)
    _round(app, panel_id, "open")
    browser, url = staff("panelis", "panelis1"), f"/panel/{panel_id}"
    refused = browser.post(
        url, data={"csrf_token": _token(browser, url), **_marks("INT", (9, 5, 15, 20))}
    )
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "penanda untuk level yang lebih tinggi harus berada di halaman yang" in text
    assert re.search(r'<option value="9" selected>', text)  # what was typed is kept
    rising = browser.post(
        url, data={"csrf_token": _token(browser, url), **_marks("INT", (4, 9, 15, 20))}
    )
    assert rising.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "panelis1"))
        _, seat = judgements.seat_of(user, panel_id)
        stored = judgements.judgements_of(seat, 1)
    assert stored == {
        ("INT", level, ""): page for level, page in zip((2, 3, 4, 5), (4, 9, 15, 20), strict=True)
    }


def _angoff_values(bank, items: list[dict], fractions) -> dict:
    """The form fields of one panelist: each item's score at that share of its range."""
    data = {}
    for row in items:
        for level, share in zip((2, 3, 4, 5), fractions, strict=True):
            value = row["low"] + share * (row["high"] - row["low"])
            data[f"nilai|INT|{level}|{row['id']}"] = f"{value:.4f}".replace(".", ",")
    return data


def _hand_cut(bank, items: list[dict], share: float) -> float:
    """100 x the mean credit (s - m) / (M - m) at the stated score s, over the items."""
    credits = []
    for row in items:
        scores = [option.score for option in bank.item(row["id"]).options]
        mean, best = sum(scores) / len(scores), max(scores)
        stated = round(row["low"] + share * (row["high"] - row["low"]), 4)
        credits.append((stated - mean) / (best - mean))
    return 100 * sum(credits) / len(credits)


def test_facilitator_runs_an_angoff_panel_and_adopts(app, cohort, staff):
    from assessment_app.admin.results.presenters import decimal_text
    from assessment_app.models import StandardPanel
    from assessment_app.snapshots.catalog import bank_for

    admin = staff("admin")
    token = _token(admin, "/admin/standar")
    form = {"csrf_token": token, "test_code": "MANSOS", "method": "angoff", "competencies": "INT"}
    created = admin.post("/admin/standar", data={**form, "title": "Panel uji Angoff"})
    assert created.status_code == 302
    panel_id = int(created.headers["Location"].rsplit("/", 1)[1])
    base = f"/admin/standar/{panel_id}"
    for username in FRACTIONS:
        added = admin.post(f"{base}/panelis", data={"csrf_token": token, "username": username})
        assert added.status_code == 302
    refused = admin.post(f"{base}/panelis", data={"csrf_token": token, "username": "admin1"})
    assert refused.status_code == 422 and "bukan akun staf berperan panelis" in refused.get_data(
        as_text=True
    )
    assert admin.post(f"{base}/buka", data={"csrf_token": token}).status_code == 302

    with app.app_context():
        panel = db.session.get(StandardPanel, panel_id)
        items = panel.booklet["competencies"][0]["items"]
        bank = bank_for(panel.snapshot_id)
    for username, fractions in FRACTIONS.items():
        browser, url = staff("panelis", username), f"/panel/{panel_id}"
        data = {"csrf_token": _token(browser, url), **_angoff_values(bank, items, fractions)}
        assert browser.post(url, data=data).status_code == 302

    assert admin.post(f"{base}/tutup", data={"csrf_token": token}).status_code == 302
    page = admin.get(base).get_data(as_text=True)
    assert "Hasil putaran 1" in page and "Ratna Kusumawati" in page  # the facilitator sees who
    expected = [
        sum(_hand_cut(bank, items, f[at]) for f in FRACTIONS.values()) / len(FRACTIONS)
        for at in range(4)
    ]
    with app.app_context():
        panel = db.session.get(StandardPanel, panel_id)
        (summary,) = panel.rounds[0].summary["competencies"]
    assert [b["cut"] for b in summary["boundaries"]] == pytest.approx(expected, abs=1e-9)
    for cut in expected:
        assert decimal_text(cut, 2) in page

    assert admin.post(f"{base}/tetapkan", data={"csrf_token": token}).status_code == 422
    adopted = admin.post(
        f"{base}/tetapkan", data={"csrf_token": token, "reason": "Kesepakatan panel"}
    )
    assert adopted.status_code == 302 and adopted.headers["Location"].endswith("/admin/hasil")
    assert "ditetapkan sebagai koreksi penilaian" in admin.get("/admin/hasil").get_data(
        as_text=True
    )
    with app.app_context():
        correction = db.session.scalar(
            select(ScoringOverride).where(ScoringOverride.panel_id == panel_id)
        )
        assert correction is not None and correction.test_code == "MANSOS"
        entry = db.session.scalar(
            select(AuditEntry).where(AuditEntry.action == "standards.adopted")
        )
        assert entry is not None and entry.target == f"panel:{panel_id}"


def test_a_panelist_is_removed_before_the_first_round_only(app, cohort, staff):
    from assessment_app.models import StandardPanel

    panel_id = _bookmark_panel(app, seated=("panelis1", "panelis2", "panelis3"))
    admin = staff("admin")
    base = f"/admin/standar/{panel_id}"
    with app.app_context():
        second = db.session.get(StandardPanel, panel_id).panelists[1]
        seat_id, username = second.id, db.session.get(User, second.user_id).username
    removed = admin.post(
        f"{base}/panelis/{seat_id}/keluarkan", data={"csrf_token": _token(admin, base)}
    )
    assert removed.status_code == 302
    with app.app_context():
        seats = db.session.get(StandardPanel, panel_id).panelists
        assert [s.label for s in seats] == ["P1", "P2"]  # the labels close up
        assert username not in {db.session.get(User, s.user_id).username for s in seats}
        seat_id = seats[0].id
    _round(app, panel_id, "open")
    late = admin.post(
        f"{base}/panelis/{seat_id}/keluarkan", data={"csrf_token": _token(admin, base)}
    )
    assert late.status_code == 409 and "sebelum putaran pertama" in late.get_data(as_text=True)


def test_a_refused_creation_shows_its_message(app, cohort, staff):
    admin = staff("admin")
    token = _token(admin, "/admin/standar")
    data = {"csrf_token": token, "test_code": "MANSOS", "method": "angoff", "competencies": "XYZ"}
    refused = admin.post("/admin/standar", data=data)
    assert refused.status_code == 422
    assert "tidak diukur oleh tes MANSOS" in refused.get_data(as_text=True)


def test_panelist_accounts_from_the_page_and_the_cli(app, cohort, staff, runner):
    admin = staff("admin")
    token = _token(admin, "/admin/pengguna")
    data = {
        "csrf_token": token,
        "role": "panelis",
        "username": "panelis9",
        "password": "rahasia-ujian-123",
        "confirm": "rahasia-ujian-123",
    }
    assert admin.post("/admin/pengguna/tambah", data=data).status_code == 302
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--role",
            "panelis",
            "--username",
            "panelis8",
            "--password",
            "rahasia-ujian-456",
        ]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        roles = dict(db.session.execute(select(User.username, User.role)).all())
    assert roles["panelis9"] == "panelis" and roles["panelis8"] == "panelis"


BOOKLET = {
    "method": "angoff",
    "competencies": [{"code": "INT", "items": [{"id": "INT-0001"}, {"id": "INT-0002"}]}],
}


def test_inputs_are_read_by_the_booklet_names_only():
    from assessment_app.panel.presenters import entries_from, field_name, filled, posted

    form = {
        field_name("INT", 2, "INT-0001"): "2,5",
        field_name("INT", 3, "INT-0002"): " 3 ",
        field_name("INT", 4, "INT-0001"): "",
        field_name("KS", 2, "KS-0001"): "4",  # not in the booklet: never read
        "nilai|INT|5|INT-0009": "1",
    }
    assert entries_from(form, BOOKLET) == [
        ("INT", 2, "INT-0001", "2.5"),
        ("INT", 3, "INT-0002", "3"),
    ]
    assert set(posted(form, BOOKLET)) == {
        field_name("INT", 2, "INT-0001"),
        field_name("INT", 3, "INT-0002"),
    }
    assert filled({("INT", 2, "INT-0001"): 2.5, ("INT", 3, ""): 4.0}) == {
        field_name("INT", 2, "INT-0001"): "2.5",
        field_name("INT", 3): "4",
    }
