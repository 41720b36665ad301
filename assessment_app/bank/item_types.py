"""Item types as a registry of small classes (after CTFd's challenge classes).

Each type checks what is specific to it in the YAML, shapes what a candidate sees and scores
a choice. Code that handles items looks the type up with ``get_item_type(item.type)`` instead
of branching on the type name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from .model import Item
from .yamlnodes import Fields

if TYPE_CHECKING:
    from .parse_items import ItemDraft
    from .problems import Reporter


class ItemType:
    """Behaviour shared by every item type; subclasses set ``name`` and override hooks."""

    name: ClassVar[str] = ""

    @classmethod
    def validate(cls, draft: ItemDraft, report: Reporter) -> None:
        """Report what is wrong with the item for this type (the generic checks are done)."""

    @classmethod
    def option_scores(cls, draft: ItemDraft) -> list[tuple[Fields, int]]:
        """Return (option, score) for every option with a valid score, for range checks."""
        return []

    @classmethod
    def candidate_view(cls, item: Item, option_order: list[str]) -> dict[str, Any]:
        """Return what a candidate sees of ``item``: never a score nor the answer.

        ``option_order`` lists every option key exactly once, in display order; raise
        ValueError otherwise.
        """
        if sorted(option_order) != sorted(item.option_keys):
            raise ValueError(f"option order {option_order!r} does not match item {item.id}")
        options = [{"key": key, "text": item.option(key).text} for key in option_order]
        return {"id": item.id, "competency": item.competency, "stem": item.stem, "options": options}

    @classmethod
    def score(cls, item: Item, choice: str | None) -> float:
        """Return the score of ``choice`` (None = unanswered); raise ValueError for a bad key."""
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
        """Require a score of at least 1 on every option, and no answer."""
        for option in draft.options:
            cls._validate_score(draft, option, report)
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
    def score(cls, item: Item, choice: str | None) -> float:
        """Return the chosen option's score, 0 when unanswered."""
        cls._check_choice(item, choice)
        return 0.0 if choice is None else float(item.option(choice).score or 0)


class McqItemType(ItemType):
    """Multiple choice: exactly one correct option, named by ``answer``; options carry no score."""

    name = "mcq"

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
    def score(cls, item: Item, choice: str | None) -> float:
        """Return 1.0 for the correct option, 0.0 otherwise (unanswered included)."""
        cls._check_choice(item, choice)
        return 1.0 if choice == item.answer else 0.0


ITEM_TYPES: dict[str, type[ItemType]] = {
    item_type.name: item_type for item_type in (SjtItemType, McqItemType)
}


def get_item_type(name: str) -> type[ItemType]:
    """Return the item type class registered as ``name``; raise KeyError if there is none."""
    try:
        return ITEM_TYPES[name]
    except KeyError:
        raise KeyError(f"unknown item type {name!r}") from None
