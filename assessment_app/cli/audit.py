"""`audit verify`: check that the audit log's chain is unbroken."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from assessment_app.audit.chain import chain_key, verify
from assessment_app.cli.common import fail
from assessment_app.extensions import db

audit_cli = AppGroup("audit", help="Log audit.")


@audit_cli.command("verify")
def verify_command() -> None:
    """Recompute every entry's chain hash in seq order; exit 1 at the first break.

    Prints the last seq and hash when the chain holds: note them somewhere else (a printed
    record, a message) so that entries cut off the end later can be noticed too.
    """
    verdict = verify(db.session, chain_key(current_app.config["SECRET_KEY"]))
    db.session.rollback()  # read only
    if verdict.unsealed:
        click.echo(
            f"Catatan: {verdict.unsealed} entri belum disegel (disegel pada transaksi "
            "beraudit berikutnya).",
            err=True,
        )
    if verdict.broken is not None:
        broken = verdict.broken
        fail(
            f"RUSAK: rantai audit putus pada entri id {broken.entry_id} seq {broken.seq} "
            f"({broken.problem}): {broken.message}. Sebelumnya {verdict.checked} entri utuh."
        )
    click.echo(
        f"OK: {verdict.checked} entri audit utuh; terakhir seq {verdict.last_seq}, "
        f"hash {verdict.last_hash}"
    )
