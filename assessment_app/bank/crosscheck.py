"""Checks that span files: duplicates, dangling codes, mixed types, pools and score ranges,
and per-competency level cuts that name a competency the dictionary or the test lacks."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from assessment_app.bank.parse_competencies import CompetencyDraft
from assessment_app.bank.parse_items import ItemDraft
from assessment_app.bank.parse_tests import TestDraft
from assessment_app.bank.problems import Problem, Reporter
from assessment_app.bank.yamlnodes import CompetencyCuts, Fields


@dataclass
class Drafts:
    """Everything read from a bank directory, before the cross-file checks."""

    competencies: list[CompetencyDraft]
    items: list[ItemDraft]
    tests: list[TestDraft]
    competencies_ok: bool  # False when competencies.yaml is missing or unusable
    # Competencies some of whose items could not be read (their pools may be larger than
    # counted); None when an unreadable item file does not even say its competency.
    unsure_pools: frozenset[str] | None = frozenset()


def cross_check(drafts: Drafts, problems: list[Problem]) -> None:
    """Run every cross-file check, appending problems to ``problems``.

    A file that does not parse hides only what it holds: with competencies.yaml unusable,
    pools are still counted from the items (only "not defined" goes unchecked); with an item
    file unusable, only its competency's pool is left unchecked.
    """
    _duplicates(drafts.competencies, "code", "competency code", problems)
    _duplicates(drafts.items, "id", "item id", problems)
    _duplicates(drafts.tests, "code", "test code", problems)
    _mixed_types(drafts.items, problems)
    _scale_limits(drafts.items, drafts.tests, problems)
    known = None
    if drafts.competencies_ok:
        known = {draft.code for draft in drafts.competencies if draft.code}
        _dangling(drafts.items, known, problems)
    pools = _Pools(
        [draft for draft in drafts.items if known is None or draft.competency in known],
        drafts.unsure_pools,
    )
    for test in drafts.tests:
        _check_draws(test, known, pools, Reporter(test.path, problems))
        _check_cut_codes(test, known, Reporter(test.path, problems))


def _duplicates(
    drafts: Iterable[CompetencyDraft | ItemDraft | TestDraft],
    name: str,
    what: str,
    problems: list[Problem],
) -> None:
    """Report every repeat of the key ``name`` at its own line, naming the first occurrence."""
    first: dict[str, str] = {}
    for draft in drafts:
        key, line = draft.fields.get(name), draft.fields.line_of(name)
        if key is None:
            continue
        if key in first:
            message = f"duplicate {what} '{key}' (first at {first[key]})"
            problems.append(Problem(draft.path, line, message))
        else:
            first[key] = f"{draft.path}:{line}"


def _dangling(items: list[ItemDraft], known: set[str], problems: list[Problem]) -> None:
    """Report, once per file, an item file whose competency is not in competencies.yaml."""
    reported: set[str] = set()
    for draft in items:
        if draft.competency and draft.competency not in known and draft.path not in reported:
            reported.add(draft.path)
            message = (
                f"item file: competency '{draft.competency}' is not defined in competencies.yaml"
            )
            problems.append(Problem(draft.path, draft.competency_line, message))


def _mixed_types(items: list[ItemDraft], problems: list[Problem]) -> None:
    """Report items whose type differs from the majority type of their competency.

    A competency is all sjt or all mcq. Each item of a minority type is reported at its
    ``type:`` line; on a tie the type of the competency's first item (in path order) wins.
    """
    by_competency: dict[str, list[ItemDraft]] = defaultdict(list)
    for draft in items:
        if draft.competency and draft.type:
            by_competency[draft.competency].append(draft)
    for code, drafts in by_competency.items():
        counts = Counter(draft.type for draft in drafts)
        if len(counts) < 2:
            continue
        majority = counts.most_common(1)[0][0]
        first = next(draft for draft in drafts if draft.type == majority)
        for draft in drafts:
            if draft.type != majority:
                message = (
                    f"{draft.label} is {draft.type} but competency {code} is {majority} "
                    f"({counts[majority]} of its {len(drafts)} items, first at {first.source}); "
                    "a competency must not mix sjt and mcq"
                )
                problems.append(Problem(draft.path, draft.fields.line_of("type"), message))


def _scale_limits(items: list[ItemDraft], tests: list[TestDraft], problems: list[Problem]) -> None:
    """Report an option score above the scale_max of any test that can draw its item."""
    limits = [(test, test.scale_max()) for test in tests if test.code]
    for draft in items:
        if draft.item_type is None or draft.competency is None:
            continue
        drawing = [(t, m) for t, m in limits if m is not None and _can_draw(t, draft)]
        for option, score in draft.item_type.option_scores(draft):
            for test, scale_max in drawing:
                if score > scale_max:
                    message = (
                        f"{draft.option_label(option)}: score {score} is above scale_max "
                        f"{scale_max} of test {test.code}, which can draw this item"
                    )
                    problems.append(Problem(draft.path, option.line_of("score"), message))


def _can_draw(test: TestDraft, item: ItemDraft) -> bool:
    """Tell whether some draw of ``test`` can pick ``item``."""
    return any(
        draw.get("competency") == item.competency
        and (not draw.has("level") or draw.get("level") == item.level)
        for draw in test.draws
    )


class _Pools:
    """Pool sizes per competency and per (competency, level), and which are certain."""

    def __init__(self, items: list[ItemDraft], unsure: frozenset[str] | None) -> None:
        self.total = Counter(draft.competency for draft in items)
        self.by_level = Counter((draft.competency, draft.level) for draft in items)
        self.unsure = unsure

    def certain(self, competency: str) -> bool:
        """Tell whether every item of ``competency`` was read (its pool size is exact)."""
        return self.unsure is not None and competency not in self.unsure

    def size(self, competency: str, level: int | None) -> int:
        """Return how many items a draw of ``competency`` (at ``level``) can pick from."""
        if level is None:
            return self.total[competency]
        return self.by_level[(competency, level)]


def _check_draws(test: TestDraft, known: set[str] | None, pools: _Pools, report: Reporter) -> None:
    """Report draws of unknown competencies and draws that their pools cannot fill.

    Level-restricted draws of one (competency, level) must fit that level's pool together,
    and all draws of one competency must fit its whole pool together, since no item is drawn
    twice in one attempt. An overflow is reported at the draw that makes the sum exceed,
    once per competency. A pool that is not certain (unreadable items) is not checked;
    ``known`` is None when competencies.yaml is unusable.
    """
    taken: Counter[tuple[str, int | None]] = Counter()
    overflowing: set[str] = set()
    for draw in test.draws:
        code, count = draw.get("competency"), draw.get("count")
        defined = code is not None and (known is None or code in known)
        if code is not None and not defined:
            report(
                draw.line_of("competency"),
                f"{test.label}: draw competency '{code}' is not defined in competencies.yaml",
            )
        if not defined or count is None or code in overflowing or not pools.certain(code):
            continue
        if draw.has("level") and not draw.valid("level"):
            continue
        for level in _pool_levels(draw):
            taken[(code, level)] += count
            if code not in overflowing and taken[(code, level)] > pools.size(code, level):
                overflowing.add(code)
                _report_overflow(test, draw, level, taken[(code, level)], pools, report)


def _pool_levels(draw: Fields) -> list[int | None]:
    """Return the pools a draw takes from: its level's pool (if any), then the whole pool."""
    return [draw.get("level"), None] if draw.valid("level") else [None]


def _report_overflow(
    test: TestDraft, draw: Fields, level: int | None, total: int, pools: _Pools, report: Reporter
) -> None:
    """Report a draw that takes more items than its pool holds."""
    code, count = draw.get("competency"), draw.get("count")
    at_level = f" at level {level}" if level is not None else ""
    pool = pools.size(code, level)
    if total == count:
        items = "item" if count == 1 else "items"
        detail = f"draws {count} {code} {items}{at_level} but the pool has only {pool}"
    else:
        detail = (
            f"draws of {code}{at_level} total {total} items but the pool has only {pool} "
            "(no item is drawn twice in one attempt)"
        )
    report(draw.line_of("count"), f"{test.label}: {detail}")


def _check_cut_codes(test: TestDraft, known: set[str] | None, report: Reporter) -> None:
    """Report per-competency level cuts for a code competencies.yaml does not define, or
    for a competency the test does not draw (its cuts would never apply).

    ``known`` is None when competencies.yaml is unusable: only the draws are checked then.
    """
    cuts = test.scoring.get("level_cuts") if test.scoring else None
    if not isinstance(cuts, CompetencyCuts):
        return
    drawn = {draw.get("competency") for draw in test.draws}
    what = f"{test.label}: scoring: level_cuts"
    for code, line in cuts.lines.items():
        if known is not None and code not in known:
            report(line, f"{what}: '{code}' is not a competency code of competencies.yaml")
        elif code not in drawn:
            report(line, f"{what}: competency '{code}' is not drawn by {test.label}")
