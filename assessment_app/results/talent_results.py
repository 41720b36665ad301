"""The talent result of every candidate: their levels against their position's standard,
through `talent` (JPM, category, potential, performance, the 9-box and KRS)."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from assessment_app import scoring, talent
from assessment_app.results.compute import Scored, nan_to_none
from assessment_app.results.gather import EventData
from assessment_app.results.model import CompetencyInfo, TalentResult
from assessment_app.tabular import latest_by_nip
from assessment_app.tabular.standards import position_key


def talent_results(
    data: EventData,
    scored: Scored,
    competencies: list[CompetencyInfo],
    bands: talent.Bands,
) -> dict[int, TalentResult]:
    """JPM, category, potential, performance, box, gaps and KRS for every candidate."""
    codes = [c.code for c in competencies if c.group in talent.JPM_GROUPS]
    column = {code: j for j, code in enumerate(codes)}
    candidates = data.candidates
    index = {c.id: i for i, c in enumerate(candidates)}
    achieved = np.full((len(candidates), len(codes)), np.nan)
    position_of = {(r.candidate_id, r.test_code): r.position for r in data.registrations}
    flagged = defaultdict(bool)
    for attempt in sorted(
        (a for a in data.attempts if a.id in scored.scores),
        key=lambda a: position_of.get((a.candidate_id, a.test_code), 0),
    ):
        marks = scored.flags.get(attempt.id, ())
        flagged[attempt.candidate_id] |= bool(marks)
        if scoring.flags.INCOMPLETE in marks:
            continue  # an incomplete test never counts toward JPM
        for code, score in scored.scores[attempt.id].items():
            if code in column:  # later tests in the candidate's order overwrite earlier ones
                achieved[index[attempt.candidate_id], column[code]] = score.level
    required = _required(data, index, column)
    ratings = defaultdict(list)
    for row in data.ratings:
        ratings[row.nip].append((row.year, row.predikat))
    latest_rating = {nip: row.predikat for nip, row in latest_by_nip(data.ratings).items()}
    given = {
        nip: (row.potential, row.source) for nip, row in latest_by_nip(data.potentials).items()
    }
    mapped = talent.talent_map(
        achieved,
        required,
        [latest_rating.get(c.nip) for c in candidates],
        bands,
        [given.get(c.nip) for c in candidates],
    )
    # Plain lists once (NaN as None), not one numpy scalar per candidate and competency.
    achieved_rows, required_rows = _levels_listed(achieved), _levels_listed(required)
    jpm, below = nan_to_none(mapped.jpm), mapped.below.tolist()
    results = {}
    for i, c in enumerate(candidates):
        box, review = mapped.boxes[i], flagged[c.id]
        results[c.id] = TalentResult(
            achieved=_present(achieved_rows[i], column),
            required=_present(required_rows[i], column),
            jpm=jpm[i],
            jpm_category=mapped.categories[i],
            potential=mapped.potentials[i],
            potential_source=mapped.potential_sources[i],
            predikat=latest_rating.get(c.nip),
            performance=mapped.performances[i],
            box=box,
            below_standard=tuple(code for code, j in column.items() if below[i][j]),
            krs=talent.krs(box, ratings.get(c.nip, ()), review),
            review=review,
        )
    return results


def _required(data: EventData, index: dict, column: dict) -> np.ndarray:
    required = np.full((len(index), len(column)), np.nan)
    standards = defaultdict(dict)
    for s in data.standards:
        standards[position_key(s.position_code)][s.competency_code] = s.required_level
    for c in data.candidates:
        for code, level in standards.get(position_key(c.position_code), {}).items():
            if code in column:
                required[index[c.id], column[code]] = level
    return required


def _levels_listed(levels: np.ndarray) -> list[list[int | None]]:
    """Return a (candidates, competencies) level matrix as lists of ints, None for NaN."""
    missing = np.isnan(levels)
    listed = np.where(missing, 0, levels).astype(np.int64).astype(object)
    listed[missing] = None
    return listed.tolist()


def _present(levels: list[int | None], column: dict[str, int]) -> dict[str, int]:
    return {code: levels[j] for code, j in column.items() if levels[j] is not None}
