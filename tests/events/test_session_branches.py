"""Sessions: lookups before any event, closing twice, and the schedule's refusals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from assessment_app.database import begin_write
from assessment_app.events.schedule import MAX_LATE_ENTRY_MINUTES, set_schedule
from assessment_app.events.service import (
    close_session,
    ensure_event,
    ensure_room,
    ensure_session,
    get_session,
    open_session,
)
from assessment_app.exceptions import Refused
from assessment_app.extensions import db
from tests.factories import publish_sample_bank

START = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


def test_before_any_event_no_session_is_found(ctx):
    with pytest.raises(Refused) as refused:
        get_session("S1")
    assert (refused.value.status, refused.value.code) == (404, "not_found")


def test_ensure_returns_what_exists(ctx):
    event = ensure_event()
    assert ensure_event() is event
    session, room = ensure_session(event, "S1"), ensure_room(event, "R01")
    assert ensure_session(event, "S1") is session and ensure_room(event, "R01") is room
    assert get_session(" s1 ") is session


def test_open_close_and_the_refusals_after_it(ctx):
    event = ensure_event()
    ensure_session(event, "S1")
    with pytest.raises(Refused):  # no bank published yet
        open_session("S1", "admin1")
    publish_sample_bank()
    begin_write(db.session)
    token = open_session("S1", "admin1").token
    assert open_session("S1", "admin1").token == token  # opening again keeps the token
    assert close_session("S1", "admin1") == 0
    assert close_session("S1", "admin1") == 0  # closing a closed session changes nothing
    with pytest.raises(Refused) as reopened:
        open_session("S1", "admin1")
    assert reopened.value.code == "session_closed"
    with pytest.raises(Refused) as rescheduled:
        set_schedule(
            "S1", planned_start=None, planned_end=None, late_entry_minutes=0, actor="admin1"
        )
    assert rescheduled.value.code == "session_closed"


@pytest.mark.parametrize(
    ("planned_start", "planned_end", "late"),
    [
        (START.replace(tzinfo=None), None, 0),
        (None, START.replace(tzinfo=None), 0),
        (START, START, 0),
        (START, START - timedelta(hours=1), 0),
        (None, None, -1),
        (None, None, MAX_LATE_ENTRY_MINUTES + 1),
    ],
)
def test_schedule_refusals(ctx, planned_start, planned_end, late):
    ensure_session(ensure_event(), "S1")
    with pytest.raises(Refused) as refused:
        set_schedule(
            "S1",
            planned_start=planned_start,
            planned_end=planned_end,
            late_entry_minutes=late,
            actor="admin1",
        )
    assert (refused.value.status, refused.value.code) == (422, "invalid_schedule")


def test_a_schedule_with_one_end_open_is_kept(ctx):
    ensure_session(ensure_event(), "S1")
    session = set_schedule(
        "S1", planned_start=START, planned_end=None, late_entry_minutes=15, actor="admin1"
    )
    assert (session.planned_start, session.planned_end) == (START, None)
    assert session.late_entry_minutes == 15
