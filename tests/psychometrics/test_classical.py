"""Classical item analysis with missing-by-design data, distractors, flags and the CSV export."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest

from assessment_app.psychometrics import (
    BLANK,
    ItemInfo,
    analyse_test,
    distractor_analysis,
    item_analysis,
    write_item_analysis,
)
from assessment_app.psychometrics.classical import ItemStats
from assessment_app.psychometrics.distractors import review_flags
from assessment_app.psychometrics.simulate import draw_design, random_items, simulate


@pytest.fixture(scope="module")
def sjt_scores():
    """3,000 persons x 12 five-option sjt items (scores 1..5), complete."""
    rng = np.random.default_rng(31)
    truth = random_items(rng, 12, 5)
    theta = rng.normal(size=3000)
    data = simulate(rng, truth, theta, np.ones((3000, 12), dtype=bool))
    return data.values + 1.0, rng


def test_pairwise_alpha_matches_spearman_brown_of_the_complete_data(sjt_scores):
    scores, rng = sjt_scores
    full = item_analysis(scores, [f"S{i}" for i in range(12)])
    shown = draw_design(rng, len(scores), 12, 4)
    partial = item_analysis(np.where(shown, scores, np.nan), [f"S{i}" for i in range(12)])
    k, alpha = 12, full.scale.alpha
    mean_r = alpha / (k - (k - 1) * alpha)  # alpha = k c / (v + (k - 1) c), solved for c / v
    expected = 4 * mean_r / (1 + 3 * mean_r)
    assert partial.scale.length == 4 and not partial.scale.complete
    assert partial.scale.alpha == pytest.approx(expected, abs=0.03)
    assert "kovarians berpasangan" in partial.notes[0]
    for whole, part in zip(full.items, partial.items, strict=True):
        assert part.n < whole.n and part.facility == pytest.approx(whole.facility, abs=0.08)


def test_pairs_never_presented_together_are_left_out_and_said_so(sjt_scores):
    scores, rng = sjt_scores
    # Two items per "level", one level-item drawn per person (as MANSOS draws): 6 items,
    # 3 per person; the pairs within a level are never seen together.
    pick = rng.integers(0, 2, size=(len(scores), 3))
    shown = np.zeros((len(scores), 6), dtype=bool)
    shown[np.arange(len(scores))[:, None], 2 * np.arange(3) + pick] = True
    result = item_analysis(np.where(shown, scores[:, :6], np.nan), list("ABCDEF"))
    assert (result.scale.pairs_used, result.scale.pairs_total) == (12, 15)
    assert result.scale.alpha is not None and 0 < result.scale.alpha < 1
    assert "12 dari 15 pasangan" in result.notes[0]
    assert all(row.alpha_if_dropped is not None for row in result.items)


def test_too_few_responses_give_empty_statistics_not_nan():
    scores = np.array([[1.0, 0.0], [0.0, np.nan], [1.0, 1.0]] * 4)
    result = item_analysis(scores, ["X", "Y"], min_count=10)
    x, y = result.items
    assert x.n == 12 and x.facility == pytest.approx(2 / 3)
    assert y.n == 8 and y.facility is None and y.r_rest is None
    assert "1 butir dengan kurang dari 10 jawaban tidak dianalisis: Y" in result.notes[1]
    assert result.scale.alpha is None and result.notes[2].startswith("Alpha tidak dapat")


def test_constant_item_has_no_correlation():
    scores = np.column_stack([np.ones(30), np.tile([0.0, 1.0, 1.0], 10)])
    result = item_analysis(scores, ["all", "some"])
    assert result.items[0].sd == 0 and result.items[0].r_total is None


def test_distractor_shares_in_the_top_and_bottom_thirds():
    totals = np.arange(9.0)  # persons 0-2 bottom third, 6-8 top third
    column = ["B", "B", BLANK, "A", "C", "A", "A", "A", "B"]
    choices = np.array(column + [None], dtype=object).reshape(10, 1)
    [shares] = distractor_analysis(choices, np.append(totals, 9.0), ["Q1"], [("A", "B", "C", "D")])
    assert shares.n == 9
    a, b, c, d, blank = shares.options
    assert (a.key, a.share, a.top, a.bottom) == ("A", 4 / 9, 2 / 3, 0.0)
    assert (b.share, b.top, b.bottom) == (3 / 9, 1 / 3, 2 / 3)
    assert (c.share, d.share) == (1 / 9, 0.0)
    assert (blank.key, blank.share, blank.bottom) == ("(kosong)", 1 / 9, 1 / 3)


def test_a_person_who_left_everything_blank_counts_in_the_shares_only():
    choices = np.array([["A"], ["B"], ["A"], [BLANK]], dtype=object)
    [shares] = distractor_analysis(choices, [1.0, 0.0, 2.0, np.nan], ["Q"], [("A", "B")])
    assert shares.n == 4 and shares.option("(kosong)").share == 0.25
    assert shares.option("A").top == 1.0 and shares.option("B").bottom == 1.0


def _stats(r_rest: float, n: int = 50) -> ItemStats:
    return ItemStats("Q", n, 0.5, 0.5, 0.3, r_rest, 0.7)


def test_review_flags():
    [shares] = distractor_analysis(
        np.array([["A"]] * 46 + [["B"]] * 2 + [["C"]] * 2, dtype=object),
        np.r_[np.arange(46.0), 100, 101, -2, -1],
        ["Q"],
        [("A", "B", "C")],
    )
    assert review_flags(_stats(-0.2), shares, "A", 20) == [
        "negative_discrimination",
        "dominant_option:A",
        "distractor_attracts_top:B",
    ]
    assert review_flags(_stats(0.05), None, None, 20) == ["near_zero_discrimination"]
    assert review_flags(_stats(0.4, n=5), None, None, 20) == ["few_responses"]


def test_analyse_test_and_export_have_no_nan(sjt_scores):
    scores, rng = sjt_scores
    shown = draw_design(rng, 400, 12, 6)
    part = np.where(shown, scores[:400], np.nan)
    part[:, 11] = np.where(shown[:, 11], 5.0, np.nan)  # everyone picks the best option
    part[:, 10] = np.where(shown[:, 10], 6.0 - scores[:400, 10], np.nan)  # reversed scores
    choices = np.full(part.shape, None, dtype=object)
    for n, i in zip(*np.nonzero(shown), strict=True):
        choices[n, i] = "ABCDE"[int(part[n, i]) - 1]
    choices[0, np.flatnonzero(shown[0])[0]] = BLANK
    part[0, np.flatnonzero(shown[0])[0]] = np.nan
    items = [
        ItemInfo(f"S{i:02d}", "INT" if i < 6 else "KS", "sjt", tuple("ABCDE")) for i in range(12)
    ]
    rows, notes = analyse_test("MANSOS", items, part, choices)
    assert [r.info.competency for r in rows] == ["INT"] * 6 + ["KS"] * 6
    assert rows[11].flags == ["no_discrimination_estimate", "dominant_option:E"]
    assert rows[10].flags[0] == "negative_discrimination"
    assert any(n.startswith("MANSOS / INT: Data tidak lengkap") for n in notes)
    out = io.StringIO()
    write_item_analysis(rows, out)
    table = list(csv.DictReader(io.StringIO(out.getvalue())))
    cells = [cell.lower() for row in table for cell in row.values()]
    assert not {"nan", "inf", "-inf", "none"} & set(cells)
    assert list(table[0])[:12] == [
        "test", "competency", "item", "type", "presented", "n", "facility", "sd", "r_total",
        "r_rest",
        "alpha_if_dropped", "flags",
    ]  # fmt: skip
    assert {"scale_alpha", "scale_sem", "test_alpha", "share_A", "top_E", "bottom_blank"} <= set(
        table[0]
    )
    assert table[11]["r_total"] == "" and table[11]["share_E"] == "1"
    assert float(table[0]["scale_alpha"]) == pytest.approx(rows[0].scale.alpha, abs=1e-6)
