"""Level-cut corrections: the stored value, its one parser, and how corrections layer.

A ``level_cuts`` correction (``ScoringOverride.value``) is either the list form
``"20,40,60,80"``, which sets the whole test (its cuts, and no competency keeps cuts of its
own), or the per-competency form ``"INT=25,45,62,81;KS=22,41,60,79"``, which sets only the
competencies it names. Corrections are layered in the order they were recorded (id order)
on top of the bank's rules: the result per test is a ``CutLayers``, which `results.compute`
applies to the bank's ``Scoring``. Pure: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

_PAIRS, _EQUALS, _COMMA = ";", "=", ","


def _numbers(text: str) -> tuple[float, ...]:
    """Return the comma-separated numbers of ``text``; raise ValueError on anything else."""
    return tuple(float(part) for part in text.split(_COMMA))


def parse_cuts(value: str) -> CutLayers:
    """Return the cuts a stored correction value holds; raise ValueError if malformed.

    The only parser of the stored form: compute, the display and the checks all use it.
    """
    if _EQUALS not in value:
        return CutLayers(test=_numbers(value))
    cuts = {}
    for pair in value.split(_PAIRS):
        code, equals, numbers = pair.partition(_EQUALS)
        if not equals or not code.strip():
            raise ValueError(f"not CODE=cuts: {pair!r}")
        cuts[code.strip()] = _numbers(numbers)
    return CutLayers(by_competency=cuts)


def _number_text(values: Sequence[float]) -> str:
    return _COMMA.join(f"{float(v):g}" for v in values)


def format_cuts(
    cuts: Sequence[float] | None = None,
    competency_cuts: Mapping[str, Sequence[float]] | None = None,
) -> str:
    """Return the stored form of the list (``"20,40,60,80"``) or of the mapping
    (``"INT=25,45,62,81;KS=..."``, codes sorted); `parse_cuts` reads it back."""
    if competency_cuts is None:
        return _number_text(cuts or ())
    return _PAIRS.join(
        f"{code}{_EQUALS}{_number_text(values)}" for code, values in sorted(competency_cuts.items())
    )


def shown_cuts(values: Sequence[float]) -> str:
    """Return cuts as Indonesian readers write them: ``"12,5; 40; 60; 80"``."""
    return "; ".join(f"{float(v):g}".replace(".", ",") for v in values)


def shown_value(value: str) -> str:
    """Return a stored cuts value for people: ``"20; 40; 60; 80"`` or
    ``"INT: 25; 45; 62; 81 | KS: ..."``; an unreadable value is shown as stored."""
    try:
        cuts = parse_cuts(value)
    except ValueError:
        return value
    if cuts.test is not None:
        return shown_cuts(cuts.test)
    return " | ".join(f"{code}: {shown_cuts(v)}" for code, v in cuts.by_competency.items())


@dataclass(frozen=True)
class CutLayers:
    """Cuts of one test: ``test`` for the whole test (None: not set), ``by_competency``
    for the competencies named. One stored correction parses to one (`parse_cuts`); the
    corrections of a test, layered in id order, give one too: the latest list correction and
    the competencies set after it."""

    test: tuple[float, ...] | None = None
    by_competency: dict[str, tuple[float, ...]] = field(default_factory=dict)

    def layered(self, value: CutLayers) -> CutLayers:
        """Return these layers with ``value`` on top: a list sets the whole test (and
        clears every competency's own cuts), a mapping sets only the codes it names."""
        if value.test is not None:
            return CutLayers(value.test)
        return CutLayers(self.test, {**self.by_competency, **value.by_competency})
