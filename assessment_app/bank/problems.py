"""Problems found while loading a question bank, and the reporter that collects them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from yaml.nodes import Node


@dataclass(frozen=True)
class Problem:
    """One mistake in the bank, printed as ``path:line: message``.

    ``path`` is the bank directory joined with the file's relative path, exactly as the
    directory was given. ``line`` is 1-based; a problem about a whole file or directory
    (missing, unreadable, empty) is reported at line 1.
    """

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Reporter:
    """Append problems about one file to a shared list."""

    path: str
    problems: list[Problem]

    def __call__(self, where: Node | int, message: str) -> None:
        """Record ``message`` at a line number or at the start line of a YAML node."""
        line = where if isinstance(where, int) else where.start_mark.line + 1
        self.problems.append(Problem(self.path, line, message))


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Return problems sorted by path, then line, keeping the order of equal positions."""
    return sorted(problems, key=lambda problem: (problem.path, problem.line))
