"""Tell when a new session or room code looks like a typo of another one (issue 12).

A roster creates any session or room code it names (CONTRACT.md §3), so "S9" typed for
"S1" would silently open a new session. `resemblance` is the one rule for "looks like";
`lookalikes` says which pairs are worth a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

CASE = "hanya beda huruf besar/kecil"
PADDING = "hanya beda nol di depan angka"
ONE_CHARACTER = "beda satu karakter"
_DIGITS = re.compile(r"[0-9]+")


def resemblance(code: str, other: str) -> str | None:
    """Return how `code` resembles a different code `other`, or None.

    The reason is `CASE` (s1 / S1), `PADDING` (R1 / R01, S01 / S1) or `ONE_CHARACTER`
    (S9 / S1: one character replaced, added or removed). Equal codes do not resemble.
    """
    if code == other:
        return None
    if code.casefold() == other.casefold():
        return CASE
    if _unpadded(code) == _unpadded(other):
        return PADDING
    if _one_edit_apart(code.casefold(), other.casefold()):
        return ONE_CHARACTER
    return None


def _unpadded(code: str) -> str:
    return _DIGITS.sub(lambda match: str(int(match.group())), code.casefold())


def _one_edit_apart(a: str, b: str) -> bool:
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) > 1:
        return False
    start = 0
    while start < len(a) and a[start] == b[start]:
        start += 1
    if len(a) == len(b):
        return a[start + 1 :] == b[start + 1 :]
    return a[start:] == b[start + 1 :]


@dataclass(frozen=True)
class Lookalike:
    """A new code that resembles `other`; `other_is_new` when `other` is new in the file too."""

    code: str
    other: str
    reason: str
    other_is_new: bool


def lookalikes(new: Iterable[str], existing: Iterable[str]) -> list[Lookalike]:
    """Return the new codes that look like a typo, each with the first code it resembles.

    A new code is compared with every existing code by any `resemblance`, and with the new
    codes before it only by case or zero-padding: one-character steps between new codes
    (S1, S2, S3 in a first roster) are how sessions are numbered, not typos.
    """
    known = sorted(set(existing))
    earlier: list[str] = []
    found: list[Lookalike] = []
    for code in new:
        match = _first_match(code, known, (CASE, PADDING, ONE_CHARACTER), False)
        match = match or _first_match(code, earlier, (CASE, PADDING), True)
        if match is not None:
            found.append(match)
        earlier.append(code)
    return found


def _first_match(
    code: str, others: list[str], reasons: tuple[str, ...], other_is_new: bool
) -> Lookalike | None:
    """Return the closest match: by the order of `reasons` first, then of `others`."""
    found = {other: resemblance(code, other) for other in others}
    for reason in reasons:
        for other, why in found.items():
            if why == reason:
                return Lookalike(code, other, reason, other_is_new)
    return None
