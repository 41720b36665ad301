"""Checking the bank folder before it is published: its problems and warnings, for the page."""

from __future__ import annotations

import os
from dataclasses import dataclass

from assessment_app.bank import Bank, load_bank


@dataclass(frozen=True)
class BankCheck:
    """The outcome of validating the bank folder, for the page."""

    folder: str
    problems: list[tuple[str, int, str]]  # (path relative to the folder, line, message)
    competencies: int = 0
    items: int = 0
    tests: int = 0
    warnings: tuple[tuple[str, int, str, str], ...] = ()  # (path, line, code, message)


def check_bank(folder: str) -> tuple[Bank | None, BankCheck]:
    """Load the bank folder; return the bank (None if invalid) and what the page shows."""
    from assessment_app.bank.lint import lint_bank  # numpy (~0.1 s): with the first check only

    result = load_bank(folder)
    problems = [(_relative(p.path, folder), p.line, p.message) for p in result.problems]
    bank = result.bank if result.ok else None
    if bank is None:
        return None, BankCheck(folder, problems)
    counts = (len(bank.competencies), len(bank.items), len(bank.tests))
    warnings = tuple(
        (_relative(w.path, folder), w.line, w.code, w.message) for w in lint_bank(bank).warnings
    )
    return bank, BankCheck(folder, [], *counts, warnings=warnings)


def _relative(path: str, folder: str) -> str:
    try:
        relative = os.path.relpath(path, folder)
    except ValueError:
        return path
    return path if relative.startswith("..") else relative
