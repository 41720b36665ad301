"""Degenerate data: what cannot be calibrated or scored, what is dropped or collapsed, and why.

Every decision is reported as a `Note` (for people, in Bahasa Indonesia) and nothing
degenerate reaches the numerics, so no NaN can come out of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .data import ResponseMatrix
from .mstep import MAX_SLOPE
from .options import MIN_ITEM_RESPONSES, MIN_PERSONS

LARGE_SLOPE = 5.0  # slopes above this are reported (good items rarely pass 3)
SHOWN = 5  # how many names a note lists before "dan n lainnya"


class PsychometricsError(ValueError):
    """Data that cannot be used as asked; the message says why, for people."""


class InsufficientData(PsychometricsError):
    """Too little data left for a stable calibration."""


@dataclass(frozen=True)
class Note:
    """One decision about the data: a stable ``kind``, its subject and a message."""

    kind: str
    subject: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass
class Prepared:
    """Responses fit for the numerics, the original categories behind each kept category."""

    matrix: ResponseMatrix
    categories: dict[str, tuple[int, ...]] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)


def names(values, shown: int = SHOWN) -> str:
    """Return up to ``shown`` names joined by commas, then how many more there are."""
    values = list(values)
    head = ", ".join(values[:shown])
    return head if len(values) <= shown else f"{head} dan {len(values) - shown} lainnya"


def prepare_calibration(
    matrix: ResponseMatrix,
    model: str,
    *,
    min_persons: int = MIN_PERSONS,
    min_item_responses: int = MIN_ITEM_RESPONSES,
) -> Prepared:
    """Drop what cannot be calibrated, collapse unused categories, and check what is left.

    Raises PsychometricsError for 2PL data with categories above 1, and InsufficientData
    when fewer than ``min_persons`` persons or no items are left.
    """
    if model == "2pl":
        _require_dichotomous(matrix)
    notes: list[Note] = []
    matrix = _drop_empty_persons(matrix, notes)
    _require_persons(matrix, min_persons)
    while True:
        before = matrix.values.shape
        matrix = _drop_thin_items(matrix, min_item_responses, notes)
        matrix = _drop_constant_items(matrix, notes)
        matrix = _drop_empty_persons(matrix, notes)
        if matrix.values.shape == before:
            break
    if not matrix.items:
        raise InsufficientData("Tidak ada butir yang dapat dikalibrasi. " + _joined(notes))
    _require_persons(matrix, min_persons)
    matrix, categories = collapse_categories(matrix, notes)
    return Prepared(matrix, categories, notes)


def _require_persons(matrix: ResponseMatrix, minimum: int) -> None:
    if len(matrix.persons) < minimum:
        raise InsufficientData(
            f"Hanya {len(matrix.persons)} peserta dengan jawaban; kalibrasi yang stabil "
            f"memerlukan sedikitnya {minimum} peserta."
        )


def _joined(notes: list[Note]) -> str:
    return " ".join(note.message for note in notes)


def _require_dichotomous(matrix: ResponseMatrix) -> None:
    high = np.argwhere(matrix.values > 1)
    if len(high):
        row, col = high[0]
        raise PsychometricsError(
            f"Butir {matrix.items[col]} berisi kategori {matrix.values[row, col]} (peserta "
            f"{matrix.persons[row]}); model 2PL hanya untuk data 0/1, gunakan --model grm."
        )


def _drop_empty_persons(matrix: ResponseMatrix, notes: list[Note]) -> ResponseMatrix:
    empty = ~matrix.presented.any(axis=1)
    if empty.any():
        dropped = [p for p, e in zip(matrix.persons, empty, strict=True) if e]
        notes.append(
            Note(
                "person_without_responses",
                ",".join(dropped),
                f"{len(dropped)} peserta tanpa jawaban dikeluarkan: {names(dropped)}.",
            )
        )
        matrix = matrix.take(persons=~empty)
    return matrix


def _drop_thin_items(matrix: ResponseMatrix, minimum: int, notes: list[Note]) -> ResponseMatrix:
    counts = matrix.presented.sum(axis=0)
    thin = counts < minimum
    for i in np.flatnonzero(thin):
        notes.append(
            Note(
                "too_few_responses",
                matrix.items[i],
                f"Butir {matrix.items[i]}: hanya {counts[i]} jawaban (minimal {minimum}); "
                "butir dikeluarkan dari kalibrasi.",
            )
        )
    return matrix.take(items=~thin) if thin.any() else matrix


def _drop_constant_items(matrix: ResponseMatrix, notes: list[Note]) -> ResponseMatrix:
    keep = np.ones(len(matrix.items), dtype=bool)
    for i, item in enumerate(matrix.items):
        seen = matrix.values[matrix.presented[:, i], i]
        if len(seen) and seen.min() == seen.max():
            keep[i] = False
            notes.append(Note("single_category", item, _constant_message(item, int(seen[0]))))
    return matrix if keep.all() else matrix.take(items=keep)


def _constant_message(item: str, category: int) -> str:
    if category == 0:
        what = "tidak ada peserta yang menjawab di atas kategori 0 (tidak ada yang benar)"
    else:
        what = f"semua peserta menjawab kategori {category}"
    return f"Butir {item}: {what}; butir tidak dapat dikalibrasi dan dikeluarkan."


def collapse_categories(matrix: ResponseMatrix, notes: list[Note]):
    """Recode every item's categories to 0..c in the order of those actually used.

    Return the recoded matrix and, per item, the original category behind each new one.
    """
    values = matrix.values.copy()
    categories: dict[str, tuple[int, ...]] = {}
    for i, item in enumerate(matrix.items):
        seen = matrix.presented[:, i]
        used = np.unique(values[seen, i])
        categories[item] = tuple(int(c) for c in used)
        if len(used) and used[-1] != len(used) - 1:
            values[seen, i] = np.searchsorted(used, values[seen, i])
            notes.append(_collapse_note(item, used))
    return ResponseMatrix(matrix.persons, matrix.items, values), categories


def _collapse_note(item: str, used: np.ndarray) -> Note:
    unused = sorted(set(range(int(used[-1]) + 1)) - {int(c) for c in used})
    before = ",".join(str(c) for c in used)
    after = ",".join(str(c) for c in range(len(used)))
    return Note(
        "collapsed_categories",
        item,
        f"Butir {item}: kategori {','.join(map(str, unused))} tidak pernah dipakai; "
        f"kategori {before} digabung dan dikodekan ulang menjadi {after}.",
    )


def recode_for_scoring(matrix: ResponseMatrix, n_categories: np.ndarray, notes: list[Note]):
    """Recode items whose categories go beyond their parameters, as calibration collapsed them.

    An item using exactly as many distinct categories as its parameters have, but with gaps,
    is recoded by rank (what `collapse_categories` did to the calibration data). Anything
    else beyond range raises PsychometricsError.
    """
    values = matrix.values.copy()
    for i, item in enumerate(matrix.items):
        seen = matrix.presented[:, i]
        if not seen.any() or values[seen, i].max() < n_categories[i]:
            continue
        used = np.unique(values[seen, i])
        if len(used) != n_categories[i]:
            raise PsychometricsError(
                f"Butir {item}: kategori {used[-1]} di luar parameter (kategori 0.."
                f"{n_categories[i] - 1}); kodekan ulang jawaban seperti data kalibrasinya."
            )
        values[seen, i] = np.searchsorted(used, values[seen, i])
        notes.append(_collapse_note(item, used))
    return ResponseMatrix(matrix.persons, matrix.items, values)


def check_estimates(items, a: np.ndarray, thresholds: list[np.ndarray]) -> list[Note]:
    """Return notes on estimates that need review (negative, tiny or huge slopes)."""
    notes = []
    for item, slope, b in zip(items, a, thresholds, strict=True):
        if abs(slope) < 0.2:
            text = f"diskriminasi mendekati nol (a = {slope:.3f}); nilai b tidak stabil"
        elif slope < 0:
            text = f"diskriminasi negatif (a = {slope:.3f}); periksa kunci dan isi butir"
        elif slope > LARGE_SLOPE:
            bound = f", batas {MAX_SLOPE:g} tercapai" if slope >= MAX_SLOPE * (1 - 1e-9) else ""
            text = (
                f"diskriminasi sangat besar (a = {slope:.2f}{bound}); jawaban butir nyaris "
                "memisahkan peserta sempurna"
            )
        elif np.abs(b).max(initial=0) > 8:
            text = "ambang ekstrem (|b| > 8); hampir semua peserta di satu sisi"
        else:
            continue
        notes.append(Note("review_estimate", item, f"Butir {item}: {text}."))
    return notes
