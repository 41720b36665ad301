"""`session open/close/outage`, `users create`, `standards import`, `performance import`."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from assessment_app.events.service import close_session
from assessment_app.exceptions import Refused
from assessment_app.extensions import db
from assessment_app.models import (
    Attempt,
    AttemptStatus,
    AuditEntry,
    Candidate,
    Outage,
    PerformanceRating,
    PositionStandard,
    ProctorAssignment,
    User,
)
from assessment_app.security import TOKEN_ALPHABET
from tests.factories import csv_text, publish_sample_bank, roster_rows, write


@pytest.fixture
def roster(runner, ctx, tmp_path):
    snapshot = publish_sample_bank()
    rows = roster_rows(4)
    result = runner.invoke(args=["roster", "import", write(tmp_path / "r.csv", csv_text(rows))])
    assert result.exit_code == 0, result.output
    return snapshot, rows


def test_open_prints_the_token_alone_and_again_the_same(runner, roster):
    first = runner.invoke(args=["session", "open", "S1"])
    assert first.exit_code == 0, first.output
    token = first.stdout.strip()
    assert first.stdout == token + "\n"
    assert len(token) == 6 and set(token) <= set(TOKEN_ALPHABET)
    again = runner.invoke(args=["session", "open", "s1"])
    assert again.stdout.strip() == token


def test_open_unknown_session_fails_on_stderr(runner, roster):
    result = runner.invoke(args=["session", "open", "S9"])
    assert result.exit_code == 1
    assert "S9" in result.stderr and result.stdout == ""


def _running_attempt(snapshot) -> Attempt:
    candidate = db.session.scalar(select(Candidate))
    registration = candidate.registrations[0]
    attempt = Attempt(
        registration_id=registration.id,
        candidate_id=candidate.id,
        test_code=registration.test_code,
        snapshot_id=snapshot.id,
        status=AttemptStatus.IN_PROGRESS,
        seed=1,
        layout={},
        duration_ms=60_000,
    )
    db.session.add(attempt)
    db.session.commit()
    return attempt


def test_close_refuses_running_attempts_unless_forced(runner, roster):
    snapshot, _ = roster
    runner.invoke(args=["session", "open", "S1"])
    attempt = _running_attempt(snapshot)
    refused = runner.invoke(args=["session", "close", "S1"])
    assert refused.exit_code == 1 and "--force" in refused.stderr
    forced = runner.invoke(args=["session", "close", "S1", "--force", "--reason", "selesai"])
    assert forced.exit_code == 0, forced.output
    db.session.expire_all()
    assert db.session.get(Attempt, attempt.id).status is AttemptStatus.FINISHED
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "session.close"))
    assert entry.details["forced"] is True and entry.details["finished_attempts"] == [attempt.id]
    reopened = runner.invoke(args=["session", "open", "S1"])
    assert reopened.exit_code == 1 and "ditutup" in reopened.stderr


def test_close_hint_keys_on_the_code_not_the_words(runner, roster):
    snapshot, _ = roster
    runner.invoke(args=["session", "open", "S1"])
    _running_attempt(snapshot)
    with pytest.raises(Refused) as refused:
        close_session("S1", "cli:test")
    assert (refused.value.status, refused.value.code) == (409, "attempts_running")
    unknown = runner.invoke(args=["session", "close", "S9"])
    assert unknown.exit_code == 1 and unknown.stderr.startswith("Gagal: ")
    assert "--force" not in unknown.stderr


def test_outage_is_recorded_and_bad_times_are_refused(runner, roster):
    ok = runner.invoke(
        args=[
            "session",
            "outage",
            "S1",
            "--from",
            "2026-01-05T09:00:00+08:00",
            "--to",
            "2026-01-05T09:13:00+08:00",
            "--reason",
            "listrik padam",
        ]
    )
    assert ok.exit_code == 0, ok.output
    outage = db.session.scalar(select(Outage))
    assert (outage.ends_at - outage.starts_at).total_seconds() == 13 * 60
    assert outage.starts_at.utcoffset().total_seconds() == 0  # stored in UTC
    naive = runner.invoke(
        args=[
            "session",
            "outage",
            "S1",
            "--from",
            "2026-01-05T09:00",
            "--to",
            "2026-01-05T09:13+08:00",
            "--reason",
            "x",
        ]
    )
    assert naive.exit_code == 1 and "zona waktu" in naive.stderr
    backwards = runner.invoke(
        args=[
            "session",
            "outage",
            "S1",
            "--from",
            "2026-01-05T10:00Z",
            "--to",
            "2026-01-05T09:00Z",
            "--reason",
            "x",
        ]
    )
    assert backwards.exit_code == 1 and "setelah" in backwards.stderr
    overlap = runner.invoke(
        args=[
            "session",
            "outage",
            "S1",
            "--from",
            "2026-01-05T01:10Z",
            "--to",
            "2026-01-05T01:20Z",
            "--reason",
            "x",
        ]
    )
    assert overlap.exit_code == 1
    assert "(05/01/2026 09:00 WITA - 05/01/2026 09:13 WITA)" in overlap.stderr


def test_users_create_with_rooms_and_refusals(runner, ctx):
    made = runner.invoke(
        args=[
            "users",
            "create",
            "--role",
            "proctor",
            "--username",
            "Budi",
            "--password",
            "sandi-aman-budi-1",
            "--rooms",
            "R01,r02",
        ]
    )
    assert made.exit_code == 0, made.output
    user = db.session.scalar(select(User).where(User.username == "budi"))
    assert user.password_hash != "sandi-aman-budi-1" and user.check_password("sandi-aman-budi-1")
    rooms = {a.room.code for a in db.session.scalars(select(ProctorAssignment))}
    assert rooms == {"R01", "R02"}
    dup = runner.invoke(
        args=[
            "users",
            "create",
            "--role",
            "admin",
            "--username",
            "budi",
            "--password",
            "sandi-aman-budi-1",
        ]
    )
    assert dup.exit_code == 1 and "sudah dipakai" in dup.stderr
    short = runner.invoke(
        args=["users", "create", "--role", "admin", "--username", "ani", "--password", "123"]
    )
    assert short.exit_code == 1 and "minimal" in short.stderr


def test_standards_import_replaces_levels_per_position(runner, roster, tmp_path):
    header = ["position_code", "INT", "KS", "PK"]
    path = write(tmp_path / "s.csv", csv_text([["AK-MUDA", "3", "2", ""]], header))
    result = runner.invoke(args=["standards", "import", path])
    assert result.exit_code == 0, result.output
    levels = {
        s.competency_code: s.required_level for s in db.session.scalars(select(PositionStandard))
    }
    assert levels == {"INT": 3, "KS": 2}
    path = write(tmp_path / "s2.csv", csv_text([["AK-MUDA", "4", "", "2"]], header))
    runner.invoke(args=["standards", "import", path])
    levels = {
        s.competency_code: s.required_level for s in db.session.scalars(select(PositionStandard))
    }
    assert levels == {"INT": 4, "PK": 2}
    bad = write(tmp_path / "s3.csv", csv_text([["AK-MUDA", "6", "x", ""]], header))
    result = runner.invoke(args=["standards", "import", bad])
    assert result.exit_code == 1
    assert "baris 2, kolom int" in result.stderr.lower() and "baris 2, kolom ks" in (
        result.stderr.lower()
    )


def test_performance_import_latest_and_duplicates(runner, roster, tmp_path):
    _, rows = roster
    header = ["nip", "predikat", "year"]
    outsider = "198001012005011999"
    data = [
        [rows[0][0], "sangat baik", "2024"],
        [rows[0][0], "Baik", "2025"],
        [outsider, "Butuh Perbaikan", "2025"],
    ]
    result = runner.invoke(
        args=["performance", "import", write(tmp_path / "p.csv", csv_text(data, header))]
    )
    assert result.exit_code == 0, result.output
    assert "peringatan" in result.stderr and outsider in result.stderr
    stored = {(p.nip, p.year): p.predikat for p in db.session.scalars(select(PerformanceRating))}
    assert stored[(rows[0][0], 2024)] == "Sangat Baik"
    assert len(stored) == 3
    dup = [[rows[1][0], "Baik", "2025"], [rows[1][0], "Kurang", "2025"]]
    result = runner.invoke(
        args=["performance", "import", write(tmp_path / "d.csv", csv_text(dup, header))]
    )
    assert result.exit_code == 1 and "baris 3" in result.stderr
    assert re.search(r"tidak ada data yang disimpan", result.stderr)
