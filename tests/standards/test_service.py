"""Standard-setting panels through the service, on the demo event with a simulated cohort.

The numbers are recomputed here from first principles (the logistic GRM written out, the
contract's credit formula, medians and means by hand) and compared with what the service
stored; the impact is recounted from the results rows.
"""

from __future__ import annotations

import math
import statistics

import pytest
from sqlalchemy import select

from assessment_app.exceptions import Refused
from assessment_app.extensions import db
from assessment_app.models import AuditEntry, ScoringOverride
from assessment_app.standards import judgements, service
from tests.factories import make_user
from tests.standards.building import build_panel_event

COHORT = 300
BOOKMARKS = {  # panelist -> pages mastered at the boundaries 2, 3, 4, 5 (INT)
    "panelis1": (24, 31, 38, 46),
    "panelis2": (26, 33, 41, 50),
    "panelis3": (25, 34, 39, 48),
}


@pytest.fixture(scope="module")
def cohort(app, module_data):
    """The demo event with COHORT simulated candidates who finished MANSOS."""
    build_panel_event(app, module_data, COHORT, {username: "" for username in BOOKMARKS})


def _panelists(panel_id: int) -> dict:
    from assessment_app.models import User

    users = {u.username: u for u in db.session.scalars(select(User))}
    for username in BOOKMARKS:
        service.add_panelist(panel_id, username, actor="admin")
    return {username: users[username] for username in BOOKMARKS}


def _bookmark_round(competencies=("INT",)):
    panel = service.create_panel("MANSOS", "bookmark", actor="admin", competencies=competencies)
    users = _panelists(panel.id)
    service.open_round(panel.id, actor="admin")
    for username, marks in BOOKMARKS.items():
        entries = [
            ("INT", level, "", page) for level, page in zip((2, 3, 4, 5), marks, strict=True)
        ]
        judgements.save_judgements(users[username], panel.id, entries)
    return panel, users


def _grm_tcc(params: dict, theta: float) -> float:
    """100 x the mean expected credit at theta, the GRM written out term by term."""
    total = 0.0
    for a, thresholds, credits in zip(
        params["a"], params["thresholds"], params["credits"], strict=True
    ):
        star = [1.0] + [1.0 / (1.0 + math.exp(-a * (theta - b))) for b in thresholds] + [0.0]
        total += sum((star[k] - star[k + 1]) * credits[k] for k in range(len(credits)))
    return 100.0 * total / len(params["a"])


def test_booklet_pages_sit_at_rp67_in_order(app, cohort):
    with app.app_context():
        panel = service.create_panel("MANSOS", "bookmark", actor="admin", competencies=["INT"])
        (entry,) = panel.booklet["competencies"]
        params = entry["params"]
        locations = [page["location"] for page in entry["pages"]]
        assert locations == sorted(locations)
        assert len(entry["pages"]) == sum(len(t) for t in params["thresholds"])
        row = {item: i for i, item in enumerate(params["items"])}
        for page in entry["pages"]:
            i = row[page["item"]]
            a, b = params["a"][i], params["thresholds"][i][page["category"] - 1]
            reach = 1.0 / (1.0 + math.exp(-a * (page["location"] - b)))
            assert reach == pytest.approx(2.0 / 3.0, abs=1e-9)
            # CONTRACT §7: original category c is option score c + 1
            score = params["categories"][i][page["category"]] + 1
            assert page["reach"] == f"memilih opsi berskor {score} atau lebih"


def test_booklet_credits_follow_the_contract(app, cohort):
    from assessment_app.snapshots.catalog import bank_for

    with app.app_context():
        panel = service.create_panel("MANSOS", "bookmark", actor="admin", competencies=["INT"])
        params = panel.booklet["competencies"][0]["params"]
        bank = bank_for(panel.snapshot_id)
        for item_id, kept, credits in zip(
            params["items"], params["categories"], params["credits"], strict=True
        ):
            scores = [option.score for option in bank.item(item_id).options]
            mean, best = sum(scores) / len(scores), max(scores)
            # CONTRACT §7: option score s is category s - 1; §6: credit (s - m) / (M - m)
            expected = [(category + 1 - mean) / (best - mean) for category in kept]
            assert credits == pytest.approx(expected, abs=1e-12)


def test_round_cut_is_the_median_bookmark_through_the_tcc(app, cohort):
    with app.app_context():
        panel, _ = _bookmark_round()
        closed = service.close_round(panel.id, actor="admin")
        entry = panel.booklet["competencies"][0]
        locations = [page["location"] for page in entry["pages"]]
        (int_summary,) = closed.summary["competencies"]
        for at, boundary in enumerate(int_summary["boundaries"]):
            # pages 1..m mastered, the bookmark on page m + 1: the midpoint of the two
            thetas = [(locations[m[at] - 1] + locations[m[at]]) / 2 for m in BOOKMARKS.values()]
            assert boundary["theta"] == pytest.approx(statistics.median(thetas), abs=1e-12)
            assert boundary["cut"] == pytest.approx(
                _grm_tcc(entry["params"], boundary["theta"]), abs=1e-9
            )
            assert boundary["se"] > 0 and boundary["theta_se"] > 0
            assert sorted(p["label"] for p in boundary["panelists"]) == ["P1", "P2", "P3"]
        cuts = [b["cut"] for b in int_summary["boundaries"]]
        assert int_summary["cuts"] == cuts and cuts == sorted(cuts)


def test_impact_recounts_the_results(app, cohort):
    from assessment_app.results.service import result_set

    with app.app_context():
        panel, _ = _bookmark_round()
        closed = service.close_round(panel.id, actor="admin")
        (int_summary,) = closed.summary["competencies"]
        cuts = int_summary["cuts"]
        scores = [
            row.scores["INT"].score
            for row in result_set().rows
            if row.test_code == "MANSOS" and "INT" in row.scores
        ]
        assert len(scores) == COHORT
        levels = [1 + sum(score >= cut - 1e-9 for cut in cuts) for score in scores]
        expected = [levels.count(n) / len(levels) for n in range(1, 6)]
        assert int_summary["impact"]["persons"] == COHORT
        assert int_summary["impact"]["proposed"] == pytest.approx(expected)


def test_second_round_starts_from_the_first(app, cohort):
    with app.app_context():
        panel, users = _bookmark_round()
        service.close_round(panel.id, actor="admin")
        service.open_round(panel.id, actor="admin")
        _, seat = judgements.seat_of(users["panelis1"], panel.id)
        assert judgements.judgements_of(seat, 2) == judgements.judgements_of(seat, 1)
        judgements.save_judgements(users["panelis1"], panel.id, [("INT", 5, "", 52)])
        assert judgements.judgements_of(seat, 2)[("INT", 5, "")] == 52
        assert judgements.judgements_of(seat, 1)[("INT", 5, "")] == 46


def test_adoption_is_an_audited_correction_that_changes_levels(app, cohort):
    from assessment_app.audit.reading import sentences
    from assessment_app.events.service import current_event
    from assessment_app.results import versions
    from assessment_app.results.service import result_set

    with app.app_context():
        event_id = current_event().id
        versions.fix(event_id, result_set(), actor="admin", reason="Sebelum panel")
        assert result_set().version.final
        panel, _ = _bookmark_round()
        summary = service.close_round(panel.id, actor="admin").summary
        cuts = [round(cut, 2) for cut in summary["competencies"][0]["cuts"]]
        correction = service.adopt(panel.id, actor="admin", reason="Hasil panel putaran 1")
        assert correction.panel_id == panel.id and correction.test_code == "MANSOS"
        results = result_set()
        assert list(results.rules["MANSOS"].cuts_for("INT")) == cuts  # adopted to 2 decimals
        assert list(results.rules["MANSOS"].cuts_for("KS")) == [20, 40, 60, 80]
        for row in results.rows:
            if row.test_code == "MANSOS" and "INT" in row.scores:
                score = row.scores["INT"]
                assert score.level == 1 + sum(score.score >= cut - 1e-9 for cut in cuts)
        actions = set(db.session.scalars(select(AuditEntry.action)))
        assert {"standards.adopted", "results.correction"} <= actions
        text = "\n".join(sentences(db.session.scalars(select(AuditEntry)).all()))
        shown = "; ".join(f"{cut:g}" for cut in cuts)
        assert f"dari panel penetapan standar #{panel.id} (putaran 1): INT {shown}" in text
        assert f"tes MANSOS, dari panel penetapan standar #{panel.id}" in text
        with pytest.raises(Refused) as twice:
            service.adopt(panel.id, actor="admin", reason="lagi")
        assert twice.value.code == "adopted"
        # the fixed version is now a draft against the new cuts, and a new one can be fixed
        assert not results.version.final and results.version.changes
        assert versions.fix(event_id, results, actor="admin", reason="Batas panel").number == 2


def test_refusals(app, cohort):
    with app.app_context():
        panel, users = _bookmark_round()
        with pytest.raises(Refused) as falling:
            judgements.save_judgements(users["panelis1"], panel.id, [("INT", 3, "", 20)])
        assert falling.value.code == "bookmarks_not_rising"
        with pytest.raises(Refused) as beyond:
            judgements.save_judgements(users["panelis1"], panel.id, [("INT", 5, "", 10_000)])
        assert beyond.value.status == 422
        with pytest.raises(Refused) as late:
            service.add_panelist(panel.id, "panelis1", actor="admin")
        assert late.value.status == 409
        with pytest.raises(Refused) as open_round:
            service.adopt(panel.id, actor="admin", reason="x")
        assert open_round.value.code == "round_open"
        service.close_round(panel.id, actor="admin")
        with pytest.raises(Refused) as closed:
            judgements.save_judgements(users["panelis1"], panel.id, [("INT", 5, "", 49)])
        assert closed.value.code == "round_closed"
        outsider = make_user("panelis", "panelis9")
        with pytest.raises(Refused) as stranger:
            judgements.seat_of(outsider, panel.id)
        assert stranger.value.status == 404
        with pytest.raises(Refused) as proctor:
            service.add_panelist(panel.id, "pengawas1", actor="admin")
        assert proctor.value.status in (409, 422)
        assert (
            db.session.scalar(select(ScoringOverride).where(ScoringOverride.panel_id == panel.id))
            is None
        )


def test_angoff_cut_is_the_mean_expected_credit(app, cohort):
    with app.app_context():
        panel = service.create_panel("MANSOS", "angoff", actor="admin", competencies=["KS"])
        users = _panelists(panel.id)
        service.open_round(panel.id, actor="admin")
        items = panel.booklet["competencies"][0]["items"]
        # every KS item scores its options 1..5: expected score E earns (E - 3) / 2
        stated = {"panelis1": (3.5, 3.9, 4.3, 4.7), "panelis2": (3.7, 4.1, 4.4, 4.9)}
        for username, values in stated.items():
            entries = [
                ("KS", level, item["id"], value)
                for level, value in zip((2, 3, 4, 5), values, strict=True)
                for item in items
            ]
            judgements.save_judgements(users[username], panel.id, entries)
        summary = service.close_round(panel.id, actor="admin").summary
        (ks,) = summary["competencies"]
        assert ks["problem"] == ""
        for at, boundary in enumerate(ks["boundaries"]):
            own = [100 * (values[at] - 3) / 2 for values in stated.values()]
            assert boundary["cut"] == pytest.approx(statistics.mean(own), abs=1e-9)
            assert boundary["se"] == pytest.approx(statistics.stdev(own) / math.sqrt(2), abs=1e-9)
            assert boundary["incomplete"] == []  # P3 judged nothing: not in the cut


def test_a_level_2_cut_at_or_below_chance_is_not_proposed(app, cohort):
    with app.app_context():
        panel = service.create_panel("MANSOS", "bookmark", actor="admin", competencies=["INT"])
        users = _panelists(panel.id)
        service.open_round(panel.id, actor="admin")
        judgements.save_judgements(users["panelis1"], panel.id, [("INT", 2, "", 0)])
        judgements.save_judgements(users["panelis1"], panel.id, [("INT", 3, "", 30)])
        judgements.save_judgements(users["panelis1"], panel.id, [("INT", 4, "", 40)])
        judgements.save_judgements(users["panelis1"], panel.id, [("INT", 5, "", 50)])
        (entry,) = service.close_round(panel.id, actor="admin").summary["competencies"]
        first = entry["boundaries"][0]["cut"]
        # no page mastered: the cut sits at page 1, where the TCC is far below chance
        assert first <= 0 and entry["cuts"] is None
        assert "tidak di atas 0" in entry["problem"]
        assert entry["impact"]["proposed"] is not None  # the panel still sees what it would do
        with pytest.raises(Refused) as refused:
            service.adopt(panel.id, actor="admin", reason="x")
        assert refused.value.code == "cuts_incomplete"
