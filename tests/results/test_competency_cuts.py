"""Level cuts per competency: from the bank's mapping, from corrections layered in id order,
and the refusals of `add_correction`; levels checked by hand from the C_scores."""

from __future__ import annotations

from datetime import timedelta

import pytest
from numpy.testing import assert_allclose

from assessment_app import clock
from assessment_app.bank import load_bank
from assessment_app.results.cuts import CutLayers, format_cuts, parse_cuts, shown_value
from tests.factories import SAMPLE_BANK, csv_text, roster_rows, sit, write

BANK = load_bank(str(SAMPLE_BANK)).bank
GAP = timedelta(seconds=20)  # unhurried: no rapid-guessing flag
LIST_FORM = "  level_cuts: [20, 40, 60, 80]\n"
BANK_CUTS = {
    "default": (-10.0, 40.0, 60.0, 80.0),
    "INT": (10.0, 20.0, 30.0, 55.0),
    "KS": (-60.0, -55.0, -50.0, 0.0),
}
# The option score each competency gets: every MANSOS item scores its options 1..5, and the
# chance-corrected credit of option score s is (s - 3) / 2, so C_score = 100 x (s - 3) / 2.
PICKED = {"INT": 4, "KS": 2}  # the others: 3
C_SCORE = {code: 100 * (score - 3) / 2 for code, score in PICKED.items()}  # INT 50, KS -50


def _by_hand(score: float, cuts) -> int:
    """C_level = 1 + the number of cuts at or below the score (CONTRACT §6)."""
    return 1 + sum(1 for cut in cuts if cut <= score)


# --- the stored value and the layering, pure ------------------------------------------


def test_the_two_stored_forms_read_back() -> None:
    text = format_cuts(competency_cuts={"KS": [22, 41, 60, 79.5], "INT": (25, 45, 62, 81)})
    assert text == "INT=25,45,62,81;KS=22,41,60,79.5"
    assert parse_cuts(text) == CutLayers(
        by_competency={"INT": (25.0, 45.0, 62.0, 81.0), "KS": (22.0, 41.0, 60.0, 79.5)}
    )
    assert parse_cuts(format_cuts([20, 40, 60, 80])) == CutLayers(test=(20.0, 40.0, 60.0, 80.0))
    assert shown_value(text) == "INT: 25; 45; 62; 81 | KS: 22; 41; 60; 79,5"
    assert shown_value("12.5,40,60,80") == "12,5; 40; 60; 80"
    with pytest.raises(ValueError):
        parse_cuts("INT=25,45;=1,2,3,4")


def test_layers_a_list_sets_the_whole_test_a_mapping_only_its_codes() -> None:
    listed = CutLayers(test=(0.0, 45.0, 70.0, 90.0))
    ks = CutLayers(by_competency={"KS": (1.0, 2.0, 3.0, 4.0)})
    int_ = CutLayers(by_competency={"INT": (5.0, 6.0, 7.0, 8.0)})
    both = CutLayers().layered(int_).layered(listed).layered(ks)
    assert both == CutLayers((0.0, 45.0, 70.0, 90.0), {"KS": (1.0, 2.0, 3.0, 4.0)})
    kept = CutLayers().layered(ks).layered(int_)
    assert kept == CutLayers(None, {"KS": (1.0, 2.0, 3.0, 4.0), "INT": (5.0, 6.0, 7.0, 8.0)})


# --- through the database -------------------------------------------------------------


def _pick(item_id: str) -> str:
    item = BANK.item(item_id)
    score = PICKED.get(item.competency, 3)
    return next(o.key for o in item.options if o.score == score)


def _best(item_id: str) -> str:
    return max(BANK.item(item_id).options, key=lambda o: o.score).key


@pytest.fixture
def event(app, runner, tmp_path, bank_copy):
    """Two candidates on MANSOS from a bank whose cuts differ for INT and KS: the first
    gets INT 50, KS -50 and 0 elsewhere; the second the best option everywhere (100)."""
    clock.freeze()
    mansos = bank_copy / "tests" / "mansos.yaml"
    mapping = "".join(f"    {code}: {list(cuts)}\n" for code, cuts in BANK_CUTS.items())
    text = mansos.read_text(encoding="utf-8")
    assert text.count(LIST_FORM) == 1
    mansos.write_text(text.replace(LIST_FORM, "  level_cuts:\n" + mapping), encoding="utf-8")
    rows = roster_rows(2, tests="MANSOS")
    with app.app_context():
        published = runner.invoke(args=["bank", "publish", str(bank_copy)])
        assert published.exit_code == 0, published.output
        roster = runner.invoke(args=["roster", "import", write(tmp_path / "r.csv", csv_text(rows))])
        assert roster.exit_code == 0, roster.output
        token = runner.invoke(args=["session", "open", "S1"]).stdout.strip()
    sit(app, rows[0], token, _pick, gap=GAP)
    sit(app, rows[1], token, _best, gap=GAP)
    return rows


def _results(app):
    from assessment_app.results.service import result_set

    with app.app_context():
        return result_set()


def _correct(app, **cuts):
    from assessment_app.extensions import db
    from assessment_app.results.service import add_correction

    with app.app_context():
        add_correction("level_cuts", actor="admin1", reason="panel", test_code="MANSOS", **cuts)
        db.session.commit()


def _levels(results, expected_cuts) -> None:
    """Check every competency of the first candidate against the level by hand."""
    row = results.rows[0]
    for code, score in row.scores.items():
        assert_allclose(score.score, C_SCORE.get(code, 0.0), atol=1e-12)
        cuts = expected_cuts.get(code, expected_cuts["default"])
        assert score.level == _by_hand(C_SCORE.get(code, 0.0), cuts), code


def test_the_banks_per_competency_cuts_give_the_levels(app, event) -> None:
    results = _results(app)
    rules = results.rules["MANSOS"]
    assert rules.level_cuts == BANK_CUTS["default"]
    assert rules.cuts_for("INT") == BANK_CUTS["INT"] and rules.cuts_for("PB") == (-10, 40, 60, 80)
    assert rules.corrected is False and rules.cuts_corrected("INT") is False
    _levels(results, BANK_CUTS)
    first = results.rows[0].scores
    assert (first["INT"].level, first["KS"].level, first["KOM"].level) == (4, 4, 2)
    assert {s.level for s in results.rows[1].scores.values()} == {5}


def test_a_mapping_correction_sets_only_its_competencies(app, event) -> None:
    _correct(app, competency_cuts={"INT": [60, 70, 80, 90]})
    rules = _results(app).rules["MANSOS"]
    assert rules.corrected is True and rules.corrected_competencies == {"INT"}
    assert rules.cuts_corrected("INT") and not rules.cuts_corrected("KS")
    assert not rules.cuts_corrected()  # the test's own cuts are still the bank's
    _levels(_results(app), {**BANK_CUTS, "INT": (60, 70, 80, 90)})  # KS keeps the bank's


def test_a_mapping_correction_layered_on_a_list_correction(app, event) -> None:
    listed = (0.0, 45.0, 70.0, 90.0)
    _correct(app, cuts="0, 45, 70, 90")
    _levels(_results(app), {"default": listed})  # the bank's INT and KS cuts are cleared
    _correct(app, competency_cuts={"KS": [-51, -50, 0, 10]})
    results = _results(app)
    _levels(results, {"default": listed, "KS": (-51, -50, 0, 10)})
    rules = results.rules["MANSOS"]
    assert rules.level_cuts == listed and rules.competency_cuts == {"KS": (-51, -50, 0, 10)}
    assert rules.cuts_corrected() and rules.cuts_corrected("INT") and rules.cuts_corrected("KS")
    assert results.corrections[-1].shown_value == "KS: -51; -50; 0; 10"


def test_a_list_correction_layered_on_a_mapping_correction(app, event) -> None:
    _correct(app, competency_cuts={"INT": [60, 70, 80, 90], "PB": [-1, 1, 2, 3]})
    _levels(_results(app), {**BANK_CUTS, "INT": (60, 70, 80, 90), "PB": (-1, 1, 2, 3)})
    _correct(app, cuts=[0, 45, 70, 90])
    results = _results(app)
    _levels(results, {"default": (0, 45, 70, 90)})  # the whole test is set again
    assert results.rules["MANSOS"].competency_cuts == {}


def test_a_correction_records_the_panel(app, event) -> None:
    from sqlalchemy import select

    from assessment_app.extensions import db
    from assessment_app.models import AuditEntry, ScoringOverride
    from assessment_app.results.service import add_correction

    with app.app_context():
        stored = add_correction(
            "level_cuts",
            actor="admin1",
            reason="panel",
            test_code="MANSOS",
            competency_cuts={"KS": (1, 2, 3, 4), "INT": (5, 6, 7, 8.5)},
        )
        assert stored.value == "INT=5,6,7,8.5;KS=1,2,3,4" and stored.panel_id is None
        entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry.details["value"] == stored.value and entry.details["panel"] is None
        assert db.session.get(ScoringOverride, stored.id).kind == "level_cuts"
        db.session.rollback()


@pytest.mark.parametrize(
    ("cuts", "fragment"),
    [
        ({"cuts": "20,40,60,80", "competency_cuts": {"INT": [1, 2, 3, 4]}}, "salah satu"),
        ({}, "salah satu"),
        ({"competency_cuts": {}}, "kosong"),
        ({"competency_cuts": {"TEK-AK": [1, 2, 3, 4]}}, "Kompetensi TEK-AK tidak diukur"),
        ({"competency_cuts": {"INT": [1, 2, 3, 4], "KS": [4, 3, 2, 1]}}, "kompetensi KS"),
        ({"competency_cuts": {"KS": [1, 2, 3]}}, "kompetensi KS harus empat angka"),
        ({"cuts": "60, 40, 20, 80"}, "Batas level harus empat angka"),
    ],
)
def test_invalid_cuts_are_refused(app, event, cuts, fragment) -> None:
    from assessment_app.exceptions import Refused
    from assessment_app.results.service import add_correction

    with app.app_context(), pytest.raises(Refused) as refused:
        add_correction("level_cuts", actor="a", reason="r", test_code="MANSOS", **cuts)
    assert refused.value.code == "invalid_cuts" and refused.value.status == 422
    assert fragment in refused.value.message
