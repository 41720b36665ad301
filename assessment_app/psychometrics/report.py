"""The item analysis of a test, per competency, as rows for the CSV export.

Input is plain values: the items (competency, type, options, mcq key), a score matrix
(NaN = not presented or, for sjt, unanswered) and the chosen keys (None = not presented,
BLANK = unanswered). Each competency is a scale of its own (its score is what is reported);
the test's alpha over all its items is given beside.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from typing import TextIO

import numpy as np

from .classical import MIN_COUNT, ItemAnalysis, ItemStats, ScaleStats, item_analysis
from .distractors import BLANK_LABEL, Distractors, distractor_analysis, person_totals, review_flags

DECIMALS = 6
ITEM_COLUMNS = ("n", "facility", "sd", "r_total", "r_rest", "alpha_if_dropped")
SCALE_COLUMNS = ("items", "persons", "length", "alpha", "sd_total", "sem")


@dataclass(frozen=True)
class ItemInfo:
    """What the analysis needs to know of an item."""

    id: str
    competency: str
    type: str  # "mcq" or "sjt"
    options: tuple[str, ...]
    key: str | None = None  # the correct option of an mcq item


@dataclass(frozen=True)
class AnalysisRow:
    """One item's line of the export."""

    test: str
    info: ItemInfo
    stats: ItemStats
    scale: ScaleStats
    test_scale: ScaleStats
    shares: Distractors
    flags: list[str]


def analyse_test(test: str, items: list[ItemInfo], scores, choices, *, min_count=MIN_COUNT):
    """Return the rows of every item (grouped by competency) and the notes on the data."""
    scores = np.asarray(scores, dtype=float)
    choices = np.asarray(choices, dtype=object).reshape(scores.shape)
    whole = item_analysis(scores, [i.id for i in items], min_count=min_count)
    rows, notes = [], []
    for competency in dict.fromkeys(item.competency for item in items):
        columns = [j for j, item in enumerate(items) if item.competency == competency]
        part = [items[j] for j in columns]
        analysis = item_analysis(scores[:, columns], [i.id for i in part], min_count=min_count)
        notes += [f"{test} / {competency}: {note}" for note in analysis.notes]
        rows += _rows(
            test, part, analysis, whole, scores[:, columns], choices[:, columns], min_count
        )
    return rows, notes


def _rows(test, part, analysis: ItemAnalysis, whole, scores, choices, min_count):
    totals = person_totals(scores)
    shares = distractor_analysis(choices, totals, [i.id for i in part], [i.options for i in part])
    return [
        AnalysisRow(
            test,
            info,
            stats,
            analysis.scale,
            whole.scale,
            share,
            review_flags(stats, share, info.key if info.type == "mcq" else None, min_count),
        )
        for info, stats, share in zip(part, analysis.items, shares, strict=True)
    ]


def option_labels(rows: list[AnalysisRow]) -> list[str]:
    """Return every option key seen, in order, the blank last."""
    keys = dict.fromkeys(k for row in rows for k in row.info.options)
    if any(row.shares.option(BLANK_LABEL) for row in rows):
        keys[BLANK_LABEL] = None
    return list(keys)


def write_item_analysis(rows: list[AnalysisRow], out: TextIO) -> None:
    """Write one line per item: its figures, flags, its competency's and test's scale
    figures, and the option shares (overall, top third, bottom third).

    ``presented`` counts the persons shown the item, ``n`` those with a score (a blank sjt
    answer has none; a blank mcq answer scores 0).
    """
    labels = option_labels(rows)
    names = ["blank" if label == BLANK_LABEL else label for label in labels]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["test", "competency", "item", "type", "presented", *ITEM_COLUMNS, "flags"]
        + [f"scale_{c}" for c in SCALE_COLUMNS]
        + ["test_alpha", "test_sem"]
        + [f"{part}_{name}" for name in names for part in ("share", "top", "bottom")]
    )
    for row in rows:
        stats = [getattr(row.stats, column) for column in ITEM_COLUMNS]
        scale = [getattr(row.scale, column) for column in SCALE_COLUMNS]
        options = []
        for label in labels:
            share = row.shares.option(label)
            options += [share.share, share.top, share.bottom] if share else [None] * 3
        writer.writerow(
            [row.test, row.info.competency, row.info.id, row.info.type, str(row.shares.n)]
            + [_cell(v) for v in stats]
            + [";".join(row.flags)]
            + [_cell(v) for v in scale]
            + [_cell(row.test_scale.alpha), _cell(row.test_scale.sem)]
            + [_cell(v) for v in options]
        )


def _cell(value) -> str:
    """Return a number rounded to DECIMALS places as plain text, "" for None."""
    if value is None:
        return ""
    if isinstance(value, int | np.integer):
        return str(value)
    rounded = round(float(value), DECIMALS)
    return f"{rounded:.{DECIMALS}f}".rstrip("0").rstrip(".") if rounded else "0"
