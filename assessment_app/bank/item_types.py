"""Item types as a registry of small classes (after CTFd's challenge classes).

Each type checks what is specific to it in the YAML, shapes what a candidate sees and scores
a choice. Code that handles items looks the type up with ``get_item_type(item.type)`` instead
of branching on the type name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from assessment_app.bank.model import Item
from assessment_app.bank.yamlnodes import Fields

if TYPE_CHECKING:
    from assessment_app.bank.parse_items import ItemDraft
    from assessment_app.bank.problems import Reporter


@dataclass(frozen=True)
class CandidateParts:
    """What a candidate may see of one item: its fields, and each option as shown, by key.

    The dictionaries are shared by every view built from these parts: read them, never
    change them.
    """

    fields: dict[str, Any]
    options: dict[str, dict[str, str]]

    def in_order(self, option_order: Sequence[str]) -> dict[str, Any]:
        """Return the item as one candidate sees it, options in ``option_order``.

        ``option_order`` must list every option key exactly once; raise ValueError otherwise.
        """
        options = self.options
        if len(option_order) != len(options) or options.keys() != set(option_order):
            raise ValueError(
                f"option order {list(option_order)!r} does not match item {self.fields['id']}"
            )
        return {**self.fields, "options": [options[key] for key in option_order]}


class ItemType:
    """Behaviour shared by every item type; subclasses set ``name`` and override hooks."""

    name: ClassVar[str] = ""
    # C_raw reports the mean of ``score`` times this (mcq: percent correct, CONTRACT §6).
    raw_scale: ClassVar[float] = 1.0

    @classmethod
    def validate(cls, draft: ItemDraft, report: Reporter) -> None:
        """Report what is wrong with the item for this type (the generic checks are done)."""

    @classmethod
    def option_scores(cls, draft: ItemDraft) -> list[tuple[Fields, int]]:
        """Return (option, score) for every option with a valid score, for range checks."""
        return []

    @classmethod
    def candidate_view(cls, item: Item, option_order: Sequence[str]) -> dict[str, Any]:
        """Return what a candidate sees of ``item``: never a score nor the answer.

        ``option_order`` lists every option key exactly once, in display order; raise
        ValueError otherwise.
        """
        return cls.candidate_parts(item).in_order(option_order)

    @classmethod
    def candidate_parts(cls, item: Item) -> CandidateParts:
        """Return what a candidate may see of ``item``, before its options are ordered.

        The parts depend on the item alone, so a caller that shows the same item to many
        candidates (snapshots.catalog) builds them once and only orders them per attempt.
        """
        return CandidateParts(
            {"id": item.id, "competency": item.competency, "stem": item.stem},
            {option.key: {"key": option.key, "text": option.text} for option in item.options},
        )

    @classmethod
    def score(cls, item: Item, choice: str | None, *, credit_all: bool = False) -> float:
        """Return the raw score of ``choice`` (None = unanswered: 0) for C_raw.

        Under a credit-every-option correction an answer counts as the best option.
        Raise ValueError for a key that is not an option of the item.
        """
        cls._check_choice(item, choice)
        if choice is None:
            return 0.0
        return cls._best_score(item) if credit_all else cls._score(item, choice)

    @classmethod
    def credit(cls, item: Item, choice: str | None, *, credit_all: bool = False) -> float:
        """Return the chance-corrected credit of ``choice`` (CONTRACT §6).

        0 is what a blind guess earns on average and what an unanswered item earns; 1 is
        the best option. Under a credit-every-option correction any answer earns 1.
        Raise ValueError for a key that is not an option of the item.
        """
        cls._check_choice(item, choice)
        if choice is None:
            return 0.0
        return 1.0 if credit_all else cls._credit(item, choice)

    @classmethod
    def _score(cls, item: Item, choice: str) -> float:
        raise NotImplementedError

    @classmethod
    def _best_score(cls, item: Item) -> float:
        raise NotImplementedError

    @classmethod
    def _credit(cls, item: Item, choice: str) -> float:
        raise NotImplementedError

    @classmethod
    def _check_choice(cls, item: Item, choice: str | None) -> None:
        """Raise ValueError unless ``choice`` is None or one of the item's option keys."""
        if choice is not None and choice not in item.option_keys:
            raise ValueError(f"{choice!r} is not an option of item {item.id}")


class SjtItemType(ItemType):
    """Situational judgement: every option carries an integer score from 1 to scale_max."""

    name = "sjt"

    @classmethod
    def validate(cls, draft: ItemDraft, report: Reporter) -> None:
        """Require a score of at least 1 on every option, scores that differ, and no answer."""
        for option in draft.options:
            cls._validate_score(draft, option, report)
        scores = [score for _, score in cls.option_scores(draft)]
        if len(scores) == len(draft.options) >= 2 and len(set(scores)) == 1:
            report(
                draft.fields.line_of("options"),
                f"{draft.label}: every option scores {scores[0]}; an sjt item needs options "
                "that score differently (its chance-corrected credit is undefined otherwise)",
            )
        if draft.fields.has("answer"):
            report(
                draft.fields.line_of("answer"),
                f"{draft.label}: an sjt item must not have an answer (its options carry scores)",
            )

    @classmethod
    def _validate_score(cls, draft: ItemDraft, option: Fields, report: Reporter) -> None:
        """Report an sjt option without a score, or with a score below 1."""
        label = draft.option_label(option)
        if not option.has("score"):
            report(option.line, f"{label}: an sjt option needs an integer score (1..scale_max)")
        elif option.valid("score") and option.get("score") < 1:
            report(
                option.line_of("score"),
                f"{label}: score must be at least 1, got {option.get('score')}",
            )

    @classmethod
    def option_scores(cls, draft: ItemDraft) -> list[tuple[Fields, int]]:
        """Return (option, score) for every option with a valid score."""
        return [(option, option.get("score")) for option in draft.options if option.valid("score")]

    @classmethod
    def _score(cls, item: Item, choice: str) -> float:
        return float(item.option(choice).score)

    @classmethod
    def _best_score(cls, item: Item) -> float:
        return float(max(option.score for option in item.options))

    @classmethod
    def _credit(cls, item: Item, choice: str) -> float:
        """(s - m) / (M - m) with m the mean and M the maximum of the item's option scores."""
        scores = [option.score for option in item.options]
        mean = sum(scores) / len(scores)
        return (item.option(choice).score - mean) / (max(scores) - mean)


class McqItemType(ItemType):
    """Multiple choice: exactly one correct option, named by ``answer``; options carry no score."""

    name = "mcq"
    raw_scale = 100.0

    @classmethod
    def validate(cls, draft: ItemDraft, report: Reporter) -> None:
        """Forbid option scores and require an answer that is one of the option keys."""
        for option in draft.options:
            if option.has("score"):
                report(
                    option.line_of("score"),
                    f"{draft.option_label(option)}: an mcq option must not carry a score",
                )
        cls._validate_answer(draft, report)

    @classmethod
    def _validate_answer(cls, draft: ItemDraft, report: Reporter) -> None:
        """Report a missing answer, or one that names no option of the item."""
        fields = draft.fields
        if not fields.has("answer"):
            report(fields.line, f"{draft.label}: an mcq item needs an answer (an option key)")
            return
        keys = draft.option_keys()
        answer = fields.get("answer")
        if fields.valid("answer") and fields.valid("options") and answer not in keys:
            report(
                fields.line_of("answer"),
                f"{draft.label}: answer {answer!r} is not one of its option keys "
                f"({', '.join(keys)})",
            )

    @classmethod
    def _score(cls, item: Item, choice: str) -> float:
        return 1.0 if choice == item.answer else 0.0

    @classmethod
    def _best_score(cls, item: Item) -> float:
        return 1.0

    @classmethod
    def _credit(cls, item: Item, choice: str) -> float:
        """1 for the correct option, -1/(k - 1) for a wrong one of k options."""
        return 1.0 if choice == item.answer else -1.0 / (len(item.options) - 1)


ITEM_TYPES: dict[str, type[ItemType]] = {
    item_type.name: item_type for item_type in (SjtItemType, McqItemType)
}


def get_item_type(name: str) -> type[ItemType]:
    """Return the item type class registered as ``name``; raise KeyError if there is none."""
    try:
        return ITEM_TYPES[name]
    except KeyError:
        raise KeyError(f"unknown item type {name!r}") from None
