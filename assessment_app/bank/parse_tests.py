"""Check one test definition file (``tests/*.yaml``) and turn it into a draft."""

from __future__ import annotations

from dataclasses import dataclass, field

from yaml.nodes import Node

from assessment_app.bank.model import LEVELS, Draw, Scoring, Section, TestDef, competency_cuts_of
from assessment_app.bank.problems import Reporter
from assessment_app.bank.yamlnodes import (
    CompetencyCuts,
    Fields,
    boolean,
    integer,
    level_cuts,
    nonempty_sequence,
    parse_mapping,
    pattern,
    peek,
    positive_number,
    raw,
    retired,
    share,
    text,
)

TEST_CODE = r"[A-Z0-9_-]{2,32}"
TEST_SPEC = {
    "code": pattern(TEST_CODE),
    "title": text,
    "duration_minutes": positive_number,
    "shuffle_items": boolean,
    "shuffle_options": boolean,
    "sections": nonempty_sequence,
    "scoring": raw,
}
TEST_REQUIRED = ("code", "title", "duration_minutes", "sections")
SECTION_SPEC = {"title": text, "draw": nonempty_sequence}
DRAW_SPEC = {
    "competency": text,
    "count": integer(1),
    "level": integer(LEVELS[0], LEVELS[-1]),
}
_ONE_SCALE = "one scale for sjt and mcq on the chance-corrected C_score, e.g. [20, 40, 60, 80]"
SCORING_SPEC = {
    "scale_max": integer(2),
    "level_cuts": level_cuts,
    "min_answered_share": share,
    "sjt_level_cuts": retired("level_cuts", _ONE_SCALE),
    "mcq_level_cuts": retired("level_cuts", _ONE_SCALE),
}


@dataclass
class SectionDraft:
    """A section as read from YAML: its fields and its draws' fields."""

    fields: Fields
    draws: list[Fields] = field(default_factory=list)

    def build(self) -> Section:
        """Make the Section value; only call this on a draft without problems."""
        draws = tuple(
            Draw(draw.get("competency"), draw.get("count"), draw.get("level"))
            for draw in self.draws
        )
        return Section(self.fields.get("title"), draws)


@dataclass
class TestDraft:
    """A test as read from YAML, with lines."""

    __test__ = False  # not a pytest test class, despite the name

    path: str
    fields: Fields
    label: str
    sections: list[SectionDraft] = field(default_factory=list)
    scoring: Fields | None = None

    @property
    def code(self) -> str | None:
        """Return the test code, if valid."""
        return self.fields.get("code")

    @property
    def draws(self) -> list[Fields]:
        """Return the fields of every draw, in order."""
        return [draw for section in self.sections for draw in section.draws]

    def scale_max(self) -> int | None:
        """Return the test's scale_max (the default when absent), or None if it is invalid."""
        if self.scoring is None:
            return None if self.fields.has("scoring") else Scoring.scale_max
        if self.scoring.has("scale_max"):
            return self.scoring.get("scale_max")
        return Scoring.scale_max

    def build(self) -> TestDef:
        """Make the TestDef value; only call this on a draft without problems."""
        get = self.fields.get
        scoring = _scoring(self.scoring.values) if self.scoring else Scoring()
        return TestDef(
            code=get("code"),
            title=get("title"),
            duration_minutes=get("duration_minutes"),
            shuffle_items=get("shuffle_items", False),
            shuffle_options=get("shuffle_options", False),
            sections=tuple(section.build() for section in self.sections),
            scoring=scoring,
        )


def _scoring(values: dict) -> Scoring:
    """Make the Scoring value; a ``level_cuts`` mapping gives the test's cuts (its
    ``default``, else the contract's) and the per-competency cuts."""
    cuts = values.get("level_cuts")
    if not isinstance(cuts, CompetencyCuts):
        return Scoring(**values)
    return Scoring(
        **{**values, "level_cuts": cuts.default or Scoring.level_cuts},
        competency_cuts=competency_cuts_of(cuts.by_competency),
    )


def parse_test_file(path: str, root: Node, report: Reporter) -> TestDraft | None:
    """Check a test file's root node and return its draft, or None if it is no mapping."""
    code = peek(root, "code")
    label = f"test {code}" if code else "test"
    fields = parse_mapping(root, report, label, TEST_SPEC, TEST_REQUIRED)
    if fields is None:
        return None
    draft = TestDraft(path, fields, label)
    for index, node in enumerate(fields.get("sections", []), start=1):
        section = _parse_section(node, index, label, report)
        if section is not None:
            draft.sections.append(section)
    if fields.has("scoring"):
        draft.scoring = parse_mapping(
            fields.get("scoring"), report, f"{label}: scoring", SCORING_SPEC, ()
        )
    return draft


def _parse_section(node: Node, index: int, label: str, report: Reporter) -> SectionDraft | None:
    """Check one section and its draws."""
    section_label = f"{label} section {index}"
    fields = parse_mapping(node, report, section_label, SECTION_SPEC, ("title", "draw"))
    if fields is None:
        return None
    section = SectionDraft(fields)
    for draw_index, draw_node in enumerate(fields.get("draw", []), start=1):
        draw_label = f"{section_label} draw {draw_index}"
        draw = parse_mapping(draw_node, report, draw_label, DRAW_SPEC, ("competency", "count"))
        if draw is not None:
            section.draws.append(draw)
    return section
