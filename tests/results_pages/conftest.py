"""An event with finished attempts taken through the candidate API, standards and SKP data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from tests.api.conftest import Api, Seat
from tests.factories import (
    csv_text,
    make_user,
    publish_sample_bank,
    roster_rows,
    write,
)
from tests.results_pages.choices import ITEMS, best, worst

MANAGERIAL = ["INT", "KS", "KOM", "OPH", "PP", "PDOL", "MP", "PK"]
STANDARD = {code: 3 for code in MANAGERIAL} | {"PB": 2}  # Σ required = 26


@dataclass
class Sitting:
    """What one candidate saw and chose, by attempt."""

    row: list[str]
    candidate_id: int | None = None
    chosen: dict[str, str] = field(default_factory=dict)  # item id -> key
    presented: dict[str, list[str]] = field(default_factory=dict)  # test code -> item ids


def new_client(app):
    from tests.conftest import _Client

    app.test_client_class = _Client
    return app.test_client()


PACE = timedelta(seconds=10)  # between two saves: slow enough to have read the item


def sit(
    app,
    row,
    token: str,
    choose: Callable,
    tests: int = 2,
    *,
    pace: timedelta = PACE,
    answer: Callable[[int], bool] = lambda seq: True,
) -> Sitting:
    """Log in through the API, then start, answer and finish the first `tests` tests.

    The clock moves `pace` before each save (no pace: rapid guessing); `answer(seq)` says
    which items are answered at all (the others stay blank).
    """
    from assessment_app import clock

    api = Api(new_client(app))
    login = api.login(Seat(row[0], row[9]), token)
    assert login.status_code == 200, login.json
    sitting = Sitting(row)
    for attempt in login.json["attempts"][:tests]:
        started = api.start(attempt["id"])
        assert started.status_code == 200, started.json
        sitting.presented[attempt["test_code"]] = [i["id"] for i in started.json["items"]]
        for seq, shown in enumerate(started.json["items"], start=1):
            if not answer(seq):
                continue
            clock.advance(pace)
            key = choose(ITEMS[shown["id"]])
            sitting.chosen[shown["id"]] = key
            assert api.save(attempt["id"], shown["id"], key, seq).status_code == 200
        assert api.finish(attempt["id"]).status_code == 200
    return sitting


@dataclass
class Event:
    rows: list[list[str]]
    token: str
    top: Sitting  # best everywhere, SKP Sangat Baik 2023 and 2024: box 9, KRS
    low: Sitting  # worst everywhere except one INT item: box 2
    other: Sitting  # a position without standards, finished MANSOS only
    boosted_item: str  # the INT item `low` answered with its best option


@pytest.fixture
def event(app, runner, tmp_path) -> Event:
    rows = roster_rows(4) + roster_rows(2, room="R02", start=10)
    for row in rows[4:]:
        row[2], row[3], row[4] = "Pranata Komputer Ahli Pertama", "PRAKOM", "Diskominfo"
    with app.app_context():
        publish_sample_bank()
        imported = runner.invoke(
            args=["roster", "import", write(tmp_path / "r.csv", csv_text(rows))]
        )
        assert imported.exit_code == 0, imported.output
        token = runner.invoke(args=["session", "open", "S1"]).stdout.strip()
        make_user("admin", "admin1")
        make_user("proctor", "pengawas1", rooms=["R01"])
    header = ["position_code", *STANDARD]
    standards = write(
        tmp_path / "s.csv", csv_text([["AK-MUDA", *map(str, STANDARD.values())]], header)
    )
    result = runner.invoke(args=["standards", "import", standards])
    assert result.exit_code == 0, result.output
    skp = [
        [rows[0][0], "Sangat Baik", "2024"],
        [rows[0][0], "Baik", "2023"],
        [rows[1][0], "Baik", "2024"],
        [rows[4][0], "Baik", "2024"],
    ]
    path = write(tmp_path / "p.csv", csv_text(skp, ["nip", "predikat", "year"]))
    assert runner.invoke(args=["performance", "import", path]).exit_code == 0

    boosted = []

    def low_choice(item):
        if item.competency == "INT" and not boosted:
            boosted.append(item.id)
            return best(item)
        return worst(item)

    top = sit(app, rows[0], token, best)
    low = sit(app, rows[1], token, low_choice)
    other = sit(app, rows[4], token, best, tests=1)
    with app.app_context():
        from sqlalchemy import select

        from assessment_app.extensions import db
        from assessment_app.models import Candidate

        ids = dict(db.session.execute(select(Candidate.nip, Candidate.id)).all())
    for sitting in (top, low, other):
        sitting.candidate_id = ids[sitting.row[0]]
    return Event(rows, token, top, low, other, boosted[0])
