"""Run an upload's import for the admin pages: a preview, then the import that keeps it.

Both run the same import service. What it adds is kept only when it wrote the whole file:
a dry run, a file with errors, one whose new codes were not confirmed, or one the data
refused after the preview leave nothing behind, not even a new event row, so the request's
one commit (web/transaction.py) writes nothing of them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from flask import current_app

from assessment_app.extensions import db
from assessment_app.hooks import after_commit
from assessment_app.imports.report import ImportReport
from assessment_app.imports.store import discard_upload, load_upload, store_upload
from assessment_app.imports.uploads import UploadKind
from assessment_app.models import User
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


@dataclass(frozen=True)
class Checked:
    """An upload read and checked: the file's name, its table, the import's report, and the
    token of the stored upload that "Simpan" imports (None when there is nothing to save)."""

    filename: str
    table: Table
    report: ImportReport
    token: str | None


def upload_folder() -> str:
    """Return the folder the uploads wait in between the preview and "Simpan"."""
    return os.path.join(current_app.instance_path, "uploads")


def preview_upload(kind: UploadKind, data: bytes, filename: str, *, user: User) -> Checked:
    """Check an uploaded file without writing anything; keep it for "Simpan" when it is good."""
    table, report = run_import(kind, data, filename, actor=user.username, dry_run=True)
    token = None
    if report.ok:
        token = store_upload(upload_folder(), data, filename, kind.code, user.id)
    return Checked(filename, table, report, token)


def confirm_upload(kind: UploadKind, token: str, *, user: User, codes_checked: bool) -> Checked:
    """Re-read the stored upload, check it again and import it all-or-nothing.

    The upload stays while its new codes wait to be confirmed (its token returned), and goes
    once the import is committed or when the data refused it since the preview.
    """
    stored = load_upload(upload_folder(), token, kind.code, user.id)
    table, report = run_import(
        kind,
        stored.data,
        stored.filename,
        actor=user.username,
        dry_run=False,
        codes_checked=codes_checked,
    )
    if report.codes_unchecked:
        return Checked(stored.filename, table, report, token)
    if report.written:
        after_commit(db.session, lambda: discard_upload(upload_folder(), token))
    else:
        discard_upload(upload_folder(), token)
    return Checked(stored.filename, table, report, None)
