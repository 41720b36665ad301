"""The simulated cohort on the demo event (`demo.cohort`): scored, calibratable, level-ordered.

The module seeds the demo and adds 150 simulated candidates once. Every number is checked
against a computation of its own here: C_score from the stored answers and the bank's option
scores (CONTRACT §6 by hand), the mean category per level from the GRM formula written out
(P(X >= j) = 1 / (1 + exp(-a (theta - b_j)))) at each candidate's true theta.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sqlalchemy import func, select

from assessment_app.extensions import db
from assessment_app.models import Answer, Attempt, Candidate, Registration
from tests.conftest import mark_built

COUNT = 150
MANSOS = ["INT", "KS", "KOM", "OPH", "PP", "PDOL", "MP", "PK", "PB"]


@pytest.fixture(scope="module")
def cohort(app, module_data):
    """Seed the demo and simulate COUNT candidates once per module; return the report."""
    from assessment_app.demo.cohort import simulate_cohort
    from assessment_app.demo.service import seed_demo

    with app.app_context():
        seed_demo()
        report = simulate_cohort(COUNT)
        db.session.commit()
    mark_built(module_data)
    return report


def _bank():
    from assessment_app.snapshots.catalog import bank_for
    from assessment_app.snapshots.service import current_snapshot

    return bank_for(current_snapshot().id)


def _credit(item, score: int) -> float:
    """Chance-corrected credit of an sjt option score s, (s - m) / (M - m) (CONTRACT §6)."""
    scores = [option.score for option in item.options]
    mean = sum(scores) / len(scores)
    return (score - mean) / (max(scores) - mean)


def test_report_and_rows(cohort, ctx):
    assert (cohort.candidates, cohort.attempts, cohort.answers) == (COUNT, COUNT, COUNT * 45)
    assert (cohort.first, cohort.total, cohort.test_code) == (1, COUNT, "MANSOS")
    people = db.session.execute(
        select(Candidate.name, Candidate.nip, Candidate.roster_row)
        .where(Candidate.name.like("Peserta Simulasi %"))
        .order_by(Candidate.name)
    ).all()
    assert [p.name for p in people] == [f"Peserta Simulasi {n:04d}" for n in range(1, 151)]
    assert {p.nip for p in people} == set(cohort.theta)
    demo_rows = select(func.max(Candidate.roster_row)).where(
        Candidate.name.not_like("Peserta Simulasi %")
    )
    assert min(p.roster_row for p in people) > db.session.scalar(demo_rows)
    tests = db.session.scalars(
        select(Registration.test_code)
        .join(Candidate, Candidate.id == Registration.candidate_id)
        .where(Candidate.name.like("Peserta Simulasi %"))
    ).all()
    assert tests == ["MANSOS"] * COUNT
    finished = select(func.count()).select_from(Attempt).where(Attempt.status == "finished")
    assert db.session.scalar(finished) == COUNT


def test_nips_are_valid_and_unique():
    from assessment_app.demo.cohort import MAX_NUMBER, sim_nip
    from assessment_app.tabular.nip import parse_nip

    nips = [sim_nip(n) for n in range(1, MAX_NUMBER + 1)]
    assert len(set(nips)) == MAX_NUMBER
    for n in (1, 2, 37, 999, 1000, MAX_NUMBER):
        info = parse_nip(sim_nip(n), date(2026, 12, 3))
        assert info.kind == "PNS" and info.sequence >= 100  # the demo's run 1..40


def test_results_score_the_cohort(cohort, ctx):
    from assessment_app.results.service import result_set

    rows = [r for r in result_set().rows if r.session == "SIM"]
    assert len(rows) == COUNT
    assert all(r.finished and r.answered == r.total == 45 and r.flags == () for r in rows)
    assert all(r.talent.jpm is not None for r in rows)  # demo positions carry standards
    bank, credits = _bank(), defaultdict(list)
    answers = db.session.execute(
        select(Candidate.nip, Answer.item_id, Answer.choice)
        .join(Attempt, Attempt.id == Answer.attempt_id)
        .join(Candidate, Candidate.id == Attempt.candidate_id)
    )
    for nip, item_id, choice in answers:
        item = bank.item(item_id)
        credits[nip, item.competency].append(_credit(item, item.option(choice).score))
    for row in rows:
        got = [row.scores[c].score for c in MANSOS]
        want = [100 * np.mean(credits[row.nip, c]) for c in MANSOS]
        assert_allclose(got, want, atol=1e-9)
    mean_score = [np.mean([r.scores[c].score for c in MANSOS]) for r in rows]
    theta = [cohort.theta[r.nip] for r in rows]
    assert np.corrcoef(mean_score, theta)[0, 1] > 0.8  # 45 items with slopes 1..2


def _matrix_by_level():
    from assessment_app.item_analysis.service import response_matrix

    matrix, bank = response_matrix("MANSOS"), _bank()
    levels = np.array([bank.item(i).level for i in matrix.items])
    return matrix, bank, levels


def test_higher_levels_are_harder_as_the_model_says(cohort, ctx):
    matrix, bank, levels = _matrix_by_level()
    assert len(matrix.persons) == COUNT
    index = {item: k for k, item in enumerate(cohort.params.items)}
    theta = np.array([cohort.theta[nip] for nip in matrix.persons])
    credit_by_level = {}
    for level in range(1, 6):
        observed, expected, variance, credits = [], [], [], []
        for j in np.flatnonzero(levels == level):
            seen = matrix.values[:, j] >= 0
            k = index[matrix.items[j]]
            a, b = cohort.params.a[k], cohort.params.b(k)
            at_least = 1 / (1 + np.exp(-a * (theta[seen, None] - b[None, :])))  # P(X >= j)
            edges = np.ones((seen.sum(), 1)), np.zeros((seen.sum(), 1))
            p = -np.diff(np.hstack([edges[0], at_least, edges[1]]))  # P(X = k)
            cats = np.arange(p.shape[1])
            expected += list(p @ cats)
            variance += list(p @ cats**2 - (p @ cats) ** 2)
            observed += list(matrix.values[seen, j])
            item = bank.item(matrix.items[j])
            credits += [_credit(item, c + 1) for c in matrix.values[seen, j]]  # §7 coding
        se = np.sqrt(np.sum(variance)) / len(observed)
        assert abs(np.mean(observed) - np.mean(expected)) < 4 * se, level
        credit_by_level[level] = np.mean(credits)
    assert credit_by_level[5] < credit_by_level[3] < credit_by_level[1]
    assert all(credit_by_level[n + 1] < credit_by_level[n] for n in range(1, 5))


def test_response_matrix_calibrates_per_competency(cohort, ctx):
    from assessment_app import psychometrics as pm

    matrix, bank, _ = _matrix_by_level()
    seen = (matrix.values >= 0).sum(axis=0)
    assert len(matrix.items) == 135 and seen.sum() == COUNT * 45  # COUNT / 3 per item
    index = {item: k for k, item in enumerate(cohort.params.items)}
    calibrated = []
    for code in MANSOS:
        columns = np.array([bank.item(i).competency == code for i in matrix.items])
        try:
            result = pm.calibrate(matrix.take(items=columns), "grm")
        except pm.InsufficientData:
            continue
        estimated = [result.params.b(k).mean() for k in range(len(result.params.items))]
        true = [cohort.params.b(index[i]).mean() for i in result.params.items]
        assert result.persons >= pm.MIN_PERSONS and len(true) >= 3, code
        assert np.corrcoef(estimated, true)[0, 1] > 0.8, code
        calibrated.append(code)
    assert calibrated, "no competency of 150 simulated candidates could be calibrated"


def test_choose_maps_a_category_to_an_option():
    from assessment_app.bank.model import Item, Option
    from assessment_app.demo.cohort import choose

    rng = np.random.default_rng(1)
    options = tuple(Option(k, k, s) for k, s in zip("ABCD", (4, 2, 5, 3), strict=True))
    sjt = Item("X-1", "INT", "sjt", 2, "?", options)
    assert [choose(sjt, c, rng) for c in range(5)] == ["B", "B", "D", "A", "C"]  # 1 -> 2
    mcq = Item("X-2", "TEK", "mcq", None, "?", options[:3], answer="C")
    assert choose(mcq, 1, rng) == "C"
    assert {choose(mcq, 0, rng) for _ in range(50)} == {"A", "B"}


def test_a_second_call_continues_the_numbering(cohort, ctx):
    from assessment_app.demo.cohort import simulate_cohort

    more = simulate_cohort(300, seed=7)  # its time: bench.standard_setting prints it
    assert (more.first, more.total, more.answers) == (COUNT + 1, COUNT + 300, 300 * 45)
    assert not set(more.theta) & set(cohort.theta)
    names = select(func.count()).where(Candidate.name.like("Peserta Simulasi %"))
    assert db.session.scalar(names) == COUNT + 300


def test_cli_adds_a_cohort(cohort, runner):
    result = runner.invoke(args=["demo", "--cohort", "2"])
    assert result.exit_code == 0, result.output
    assert "2 peserta simulasi ditambahkan" in result.output
    assert f"kini {COUNT + 2} di sesi SIM" in result.output
    assert "(tes MANSOS selesai)" in result.output


def test_refused_when_demo_data_is_off(cohort, app, ctx, monkeypatch):
    from assessment_app.demo.cohort import simulate_cohort
    from assessment_app.exceptions import Refused

    monkeypatch.setitem(app.config, "SEED_DEMO", False)
    with pytest.raises(Refused) as refused:
        simulate_cohort(5)
    assert refused.value.code == "demo_disabled"
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == COUNT


def test_refused_when_a_nip_is_taken(cohort, ctx):
    from assessment_app.demo.cohort import simulate_cohort
    from assessment_app.exceptions import Refused

    last = db.session.scalar(select(Candidate).where(Candidate.name == "Peserta Simulasi 0150"))
    last.name = "Budi Renamed"  # the numbering restarts at 150, whose NIP is held
    with pytest.raises(Refused) as refused:
        simulate_cohort(1)
    assert refused.value.code == "nip_taken" and last.nip in str(refused.value)
