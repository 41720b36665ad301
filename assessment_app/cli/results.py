"""`results export|reliability|finalize|versions`: the event's results from the terminal."""

from __future__ import annotations

from collections.abc import Callable

import click
from flask.cli import AppGroup

from assessment_app.cli.common import cli_actor, fail, service_command, transaction, write_aside

results_cli = AppGroup(
    "results", help="Hasil asesmen: ekspor CSV/XLSX, reliabilitas, penetapan versi."
)


def _csv_writer(writer, results) -> Callable[[str], None]:
    def write(path: str) -> None:
        with open(path, "w", encoding="utf-8", newline="") as target:
            writer(results, target)

    return write


@results_cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), required=True)
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False))
def export_command(fmt: str, out: str) -> None:
    """Write one row per candidate and test, with scores, levels, JPM and the 9-box."""
    from zoneinfo import ZoneInfo

    from flask import current_app

    from assessment_app.exports import write_csv, write_xlsx
    from assessment_app.results.service import result_set

    results = result_set()
    if fmt == "csv":
        write_aside(out, fmt, _csv_writer(write_csv, results))
    else:
        zone = ZoneInfo(current_app.config["TIMEZONE"])
        write_aside(out, fmt, lambda path: write_xlsx(results, path, tz=zone))
    click.echo(f"{len(results.rows)} baris ditulis ke {out} ({results.version.label}).")


@results_cli.command("reliability")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False))
def reliability_command(out: str) -> None:
    """Write the reliability and SEM of every competency per test (CONTRACT §5) as CSV."""
    from assessment_app.exports import write_reliability_csv
    from assessment_app.results.service import result_set

    results = result_set()
    write_aside(out, "csv", _csv_writer(write_reliability_csv, results))
    click.echo(f"{len(results.reliability)} baris reliabilitas ditulis ke {out}.")


@results_cli.command("finalize")
@click.option("--reason", required=True, help="Mengapa hasil ditetapkan (dicatat di audit).")
@service_command
def finalize_command(reason: str) -> None:
    """Fix the event's results as the next numbered version ("Tetapkan hasil")."""
    from assessment_app.events.service import current_event
    from assessment_app.results import versions
    from assessment_app.results.service import result_set

    event = current_event()
    if event is None:
        fail("Belum ada kegiatan asesmen.")
    with transaction():
        version = versions.fix(event.id, result_set(), actor=cli_actor(), reason=reason)
        number, digest = version.number, version.content_hash
    click.echo(f"Hasil ditetapkan sebagai versi {number} (sha256 {digest}).")


@results_cli.command("versions")
def versions_command() -> None:
    """List the fixed versions of the event's results and where the results stand now."""
    from zoneinfo import ZoneInfo

    from flask import current_app

    from assessment_app.events.service import current_event
    from assessment_app.formatting import local_time
    from assessment_app.results import versions
    from assessment_app.results.service import result_set

    event = current_event()
    if event is None:
        fail("Belum ada kegiatan asesmen.")
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    for version in versions.history(event.id):
        click.echo(
            f"v{version.number}\t{local_time(version.created_at, zone)}\t{version.created_by}\t"
            f"{version.content_hash[:12]}\t{version.reason}"
        )
    standing = result_set().version
    click.echo(f"Sekarang: {standing.label}")
    for line in standing.changes:
        click.echo(f"  {line}")
