"""Flags on a finished attempt: reasons to review a result before it is used (CONTRACT §6).

A flagged row is still scored and exported; it is shown as "perlu ditinjau" and never
enters the succession pool (KRS). ``incomplete`` also keeps the attempt out of JPM. The
thresholds are deliberately conservative: a flag asks an assessor to look, it does not
accuse anyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from numpy.typing import ArrayLike, NDArray

INCOMPLETE = "incomplete"
RAPID_GUESSING = "rapid_guessing"
LONGEST_OPTION = "longest_option"

# Rapid guessing (after Wise & Kong's response-time effort): an answer saved less than
# RAPID_SECONDS after the previous save (or the start) cannot have followed a reading of a
# work situation and its options. Only the last save of each item is kept, so a changed
# answer counts at its last change.
RAPID_SECONDS = 3.0
RAPID_SHARE = 0.25  # flagged when more than this share of the answers were rapid...
RAPID_MIN_ANSWERS = 4  # ...and the attempt has at least this many answers
# The longest option chosen throughout: a test-wise strategy that skips the situation.
LONGEST_SHARE = 0.9
LONGEST_MIN_ANSWERS = 10


@dataclass(frozen=True)
class Flag:
    """A flag's code (as exported), its Indonesian label and the rule, for notes and pages."""

    code: str
    label: str
    rule: str


FLAGS = {
    flag.code: flag
    for flag in (
        Flag(
            INCOMPLETE,
            "Tidak lengkap",
            "Soal terjawab kurang dari min_answered_share (bawaan 0,8) x jumlah soal tes; "
            "skor tetap dihitung, tetapi tes ini tidak dipakai untuk JPM.",
        ),
        Flag(
            RAPID_GUESSING,
            "Menebak cepat",
            f"Lebih dari {RAPID_SHARE:.0%} jawaban (minimal {RAPID_MIN_ANSWERS} jawaban) "
            f"disimpan kurang dari {RAPID_SECONDS:g} detik setelah jawaban sebelumnya atau "
            "setelah mulai: terlalu cepat untuk membaca soal.",
        ),
        Flag(
            LONGEST_OPTION,
            "Selalu opsi terpanjang",
            f"Pada sedikitnya {LONGEST_SHARE:.0%} jawaban (minimal {LONGEST_MIN_ANSWERS} "
            "jawaban) yang dipilih adalah opsi dengan teks terpanjang: pola menebak tanpa "
            "membaca situasi.",
        ),
    )
}


def incomplete(answered: ArrayLike, total: ArrayLike, share: ArrayLike) -> NDArray[np.bool_]:
    """Return True where answered < share x total, compared exactly as fractions.

    ``share`` is one value or one per attempt, each read as the decimal it prints as (0.8
    is 4/5, not the nearest double).
    """
    answered = np.asarray(answered, dtype=np.int64)
    total = np.asarray(total, dtype=np.int64)
    shares = np.broadcast_to(
        np.asarray(share, dtype=np.float64), np.broadcast(answered, total).shape
    )
    result = np.zeros(shares.shape, dtype=bool)
    for value in np.unique(shares):
        ratio = Fraction(repr(float(value)))
        here = shares == value
        result[here] = (answered * ratio.denominator < total * ratio.numerator)[here]
    return result


def rapid_guessing(
    attempt_index: ArrayLike, saved: ArrayLike, started: ArrayLike
) -> NDArray[np.bool_]:
    """Return, per attempt, whether it shows rapid guessing.

    ``attempt_index`` and ``saved`` (seconds) describe every answered item; ``started``
    (seconds) holds each attempt's start, NaN when unknown (then its first answer is not
    judged).
    """
    rows = np.asarray(attempt_index, dtype=np.intp).ravel()
    times = np.asarray(saved, dtype=np.float64).ravel()
    start = np.asarray(started, dtype=np.float64).ravel()
    n = start.size
    order = np.lexsort((times, rows))
    rows, times = rows[order], times[order]
    previous = np.empty_like(times)
    previous[1:] = times[:-1]
    first = np.ones(rows.size, dtype=bool)
    first[1:] = rows[1:] != rows[:-1]
    previous[first] = start[rows[first]]
    with np.errstate(invalid="ignore"):
        rapid = (times - previous) < RAPID_SECONDS  # False where the start is unknown
    count = np.bincount(rows, minlength=n)
    fast = np.bincount(rows, weights=rapid, minlength=n)
    return (count >= RAPID_MIN_ANSWERS) & (fast > RAPID_SHARE * count)


def longest_option(attempt_index: ArrayLike, chose_longest: ArrayLike, n: int) -> NDArray[np.bool_]:
    """Return, per attempt, whether the longest option was chosen throughout.

    ``chose_longest`` says for every answered item whether the chosen option's text is
    the item's longest (ties included).
    """
    rows = np.asarray(attempt_index, dtype=np.intp).ravel()
    longest = np.asarray(chose_longest, dtype=np.float64).ravel()
    count = np.bincount(rows, minlength=n)
    hits = np.bincount(rows, weights=longest, minlength=n)
    return (count >= LONGEST_MIN_ANSWERS) & (hits >= LONGEST_SHARE * count)
