"""Distractor analysis and review flags.

For every item: the share of the persons who saw it choosing each option (and leaving it
blank), overall and in the top and bottom thirds by total score. The thirds are the n // 3
persons with the lowest and the highest totals (the person's mean item score; ties at a
boundary go by the order of the persons; a person with no total, who left every item
blank, counts in the overall shares only).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .classical import ItemStats

BLANK = ""  # a presented item left unanswered; None means not presented
BLANK_LABEL = "(kosong)"
NEAR_ZERO = 0.10  # corrected item-rest correlation below this is flagged
DOMINANT = 0.90  # one option chosen by at least this share is flagged
ATTRACTIVE = 0.05  # a distractor the top third chooses more often than the bottom third


@dataclass(frozen=True)
class OptionShare:
    """How often one option (or a blank) was chosen: overall and in the top and bottom thirds."""

    key: str
    share: float
    top: float | None
    bottom: float | None


@dataclass(frozen=True)
class Distractors:
    """The option shares of one item among the ``n`` persons who saw it."""

    item: str
    n: int
    options: list[OptionShare]

    def option(self, key: str) -> OptionShare | None:
        """Return the shares of one option, or None if it is not listed."""
        return next((o for o in self.options if o.key == key), None)


def person_totals(scores) -> np.ndarray:
    """Return each person's mean score over the items they saw (NaN if none)."""
    x = np.asarray(scores, dtype=float)
    seen = ~np.isnan(x)
    with np.errstate(invalid="ignore"):
        return np.where(seen, x, 0.0).sum(axis=1) / seen.sum(axis=1)


def distractor_analysis(choices, totals, items, option_keys) -> list[Distractors]:
    """Return the option shares of every item.

    ``choices`` is persons x items: an option key, BLANK for unanswered, None for not
    presented; ``option_keys[i]`` lists item i's options (so unchosen ones show as 0).
    """
    choices = np.asarray(choices, dtype=object).reshape(len(totals), len(items))
    totals = np.asarray(totals, dtype=float)
    return [_item(choices[:, i], totals, item, option_keys[i]) for i, item in enumerate(items)]


def _item(column, totals, item, keys) -> Distractors:
    presented = np.array([c is not None for c in column], dtype=bool)
    picked = column[presented]
    if len(picked) == 0:
        return Distractors(item, 0, [])
    # A person who left every item blank has no total: counted, but in neither third.
    ranked = presented & ~np.isnan(totals)
    order = np.argsort(totals[ranked], kind="stable")
    third = len(order) // 3
    bottom, top = column[ranked][order[:third]], column[ranked][order[len(order) - third :]]
    labels = list(keys) + ([BLANK] if (picked == BLANK).any() else [])
    return Distractors(
        item,
        len(picked),
        [
            OptionShare(
                BLANK_LABEL if key == BLANK else key,
                float(np.mean(picked == key)),
                float(np.mean(top == key)) if third else None,
                float(np.mean(bottom == key)) if third else None,
            )
            for key in labels
        ],
    )


def review_flags(
    stats: ItemStats, shares: Distractors | None, key: str | None, min_count: int
) -> list[str]:
    """Return codes of what needs review: few responses, weak or negative discrimination,
    one dominant option, a distractor the top third prefers (``key`` = the mcq answer)."""
    if stats.n < min_count:
        return ["few_responses"]
    flags = []
    if stats.r_rest is None:
        flags.append("no_discrimination_estimate")
    elif stats.r_rest < 0:
        flags.append("negative_discrimination")
    elif stats.r_rest < NEAR_ZERO:
        flags.append("near_zero_discrimination")
    for option in shares.options if shares else []:
        if option.key != BLANK_LABEL and option.share >= DOMINANT:
            flags.append(f"dominant_option:{option.key}")
        if key is not None and option.key not in (key, BLANK_LABEL) and _attracts_top(option):
            flags.append(f"distractor_attracts_top:{option.key}")
    return flags


def _attracts_top(option: OptionShare) -> bool:
    if option.top is None or option.bottom is None:
        return False
    return option.top > option.bottom and option.top >= ATTRACTIVE
