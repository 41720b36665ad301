"""`demo`: seed the demo event and print its logins."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from assessment_app.cli.common import service_command, transaction
from assessment_app.demo.service import seed_demo


@click.command("demo")
@with_appcontext
@click.option("--all", "show_all", is_flag=True, help="Tampilkan semua peserta.")
@click.option(
    "--cohort",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Tambahkan N peserta simulasi dengan tes MANSOS selesai (simulated cohort).",
)
@service_command
def demo_command(show_all: bool, cohort: int) -> None:
    """Create the demo event (once), add `--cohort` simulated candidates, print the logins."""
    with transaction():
        logins = seed_demo()
    click.echo("Data demo " + ("dibuat." if logins.created else "sudah ada."))
    click.echo(f"  Admin     : {logins.admin[0]} / {logins.admin[1]}   (http://127.0.0.1:8000/)")
    for username, password, room in logins.proctors:
        click.echo(f"  Pengawas  : {username} / {password}   (ruang {room})")
    click.echo(f"  Token sesi {logins.session_code}: {logins.token}")
    shown = (
        logins.candidates
        if show_all
        else [c for c in logins.candidates if c[3] == logins.session_code][:5]
    )
    click.echo("  Peserta (NIP / PIN), ujian di http://127.0.0.1:8000/ujian :")
    for nip, name, pin, session, room in shown:
        click.echo(f"    {nip} / {pin}  {name} ({session} {room})")
    if not show_all:
        click.echo("  (semua peserta: flask --app wsgi demo --all)")
    if cohort:
        _add_cohort(cohort)


def _add_cohort(count: int) -> None:
    """Add simulated candidates with finished attempts (demo.cohort) and say how many."""
    from assessment_app.demo.cohort import simulate_cohort  # numpy: only when asked

    with transaction():
        report = simulate_cohort(count)
    click.echo(
        f"{report.candidates} peserta simulasi ditambahkan ({report.answers} jawaban; kini "
        f"{report.total} di sesi SIM) (tes {report.test_code} selesai)."
    )
