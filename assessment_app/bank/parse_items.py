"""Check one item file (``items/**/*.yaml``) and turn its items into drafts."""

from __future__ import annotations

from dataclasses import dataclass

from yaml.nodes import Node

from assessment_app.bank.item_types import ITEM_TYPES, ItemType
from assessment_app.bank.model import LEVELS, Item, Option
from assessment_app.bank.problems import Reporter
from assessment_app.bank.yamlnodes import (
    Fields,
    integer,
    nonempty_sequence,
    one_of,
    parse_mapping,
    pattern,
    peek,
    text,
)

COMPETENCY_CODE = r"[A-Z0-9_-]{2,16}"
ITEM_ID = r"[A-Za-z0-9_-]{1,40}"
OPTION_KEY = r"[A-Z]"
MIN_OPTIONS, MAX_OPTIONS = 2, 6

FILE_SPEC = {"competency": pattern(COMPETENCY_CODE), "items": nonempty_sequence}
ITEM_SPEC = {
    "id": pattern(ITEM_ID),
    "type": one_of(ITEM_TYPES),
    "level": integer(LEVELS[0], LEVELS[-1]),
    "stem": text,
    "options": nonempty_sequence,
    "answer": pattern(OPTION_KEY),
}
ITEM_REQUIRED = ("id", "type", "stem", "options")
OPTION_SPEC = {"key": pattern(OPTION_KEY), "text": text, "score": integer()}


@dataclass
class ItemDraft:
    """An item as read from YAML, with lines, before the whole bank is checked."""

    path: str
    competency: str | None
    competency_line: int
    fields: Fields
    options: list[Fields]
    label: str

    @property
    def id(self) -> str | None:
        """Return the item's id, if valid."""
        return self.fields.get("id")

    @property
    def type(self) -> str | None:
        """Return the item's type name, if valid."""
        return self.fields.get("type")

    @property
    def level(self) -> int | None:
        """Return the item's level, if given and valid."""
        return self.fields.get("level")

    @property
    def item_type(self) -> type[ItemType] | None:
        """Return the item's type class, if its type is valid."""
        return ITEM_TYPES.get(self.type) if self.type else None

    @property
    def source(self) -> str:
        """Return ``path:line`` of the item."""
        return f"{self.path}:{self.fields.line}"

    def option_keys(self) -> list[str]:
        """Return the valid option keys, in order."""
        return [option.get("key") for option in self.options if option.valid("key")]

    def option_label(self, option: Fields) -> str:
        """Name an option in messages, e.g. ``item INT-0001 option B``."""
        key = option.get("key")
        return f"{self.label} option {key}" if key else f"{self.label} option at line {option.line}"

    def build(self) -> Item:
        """Make the Item value; only call this on a draft without problems."""
        options = tuple(
            Option(option.get("key"), option.get("text"), option.get("score"))
            for option in self.options
        )
        get = self.fields.get
        return Item(
            id=get("id"),
            competency=self.competency,
            type=get("type"),
            level=get("level"),
            stem=get("stem"),
            options=options,
            answer=get("answer"),
            source=self.source,
        )


def parse_item_file(path: str, root: Node, report: Reporter) -> tuple[list[ItemDraft], bool]:
    """Check an item file's root node; return drafts of its items and whether all were read.

    The flag is False when some items could not be read at all (the file is not a mapping,
    its competency or item list is unusable, an item is not a mapping), so that pool sizes
    computed without them would be wrong.
    """
    top = parse_mapping(root, report, "item file", FILE_SPEC, ("competency", "items"))
    if top is None:
        return [], False
    nodes = top.get("items", [])
    drafts = [_parse_item(path, top, node, index, report) for index, node in enumerate(nodes, 1)]
    complete = top.valid("competency") and top.valid("items") and None not in drafts
    return [draft for draft in drafts if draft is not None], complete


def _parse_item(
    path: str, top: Fields, node: Node, index: int, report: Reporter
) -> ItemDraft | None:
    """Check one item mapping, its options and its type-specific rules."""
    item_id = peek(node, "id")
    label = f"item {item_id}" if item_id else f"item #{index}"
    fields = parse_mapping(node, report, label, ITEM_SPEC, ITEM_REQUIRED)
    if fields is None:
        return None
    competency = top.get("competency")
    draft = ItemDraft(path, competency, top.line_of("competency"), fields, [], label)
    draft.options = _parse_options(draft, report)
    if draft.item_type is not None:
        draft.item_type.validate(draft, report)
    return draft


def _parse_options(draft: ItemDraft, report: Reporter) -> list[Fields]:
    """Check an item's options: their number, each mapping and unique keys."""
    nodes = draft.fields.get("options", [])
    if nodes and not MIN_OPTIONS <= len(nodes) <= MAX_OPTIONS:
        report(
            draft.fields.line_of("options"),
            f"{draft.label}: has {len(nodes)} option(s); an item needs "
            f"{MIN_OPTIONS} to {MAX_OPTIONS}",
        )
    options: list[Fields] = []
    first_line: dict[str, int] = {}
    for node in nodes:
        key = peek(node, "key")
        label = f"{draft.label} option {key}" if key else f"{draft.label} option"
        option = parse_mapping(node, report, label, OPTION_SPEC, ("key", "text"))
        if option is None:
            continue
        _check_unique_key(draft, option, first_line, report)
        options.append(option)
    return options


def _check_unique_key(
    draft: ItemDraft, option: Fields, first_line: dict[str, int], report: Reporter
) -> None:
    """Report an option key already used earlier in the same item."""
    key = option.get("key")
    if key is None:
        return
    if key in first_line:
        report(
            option.line_of("key"),
            f"{draft.label}: duplicate option key '{key}' (first at line {first_line[key]})",
        )
    else:
        first_line[key] = option.line_of("key")
