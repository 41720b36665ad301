"""Check ``competencies.yaml`` and turn its entries into drafts.

Besides ``code``, ``name``, ``group`` and ``levels``, a competency may carry the dictionary's
``definition`` (a string) and ``indicators``: per level 1..5, a non-empty list of the level's
behaviour indicators (strings), as PermenPANRB 38/2017 gives them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from yaml.nodes import MappingNode, Node

from assessment_app.bank.model import FULL_LEVEL_GROUPS, GROUPS, LEVELS, Competency
from assessment_app.bank.parse_items import COMPETENCY_CODE
from assessment_app.bank.problems import Reporter
from assessment_app.bank.yamlnodes import (
    INVALID,
    Fields,
    describe,
    is_int,
    line_of,
    nonempty_sequence,
    one_of,
    parse_mapping,
    pattern,
    peek,
    raw,
    scalar,
    text,
)

FILE_SPEC = {"competencies": nonempty_sequence}
COMPETENCY_SPEC = {
    "code": pattern(COMPETENCY_CODE),
    "name": text,
    "group": one_of(GROUPS),
    "levels": raw,
    "definition": text,
    "indicators": raw,
}


@dataclass
class CompetencyDraft:
    """A competency as read from YAML, with lines."""

    path: str
    fields: Fields
    label: str
    levels: dict[int, str] = field(default_factory=dict)
    indicators: dict[int, tuple[str, ...]] = field(default_factory=dict)
    # the levels keyed in ``levels`` (valid or not); None when ``levels`` is not a mapping
    level_keys: set[int] | None = field(default_factory=set)

    @property
    def code(self) -> str | None:
        """Return the competency code, if valid."""
        return self.fields.get("code")

    def build(self) -> Competency:
        """Make the Competency value; only call this on a draft without problems."""
        levels = tuple(sorted(self.levels.items()))
        indicators = tuple(sorted(self.indicators.items()))
        return Competency(
            self.code,
            self.fields.get("name"),
            self.fields.get("group"),
            levels,
            self.fields.get("definition", ""),
            indicators,
        )


def parse_competency_file(path: str, root: Node, report: Reporter) -> list[CompetencyDraft] | None:
    """Check the root node of ``competencies.yaml``; return None if it holds no usable list."""
    top = parse_mapping(root, report, "competencies file", FILE_SPEC, ("competencies",))
    if top is None or not top.valid("competencies"):
        return None
    drafts = []
    for index, node in enumerate(top.get("competencies"), start=1):
        code = peek(node, "code")
        label = f"competency {code}" if code else f"competency #{index}"
        fields = parse_mapping(node, report, label, COMPETENCY_SPEC, ("code", "name", "group"))
        if fields is not None:
            draft = CompetencyDraft(path, fields, label)
            draft.levels = _parse_levels(draft, report)
            draft.indicators = _parse_indicators(draft, report)
            drafts.append(draft)
    return drafts


def _parse_levels(draft: CompetencyDraft, report: Reporter) -> dict[int, str]:
    """Check the level map: keys 1..5, non-empty descriptions, all five where required."""
    fields = draft.fields
    needs_all = fields.get("group") in FULL_LEVEL_GROUPS
    if not fields.has("levels"):
        if needs_all:
            group = fields.get("group")
            report(fields.line, f"{draft.label}: missing required key 'levels' ({group})")
        return {}
    node = fields.get("levels")
    if not isinstance(node, MappingNode):
        report(node, f"{draft.label}: levels must be a mapping of 1..5, got {describe(node)}")
        draft.level_keys = None
        return {}
    levels, present = _level_entries(node, draft.label, report)
    draft.level_keys = set(present)
    missing = [str(level) for level in LEVELS if level not in present]
    if needs_all and missing:
        report(
            fields.line_of("levels"),
            f"{draft.label}: levels is missing level(s) {', '.join(missing)}",
        )
    return levels


def _level_entries(
    node: MappingNode, label: str, report: Reporter
) -> tuple[dict[int, str], dict[int, int]]:
    """Return the valid descriptions and the line of every level present; report bad ones."""
    levels: dict[int, str] = {}
    lines: dict[int, int] = {}
    for key_node, value_node in node.value:
        level = scalar(key_node)
        if not is_int(level) or level not in LEVELS:
            report(key_node, f"{label}: level keys must be integers 1..5, got {describe(key_node)}")
        elif level in lines:
            report(key_node, f"{label}: duplicate level {level} (first at line {lines[level]})")
        else:
            lines[level] = line_of(key_node)
            description = text(value_node, report, f"{label}: level {level} description")
            if description is not INVALID:
                levels[level] = description
    return levels, lines


def _parse_indicators(draft: CompetencyDraft, report: Reporter) -> dict[int, tuple[str, ...]]:
    """Check the optional indicator map: keys 1..5, each a non-empty list of strings.

    A level with indicators must also have a description in ``levels``. Only the levels
    whose every indicator is valid are returned.
    """
    fields, label = draft.fields, draft.label
    if not fields.has("indicators"):
        return {}
    node = fields.get("indicators")
    if not isinstance(node, MappingNode):
        report(
            node,
            f"{label}: indicators must be a mapping of levels 1..5 to lists of strings, "
            f"got {describe(node)}",
        )
        return {}
    indicators: dict[int, tuple[str, ...]] = {}
    lines: dict[int, int] = {}
    for key_node, value_node in node.value:
        level = scalar(key_node)
        if not is_int(level) or level not in LEVELS:
            report(
                key_node, f"{label}: indicator keys must be integers 1..5, got {describe(key_node)}"
            )
        elif level in lines:
            report(
                key_node,
                f"{label}: duplicate indicators for level {level} (first at line {lines[level]})",
            )
        else:
            lines[level] = line_of(key_node)
            if draft.level_keys is not None and level not in draft.level_keys:
                report(
                    key_node,
                    f"{label}: indicators given for level {level}, which has no description "
                    "in levels",
                )
            texts = _indicator_texts(value_node, f"{label}: indicators of level {level}", report)
            if texts is not None:
                indicators[level] = texts
    return indicators


def _indicator_texts(node: Node, what: str, report: Reporter) -> tuple[str, ...] | None:
    """Return the indicators of one level, or None after reporting a bad list or entry."""
    elements = nonempty_sequence(node, report, what)
    if elements is INVALID:
        return None
    texts = [text(element, report, f"{what}, entry {n}") for n, element in enumerate(elements, 1)]
    if any(value is INVALID for value in texts):
        return None
    return tuple(texts)
