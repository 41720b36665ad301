"""What the database says attempts have answered: the record the live state is rebuilt from.

An item counts as answered when its stored answer has a choice (a cleared answer keeps its
row, with no choice). The proctor's room view, the session record, the candidate's closing
page and the results all count this way, through these two functions.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, func, select

from assessment_app.extensions import db
from assessment_app.models import Answer


def answered_items(attempt_id: int) -> list[str]:
    """Return the ids of the items the attempt has an answer for."""
    return list(
        db.session.scalars(
            select(Answer.item_id).where(
                Answer.attempt_id == attempt_id, Answer.choice.is_not(None)
            )
        )
    )


def answered_counts(attempt_ids: Iterable[int] | Select) -> dict[int, int]:
    """Return how many items each attempt has answered (attempts without any are left out).

    `attempt_ids` is a list of ids or a SELECT of them (counted in one query either way).
    """
    if not isinstance(attempt_ids, Select):
        attempt_ids = list(attempt_ids)
        if not attempt_ids:
            return {}
    rows = db.session.execute(
        select(Answer.attempt_id, func.count())
        .where(Answer.attempt_id.in_(attempt_ids), Answer.choice.is_not(None))
        .group_by(Answer.attempt_id)
    )
    return dict(rows.all())
