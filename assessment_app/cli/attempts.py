"""`attempts finalize`: finish every attempt whose deadline has passed."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from assessment_app.cli.common import transaction
from assessment_app.database import begin_write
from assessment_app.delivery.attempts import finalize_expired
from assessment_app.extensions import db

attempts_cli = AppGroup("attempts", help="Ujian peserta.")


@attempts_cli.command("finalize")
def finalize_command() -> None:
    """Finish expired attempts with the answers acknowledged before their deadline.

    Attempts also finish lazily whenever they are touched; this sweeper makes the results
    complete for candidates who never came back (run it from cron, e.g. every minute).
    """
    with transaction():
        begin_write(db.session)
        count = finalize_expired()
    click.echo(f"{count} ujian diselesaikan karena waktunya habis.")
