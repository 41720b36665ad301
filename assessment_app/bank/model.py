"""The question bank as plain, immutable values, and its canonical (snapshot) form.

``Bank.canonical()`` is a JSON-serialisable dict that depends only on the bank's content:
not on file names or layout, YAML formatting, comments or key order. Text values are
stripped of surrounding whitespace when loaded, numbers that may be written either way
(durations, level cuts) are stored as floats, and items are kept sorted by id. The order of
competencies (as in ``competencies.yaml``), sections, draws and options is content and is
kept. ``Bank.from_canonical`` rebuilds an equal bank from that dict.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any, Self

# The words, not talent's JPM rules: numpy would load at every start-up with the bank.
from assessment_app.vocabulary.talent import JPM_GROUPS

CANONICAL_FORMAT = 1
GROUPS = ("manajerial", "sosiokultural", "teknis")
FULL_LEVEL_GROUPS = JPM_GROUPS  # JPM compares their levels with a standard: all five described
LEVELS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Competency:
    """A competency from the dictionary; ``levels`` is a tuple of (level, description).

    ``definition`` and ``indicators`` (level -> behaviour indicators) are optional: a
    dictionary that gives them lets reports quote them.
    """

    code: str
    name: str
    group: str
    levels: tuple[tuple[int, str], ...] = ()
    definition: str = ""
    indicators: tuple[tuple[int, tuple[str, ...]], ...] = ()

    def level_description(self, level: int) -> str | None:
        """Return the description of ``level``, or None when the bank has none."""
        return dict(self.levels).get(level)

    def to_dict(self) -> dict[str, Any]:
        """Return the canonical form (level keys as strings, as JSON needs).

        The optional fields appear only when given, so a dictionary without them keeps the
        content hash it had before they existed.
        """
        levels = {str(level): text for level, text in self.levels}
        data = {"code": self.code, "name": self.name, "group": self.group, "levels": levels}
        if self.definition:
            data["definition"] = self.definition
        if self.indicators:
            data["indicators"] = {str(level): list(texts) for level, texts in self.indicators}
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Competency:
        """Rebuild a competency from its canonical form."""
        levels = tuple(sorted((int(level), text) for level, text in data["levels"].items()))
        indicators = tuple(
            sorted(
                (int(level), tuple(texts)) for level, texts in data.get("indicators", {}).items()
            )
        )
        return cls(
            data["code"],
            data["name"],
            data["group"],
            levels,
            data.get("definition", ""),
            indicators,
        )


class _Flat:
    """A dataclass of plain values whose canonical form is its fields by name, in order."""

    def to_dict(self) -> dict[str, Any]:
        """Return the canonical form."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Rebuild the value from its canonical form."""
        return cls(*(data[f.name] for f in fields(cls)))


@dataclass(frozen=True)
class Option(_Flat):
    """One answer option; ``score`` is set for sjt options and None for mcq options."""

    key: str
    text: str
    score: int | None = None


@dataclass(frozen=True)
class Item:
    """One question. ``source`` (``path:line``) is for messages only: not compared, not hashed."""

    id: str
    competency: str
    type: str
    level: int | None
    stem: str
    options: tuple[Option, ...]
    answer: str | None = None
    source: str = field(default="", compare=False)

    @property
    def option_keys(self) -> tuple[str, ...]:
        """Return the option keys in their authored order."""
        return tuple(option.key for option in self.options)

    def option(self, key: str) -> Option:
        """Return the option with ``key``; raise KeyError if the item has none."""
        for option in self.options:
            if option.key == key:
                return option
        raise KeyError(f"item {self.id} has no option {key!r}")

    def to_dict(self) -> dict[str, Any]:
        """Return the canonical form (without ``source``)."""
        return {
            "id": self.id,
            "competency": self.competency,
            "type": self.type,
            "level": self.level,
            "stem": self.stem,
            "options": [option.to_dict() for option in self.options],
            "answer": self.answer,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Item:
        """Rebuild an item from its canonical form."""
        options = tuple(Option.from_dict(option) for option in data["options"])
        return cls(
            data["id"],
            data["competency"],
            data["type"],
            data["level"],
            data["stem"],
            options,
            data["answer"],
        )


@dataclass(frozen=True)
class Draw(_Flat):
    """Draw ``count`` items of a competency, only items written for ``level`` when set."""

    competency: str
    count: int
    level: int | None = None


@dataclass(frozen=True)
class Section:
    """A titled part of a test, made of draws."""

    title: str
    draws: tuple[Draw, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the canonical form."""
        return {"title": self.title, "draws": [draw.to_dict() for draw in self.draws]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Section:
        """Rebuild a section from its canonical form."""
        return cls(data["title"], tuple(Draw.from_dict(draw) for draw in data["draws"]))


@dataclass(frozen=True)
class Scoring:
    """Scoring settings of a test (CONTRACT §2, §6); the defaults are the contract's.

    ``level_cuts`` sit on the chance-corrected C_score scale (0 = what chance earns, 100 =
    the best option on every item), one scale for sjt and mcq alike. They are the test's
    cuts; ``competency_cuts`` holds (code, cuts) pairs, sorted by code, for the competencies
    whose cuts differ (the mapping form of ``level_cuts`` in the YAML).
    """

    scale_max: int = 5
    level_cuts: tuple[float, ...] = (20.0, 40.0, 60.0, 80.0)
    min_answered_share: float = 0.8
    competency_cuts: tuple[tuple[str, tuple[float, ...]], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the canonical form.

        ``competency_cuts`` appears only when some competency has its own cuts, so that a
        test written with the list form keeps the canonical form (and the content hash) it
        had before the mapping form existed.
        """
        data: dict[str, Any] = {
            "scale_max": self.scale_max,
            "level_cuts": [float(cut) for cut in self.level_cuts],
            "min_answered_share": float(self.min_answered_share),
        }
        if self.competency_cuts:
            data["competency_cuts"] = {
                code: [float(cut) for cut in cuts] for code, cuts in self.competency_cuts
            }
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Scoring:
        """Rebuild scoring settings from their canonical form.

        A snapshot published before scoring v2 carries ``sjt_level_cuts``/``mcq_level_cuts``
        on the old scales: they mean nothing on the C_score scale, so it gets the defaults.
        """
        return cls(
            data["scale_max"],
            tuple(float(cut) for cut in data.get("level_cuts", cls.level_cuts)),
            float(data.get("min_answered_share", cls.min_answered_share)),
            competency_cuts_of(data.get("competency_cuts", {})),
        )


def competency_cuts_of(
    cuts: dict[str, Any],
) -> tuple[tuple[str, tuple[float, ...]], ...]:
    """Return per-competency cuts as the sorted (code, floats) pairs ``Scoring`` holds."""
    return tuple(
        (code, tuple(float(cut) for cut in values)) for code, values in sorted(cuts.items())
    )


@dataclass(frozen=True)
class TestDef:
    """A test a candidate sits. Shuffle flags absent from the YAML default to False."""

    __test__ = False  # not a pytest test class, despite the name

    code: str
    title: str
    duration_minutes: float
    shuffle_items: bool
    shuffle_options: bool
    sections: tuple[Section, ...]
    scoring: Scoring = Scoring()

    @property
    def draws(self) -> tuple[Draw, ...]:
        """Return every draw of every section, in order."""
        return tuple(draw for section in self.sections for draw in section.draws)

    @property
    def competency_codes(self) -> tuple[str, ...]:
        """Return the codes of the competencies this test measures, in draw order."""
        return tuple(dict.fromkeys(draw.competency for draw in self.draws))

    def to_dict(self) -> dict[str, Any]:
        """Return the canonical form."""
        return {
            "code": self.code,
            "title": self.title,
            "duration_minutes": float(self.duration_minutes),
            "shuffle_items": self.shuffle_items,
            "shuffle_options": self.shuffle_options,
            "sections": [section.to_dict() for section in self.sections],
            "scoring": self.scoring.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TestDef:
        """Rebuild a test from its canonical form."""
        return cls(
            data["code"],
            data["title"],
            float(data["duration_minutes"]),
            data["shuffle_items"],
            data["shuffle_options"],
            tuple(Section.from_dict(section) for section in data["sections"]),
            Scoring.from_dict(data["scoring"]),
        )


@dataclass(frozen=True)
class Bank:
    """A whole, valid question bank.

    Competencies keep their ``competencies.yaml`` order; items are sorted by id and tests by
    code (whatever order is given), so a bank loaded from YAML and one rebuilt from its
    canonical form are equal and draw the same items for the same seed.
    """

    competencies: tuple[Competency, ...]
    items: tuple[Item, ...]
    tests: tuple[TestDef, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "competencies", tuple(self.competencies))
        object.__setattr__(self, "items", tuple(sorted(self.items, key=lambda item: item.id)))
        object.__setattr__(self, "tests", tuple(sorted(self.tests, key=lambda test: test.code)))

    @cached_property
    def _competency_index(self) -> dict[str, Competency]:
        return {competency.code: competency for competency in self.competencies}

    @cached_property
    def _item_index(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}

    @cached_property
    def _test_index(self) -> dict[str, TestDef]:
        return {test.code: test for test in self.tests}

    def competency(self, code: str) -> Competency:
        """Return the competency with ``code``; raise KeyError if there is none."""
        return self._competency_index[code]

    def item(self, item_id: str) -> Item:
        """Return the item with ``item_id``; raise KeyError if there is none."""
        return self._item_index[item_id]

    def test(self, code: str) -> TestDef:
        """Return the test with ``code``; raise KeyError if there is none."""
        return self._test_index[code]

    def pool(self, competency: str, level: int | None = None) -> tuple[Item, ...]:
        """Return the items of ``competency`` (only those written for ``level`` if given)."""
        return tuple(
            item
            for item in self.items
            if item.competency == competency and (level is None or item.level == level)
        )

    def canonical(self) -> dict[str, Any]:
        """Return the bank as a deterministic, JSON-serialisable dict."""
        return {
            "format": CANONICAL_FORMAT,
            "competencies": [competency.to_dict() for competency in self.competencies],
            "items": [item.to_dict() for item in self.items],
            "tests": [test.to_dict() for test in self.tests],
        }

    @classmethod
    def from_canonical(cls, data: dict[str, Any]) -> Bank:
        """Rebuild a bank from ``canonical()`` output; raise ValueError for another format."""
        if data.get("format") != CANONICAL_FORMAT:
            raise ValueError(f"unsupported canonical bank format: {data.get('format')!r}")
        return cls(
            tuple(Competency.from_dict(competency) for competency in data["competencies"]),
            tuple(Item.from_dict(item) for item in data["items"]),
            tuple(TestDef.from_dict(test) for test in data["tests"]),
        )


def canonical_json(bank: Bank) -> str:
    """Serialise the bank's canonical form compactly, with sorted keys."""
    return json.dumps(bank.canonical(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_hash(bank: Bank) -> str:
    """Return the sha256 hex digest of the bank's canonical JSON (its version hash)."""
    return hashlib.sha256(canonical_json(bank).encode("utf-8")).hexdigest()
