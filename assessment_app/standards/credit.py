"""What a judged item is worth on the C_score scale, from the item types' own rules.

Nothing here restates CONTRACT §6: the credit of an option is `ItemType.credit`, and the IRT
category of an answer is `item_analysis.service.code_answer` (CONTRACT §7). Both item types'
credit is an affine function of their raw score (sjt: (s - m) / (M - m); mcq: 1 for a score
of 1, -1/(k - 1) for 0), so an expected raw score has the credit of that line at it.
"""

from __future__ import annotations

from collections.abc import Sequence

from assessment_app.bank import Item, get_item_type
from assessment_app.item_analysis.service import code_answer


def category_credits(item: Item, kept: Sequence[int]) -> list[float]:
    """Return the credit of each category a calibration kept, in the kept order.

    ``kept[c]`` is the original IRT category behind kept category c; an option coded in
    that category gives its credit (options in one category share their credit).
    """
    kind = get_item_type(item.type)
    credit_of = {}
    for key in item.option_keys:
        credit_of.setdefault(code_answer(item, key).category, kind.credit(item, key))
    return [credit_of[category] for category in kept]


def category_score(item: Item, category: int) -> float:
    """Return the raw score of the options coded in an IRT category (sjt: their option
    score; mcq: 1 for the correct answer)."""
    kind = get_item_type(item.type)
    return next(
        kind.score(item, key)
        for key in item.option_keys
        if code_answer(item, key).category == category
    )


def score_range(item: Item) -> tuple[float, float]:
    """Return the lowest and highest raw score an option of the item earns (mcq: 0 and 1)."""
    kind = get_item_type(item.type)
    scores = [kind.score(item, key) for key in item.option_keys]
    return min(scores), max(scores)


def expected_credit(item: Item, expected_score: float) -> float:
    """Return the credit of a borderline candidate's expected raw score on the item.

    Modified Angoff: the panelist states the expected option score (sjt) or the probability
    of a correct answer (mcq, the expected score of 0/1); the credit is the line through
    the credits of the lowest- and highest-scoring options, at that score.
    """
    kind = get_item_type(item.type)
    by_score = {kind.score(item, key): kind.credit(item, key) for key in item.option_keys}
    low, high = min(by_score), max(by_score)
    share = (expected_score - low) / (high - low)
    return by_score[low] + share * (by_score[high] - by_score[low])
