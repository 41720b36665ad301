"""`results export`: the event's results as CSV or XLSX."""

from __future__ import annotations

import os
import tempfile

import click
from flask.cli import AppGroup

from assessment_app.cli.common import fail

results_cli = AppGroup("results", help="Hasil asesmen: ekspor CSV/XLSX.")


@results_cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), required=True)
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False))
def export_command(fmt: str, out: str) -> None:
    """Write one row per candidate and test, with scores, levels, JPM and the 9-box."""
    from assessment_app.exports import write_csv, write_xlsx
    from assessment_app.results.service import result_set

    results = result_set()
    directory = os.path.dirname(os.path.abspath(out))
    if not os.path.isdir(directory):
        fail(f"{out}: folder {directory} tidak ada.")
    # Write aside and rename: a failed export never leaves a half-written file behind.
    handle, temporary = tempfile.mkstemp(dir=directory, suffix=f".{fmt}.part")
    os.close(handle)
    try:
        if fmt == "csv":
            with open(temporary, "w", encoding="utf-8", newline="") as target:
                write_csv(results, target)
        else:
            write_xlsx(results, temporary)
        os.replace(temporary, out)
    except BaseException:
        os.unlink(temporary)
        raise
    click.echo(f"{len(results.rows)} baris ditulis ke {out}.")
