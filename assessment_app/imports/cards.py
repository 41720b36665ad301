"""Printable login cards: who sits where and when, which tests, and how to log in."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, has_request_context, render_template, url_for
from sqlalchemy import select

from assessment_app import clock
from assessment_app.attempts.lifecycle import test_titles
from assessment_app.extensions import db
from assessment_app.formatting import natural_key
from assessment_app.models import Candidate, ExamSession, Room
from assessment_app.security import pin_vault
from assessment_app.snapshots.service import current_snapshot

# Where `make run` serves the exam; printed only when nothing better is known (with a warning).
FALLBACK_EXAM_URL = "http://127.0.0.1:8000/ujian"


@dataclass(frozen=True)
class Card:
    """One candidate's login card as printed."""

    candidate: Candidate
    pin: str
    tests: list[tuple[str, str]]  # (code, title) in the candidate's order


def exam_url(given: str | None = None) -> str:
    """Return the address candidates open.

    ``given`` first, then config EXAM_URL, then the exam page's address on the host this
    request came to (what the admin's browser reached), then FALLBACK_EXAM_URL.
    """
    if given:
        return given
    if current_app.config.get("EXAM_URL"):
        return current_app.config["EXAM_URL"]
    if has_request_context():
        return url_for("exam.login", _external=True)
    return FALLBACK_EXAM_URL


def render_cards(
    session_code: str | None = None, room_code: str | None = None, url: str | None = None
) -> str:
    """Render the login cards of a session and/or room (all when neither) as one HTML page."""
    return render_cards_of(card_candidates(session_code, room_code), url)


def card_candidates(session_code: str | None = None, room_code: str | None = None) -> list:
    """Return the candidates of a session and/or room in seat order (by session, room, seat)."""
    query = select(Candidate).join(Candidate.session).join(Candidate.room)
    if session_code:
        query = query.where(ExamSession.code == session_code.upper())
    if room_code:
        query = query.where(Room.code == room_code.upper())
    return sorted(
        db.session.scalars(query),
        key=lambda c: (c.session.code, c.room.code, natural_key(c.seat or ""), c.name),
    )


def render_cards_of(candidates: list[Candidate], url: str | None = None) -> str:
    """Render the login cards of these candidates, in the order given."""
    return render_template(
        "roster/cards.html",
        cards=_cards(candidates),
        exam_url=exam_url(url),
        printed_at=clock.now(),
    )


def _cards(candidates: list[Candidate]) -> list[Card]:
    vault = pin_vault()
    current = current_snapshot()
    titles: dict[int, dict[str, str]] = {}
    cards = []
    for candidate in candidates:
        # The bank the candidate will sit: the session's own once opened, else the current one.
        snapshot_id = candidate.session.snapshot_id or (current.id if current else None)
        if snapshot_id and snapshot_id not in titles:
            titles[snapshot_id] = test_titles(snapshot_id)
        known = titles.get(snapshot_id, {})
        tests = [
            (r.test_code, known.get(r.test_code, r.test_code)) for r in candidate.registrations
        ]
        cards.append(Card(candidate, vault.unseal(candidate.pin_sealed), tests))
    return cards
