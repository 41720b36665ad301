"""The reference numbers (R mirt 1.40, psych 2.2.9) kept in tests/data/reference/irt."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "reference" / "irt"


def reference_rows(name: str) -> list[dict[str, str]]:
    """Return the rows of one reference CSV as dicts."""
    with (REFERENCE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def reference_matrix(name: str) -> tuple[list[str], np.ndarray]:
    """Return the column names and values of a data file (one row per person)."""
    rows = reference_rows(name)
    names = list(rows[0])
    return names, np.array([[float(row[n]) for n in names] for row in rows])


def column(rows: list[dict[str, str]], name: str) -> np.ndarray:
    """Return one numeric column of reference rows."""
    return np.array([float(row[name]) for row in rows])
