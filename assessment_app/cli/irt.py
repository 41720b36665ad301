"""`irt calibrate`, `irt score`, `irt export-responses` and `irt analyse` (CONTRACT §7).

Numbers come from `assessment_app.psychometrics` (pure numpy, loaded when a command runs, so
`--help` and the other commands start without it); this module reads files and
the event's attempts, prints notes on stderr and writes every output aside first, renaming
it into place only when complete.
"""

from __future__ import annotations

from collections.abc import Callable

import click
from flask.cli import AppGroup

from assessment_app import psychometrics as pm
from assessment_app.cli.common import fail, service_command, write_aside
from assessment_app.item_analysis.service import item_analysis, response_matrix

irt_cli = AppGroup("irt", help="Psikometri: kalibrasi IRT, skor EAP, analisis butir.")

OUT = click.Path(dir_okay=False)
IN = click.Path(dir_okay=False)


def _write_atomically(path: str, write: Callable) -> None:
    """Call write(stream) on a text file that replaces ``path`` only once complete."""

    def to_file(temporary: str) -> None:
        with open(temporary, "w", encoding="utf-8", newline="") as stream:
            write(stream)

    write_aside(path, "csv", to_file)


def _warn(notes) -> None:
    for note in notes:
        click.echo(f"Peringatan: {note}", err=True)


@irt_cli.command("calibrate")
@click.option("--model", type=click.Choice(pm.MODELS), required=True)
@click.option("--responses", "responses", required=True, type=IN)
@click.option("--out", "out", required=True, type=OUT)
@click.option("--points", type=click.IntRange(5, 401), help="Titik kuadratur (bawaan: otomatis).")
@click.option("--min-persons", type=click.IntRange(1), default=pm.MIN_PERSONS)
@click.option("--min-responses", type=click.IntRange(1), default=pm.MIN_ITEM_RESPONSES)
def calibrate_command(model, responses, out, points, min_persons, min_responses) -> None:
    """Estimate 2PL or GRM item parameters by marginal maximum likelihood (EM)."""
    try:
        result = pm.calibrate(
            pm.read_responses(responses),
            model,
            points=points,
            min_persons=min_persons,
            min_item_responses=min_responses,
        )
    except pm.PsychometricsError as exc:
        fail(f"Gagal: {exc}")
    _warn(result.notes)
    _write_atomically(out, lambda stream: pm.write_params(result.params, stream, model))
    click.echo(
        f"{len(result.params.items)} butir dikalibrasi ({model.upper()}, {result.persons} "
        f"peserta, {result.cycles} siklus EM, {result.points} titik kuadratur, "
        f"log-likelihood {result.loglik:.6f}) -> {out}"
    )


@irt_cli.command("score")
@click.option("--params", "params", required=True, type=IN)
@click.option("--responses", "responses", required=True, type=IN)
@click.option("--out", "out", required=True, type=OUT)
def score_command(params, responses, out) -> None:
    """Write EAP theta and its standard error per person (N(0, 1) prior)."""
    try:
        _, parameters = pm.read_params(params)
        report = pm.score_responses(parameters, pm.read_responses(responses))
    except pm.PsychometricsError as exc:
        fail(f"Gagal: {exc}")
    _warn(report.notes)
    _write_atomically(out, lambda s: pm.write_scores(report.persons, report.scores, s))
    click.echo(f"{len(report.persons)} peserta diberi skor -> {out}")


@irt_cli.command("export-responses")
@click.option("--test", "code", required=True, help="Kode tes, mis. TEK-AK.")
@click.option("--out", "out", required=True, type=OUT)
@service_command
def export_command(code: str, out: str) -> None:
    """Write the response matrix of a test's finished attempts (person = NIP)."""
    matrix = response_matrix(code.strip().upper())
    _write_atomically(out, lambda stream: pm.write_responses(matrix, stream))
    click.echo(f"{len(matrix.persons)} peserta x {len(matrix.items)} butir -> {out}")


@irt_cli.command("analyse")
@click.option("--test", "code", required=True, help="Kode tes, mis. MANSOS.")
@click.option("--out", "out", required=True, type=OUT)
@click.option("--min-count", type=click.IntRange(2), default=pm.MIN_COUNT)
@service_command
def analyse_command(code: str, out: str, min_count: int) -> None:
    """Write the classical item analysis of a test, per competency, with review flags."""
    rows, notes = item_analysis(code.strip().upper(), min_count)
    _warn(notes)
    _write_atomically(out, lambda stream: pm.write_item_analysis(rows, stream))
    flagged = sum(1 for row in rows if row.flags)
    click.echo(f"{len(rows)} butir dianalisis ({flagged} perlu ditinjau) -> {out}")
