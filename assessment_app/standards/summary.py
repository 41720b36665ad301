"""A round's judgements turned into cut points with standard errors, and their impact.

Bookmark: a panelist's bookmark after page m of a competency's booklet puts his cut on the
ability scale at `psychometrics.bookmark_theta` (midway between pages m and m + 1); the
panel's cut is the median over panelists (`median_cut`, its standard error from the spread
of the panelists, the booklet's page gaps and the calibration's error of the bookmarked
pages' locations, "theta_se_calibration", the part every panelist shares); the C_score
cut is the competency's test characteristic curve at that ability (`score_cut`, its standard
error by the delta method, so it carries the calibration part too).

Modified Angoff: a panelist's cut is 100 x his mean expected credit over the competency's
items (`standards.credit.expected_credit`); the panel's cut is the mean over the panelists
who judged every item, with the standard error of that mean.

The four C_score cuts of a competency (boundaries 2..5) are proposed when every boundary has
a cut, they rise strictly (`scoring.cuts_valid`) and the level-2 cut lies above 0, what
chance earns; otherwise the summary says why not (the impact is still shown when the cuts
are complete and rising, so the panel sees what its judgement would do).
Impact: the share of the event's finished attempts of the test at each level under the
proposed cuts, next to the share under the cuts in force (`scoring.levels`, the one rule).

A booklet built before the page locations carried their bootstrap error ("location_se")
counts that part as 0, and the competency's "notes" say so.

Everything returned is plain JSON (no NaN: an undefined number is None), as kept in
`PanelRound.summary`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from assessment_app import psychometrics as pm
from assessment_app import scoring
from assessment_app.bank import Bank
from assessment_app.standards import BOUNDARIES
from assessment_app.standards.booklet import parameters
from assessment_app.standards.credit import expected_credit

# CONTRACT §6: 0 is what a blank or a random answer earns on the C_score scale, and such a
# candidate must stay at level 1, so the level-2 cut a panel proposes must lie above it.
CHANCE_SCORE = 0.0


def number(value) -> float | None:
    """Return a JSON-safe float: None for NaN or infinity."""
    value = float(value)
    return value if math.isfinite(value) else None


def summarise(booklet: dict, judgements, bank: Bank, scores: dict[str, list[tuple]]) -> dict:
    """Return the round's cuts and impact per competency of the booklet.

    ``judgements`` are (label, competency, boundary, item_id, value) rows; ``scores`` maps a
    competency to the (C_score, level in force) of every finished attempt that measured it.
    """
    grouped = defaultdict(lambda: defaultdict(list))
    for label, code, boundary, item_id, value in judgements:
        grouped[code][boundary].append((label, item_id, value))
    result = []
    for entry in booklet["competencies"]:
        cut_of = _bookmark_boundary if booklet["method"] == "bookmark" else _angoff_boundary
        boundaries = [
            cut_of(entry, level, grouped[entry["code"]][level], bank) for level in BOUNDARIES
        ]
        cuts = [b["cut"] for b in boundaries]
        rising = None not in cuts and scoring.cuts_valid(cuts)
        problem = _problem(cuts, rising)
        result.append(
            {
                "code": entry["code"],
                "name": entry["name"],
                "boundaries": boundaries,
                "cuts": None if problem else cuts,
                "problem": problem,
                "impact": impact(scores.get(entry["code"], []), cuts if rising else None),
            }
        )
    return {"method": booklet["method"], "competencies": result}


def _problem(cuts: list, rising: bool) -> str:
    """Say why the cuts cannot be proposed, or return "" when they can."""
    missing = [str(level) for level, cut in zip(BOUNDARIES, cuts, strict=True) if cut is None]
    if missing:
        return f"Belum ada penilaian lengkap untuk batas level {', '.join(missing)}."
    if not rising:
        return "Batas level belum naik berurutan (batas yang lebih tinggi harus lebih besar)."
    if cuts[0] <= CHANCE_SCORE:
        return (
            f"Batas level 2 ({cuts[0]:.2f}) tidak di atas 0, skor C yang diperoleh peserta yang "
            "menebak acak atau tidak menjawab: mereka harus tetap di level 1. Tinjau penanda "
            "level 2 pada putaran berikutnya."
        )
    return ""


def _bookmark_boundary(entry: dict, level: int, rows: list, bank: Bank) -> dict[str, Any]:
    """The panel's cut at one boundary of one competency from its panelists' bookmarks."""
    pages = entry.get("pages") or []
    if not rows or not pages:
        return _empty(level)
    params, credits = parameters(entry)
    locations = [page["location"] for page in pages]
    errors = [page["location_se"] or 0.0 for page in pages]  # None: too few replicates
    marks = [int(value) for _, _, value in sorted(rows)]
    thetas = [pm.bookmark_theta(locations, m) for m in marks]
    scores = pm.characteristic_score(params, credits, thetas)
    panelists = [
        {"label": label, "bookmark": m, "theta": theta, "score": float(score)}
        for (label, _, _), m, theta, score in zip(sorted(rows), marks, thetas, scores, strict=True)
    ]
    panel = pm.median_cut(
        thetas,
        [pm.bookmark_rounding_se(locations, m) for m in marks],
        [pm.bookmark_calibration_se(errors, m) for m in marks],
    )
    cut, se = pm.score_cut(params, credits, panel.value, panel.se)
    return {
        **_panel(level, panel, panelists),
        "theta": number(panel.value),
        "theta_se": number(panel.se),
        "theta_se_calibration": number(panel.calibration),
        "cut": number(cut),
        "se": number(se),
    }


def _angoff_boundary(entry: dict, level: int, rows: list, bank: Bank) -> dict[str, Any]:
    """The panel's cut at one boundary from the panelists who judged every item."""
    items = {item["id"]: bank.item(item["id"]) for item in entry["items"]}
    stated = defaultdict(dict)
    for label, item_id, value in rows:
        if item_id in items:
            stated[label][item_id] = value
    complete = sorted(label for label, values in stated.items() if len(values) == len(items))
    if not complete or not items:
        return _empty(level, incomplete=sorted(stated))
    panelists = []
    for label in complete:
        credits = [expected_credit(items[i], stated[label][i]) for i in sorted(items)]
        panelists.append({"label": label, "score": pm.angoff_panelist_cut(credits)})
    panel = pm.mean_cut([p["score"] for p in panelists])
    incomplete = sorted(set(stated) - set(complete))
    return {
        **_panel(level, panel, panelists),
        "cut": number(panel.value),
        "se": number(panel.se),
        "incomplete": incomplete,
    }


def _panel(level: int, panel, panelists: list[dict]) -> dict[str, Any]:
    return {
        "level": level,
        "panelists": panelists,
        "n": panel.panelists,
        "sd": number(panel.sd),
        "spread": [number(v) for v in panel.spread],
    }


def _empty(level: int, incomplete=()) -> dict[str, Any]:
    return {
        "level": level,
        "panelists": [],
        "n": 0,
        "sd": None,
        "spread": [],
        "cut": None,
        "se": None,
        "theta": None,  # the same keys as a boundary with judgements, for the pages
        "theta_se": None,
        "theta_se_calibration": None,
        "incomplete": list(incomplete),
    }


def impact(scores: list[tuple], cuts: list[float] | None) -> dict[str, Any]:
    """Return the share of attempts at each level 1..5 under ``cuts`` and under the cuts in
    force; ``scores`` are (C_score, level in force) pairs."""
    persons = len(scores)
    in_force = _shares([level for _, level in scores], persons)
    proposed = None
    if cuts is not None and persons:
        levels = scoring.levels([[score] for score, _ in scores], [cuts])[:, 0]
        proposed = _shares(levels.tolist(), persons)
    return {"persons": persons, "proposed": proposed, "in_force": in_force}


def _shares(levels: list[int], persons: int) -> list[float] | None:
    if not persons:
        return None
    return [sum(1 for level in levels if level == n) / persons for n in range(1, 6)]
