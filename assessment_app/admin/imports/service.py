"""Run an upload's import for the admin pages: a preview, then the import that keeps it.

Both run the same import service. What it adds is kept only when it wrote the whole file:
a dry run, a file with errors, one whose new codes were not confirmed, or one the data
refused after the preview leave nothing behind, not even a new event row, so the request's
one commit (web/transaction.py) writes nothing of them.
"""

from __future__ import annotations

from assessment_app.extensions import db
from assessment_app.hooks import after_commit
from assessment_app.imports.report import ImportReport
from assessment_app.imports.store import discard_upload
from assessment_app.imports.uploads import UploadKind
from assessment_app.tabular import Table, read_table


def run_import(
    kind: UploadKind,
    data: bytes,
    filename: str,
    *,
    actor: str,
    dry_run: bool,
    codes_checked: bool = True,
) -> tuple[Table, ImportReport]:
    """Read the file and run the kind's import; return the table and the report.

    Raises TableError for a file that cannot be read, Refused when the import refuses it.
    """
    table = read_table(data, filename)
    options = {"new_codes_checked": codes_checked} if kind.checks_new_codes else {}
    with db.session.begin_nested() as savepoint:
        report = kind.importer(table, actor=actor, dry_run=dry_run, **options)
        if not report.written:
            savepoint.rollback()
    return table, report


def discard_when_committed(folder: str, token: str) -> None:
    """Delete the stored upload once the import it held is committed (kept if it fails)."""
    after_commit(db.session, lambda: discard_upload(folder, token))
