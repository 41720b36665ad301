"""A panelist's seat and judgements: what he sees of his panels, and his saves.

A panelist reaches only the panels he sits on (404 otherwise). While a round is open he
saves judgements for it, all or none: each is checked against the panel's frozen booklet
(bookmark: pages mastered, 0..pages, rising strictly from boundary to boundary; Angoff: one
value per item within its raw-score range). Services only flush: the caller commits.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from assessment_app import clock
from assessment_app.exceptions import conflict, invalid, not_found
from assessment_app.extensions import db
from assessment_app.models import Panelist, PanelJudgement, PanelMethod, StandardPanel, User
from assessment_app.standards import BOUNDARIES
from assessment_app.standards.service import get_panel, panels, refuse_if_adopted


def seat_of(user: User, panel_id: int) -> tuple[StandardPanel, Panelist]:
    """Return the panel and the user's seat on it (404 when he does not sit on it)."""
    panel = get_panel(panel_id)
    for seat in panel.panelists:
        if seat.user_id == user.id:
            return panel, seat
    raise not_found("Panel penetapan standar tidak ditemukan.")


def panels_of(user: User) -> list[StandardPanel]:
    """Return the current event's panels the user sits on, newest first."""
    return [p for p in panels() if any(seat.user_id == user.id for seat in p.panelists)]


def judgements_of(seat: Panelist, number: int) -> dict[tuple[str, int, str], float]:
    """Return the seat's judgements of round ``number`` keyed (competency, boundary, item)."""
    return {key: row.value for key, row in _rows(seat, number).items()}


def _rows(seat: Panelist, number: int) -> dict[tuple[str, int, str], PanelJudgement]:
    query = select(PanelJudgement).where(
        PanelJudgement.panelist_id == seat.id, PanelJudgement.round == number
    )
    return {(j.competency, j.boundary, j.item_id): j for j in db.session.scalars(query)}


def save_judgements(user: User, panel_id: int, entries) -> int:
    """Save (competency, boundary, item_id, value) judgements of the open round, all or none.

    Bookmark: ``item_id`` is empty and ``value`` the pages mastered (0..pages), rising
    strictly from boundary to boundary. Angoff: one value per item within its score range.
    """
    panel, seat = seat_of(user, panel_id)
    refuse_if_adopted(panel)
    if not panel.round_open:
        raise conflict("Putaran belum dibuka atau sudah ditutup.", code="round_closed")
    checked = [check_judgement(panel.booklet, entry) for entry in entries]
    existing = _rows(seat, panel.round_number)
    if panel.method is PanelMethod.BOOKMARK:
        _rising(
            {key: row.value for key, row in existing.items()}
            | {(code, boundary, item_id): value for code, boundary, item_id, value in checked}
        )
    _store(panel, seat, checked, existing)
    return len(checked)


def check_judgement(book: dict, entry) -> tuple[str, int, str, float]:
    """Return one (competency, boundary, item_id, value) entry as `save_judgements` keeps it,
    or raise Refused (422) saying why (importers call it to name the row at fault)."""
    code, boundary, item_id, value = entry
    competency = next((c for c in book["competencies"] if c["code"] == code), None)
    if competency is None or boundary not in BOUNDARIES:
        raise invalid(f"Kompetensi {code!r} atau batas level {boundary!r} tidak dikenal.")
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise invalid(f"{code} level {boundary}: nilai {value!r} bukan angka.") from None
    if book["method"] == PanelMethod.BOOKMARK.value:
        pages = len(competency.get("pages") or [])
        if not pages or not value.is_integer() or not 0 <= value <= pages:
            raise invalid(f"{code} level {boundary}: penanda harus halaman 0 sampai {pages}.")
        return code, boundary, "", value
    item = next((i for i in competency["items"] if i["id"] == item_id), None)
    if item is None or not item["low"] <= value <= item["high"]:
        raise invalid(
            f"{code} level {boundary}, soal {item_id}: nilai harus dalam rentang skor soal."
        )
    return code, boundary, item_id, value


def _rising(kept: dict) -> None:
    by_code = defaultdict(list)
    for (code, boundary, _), value in sorted(kept.items()):
        by_code[code].append((boundary, value))
    for code, marks in by_code.items():
        values = [value for _, value in marks]
        if any(high <= low for low, high in zip(values, values[1:], strict=False)):
            raise invalid(
                f"{code}: penanda untuk level yang lebih tinggi harus berada di halaman yang "
                "lebih jauh.",
                code="bookmarks_not_rising",
            )


def _store(panel: StandardPanel, seat: Panelist, checked: list, existing: dict) -> None:
    """Update the seat's rows of the open round in ``existing`` or add new ones."""
    for code, boundary, item_id, value in checked:
        row = existing.get((code, boundary, item_id))
        if row is None:
            row = PanelJudgement(
                panel_id=panel.id,
                panelist_id=seat.id,
                round=panel.round_number,
                competency=code,
                boundary=boundary,
                item_id=item_id,
            )
            db.session.add(row)
            existing[(code, boundary, item_id)] = row
        row.value, row.updated_at = value, clock.now()
    db.session.flush()
