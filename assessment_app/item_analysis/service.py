"""The finished attempts of a test, coded for psychometrics (CONTRACT §7).

The command line (`irt export-responses`, `irt analyse`) and the admin's item-analysis page
read the event through these functions; the numbers come from `assessment_app.psychometrics`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from assessment_app import psychometrics as pm
from assessment_app.bank import Item, get_item_type
from assessment_app.events.service import current_event
from assessment_app.exceptions import conflict
from assessment_app.extensions import db
from assessment_app.models import Answer, Attempt, AttemptStatus, Candidate
from assessment_app.snapshots.catalog import bank_for


@dataclass
class Cell:
    """One presented item of one finished attempt."""

    category: int | None  # CONTRACT §7 category (None = empty)
    score: float  # the classical item score (NaN = unanswered sjt)
    choice: str  # the chosen key, or BLANK


@dataclass
class EventResponses:
    """A test's finished attempts in the current event, cell by cell."""

    persons: list[str]
    items: dict[str, Item]  # item id -> the item (from the newest snapshot using it)
    cells: list[dict[str, Cell]]


def finished_responses(code: str) -> EventResponses:
    """Read the current event's finished attempts of test ``code`` (fail if there are none)."""
    event = current_event()
    if event is None:
        raise conflict("Belum ada acara asesmen (impor daftar peserta dahulu).", code="no_event")
    attempts = (
        select(Attempt.id, Attempt.snapshot_id, Attempt.item_ids, Candidate.nip)
        .join(Candidate, Candidate.id == Attempt.candidate_id)
        .where(
            Candidate.event_id == event.id,
            Attempt.test_code == code,
            Attempt.status == AttemptStatus.FINISHED,
        )
    )
    rows = db.session.execute(attempts.order_by(Candidate.nip)).all()
    if not rows:
        raise conflict(
            f"Tidak ada ujian tes {code} yang sudah selesai di acara ini.",
            code="no_finished_attempts",
        )
    chosen = _choices(attempts.with_only_columns(Attempt.id).scalar_subquery())
    items: dict[str, tuple[int, Item]] = {}
    cells = []
    for row in rows:
        bank = bank_for(row.snapshot_id)  # each attempt is coded by its own snapshot
        drawn = [bank.item(i) for i in row.item_ids.split(",") if i]
        for item in drawn:
            if item.id not in items or items[item.id][0] < row.snapshot_id:
                items[item.id] = (row.snapshot_id, item)
        cells.append({item.id: code_answer(item, chosen[row.id].get(item.id)) for item in drawn})
    ordered = {key: items[key][1] for key in sorted(items)}
    return EventResponses([row.nip for row in rows], ordered, cells)


def _choices(attempt_ids) -> dict[int, dict[str, str | None]]:
    """Return attempt id -> item id -> the stored choice, for a subquery of attempt ids."""
    chosen: dict[int, dict[str, str | None]] = defaultdict(dict)
    answers = select(Answer.attempt_id, Answer.item_id, Answer.choice)
    for attempt_id, item_id, choice in db.session.execute(
        answers.where(Answer.attempt_id.in_(attempt_ids))
    ):
        chosen[attempt_id][item_id] = choice
    return chosen


def _sjt_cell(item: Item, choice: str | None) -> Cell:
    """Option score s is category s - 1; unanswered is empty (no category, no score)."""
    if choice is None:
        return Cell(None, float("nan"), pm.BLANK)
    score = get_item_type(item.type).score(item, choice)
    return Cell(int(score) - 1, score, choice)


def _mcq_cell(item: Item, choice: str | None) -> Cell:
    """Correct is 1, anything else (unanswered included) 0."""
    score = get_item_type(item.type).score(item, choice)
    return Cell(int(score), score, choice or pm.BLANK)


CODINGS = {"sjt": _sjt_cell, "mcq": _mcq_cell}  # CONTRACT §7, per item type


def code_answer(item: Item, choice: str | None) -> Cell:
    """Code one answer by its item type's rule (standard setting reads categories here too)."""
    return CODINGS[item.type](item, choice)


def response_matrix(code: str) -> pm.ResponseMatrix:
    """Return the test's response matrix: person = NIP, empty = not presented."""
    import numpy as np  # ~0.1 s: loaded by the first analysis, not by every start-up

    data = finished_responses(code)
    values = np.full((len(data.persons), len(data.items)), pm.MISSING, dtype=np.int64)
    column = {item: j for j, item in enumerate(data.items)}
    for n, cells in enumerate(data.cells):
        for item, cell in cells.items():
            if cell.category is not None:
                values[n, column[item]] = cell.category
    return pm.ResponseMatrix(tuple(data.persons), tuple(data.items), values)


def item_analysis(code: str, min_count: int = pm.MIN_COUNT) -> tuple[list, list[str]]:
    """Return the classical item analysis rows of a test and the notes on its data."""
    import numpy as np  # ~0.1 s: loaded by the first analysis, not by every start-up

    data = finished_responses(code)
    infos = [
        pm.ItemInfo(item.id, item.competency, item.type, item.option_keys, item.answer)
        for item in data.items.values()
    ]
    scores = np.full((len(data.persons), len(infos)), np.nan)
    choices = np.full(scores.shape, None, dtype=object)
    column = {info.id: j for j, info in enumerate(infos)}
    for n, cells in enumerate(data.cells):
        for item, cell in cells.items():
            scores[n, column[item]], choices[n, column[item]] = cell.score, cell.choice
    return pm.analyse_test(code, infos, scores, choices, min_count=min_count)
