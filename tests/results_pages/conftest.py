"""An event with finished attempts taken through the candidate API, standards and SKP data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest

from tests.conftest import mark_built
from tests.factories import (
    Sitting,
    build_event,
    csv_text,
    login_staff,
    roster_rows,
    write,
)
from tests.factories import sit as sit_tests
from tests.results_pages.choices import ITEMS, best, worst

MANAGERIAL = ["INT", "KS", "KOM", "OPH", "PP", "PDOL", "MP", "PK"]
STANDARD = {code: 3 for code in MANAGERIAL} | {"PB": 2}  # Σ required = 26


PACE = timedelta(seconds=10)  # between two saves: slow enough to have read the item
TESTS = ["MANSOS", "TEK-AK"]  # every roster row's tests, in order


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
    """Sit the first `tests` tests, choose(bank item) on each item, `pace` apart.

    No pace: rapid guessing; `answer(seq)` says which items are answered at all.
    """
    return sit_tests(
        app,
        row,
        token,
        lambda item_id: choose(ITEMS[item_id]),
        tests=TESTS[:tests],
        gap=pace,
        answer=answer,
    )


@dataclass
class Event:
    rows: list[list[str]]
    token: str
    top: Sitting  # best everywhere, SKP Sangat Baik 2023 and 2024: box 9, KRS
    low: Sitting  # worst everywhere except one INT item: box 2
    other: Sitting  # a position without standards, finished MANSOS only
    boosted_item: str  # the INT item `low` answered with its best option


@pytest.fixture(scope="module")
def event(app, module_data, tmp_path_factory) -> Event:
    """Build the event once per module; each test's changes to it are rolled back."""
    runner, tmp_path = app.test_cli_runner(), tmp_path_factory.mktemp("event")
    rows = roster_rows(4) + roster_rows(2, room="R02", start=10)
    for row in rows[4:]:
        row[2], row[3], row[4] = "Pranata Komputer Ahli Pertama", "PRAKOM", "Diskominfo"
    token = build_event(app, rows, tmp_path)
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
    mark_built(module_data)
    return Event(rows, token, top, low, other, boosted[0])


@pytest.fixture
def admin(client, event):
    """admin1 logged in on `client`."""
    assert login_staff(client, "admin1").status_code == 302
    return client
