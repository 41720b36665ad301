"""Answer receipts: shown once an attempt is finished, verified against what is stored."""

from __future__ import annotations

import re

from sqlalchemy import text

from assessment_app.attempts.receipts import codes_match, normalize_code, receipt_code
from assessment_app.extensions import db
from assessment_app.security import TOKEN_ALPHABET

CODE = re.compile(rf"^[{TOKEN_ALPHABET}]{{4}}-[{TOKEN_ALPHABET}]{{4}}-[{TOKEN_ALPHABET}]{{2}}$")


def _finish_with_answers(api, started) -> dict:
    """Answer three items (one of them cleared again), finish; return the finish response."""
    items = started["items"]
    for seq, item in enumerate(items[:3], start=1):
        assert (
            api.save(started["id"], item["id"], item["options"][0]["key"], seq).status_code == 200
        )
    assert api.save(started["id"], items[2]["id"], None, 4).status_code == 200
    done = api.finish(started["id"])
    assert done.status_code == 200, done.json
    return done.json


def test_no_receipt_before_the_attempt_finishes(api, exam, started):
    assert started["receipt"] is None  # the start response is the attempt object
    item = started["items"][0]
    api.save(started["id"], item["id"], item["options"][0]["key"], 1)
    assert api.get(f"/api/v1/attempts/{started['id']}").json["receipt"] is None
    me = api.get("/api/v1/candidate/me").json
    assert "receipt" not in str(me)
    ready = me["attempts"][1]["id"]
    assert api.get(f"/api/v1/attempts/{ready}").json["receipt"] is None


def test_finish_and_the_attempt_carry_the_same_receipt(api, exam, started):
    done = _finish_with_answers(api, started)
    assert (done["status"], done["answered"], done["total"]) == ("finished", 2, 45)
    assert CODE.match(done["receipt"]), done["receipt"]
    assert api.finish(started["id"]).json["receipt"] == done["receipt"]  # idempotent
    again = api.get(f"/api/v1/attempts/{started['id']}").json
    assert again["receipt"] == done["receipt"]


def test_the_receipt_covers_answers_attempt_and_time(app):
    from datetime import UTC, datetime, timedelta

    key = b"k" * 32
    at = datetime(2026, 5, 4, 1, 2, 3, 456789, tzinfo=UTC)
    base = receipt_code(key, 7, {"A-1": "B", "A-2": "C"}, at)
    assert base == receipt_code(key, 7, {"A-2": "C", "A-1": "B"}, at)  # order does not matter
    for changed in (
        receipt_code(key, 8, {"A-1": "B", "A-2": "C"}, at),
        receipt_code(key, 7, {"A-1": "B", "A-2": "D"}, at),
        receipt_code(key, 7, {"A-1": "B"}, at),
        receipt_code(key, 7, {"A-1": "B", "A-2": "C"}, at + timedelta(microseconds=1)),
        receipt_code(b"x" * 32, 7, {"A-1": "B", "A-2": "C"}, at),
    ):
        assert changed != base
    assert normalize_code(base.lower().replace("-", " ")) == base
    assert codes_match(f" {base.replace('-', '').lower()} ", base)
    assert not codes_match("", base) and not codes_match(base + "X", base)


def test_cli_prints_and_verifies_the_receipt(api, exam, started, runner):
    receipt = _finish_with_answers(api, started)["receipt"]
    nip = exam.seats[0].nip
    listed = runner.invoke(args=["attempts", "receipt", nip])
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.count("\n") == 1  # the second test is not finished
    assert listed.stdout.startswith(f"{started['test_code']}\t{receipt}\tselesai ")
    typed = receipt.replace("-", "").lower()
    matched = runner.invoke(args=["attempts", "receipt", nip, "--code", typed])
    assert matched.exit_code == 0 and matched.stdout.rstrip().endswith("\tcocok")


def test_cli_detects_a_changed_stored_answer(api, exam, started, runner):
    receipt = _finish_with_answers(api, started)["receipt"]
    first = started["items"][0]
    other = next(o["key"] for o in first["options"][1:])
    with runner.app.app_context():
        db.session.execute(
            text("UPDATE answer SET choice = :c WHERE attempt_id = :a AND item_id = :i"),
            {"c": other, "a": started["id"], "i": first["id"]},
        )
        db.session.commit()
    result = runner.invoke(args=["attempts", "receipt", exam.seats[0].nip, "--code", receipt])
    assert result.exit_code == 1
    assert "\ttidak cocok" in result.stdout and "tidak cocok dengan tes mana pun" in result.stderr


def test_cli_refuses_unknown_or_unfinished(api, exam, started, runner):
    unknown = runner.invoke(args=["attempts", "receipt", "199001012020011999"])
    assert unknown.exit_code == 1 and "tidak terdaftar" in unknown.stderr
    unfinished = runner.invoke(args=["attempts", "receipt", exam.seats[0].nip])
    assert unfinished.exit_code == 1 and "belum menyelesaikan" in unfinished.stderr
