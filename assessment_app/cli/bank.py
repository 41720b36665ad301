"""`bank validate` and `bank publish`."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from assessment_app.bank import load_bank
from assessment_app.cli.common import cli_actor, fail, transaction
from assessment_app.snapshots.service import publish

bank_cli = AppGroup("bank", help="Bank soal: validasi dan publikasi.")


def _load_or_fail(directory: str | None):
    directory = directory or current_app.config["QUESTION_BANK"]
    result = load_bank(directory)
    if result.problems:
        for problem in result.problems:
            click.echo(str(problem), err=True)
        fail(f"{len(result.problems)} masalah ditemukan di bank soal {directory}.")
    return result.bank


@bank_cli.command("validate")
@click.argument("directory", required=False)
def validate_command(directory: str | None) -> None:
    """Check the whole bank and list every problem as path:line: message."""
    bank = _load_or_fail(directory)
    click.echo(
        f"Bank soal valid: {len(bank.competencies)} kompetensi, {len(bank.items)} soal, "
        f"{len(bank.tests)} tes."
    )


@bank_cli.command("publish")
@click.argument("directory", required=False)
def publish_command(directory: str | None) -> None:
    """Validate, then store an immutable snapshot and print its version hash."""
    bank = _load_or_fail(directory)
    with transaction():
        snapshot, created = publish(bank, cli_actor())
    note = "snapshot baru" if created else "isi sama dengan snapshot yang sudah ada"
    click.echo(snapshot.version_hash)
    click.echo(f"({note}; {snapshot.item_count} soal)", err=True)
