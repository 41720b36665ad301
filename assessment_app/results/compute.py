"""Turn an event's rows into results: numpy over the whole cohort, no loop per answer.

The one scoring path (CONTRACT §6): the item types give each answer's credit and raw score,
`scoring` turns them into C_score, C_raw, levels, z, T, flags and reliability per test, and
`results.talent_results` maps JPM, potential, performance, the 9-box and the succession pool
through `talent`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from assessment_app import clock, scoring
from assessment_app.bank import Bank, get_item_type
from assessment_app.formatting import natural_key
from assessment_app.models import AttemptStatus
from assessment_app.results.cuts import CutLayers, parse_cuts
from assessment_app.results.gather import EventData
from assessment_app.results.model import (
    FINISHED,
    CompetencyInfo,
    CompetencyScore,
    ReliabilityRow,
    ResultRow,
    TestRules,
)
from assessment_app.vocabulary.corrections import LEVEL_CUTS

KEYS = 26  # option keys A..Z


@dataclass(frozen=True)
class Corrections:
    """Scoring corrections in force: dropped items, fully credited items, cut changes."""

    dropped: frozenset[str]
    credited: frozenset[str]
    cuts: dict[str, CutLayers]  # test code -> its cut corrections, layered in id order


def corrections_of(overrides: list) -> Corrections:
    """Collect the overrides that apply, given in the order they were recorded (id order).

    Cut changes layer (`CutLayers.layered`): a list value sets the whole test, a
    per-competency value only the competencies it names, each on top of the earlier ones.
    Cut changes made before scoring v2 (kinds ``sjt_level_cuts``/``mcq_level_cuts``) were
    on the old scales and mean nothing on C_score: they stay listed but do not apply.
    """
    dropped, credited, cuts = set(), set(), {}
    for override in overrides:
        if override.kind == "drop_item":
            dropped.add(override.item_id)
        elif override.kind == "credit_all":
            credited.add(override.item_id)
        elif override.kind == LEVEL_CUTS:
            layers = cuts.get(override.test_code, CutLayers())
            cuts[override.test_code] = layers.layered(parse_cuts(override.value))
    return Corrections(frozenset(dropped), frozenset(credited), cuts)


@dataclass(frozen=True)
class Scored:
    """What scoring the finished attempts gives, keyed by attempt id."""

    scores: dict[int, dict[str, CompetencyScore]]
    flags: dict[int, tuple[str, ...]]
    rules: dict[str, TestRules]
    reliability: list[ReliabilityRow]


@dataclass
class _Catalog:
    """One snapshot's items as arrays: sorted ids, competency column, values per option."""

    ids: np.ndarray
    column: np.ndarray  # -1 for a competency outside the dictionary
    credit: np.ndarray  # items x 26: chance-corrected credit of each option
    raw: np.ndarray  # items x 26: raw score (x the type's raw_scale) of each option
    longest: np.ndarray  # items x 26: True for the option(s) with the longest text
    counted: np.ndarray  # False for dropped items


def _catalog(bank: Bank, columns: dict[str, int], fixes: Corrections) -> _Catalog:
    items = sorted(bank.items, key=lambda item: item.id)
    credit, raw = np.zeros((len(items), KEYS)), np.zeros((len(items), KEYS))
    longest = np.zeros((len(items), KEYS), dtype=bool)
    for row, item in enumerate(items):
        kind, full = get_item_type(item.type), item.id in fixes.credited
        most = max(len(option.text) for option in item.options)
        for option in item.options:
            key = ord(option.key) - 65
            credit[row, key] = kind.credit(item, option.key, credit_all=full)
            raw[row, key] = kind.raw_scale * kind.score(item, option.key, credit_all=full)
            longest[row, key] = len(option.text) == most
    return _Catalog(
        ids=np.array([item.id for item in items]),
        column=np.array([columns.get(item.competency, -1) for item in items]),
        credit=credit,
        raw=raw,
        longest=longest,
        counted=np.array([item.id not in fixes.dropped for item in items]),
    )


@dataclass
class _Drawn:
    """Every item drawn into a finished attempt, with what its answer earned (0 if none)."""

    row: np.ndarray  # the attempt's row in ``finished``
    column: np.ndarray  # competency column
    counted: np.ndarray  # presented: not dropped, competency known
    credit: np.ndarray
    raw: np.ndarray


def _drawn(data: EventData, finished: list, banks: dict[int, Bank], columns, fixes):
    """Return the drawn items of the finished attempts and, per answer, its longest mark."""
    order = np.array([a.id for a in finished])
    snapshot_of = np.array([a.snapshot_id for a in finished])
    answers = data.answers
    answer_rows = np.searchsorted(order, np.array(answers.attempt_ids, dtype=np.int64))
    answer_keys = np.frombuffer("".join(answers.choices).encode(), np.uint8).astype(int) - 65
    parts, longest = [], np.zeros(len(answer_rows), dtype=bool)
    for snapshot_id in np.unique(snapshot_of):
        catalog = _catalog(banks[int(snapshot_id)], columns, fixes)
        rows = np.flatnonzero(snapshot_of == snapshot_id)
        position = {item_id: i for i, item_id in enumerate(catalog.ids.tolist())}
        drawn_ids = ",".join(finished[r].item_ids for r in rows).split(",")
        item = _positions(position, drawn_ids)
        owner = np.repeat(rows, [finished[r].item_count for r in rows])
        credit, raw = np.zeros(item.size), np.zeros(item.size)
        mine = np.flatnonzero(np.isin(answer_rows, rows))
        answered_item = _positions(
            position,
            answers.item_ids
            if mine.size == len(answers.item_ids)  # one snapshot: every answer is its own
            else [answers.item_ids[i] for i in mine.tolist()],
        )
        # Find each answer among the drawn items: both keyed by (row, item position).
        drawn_key = owner.astype(np.int64) * len(catalog.ids) + item
        answer_key = answer_rows[mine].astype(np.int64) * len(catalog.ids) + answered_item
        sort = np.argsort(drawn_key, kind="stable")
        found = np.searchsorted(drawn_key, answer_key, sorter=sort)
        hit = found < drawn_key.size
        at = sort[np.minimum(found, drawn_key.size - 1)]
        hit &= drawn_key[at] == answer_key  # an answer to an item not drawn counts for nothing
        keys = answer_keys[mine][hit]
        credit[at[hit]] = catalog.credit[answered_item[hit], keys]
        raw[at[hit]] = catalog.raw[answered_item[hit], keys]
        longest[mine[hit]] = catalog.longest[answered_item[hit], keys]
        parts.append(
            _Drawn(
                owner,
                catalog.column[item],
                catalog.counted[item] & (catalog.column[item] >= 0),
                credit,
                raw,
            )
        )
    merged = _Drawn(*(np.concatenate([getattr(p, f) for p in parts]) for f in _FIELDS))
    return merged, answer_rows, longest


_FIELDS = ("row", "column", "counted", "credit", "raw")


def _positions(position: dict[str, int], item_ids: list[str]) -> np.ndarray:
    """Return each item id's row in the catalog (its sorted ids), as a searchsorted of the
    ids would, but by one dict lookup per id instead of a string array built and searched.
    An id the catalog lacks gets the row searchsorted would insert it at."""
    found = list(map(position.get, item_ids))
    if None in found:
        ids = sorted(position)
        found = [
            p if p is not None else bisect_left(ids, item_id)
            for p, item_id in zip(found, item_ids, strict=True)
        ]
    return np.array(found, dtype=np.intp)


_STATUS_TEXT = {status: status.value for status in AttemptStatus}


def _status(status) -> str:
    """Return the status as its plain string (a dict lookup: enum .value costs more)."""
    return _STATUS_TEXT.get(status, status)


def _seconds(moment) -> float:
    return moment.timestamp() if moment is not None else np.nan


def score_attempts(
    data: EventData,
    banks: dict[int, Bank],
    competencies: list[CompetencyInfo],
    fixes: Corrections,
    titles: dict[str, str],
) -> Scored:
    """Score every finished attempt; z, T and reliability over the finished attempts of
    the same test; flags per attempt; the rules in force per test."""
    finished = sorted(
        (a for a in data.attempts if _status(a.status) == FINISHED), key=lambda a: a.id
    )  # sorted: answers find their rows by searchsorted
    rules = _rules(data, banks, fixes, titles)
    if not finished:
        return Scored({}, {}, rules, [])
    n, k = len(finished), len(competencies)
    drawn, answer_rows, longest = _drawn(
        data, finished, banks, {c.code: j for j, c in enumerate(competencies)}, fixes
    )
    keep = drawn.counted
    presented = scoring.aggregate(drawn.row[keep], drawn.column[keep], None, n, k)
    credit = scoring.aggregate(drawn.row[keep], drawn.column[keep], drawn.credit[keep], n, k)
    raw = scoring.aggregate(drawn.row[keep], drawn.column[keep], drawn.raw[keep], n, k)
    flags = _flags(data, finished, rules, answer_rows, longest)
    scores, reliability = {}, []
    by_test: dict[str, list[int]] = defaultdict(list)
    for row, attempt in enumerate(finished):
        by_test[attempt.test_code].append(row)
    for test_code, rows in by_test.items():
        test = banks[finished[rows[0]].snapshot_id].test(test_code)
        measured = [j for j, c in enumerate(competencies) if c.code in test.competency_codes]
        block = np.ix_(rows, measured)
        codes = [competencies[j].code for j in measured]
        cuts = np.array([rules[test_code].cuts_for(code) for code in codes], dtype=np.float64)
        cuts = cuts.reshape(len(codes), scoring.CUT_COUNT)  # one row per measured competency
        cohort = scoring.score_cohort(credit[block], raw[block], presented[block], cuts)
        for row, values in zip(rows, _cohort_rows(cohort, presented[block]), strict=True):
            cells = zip(codes, values, strict=True)
            scores[finished[row].id] = {
                code: CompetencyScore(*cell) for code, cell in cells if cell[5] > 0
            }
        in_test = keep & np.isin(drawn.row, rows)
        for j in measured:
            mask = in_test & (drawn.column == j)
            stats = scoring.generalizability(drawn.row[mask], drawn.credit[mask])
            reliability.append(ReliabilityRow(test_code, competencies[j].code, stats))
    return Scored(scores, flags, rules, reliability)


def _cohort_rows(cohort: scoring.ScoredCohort, presented: np.ndarray):
    """Yield, per attempt, its (score, raw, level, z, t, items) per measured competency as
    plain Python numbers (NaN z and T as None): the arrays are turned into lists once,
    not read one numpy scalar at a time."""
    columns = (
        cohort.scores.tolist(),
        cohort.raw.tolist(),
        cohort.levels.tolist(),
        nan_to_none(cohort.z),
        nan_to_none(cohort.t),
        presented.astype(np.int64).tolist(),
    )
    for row in zip(*columns, strict=True):
        yield zip(*row, strict=True)


def nan_to_none(values: np.ndarray) -> list:
    """Return the array as (nested) lists of floats, None where it holds NaN (an empty
    cell): one conversion for the whole array instead of a test per numpy scalar."""
    listed = np.asarray(values, dtype=object)
    listed[np.isnan(values)] = None
    return listed.tolist()


def _flags(data, finished, rules, answer_rows, longest) -> dict[int, tuple[str, ...]]:
    """Return each finished attempt's flags, in the order of ``scoring.flags.FLAGS``."""
    n = len(finished)
    marks = {
        scoring.flags.INCOMPLETE: scoring.flags.incomplete(
            [data.answered.get(a.id, 0) for a in finished],
            [a.item_count for a in finished],
            [rules[a.test_code].min_answered_share for a in finished],
        ),
        scoring.flags.RAPID_GUESSING: scoring.flags.rapid_guessing(
            answer_rows,
            np.array(data.answers.saved, dtype=np.float64),
            np.array([_seconds(a.started_at) for a in finished]),
        ),
        scoring.flags.LONGEST_OPTION: scoring.flags.longest_option(answer_rows, longest, n),
    }
    return {
        a.id: tuple(code for code in scoring.flags.FLAGS if marks[code][row])
        for row, a in enumerate(finished)
    }


def _iso(moment) -> str | None:
    return clock.iso_z(moment) if moment is not None else None


def _rules(data, banks, fixes: Corrections, titles: dict[str, str]) -> dict[str, TestRules]:
    """The rules in force per test: the bank's (latest snapshot first) and corrected cuts."""
    rules = {}
    for snapshot_id in sorted({a.snapshot_id for a in data.attempts} | set(banks), reverse=True):
        for test in banks[snapshot_id].tests:
            if test.code not in rules:
                rules[test.code] = rules_in_force(test, fixes.cuts.get(test.code), titles)
    return rules


def rules_in_force(test, layers: CutLayers | None, titles: dict[str, str]) -> TestRules:
    """Return the test's rules with its layered cut corrections on top of the bank's.

    A list correction replaces the test's cuts and every competency's own; per-competency
    corrections then set the competencies they name, among those the test measures.
    """
    bank = test.scoring
    own = dict(bank.competency_cuts)
    fixed: dict[str, tuple[float, ...]] = {}
    if layers is not None:
        own = {} if layers.test is not None else own
        fixed = {c: v for c, v in layers.by_competency.items() if c in test.competency_codes}
    default_fixed = layers is not None and layers.test is not None
    return TestRules(
        code=test.code,
        title=titles.get(test.code, test.title),
        level_cuts=layers.test if default_fixed else tuple(bank.level_cuts),
        min_answered_share=bank.min_answered_share,
        default_corrected=default_fixed,
        competency_cuts={**own, **fixed},
        corrected_competencies=frozenset(fixed),
    )


def result_rows(
    data: EventData, scored: Scored, talents: dict, titles: dict[str, str]
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
            finished = attempt is not None and status == FINISHED
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
                    scores=scored.scores.get(attempt.id, {}) if finished else {},
                    talent=talents[c.id],
                    flags=scored.flags.get(attempt.id, ()) if finished else (),
                    finished_at=_iso(attempt.finished_at) if finished else None,
                )
            )
    return rows
