"""A response matrix: persons x items, integer categories from 0, -1 where not presented."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MISSING = -1


@dataclass(frozen=True)
class ResponseMatrix:
    """Who answered what: ``values[n, i]`` is the category of person n on item i, or MISSING.

    Missing-by-design data (each person sees only part of the pool) is the normal case.
    """

    persons: tuple[str, ...]
    items: tuple[str, ...]
    values: np.ndarray  # (persons, items) integers, MISSING where not presented

    def __post_init__(self) -> None:
        values = np.asarray(self.values, dtype=np.int64)
        if values.ndim != 2 or values.shape != (len(self.persons), len(self.items)):
            raise ValueError(
                f"values has shape {values.shape}, expected "
                f"({len(self.persons)}, {len(self.items)})"
            )
        if (values < MISSING).any():
            raise ValueError("categories must be integers from 0 (or -1 for not presented)")
        object.__setattr__(self, "values", values)

    @classmethod
    def from_array(cls, values, persons=None, items=None) -> ResponseMatrix:
        """Build a matrix from an array with NaN or -1 for not presented; name rows and columns."""
        array = np.asarray(values, dtype=float)
        array = np.where(np.isnan(array), MISSING, array).astype(np.int64)
        persons = tuple(persons) if persons is not None else _names("p", array.shape[0])
        items = tuple(items) if items is not None else _names("i", array.shape[1])
        return cls(persons, items, array)

    @property
    def presented(self) -> np.ndarray:
        """Return a boolean mask of the cells with a response."""
        return self.values != MISSING

    @property
    def max_category(self) -> np.ndarray:
        """Return the largest category seen per item (-1 for an item nobody answered)."""
        if self.values.shape[0] == 0:
            return np.full(len(self.items), MISSING)
        return self.values.max(axis=0)

    def take(self, persons: np.ndarray | None = None, items: np.ndarray | None = None):
        """Return the matrix restricted to boolean or index selections of persons and items."""
        rows = np.arange(len(self.persons)) if persons is None else _indices(persons)
        cols = np.arange(len(self.items)) if items is None else _indices(items)
        return ResponseMatrix(
            tuple(self.persons[n] for n in rows),
            tuple(self.items[i] for i in cols),
            self.values[np.ix_(rows, cols)],
        )


def _indices(selection) -> np.ndarray:
    selection = np.asarray(selection)
    return np.flatnonzero(selection) if selection.dtype == bool else selection.astype(np.int64)


def _names(prefix: str, count: int) -> tuple[str, ...]:
    width = len(str(count))
    return tuple(f"{prefix}{n + 1:0{width}d}" for n in range(count))
