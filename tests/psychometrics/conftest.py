"""The reference numbers (R mirt 1.40, psych 2.2.9) in shared/reference/irt beside the repo."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import numpy as np
import pytest

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "irt"


def _required() -> bool:
    flags = (os.environ.get("CI", ""), os.environ.get("TEST_REQUIRE_SERVICES", ""))
    return any(flag.strip().lower() not in ("", "0", "false", "no") for flag in flags)


def reference_rows(name: str) -> list[dict[str, str]]:
    """Return the rows of one reference CSV as dicts; fail under CI, else skip, if absent."""
    path = REFERENCE / name
    if not path.is_file():
        message = f"reference file {path} is missing (shared/ must sit beside the repository)"
        if _required():
            pytest.fail(message + "; required because CI/TEST_REQUIRE_SERVICES is set")
        pytest.skip(message)
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def reference_matrix(name: str) -> tuple[list[str], np.ndarray]:
    """Return the column names and values of a data file (one row per person)."""
    rows = reference_rows(name)
    names = list(rows[0])
    return names, np.array([[float(row[n]) for n in names] for row in rows])


def column(rows: list[dict[str, str]], name: str) -> np.ndarray:
    """Return one numeric column of reference rows."""
    return np.array([float(row[name]) for row in rows])
