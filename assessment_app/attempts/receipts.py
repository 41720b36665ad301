"""Answer receipts: a short code that proves what was stored when an attempt finished.

The code is a keyed hash (HMAC-SHA256, with a key derived from SECRET_KEY for receipts only)
of the attempt id, its final answers (item id -> chosen key, sorted; cleared answers left out)
and the finish time. The candidate sees it on the closing page; in a dispute, staff recompute
it from what is stored (`attempts receipt NIP --code ...`, the admin page "Tanda terima"): a
code that no longer matches means the stored answers or finish time changed afterwards.

It carries nothing score-like: without the key it says nothing about the answers.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import select

from assessment_app.attempts.lifecycle import test_titles
from assessment_app.extensions import db
from assessment_app.models import Answer, Attempt, AttemptStatus, Candidate, Registration
from assessment_app.security import TOKEN_ALPHABET, derive_key

KEY_PURPOSE = b"answer-receipt"
GROUPS = (4, 4, 2)  # K7QM-3XPA-2D: 10 characters, 50 bits
_BITS = 5  # len(TOKEN_ALPHABET) == 32
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"  # fixed width, microseconds, UTC


@dataclass(frozen=True)
class Receipt:
    """One finished attempt's receipt, for the CLI and the admin page."""

    attempt_id: int
    test_code: str
    title: str
    finished_at: datetime
    code: str


def receipt_code(
    key: bytes, attempt_id: int, answers: dict[str, str], finished_at: datetime
) -> str:
    """Return the receipt of these final answers, grouped for reading aloud (XXXX-XXXX-XX)."""
    message = json.dumps(
        [attempt_id, sorted(answers.items()), finished_at.astimezone(UTC).strftime(TIME_FORMAT)],
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode()
    number = int.from_bytes(hmac.new(key, message, hashlib.sha256).digest()[:8], "big")
    chars = [TOKEN_ALPHABET[(number >> (_BITS * i)) & 31] for i in range(sum(GROUPS))]
    parts, start = [], 0
    for size in GROUPS:
        parts.append("".join(chars[start : start + size]))
        start += size
    return "-".join(parts)


def normalize_code(text: str) -> str:
    """Return a typed code in its printed form: upper case, grouped; spaces and dashes free."""
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    parts, start = [], 0
    for size in GROUPS:
        if raw[start:]:
            parts.append(raw[start : start + size])
        start += size
    return "-".join(parts) + raw[start:]


def codes_match(given: str, expected: str) -> bool:
    """Compare a typed code with the recomputed one, in constant time."""
    return hmac.compare_digest(normalize_code(given).encode(), expected.encode())


def receipt_key() -> bytes:
    """Return this instance's receipt key."""
    return derive_key(current_app.config["SECRET_KEY"], KEY_PURPOSE)


def receipt_for(attempt: Attempt) -> str | None:
    """Return the receipt of a finished attempt from what is stored; None before it finishes."""
    if attempt.status is not AttemptStatus.FINISHED or attempt.finished_at is None:
        return None
    rows = db.session.execute(
        select(Answer.item_id, Answer.choice).where(
            Answer.attempt_id == attempt.id, Answer.choice.is_not(None)
        )
    )
    answers = {row.item_id: row.choice for row in rows}
    return receipt_code(receipt_key(), attempt.id, answers, attempt.finished_at)


def receipts_of(nip: str) -> list[Receipt] | None:
    """Return the receipts of a candidate's finished attempts in test order; None: no such NIP."""
    candidate = db.session.scalar(select(Candidate).where(Candidate.nip == nip))
    if candidate is None:
        return None
    attempts = db.session.scalars(
        select(Attempt)
        .join(Registration, Registration.id == Attempt.registration_id)
        .where(Attempt.candidate_id == candidate.id, Attempt.status == AttemptStatus.FINISHED)
        .order_by(Registration.position)
    ).all()
    titles = test_titles(attempts[0].snapshot_id) if attempts else {}
    return [
        Receipt(a.id, a.test_code, titles.get(a.test_code, a.test_code), a.finished_at, code)
        for a in attempts
        if (code := receipt_for(a)) is not None
    ]
