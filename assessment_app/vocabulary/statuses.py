"""One definition of each seat status and test state: codes, labels, meanings, derivation.

The admin dashboard, the proctor's room view (server and browser) and the berita acara all
read their words and their counts from here, so they cannot disagree about a seat. Pure:
plain values in, plain values out, no Flask, no database. Attempt statuses are compared as
the strings `AttemptStatus` (a StrEnum) stands for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

# Mirrors of models.attempt (FinishReason.SESSION_CLOSED, AttemptStatus), kept as strings so
# this module stays pure; tests/proctor/test_statuses.py holds them equal.
FORCED_CLOSE = "session_closed"  # the finish_reason `session close --force` writes
DONE = ("finished", "voided")


@dataclass(frozen=True)
class Status:
    """One status: its code (API, CSS class), its label and a one-line meaning (legend)."""

    code: str
    label: str
    meaning: str


SEAT_STATUSES: tuple[Status, ...] = (
    Status("belum_hadir", "Belum hadir", "Belum pernah login."),
    Status("sudah_login", "Sudah login", "Sudah login, tes berikutnya belum dimulai."),
    Status("mengerjakan", "Mengerjakan", "Sedang mengerjakan tes; perangkat terhubung."),
    Status("jeda", "Jeda", "Tes sedang dijeda pengawas; waktu berhenti."),
    Status("terputus", "Terputus", "Tes berjalan, tetapi perangkat tidak terhubung."),
    Status("selesai", "Selesai", "Semua tes selesai."),
    Status(
        "dibatalkan",
        "Dibatalkan",
        "Semua tes berakhir; sedikitnya satu dibatalkan (tidak dinilai).",
    ),
    Status("dihentikan", "Dihentikan paksa", "Sesi ditutup sebelum semua tesnya selesai."),
)
STATUSES: tuple[str, ...] = tuple(s.code for s in SEAT_STATUSES)
LABELS: dict[str, str] = {s.code: s.label for s in SEAT_STATUSES}
MEANINGS: dict[str, str] = {s.code: s.meaning for s in SEAT_STATUSES}

# One test (attempt) as the proctor and the berita acara name it: the attempt's status by
# the clock, with "dihentikan" for a test a forced session close finished.
TEST_STATES: tuple[Status, ...] = (
    Status("ready", "Belum dimulai", "Tes belum dimulai."),
    Status("in_progress", "Berjalan", "Tes sedang dikerjakan."),
    Status("paused", "Dijeda", "Waktu tes berhenti sampai dilanjutkan."),
    Status("finished", "Selesai", "Tes selesai dan dinilai."),
    Status("voided", "Dibatalkan", "Tes dibatalkan pengawas dan tidak dinilai."),
    Status("dihentikan", "Dihentikan paksa", "Tes diakhiri oleh penutupan paksa sesi."),
)
TEST_LABELS: dict[str, str] = {s.code: s.label for s in TEST_STATES}
ENDED = ("finished", "voided", "dihentikan")  # test states after which a test is over

# A session (sesi) as every page and script names it; codes mirror models.event.SessionStatus.
SESSION_STATUSES: tuple[Status, ...] = (
    Status("planned", "Terjadwal", "Sesi belum dibuka; peserta belum dapat login."),
    Status("open", "Dibuka", "Peserta dapat login dan mengerjakan tes."),
    Status("closed", "Ditutup", "Sesi sudah ditutup; tidak ada login atau tes baru."),
)
SESSION_LABELS: dict[str, str] = {s.code: s.label for s in SESSION_STATUSES}

# What each focus-loss count on a tile means (the legend and the tile's own text).
FOCUS_LABEL = "Pindah jendela"
FOCUS_MEANING = "Berapa kali peserta meninggalkan jendela ujian (tab, aplikasi lain)."
FOCUS_ALERT = 3  # from this many, a tile asks for the proctor's attention


class AttemptLike(Protocol):
    """What the derivation reads of an attempt (a model or a query row)."""

    status: str
    deadline_at: datetime | None
    finish_reason: str | None


def effective(attempt: AttemptLike, now: datetime) -> str:
    """Return the attempt's status by the clock (an expired one is finished even unswept)."""
    status = str(attempt.status)
    due = status == "in_progress" and attempt.deadline_at and attempt.deadline_at <= now
    return "finished" if due else status


def test_state(attempt: AttemptLike, now: datetime) -> str:
    """Return the code of one test's state (TEST_STATES)."""
    status = effective(attempt, now)
    if status == "finished" and attempt.finish_reason == FORCED_CLOSE:
        return "dihentikan"
    return status


def current_index(states: Sequence[str]) -> int:
    """Return the index of the current test (test states in order): the first not ended,
    else the last one."""
    return next((i for i, s in enumerate(states) if s not in ENDED), len(states) - 1)


def seat_status(
    states: Sequence[str],
    *,
    seen_seconds: int | None,
    limit: int,
    session_closed: bool,
) -> str:
    """Return the seat's status (STATUSES) from its tests' states (`test_state`) in the
    candidate's test order.

    `seen_seconds` is the age of the last heartbeat (None: never), `limit` the age past which
    a running test counts as disconnected. Attempts are created at the first login.
    """
    if not states:
        return "belum_hadir"
    pending = [s for s in states if s not in ENDED]
    if pending and not session_closed:
        current = states[current_index(states)]
        if current == "paused":
            return "jeda"
        if current == "in_progress":
            return "terputus" if seen_seconds is None or seen_seconds > limit else "mengerjakan"
        return "sudah_login"
    if "voided" in states:
        return "dibatalkan"
    if pending or "dihentikan" in states:
        return "dihentikan"
    return "selesai"


def count(statuses: Sequence[str]) -> dict[str, int]:
    """Return how many seats have each status, every status present (zero included)."""
    return {code: sum(1 for s in statuses if s == code) for code in STATUSES}


def labels() -> dict[str, dict[str, str]]:
    """Return the label of every seat status, test state and session status, JSON-ready:
    pages embed it for their scripts (the template global `status_labels`)."""
    return {"seat": LABELS, "test": TEST_LABELS, "session": SESSION_LABELS}


def words() -> dict:
    """Return every label the room page's script shows, JSON-ready (embedded in the page)."""
    return {
        **labels(),
        "focus_label": FOCUS_LABEL,
        "focus_meaning": FOCUS_MEANING,
        "focus_alert": FOCUS_ALERT,
    }
