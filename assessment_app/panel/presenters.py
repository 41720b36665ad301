"""What the panel pages show, built from a panel's frozen booklet and the bank: pure, no Flask.

A page of the ordered item booklet or an Angoff item is shown with its stem and its options:
panelists are assessors, so an sjt option shows its score and the correct mcq option is
marked. Nothing here reads the booklet's RP67 locations or the calibration: a panelist
judges the content, the facilitator sees the numbers.

The judgement inputs are named by `field_name` from the booklet (competency, boundary and,
for Angoff, item), and a posted form is read back through the same names, so no name sent by
a browser is ever parsed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assessment_app.bank import Bank, Item
from assessment_app.standards import BOUNDARIES


@dataclass(frozen=True)
class ShownOption:
    """One option as an assessor sees it: its score (sjt) or whether it is the key (mcq)."""

    key: str
    text: str
    score: int | None
    correct: bool


@dataclass(frozen=True)
class ShownItem:
    """An item's stem and options, in their authored order."""

    id: str
    type: str
    stem: str
    options: tuple[ShownOption, ...]


def shown_item(item: Item) -> ShownItem:
    """Return the item as the panel pages show it."""
    options = tuple(
        ShownOption(o.key, o.text, o.score, item.type == "mcq" and o.key == item.answer)
        for o in item.options
    )
    return ShownItem(item.id, item.type, item.stem, options)


def competency_entry(booklet: dict, code: str | None) -> dict:
    """Return the booklet's entry for ``code``, or its first competency for an unknown code."""
    entries = booklet["competencies"]
    return next((e for e in entries if e["code"] == code), entries[0])


def field_name(code: str, boundary: int, item_id: str = "") -> str:
    """Return the form input's name for one judgement."""
    return f"nilai|{code}|{boundary}|{item_id}"


def bookmark_pages(entry: dict, bank: Bank) -> list[dict]:
    """Return the competency's booklet pages in order: number, item and what reaching it means."""
    items: dict[str, ShownItem] = {}
    pages = []
    for number, page in enumerate(entry.get("pages") or [], start=1):
        if page["item"] not in items:
            items[page["item"]] = shown_item(bank.item(page["item"]))
        pages.append({"number": number, "item": items[page["item"]], "reach": page["reach"]})
    return pages


def angoff_items(entry: dict, bank: Bank) -> list[dict]:
    """Return the competency's Angoff items with the range a panelist may state."""
    return [
        {
            "item": shown_item(bank.item(row["id"])),
            "low": row["low"],
            "high": row["high"],
            "step": "0.01" if row["type"] == "mcq" else "0.1",
        }
        for row in entry["items"]
    ]


def _fields(booklet: dict):
    """Yield (field name, competency, boundary, item id) for every judgement of the booklet."""
    bookmark = booklet["method"] == "bookmark"
    for entry in booklet["competencies"]:
        ids = [""] if bookmark else [row["id"] for row in entry["items"]]
        for boundary in BOUNDARIES:
            for item_id in ids:
                yield field_name(entry["code"], boundary, item_id), entry["code"], boundary, item_id


def entries_from(form: Mapping[str, str], booklet: dict) -> list[tuple[str, int, str, str]]:
    """Return the (competency, boundary, item_id, value) judgements filled in ``form``.

    Empty inputs are skipped; a decimal comma is read as a point. The service checks the
    values (numbers, ranges, rising bookmarks) and says what is wrong.
    """
    entries = []
    for name, code, boundary, item_id in _fields(booklet):
        text = (form.get(name) or "").strip().replace(",", ".")
        if text:
            entries.append((code, boundary, item_id, text))
    return entries


def filled(judgements: Mapping[tuple[str, int, str], float]) -> dict[str, str]:
    """Return the inputs' texts from saved judgements keyed (competency, boundary, item)."""
    return {field_name(*key): f"{value:g}" for key, value in judgements.items()}


def posted(form: Mapping[str, str], booklet: dict) -> dict[str, str]:
    """Return what a refused post typed, by input name, to show it again."""
    return {name: form[name] for name, *_ in _fields(booklet) if form.get(name, "").strip()}
