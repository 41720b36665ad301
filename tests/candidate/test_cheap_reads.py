"""Starts, attempt reads and saves stay cheap (issue 15) and show exactly what they showed.

What never changes is rendered once per process (snapshots.catalog); a read asks the database
only for what a request can change; a save that is stored is one statement. The statements
are counted on the engine, so a change that adds a query per request fails here.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from assessment_app.bank.item_types import CandidateParts
from assessment_app.extensions import db
from assessment_app.models import Attempt, BankSnapshot, Candidate
from assessment_app.snapshots import catalog
from assessment_app.snapshots.service import bank_of

TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


@contextmanager
def statements(app):
    """Collect the SQL statements the app sends meanwhile (transaction control left out)."""
    with app.app_context():
        engine = db.engine
    sent: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(TRANSACTION_CONTROL):
            sent.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _rendered_by_hand(app, attempt_id: int) -> list[dict]:
    """The items as CONTRACT §4 shows them, built from the bank without any cache."""
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        bank = bank_of(db.session.get(BankSnapshot, attempt.snapshot_id))
        layout = attempt.layout
        views = []
        for item_id in layout["items"]:
            item = bank.item(item_id)
            order = layout["options"][item_id]
            options = [{"key": key, "text": item.option(key).text} for key in order]
            shown = {"id": item.id, "competency": item.competency, "stem": item.stem}
            views.append(shown | {"options": options})
        return views


def test_the_items_are_what_the_bank_says_in_the_candidates_order(app, api, started):
    expected = _rendered_by_hand(app, started["id"])
    assert started["items"] == expected
    again = api.get(f"/api/v1/attempts/{started['id']}")
    assert again.status_code == 200 and again.json["items"] == expected


def test_a_read_asks_only_for_what_a_request_can_change(app, api, started):
    attempt_id = started["id"]
    item = started["items"][3]
    saved = api.save(attempt_id, item["id"], item["options"][1]["key"], 7, flagged=True)
    assert saved.status_code == 200
    with statements(app) as sent:
        body = api.get(f"/api/v1/attempts/{attempt_id}").json
    # the candidate (login version), the attempt, the candidate's session, the answers
    assert len(sent) == 4, sent
    assert sum(" FROM answer " in s for s in sent) == 1
    assert not any("snapshot_test" in s or "bank_snapshot" in s for s in sent)
    assert body["last_seq"] == 7 and body["flagged"] == [item["id"]]
    assert body["answers"] == {item["id"]: item["options"][1]["key"]}
    assert body["current_item_id"] == item["id"]  # no heartbeat reported a position yet
    assert body["title"] and body["session_open"] is True


def test_the_latest_answer_wins_where_to_resume(api, started):
    attempt_id, items = started["id"], started["items"]
    api.save(attempt_id, items[5]["id"], items[5]["options"][0]["key"], 3)
    api.save(attempt_id, items[2]["id"], None, 4)  # cleared: still the latest change
    body = api.get(f"/api/v1/attempts/{attempt_id}").json
    assert body["current_item_id"] == items[2]["id"] and body["last_seq"] == 4
    assert body["answers"] == {items[5]["id"]: items[5]["options"][0]["key"]}


def test_a_stored_save_is_one_statement(app, api, started):
    """Once the process knows the attempt's layout (its first save reads it)."""
    attempt_id, item = started["id"], started["items"][0]
    assert api.save(attempt_id, item["id"], item["options"][1]["key"], 1).status_code == 200
    with statements(app) as sent:
        saved = api.save(attempt_id, item["id"], item["options"][0]["key"], 2)
    assert saved.status_code == 200
    assert len(sent) == 1 and sent[0].startswith("INSERT INTO answer"), sent
    assert 0 < saved.json["remaining_seconds"] <= started["remaining_seconds"]


def test_a_stale_save_after_the_login_moved_is_still_401(app, api, started):
    """The moved login is found first, as before: a stale seq does not get an answer."""
    attempt_id, item = started["id"], started["items"][0]
    assert api.save(attempt_id, item["id"], item["options"][0]["key"], 5).status_code == 200
    with app.app_context():
        candidate = db.session.get(Candidate, db.session.get(Attempt, attempt_id).candidate_id)
        candidate.login_version += 1
        db.session.commit()
    stale = api.save(attempt_id, item["id"], item["options"][0]["key"], 2)
    assert stale.status_code == 401 and stale.json["error"]["code"] == "unauthorized"


def test_a_repeated_save_is_acknowledged_with_what_is_stored(api, started):
    attempt_id, item = started["id"], started["items"][0]
    first = api.save(attempt_id, item["id"], item["options"][1]["key"], 9).json
    repeat = api.save(attempt_id, item["id"], item["options"][0]["key"], 9).json
    assert (repeat["choice"], repeat["seq"]) == (first["choice"], 9)


def test_titles_are_read_once_per_snapshot(app, started):
    with app.app_context():
        snapshot_id = db.session.get(Attempt, started["id"]).snapshot_id
        titles = catalog.test_titles(snapshot_id)
        with statements(app) as sent:
            assert catalog.test_titles(snapshot_id) is titles
        assert sent == []
        assert started["test_code"] in titles


def test_an_option_order_that_does_not_match_the_item_is_refused():
    parts = CandidateParts({"id": "X1"}, {k: {"key": k, "text": k} for k in "ABC"})
    assert [o["key"] for o in parts.in_order(("C", "A", "B"))["options"]] == ["C", "A", "B"]
    for wrong in (["A", "A", "B"], ["A", "B"], ["A", "B", "C", "D"], ["A", "B", "D"]):
        with pytest.raises(ValueError, match="X1"):
            parts.in_order(wrong)
