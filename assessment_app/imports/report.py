"""The one report every import returns: roster, standards, performance and potential.

The CLI and the admin preview read it the same way: `rows` seen in the file, what was (or,
on a dry run, would be) created, updated or left unchanged, and every error and warning at
its row and column (a `tabular.RowError`). Nothing is written while `errors` is not empty.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from assessment_app.imports.placement import NewCode
from assessment_app.tabular import RowError, Table


class Parsed(Protocol):
    """What every parser of `tabular` returns besides its rows."""

    errors: list[RowError]
    warnings: list[RowError]


@dataclass
class ImportReport:
    """What an import found and did; nothing is written when `errors` is not empty.

    `new_codes` lists the sessions and rooms a roster creates (or would create);
    `codes_unchecked` says the import stopped because nobody confirmed them.
    """

    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    written: bool = False
    new_codes: list[NewCode] = field(default_factory=list)
    codes_unchecked: bool = False

    @classmethod
    def of(cls, table: Table, parsed: Parsed) -> ImportReport:
        """Start the report of `table` with what its parse found."""
        return cls(errors=list(parsed.errors), warnings=list(parsed.warnings), rows=len(table.rows))

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def counts(self) -> str:
        """The outcome in words, as the CLI prints it and the admin page flashes it."""
        return f"{self.created} baru, {self.updated} diperbarui, {self.unchanged} tidak berubah"


# An import service: `(table, *, actor, dry_run, ...) -> ImportReport`.
Importer = Callable[..., ImportReport]
