"""Outage arithmetic: which attempts an outage window gives time back to, and how much.

The rule (docs/architecture.md, attempts/lifecycle.apply_outage): the window is paused time
for every attempt whose clock ran in it. Every expected deadline below is worked out by hand
from the minutes the clock really ran, never from the code's own formula.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from assessment_app import clock
from assessment_app.attempts import lifecycle as flow
from assessment_app.database import begin_write
from assessment_app.events.service import record_outage
from assessment_app.exceptions import Refused
from assessment_app.extensions import db
from assessment_app.models import Attempt, AttemptStatus, AuditEntry, FinishReason, Outage
from tests.factories import csv_text, publish_sample_bank, roster_rows, write
from tests.factories import sit as sit_tests

MINUTE = timedelta(minutes=1)
MANSOS = 90  # minutes


@pytest.fixture
def t0() -> datetime:
    """Stop the clock before anything starts."""
    return clock.freeze()


@pytest.fixture
def seats(app, runner, tmp_path, t0):
    """Eight candidates in the open session S1, one 90-minute test (MANSOS) each."""
    rows = roster_rows(8, tests="MANSOS")
    with app.app_context():
        publish_sample_bank()
        result = runner.invoke(args=["roster", "import", write(tmp_path / "r.csv", csv_text(rows))])
        assert result.exit_code == 0, result.output
        token = runner.invoke(args=["session", "open", "S1"]).stdout.strip()
    return token, rows


@pytest.fixture
def sit(app, seats):
    """Log candidate `index` in (own browser) and start their test now; return the id."""
    token, rows = seats

    def sit_down(index: int) -> int:
        sitting = sit_tests(app, rows[index], token, lambda item: None, finish=False)
        return sitting.attempts["MANSOS"]

    return sit_down


def _apply(app, attempt_id: int, transition, *args) -> None:
    with app.app_context():
        begin_write(db.session)
        transition(db.session.get(Attempt, attempt_id), *args)
        db.session.commit()


def _outage(app, starts_at: datetime, ends_at: datetime, reason: str = "listrik padam"):
    with app.app_context():
        begin_write(db.session)
        _, changed = record_outage("S1", starts_at, ends_at, reason, "admin1")
        db.session.commit()
    return changed


def _row(app, attempt_id: int) -> Attempt:
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        db.session.expunge(attempt)
        return attempt


def _remaining(app, attempt_id: int) -> int:
    with app.app_context():
        return flow.remaining(db.session.get(Attempt, attempt_id))


def test_each_kind_of_attempt_gets_the_time_its_clock_lost(app, sit, t0):
    """Outage from minute 20 to 25, recorded at minute 30."""
    running, paused_inside, finished_inside, finished_before = sit(0), sit(1), sit(2), sit(3)
    paused_before = sit(4)
    clock.advance(10 * MINUTE)
    _apply(app, finished_before, flow.finish_attempt)  # the candidate's own "Selesai"
    clock.advance(5 * MINUTE)  # minute 15
    _apply(app, paused_before, flow.pause_attempt)
    clock.advance(6 * MINUTE)  # minute 21, inside the window
    _apply(app, finished_inside, flow.finish_attempt, FinishReason.PROCTOR)
    clock.advance(1 * MINUTE)  # minute 22
    _apply(app, paused_inside, flow.pause_attempt)
    started_inside = sit(5)
    clock.advance(8 * MINUTE)  # minute 30
    started_after = sit(6)

    changed = _outage(app, t0 + 20 * MINUTE, t0 + 25 * MINUTE)

    assert sorted(changed) == sorted([running, paused_inside, started_inside])
    # Ran 0-20, stopped 20-25, runs again: 90 minutes of clock end at minute 95.
    assert _row(app, running).deadline_at == t0 + 95 * MINUTE
    assert _row(app, running).paused_ms == 5 * 60_000
    assert _remaining(app, running) == 65 * 60
    # Ran 0-20, then the outage, then the proctor's pause at 22: only 2 minutes were taken
    # by the outage (the pause stops the clock from then on); 70 minutes stay frozen.
    paused = _row(app, paused_inside)
    assert paused.status is AttemptStatus.PAUSED and paused.paused_ms == 2 * 60_000
    assert paused.deadline_at == t0 + 92 * MINUTE and _remaining(app, paused_inside) == 70 * 60
    # Started at 22, inside the window: its clock only began at 25.
    assert _row(app, started_inside).deadline_at == t0 + (25 + MANSOS) * MINUTE
    # Untouched: finished by the proctor inside the window, by the candidate before it,
    # paused before it, started after it.
    finished = _row(app, finished_inside)
    assert finished.status is AttemptStatus.FINISHED and finished.finish_reason == "proctor"
    assert finished.finished_at == t0 + 21 * MINUTE and finished.paused_ms == 0
    assert _row(app, finished_before).finished_at == t0 + 10 * MINUTE
    assert _row(app, finished_before).deadline_at == t0 + MANSOS * MINUTE
    assert _row(app, paused_before).paused_ms == 0 and _remaining(app, paused_before) == 75 * 60
    assert _row(app, started_after).deadline_at == t0 + (30 + MANSOS) * MINUTE


def test_a_pause_inside_the_outage_resumes_with_the_time_the_clock_really_ran(app, sit, t0):
    attempt_id = sit(0)
    clock.advance(22 * MINUTE)
    _apply(app, attempt_id, flow.pause_attempt)
    clock.advance(8 * MINUTE)  # minute 30
    _outage(app, t0 + 20 * MINUTE, t0 + 25 * MINUTE)
    clock.advance(10 * MINUTE)  # minute 40
    _apply(app, attempt_id, flow.resume_attempt)
    # Ran 0-20 only, so 70 minutes are left at minute 40: the deadline is minute 110.
    resumed = _row(app, attempt_id)
    assert resumed.status is AttemptStatus.IN_PROGRESS and resumed.paused_at is None
    assert resumed.deadline_at == t0 + 110 * MINUTE
    assert resumed.paused_ms == 20 * 60_000 and _remaining(app, attempt_id) == 70 * 60


def test_a_window_over_the_deadline_reopens_only_the_attempt_that_ran_out_inside_it(app, sit, t0):
    early = sit(0)  # deadline at minute 90
    clock.advance(10 * MINUTE)
    late = sit(1)  # deadline at minute 100
    clock.advance(96 * MINUTE)  # minute 106: both ran out
    _apply(app, early, flow.finish_attempt)  # each page touched its attempt at the deadline
    _apply(app, late, flow.finish_attempt)
    assert _row(app, early).finish_reason == _row(app, late).finish_reason == "deadline"

    changed = _outage(app, t0 + 95 * MINUTE, t0 + 105 * MINUTE)

    assert changed == [late]
    # Ran 10-95 (85 minutes), stopped 95-105, owes 5: the deadline is minute 110.
    reopened = _row(app, late)
    assert reopened.status is AttemptStatus.IN_PROGRESS
    assert (reopened.finished_at, reopened.finish_reason) == (None, None)
    assert reopened.deadline_at == t0 + 110 * MINUTE and _remaining(app, late) == 4 * 60
    # Ran out at 90, before the outage began: nothing owed.
    kept = _row(app, early)
    assert kept.status is AttemptStatus.FINISHED and kept.finished_at == t0 + 90 * MINUTE


def test_an_attempt_out_of_time_before_the_window_gets_nothing_even_if_not_yet_finished(
    app, sit, t0
):
    attempt_id = sit(0)  # deadline at minute 90; no page touches it afterwards
    clock.advance(106 * MINUTE)
    _outage(app, t0 + 95 * MINUTE, t0 + 105 * MINUTE)
    attempt = _row(app, attempt_id)
    assert attempt.paused_ms == 0 and attempt.deadline_at == t0 + MANSOS * MINUTE


def test_a_window_ending_before_anyone_started_changes_nothing(app, sit, t0):
    clock.advance(30 * MINUTE)
    attempt_id = sit(0)
    clock.advance(5 * MINUTE)
    assert _outage(app, t0 + 10 * MINUTE, t0 + 20 * MINUTE) == []
    assert _row(app, attempt_id).deadline_at == t0 + (30 + MANSOS) * MINUTE
    with app.app_context():
        (entry,) = db.session.query(AuditEntry).filter_by(action="session.outage").all()
        assert entry.details["attempts"] == [] and entry.reason == "listrik padam"
        assert db.session.query(Outage).count() == 1


def test_outage_refusals(app, sit, t0):
    """Naive times, a reversed or future window, no reason, an overlap: each refused."""
    sit(0)
    clock.advance(60 * MINUTE)
    naive = (t0 + 10 * MINUTE).replace(tzinfo=None)
    bad = [
        (naive, t0 + 20 * MINUTE, "x"),
        (t0 + 20 * MINUTE, t0 + 10 * MINUTE, "x"),  # ends before it starts
        (t0 + 20 * MINUTE, t0 + 20 * MINUTE, "x"),  # empty
        (t0 + 50 * MINUTE, t0 + 70 * MINUTE, "x"),  # ends in the future
        (t0 + 10 * MINUTE, t0 + 20 * MINUTE, "   "),
    ]
    for starts_at, ends_at, reason in bad:
        with pytest.raises(Refused):
            _outage(app, starts_at, ends_at, reason)
    _outage(app, t0 + 10 * MINUTE, t0 + 20 * MINUTE)
    for starts_at, ends_at in [(15, 25), (5, 15), (12, 18), (5, 25)]:
        with pytest.raises(Refused, match="tumpang tindih"):
            _outage(app, t0 + starts_at * MINUTE, t0 + ends_at * MINUTE)
    assert _outage(app, t0 + 20 * MINUTE, t0 + 30 * MINUTE)  # touching is not overlapping
    with pytest.raises(Refused) as unknown, app.app_context():
        record_outage("S9", t0, t0 + MINUTE, "x", "admin1")
    assert unknown.value.status == 404
