"""Turn an event's rows into results: numpy over the whole cohort, no loop per answer."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from assessment_app import scoring, talent
from assessment_app.bank import Bank
from assessment_app.formatting import natural_key
from assessment_app.models import AttemptStatus
from assessment_app.results.gather import EventData
from assessment_app.results.model import (
    CompetencyInfo,
    CompetencyScore,
    ResultRow,
    TalentResult,
)
from assessment_app.tabular import latest_by_nip
from assessment_app.tabular.standards import position_key

FINISHED = AttemptStatus.FINISHED.value
JPM_GROUPS = ("manajerial", "sosiokultural")
KEYS = 26  # option keys A..Z


@dataclass(frozen=True)
class Corrections:
    """Scoring corrections in force: dropped items, fully credited items, cut changes."""

    dropped: frozenset[str]
    credited: frozenset[str]
    cuts: dict[str, dict[str, tuple[float, ...]]]  # test -> {"sjt_level_cuts": (...), ...}


def corrections_of(overrides: list) -> Corrections:
    """Collect the overrides that apply (later ones win for the same test's cuts)."""
    dropped, credited, cuts = set(), set(), defaultdict(dict)
    for override in overrides:
        if override.kind == "drop_item":
            dropped.add(override.item_id)
        elif override.kind == "credit_all":
            credited.add(override.item_id)
        elif override.kind in ("sjt_level_cuts", "mcq_level_cuts"):
            cuts[override.test_code][override.kind] = tuple(
                float(v) for v in override.value.split(",")
            )
    return Corrections(frozenset(dropped), frozenset(credited), dict(cuts))


@dataclass
class _Catalog:
    """One snapshot's items as arrays: sorted ids, competency column, points per option."""

    ids: np.ndarray
    column: np.ndarray
    points: np.ndarray  # items x 26
    counted: np.ndarray  # False for dropped items


def _catalog(bank: Bank, columns: dict[str, int], fixes: Corrections) -> _Catalog:
    items = sorted(bank.items, key=lambda item: item.id)
    points = np.zeros((len(items), KEYS))
    for row, item in enumerate(items):
        scale = max((o.score or 0) for o in item.options) if item.type == "sjt" else 1
        for option in item.options:
            if item.id in fixes.credited:
                value = scale
            elif item.type == "sjt":
                value = option.score
            else:
                value = 1.0 if option.key == item.answer else 0.0
            points[row, ord(option.key) - 65] = value
    return _Catalog(
        ids=np.array([item.id for item in items]),
        column=np.array([columns.get(item.competency, -1) for item in items]),
        points=points,
        counted=np.array([item.id not in fixes.dropped for item in items]),
    )


def competency_matrices(
    data: EventData, banks: dict[int, Bank], columns: dict[str, int], fixes: Corrections
) -> tuple[list, np.ndarray, np.ndarray]:
    """Return the finished attempts and their points and presented counts (n x K)."""
    finished = sorted(
        (a for a in data.attempts if _status(a.status) == FINISHED), key=lambda a: a.id
    )  # sorted: answers find their rows by searchsorted
    n, k = len(finished), len(columns)
    points, presented = np.zeros((n, k)), np.zeros((n, k))
    if not n:
        return finished, points, presented
    order = np.array([a.id for a in finished])
    snapshot_of = np.array([a.snapshot_id for a in finished])
    answers = data.answers
    answer_rows = np.searchsorted(order, np.array(answers.attempt_ids, dtype=np.int64))
    answer_items = np.array(answers.item_ids, dtype=str)
    answer_keys = np.frombuffer("".join(answers.choices).encode(), np.uint8).astype(int) - 65
    for snapshot_id in np.unique(snapshot_of):
        catalog = _catalog(banks[int(snapshot_id)], columns, fixes)
        rows = np.flatnonzero(snapshot_of == snapshot_id)
        drawn_ids = ",".join(finished[r].item_ids for r in rows).split(",")
        drawn = np.searchsorted(catalog.ids, np.array(drawn_ids))
        owner = np.repeat(rows, [finished[r].item_count for r in rows])
        keep = catalog.counted[drawn] & (catalog.column[drawn] >= 0)
        presented += scoring.aggregate(
            owner[keep], catalog.column[drawn][keep], np.ones(int(keep.sum())), n, k
        )
        mine = np.isin(answer_rows, rows) if len(answer_rows) else np.zeros(0, bool)
        item = np.searchsorted(catalog.ids, answer_items[mine])
        keep = catalog.counted[item] & (catalog.column[item] >= 0)
        values = catalog.points[item[keep], answer_keys[mine][keep]]
        points += scoring.aggregate(
            answer_rows[mine][keep], catalog.column[item][keep], values, n, k
        )
    return finished, points, presented


def _status(status) -> str:
    return status.value if hasattr(status, "value") else status


def score_tests(
    finished: list,
    points: np.ndarray,
    presented: np.ndarray,
    banks: dict[int, Bank],
    competencies: list[CompetencyInfo],
    fixes: Corrections,
) -> dict[int, dict[str, CompetencyScore]]:
    """Score every finished attempt; z and t over the finished attempts of the same test."""
    kinds = _kinds(banks)
    by_test: dict[str, list[int]] = defaultdict(list)
    for row, attempt in enumerate(finished):
        by_test[attempt.test_code].append(row)
    scores: dict[int, dict[str, CompetencyScore]] = {}
    for test_code, rows in by_test.items():
        test = banks[finished[rows[0]].snapshot_id].test(test_code)
        measured = [i for i, c in enumerate(competencies) if c.code in test.competency_codes]
        kind = np.array([kinds.get(competencies[i].code, "sjt") for i in measured])
        block_points = points[np.ix_(rows, measured)]
        block_presented = presented[np.ix_(rows, measured)]
        values = scoring.score_matrix(block_points, block_presented, kind)
        cuts = _cuts(test, fixes.cuts.get(test_code, {}))
        level = scoring.levels(values, [cuts[k] for k in kind])
        z, t = scoring.standardise(values)
        for r, row in enumerate(rows):
            scores[finished[row].id] = {
                competencies[i].code: CompetencyScore(
                    float(values[r, j]), int(level[r, j]), _num(z[r, j]), _num(t[r, j])
                )
                for j, i in enumerate(measured)
                if not np.isnan(values[r, j])
            }
    return scores


def _num(value) -> float | None:
    return None if np.isnan(value) else float(value)


def _kinds(banks: dict[int, Bank]) -> dict[str, str]:
    kinds = {}
    for bank in banks.values():
        for item in bank.items:
            kinds.setdefault(item.competency, item.type)
    return kinds


def _cuts(test, fixed: dict) -> dict[str, tuple[float, ...]]:
    return {
        "sjt": fixed.get("sjt_level_cuts", tuple(test.scoring.sjt_level_cuts)),
        "mcq": fixed.get("mcq_level_cuts", tuple(test.scoring.mcq_level_cuts)),
    }


def talent_results(
    data: EventData,
    scores: dict[int, dict[str, CompetencyScore]],
    competencies: list[CompetencyInfo],
    bands,
) -> dict[int, TalentResult]:
    """JPM, category, potential, performance and box for every candidate."""
    codes = [c.code for c in competencies if c.group in JPM_GROUPS]
    column = {code: j for j, code in enumerate(codes)}
    candidates = data.candidates
    index = {c.id: i for i, c in enumerate(candidates)}
    achieved = np.full((len(candidates), len(codes)), np.nan)
    position_of = {(r.candidate_id, r.test_code): r.position for r in data.registrations}
    for attempt in sorted(
        (a for a in data.attempts if a.id in scores),
        key=lambda a: position_of.get((a.candidate_id, a.test_code), 0),
    ):
        for code, score in scores[attempt.id].items():
            if code in column:  # later tests in the candidate's order overwrite earlier ones
                achieved[index[attempt.candidate_id], column[code]] = score.level
    required = np.full_like(achieved, np.nan)
    standards = defaultdict(dict)
    for s in data.standards:
        standards[position_key(s.position_code)][s.competency_code] = s.required_level
    for c in candidates:
        for code, level in standards.get(position_key(c.position_code), {}).items():
            if code in column:
                required[index[c.id], column[code]] = level
    jpm = talent.jpm(achieved, required)
    categories = talent.categorise(jpm, bands)
    potentials = talent.potential(jpm, bands)
    ratings = _latest_ratings(data.ratings)
    results = {}
    for c in candidates:
        i = index[c.id]
        predikat = ratings.get(c.nip)
        performance = talent.performance(predikat)
        results[c.id] = TalentResult(
            achieved={
                code: int(achieved[i, j])
                for code, j in column.items()
                if not np.isnan(achieved[i, j])
            },
            required={
                code: int(required[i, j])
                for code, j in column.items()
                if not np.isnan(required[i, j])
            },
            jpm=None if np.isnan(jpm[i]) else float(jpm[i]),
            jpm_category=categories[i],
            potential=potentials[i],
            predikat=predikat,
            performance=performance,
            box=talent.box(potentials[i], performance),
        )
    return results


def _latest_ratings(ratings: list) -> dict[str, str]:
    """The rating that counts per NIP (the import's rule: the latest year wins)."""
    return {nip: row.predikat for nip, row in latest_by_nip(ratings).items()}


def result_rows(
    data: EventData, scores: dict, talents: dict, titles: dict[str, str]
) -> list[ResultRow]:
    """One row per candidate and registered test, in session, room, seat, test order."""
    attempts = {(a.candidate_id, a.test_code): a for a in data.attempts}
    registrations = defaultdict(list)
    for r in data.registrations:
        registrations[r.candidate_id].append(r)
    rows = []
    for c in sorted(
        data.candidates, key=lambda c: (c.session, c.room, natural_key(c.seat or ""), c.name)
    ):
        for reg in sorted(registrations[c.id], key=lambda r: r.position):
            attempt = attempts.get((c.id, reg.test_code))
            status = _status(attempt.status) if attempt else AttemptStatus.READY.value
            total = attempt.item_count if attempt else data.test_sizes.get(reg.test_code, 0)
            rows.append(
                ResultRow(
                    candidate_id=c.id,
                    nip=c.nip,
                    name=c.name,
                    position=c.position,
                    position_code=c.position_code,
                    unit=c.unit or "",
                    session=c.session,
                    room=c.room,
                    seat=c.seat or "",
                    test_code=reg.test_code,
                    test_title=titles.get(reg.test_code, reg.test_code),
                    status=status,
                    answered=data.answered.get(attempt.id, 0) if attempt else 0,
                    total=total,
                    scores=scores.get(attempt.id, {}) if attempt else {},
                    talent=talents[c.id],
                )
            )
    return rows
