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


def _lint_warnings(bank) -> list:
    """Return the bank's lint warnings (its rank statistics load numpy, ~0.1 s, only here)."""
    from assessment_app.bank.lint import lint_bank

    return lint_bank(bank).warnings


@bank_cli.command("validate")
@click.argument("directory", required=False)
@click.option("--strict", is_flag=True, help="Perlakukan peringatan sebagai kesalahan.")
def validate_command(directory: str | None, strict: bool) -> None:
    """Check the whole bank; list every problem, then every lint warning, as path:line."""
    bank = _load_or_fail(directory)
    warnings = _lint_warnings(bank)
    for warning in warnings:
        click.echo(str(warning), err=True)
    click.echo(
        f"Bank soal valid: {len(bank.competencies)} kompetensi, {len(bank.items)} soal, "
        f"{len(bank.tests)} tes; {len(warnings)} peringatan."
    )
    if strict and warnings:
        fail(f"{len(warnings)} peringatan ditemukan (--strict).")


@bank_cli.command("publish")
@click.argument("directory", required=False)
def publish_command(directory: str | None) -> None:
    """Validate, then store an immutable snapshot and print its version hash."""
    bank = _load_or_fail(directory)
    warnings = _lint_warnings(bank)
    click.echo(f"{len(warnings)} peringatan (rinciannya: bank validate).", err=True)
    with transaction():
        snapshot, created = publish(bank, cli_actor())
    note = "snapshot baru" if created else "isi sama dengan snapshot yang sudah ada"
    click.echo(snapshot.version_hash)
    click.echo(f"({note}; {snapshot.item_count} soal)", err=True)
