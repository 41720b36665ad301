"""The one definition of each seat status: derivation from attempts, pure (no app)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from assessment_app.vocabulary import statuses
from assessment_app.vocabulary.statuses import LABELS, MEANINGS, STATUSES, seat_status

NOW = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


@dataclass
class A:
    status: str
    deadline_at: datetime | None = None
    finish_reason: str | None = None


def _status(*attempts, seen=5, closed=False):
    states = [statuses.test_state(a, NOW) for a in attempts]
    return seat_status(states, seen_seconds=seen, limit=30, session_closed=closed)


LATER = NOW + timedelta(minutes=5)


@pytest.mark.parametrize(
    ("attempts", "seen", "closed", "expected"),
    [
        ((), 5, False, "belum_hadir"),
        ((A("ready"), A("ready")), None, False, "sudah_login"),
        ((A("in_progress", LATER), A("ready")), 5, False, "mengerjakan"),
        ((A("in_progress", LATER),), 31, False, "terputus"),
        ((A("in_progress", LATER),), None, False, "terputus"),
        ((A("paused", LATER),), None, False, "jeda"),
        ((A("finished"), A("ready")), 5, False, "sudah_login"),  # between two tests
        ((A("finished"), A("finished")), 5, False, "selesai"),
        ((A("in_progress", NOW),), 5, False, "selesai"),  # past its deadline, not yet swept
        ((A("voided"), A("finished")), 5, False, "dibatalkan"),
        ((A("voided"), A("in_progress", LATER)), 5, False, "mengerjakan"),
        ((A("finished", None, "session_closed"), A("ready")), 5, True, "dihentikan"),
        ((A("finished"), A("ready")), 5, True, "dihentikan"),  # closed between two tests
        ((A("ready"),), 5, True, "dihentikan"),  # logged in, never started, session closed
        ((A("finished"),), 5, True, "selesai"),
        ((), 5, True, "belum_hadir"),
    ],
)
def test_seat_status(attempts, seen, closed, expected):
    assert _status(*attempts, seen=seen, closed=closed) == expected


def test_a_test_cut_off_by_a_forced_close_is_named_so():
    assert statuses.test_state(A("finished", None, "session_closed"), NOW) == "dihentikan"
    assert statuses.test_state(A("finished", None, "deadline"), NOW) == "finished"
    assert statuses.test_state(A("voided"), NOW) == "voided"
    assert statuses.TEST_LABELS["dihentikan"] == "Dihentikan paksa"


def test_every_status_has_a_label_and_a_meaning_and_counts_include_zeroes():
    assert set(LABELS) == set(MEANINGS) == set(STATUSES)
    assert all(LABELS[s] and MEANINGS[s].endswith(".") for s in STATUSES)
    assert len(set(LABELS.values())) == len(STATUSES)  # no two statuses read the same
    counts = statuses.count(["selesai", "selesai", "jeda"])
    assert counts == {s: {"selesai": 2, "jeda": 1}.get(s, 0) for s in STATUSES}
    assert statuses.words()["seat"] == LABELS and "dihentikan" in statuses.words()["test"]


def test_the_pure_mirrors_match_the_models_enums():
    from assessment_app.models import AttemptStatus, FinishReason, SessionStatus

    assert statuses.FORCED_CLOSE == FinishReason.SESSION_CLOSED
    assert set(statuses.DONE) == {AttemptStatus.FINISHED, AttemptStatus.VOIDED}
    assert list(statuses.SESSION_LABELS) == [s.value for s in SessionStatus]
    assert set(statuses.labels()) == {"seat", "test", "session"}
