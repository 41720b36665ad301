"""`session open`, `session close`, `session outage`."""

from __future__ import annotations

from datetime import datetime

import click
from flask.cli import AppGroup

from assessment_app.bounds import YEAR_MESSAGE, year_in_range
from assessment_app.cli.common import cli_actor, fail, service_command, transaction
from assessment_app.events.service import close_session, open_session, record_outage
from assessment_app.exceptions import Refused

session_cli = AppGroup("session", help="Sesi ujian: buka, tutup, catat gangguan.")


@session_cli.command("open")
@click.argument("code")
@service_command
def open_command(code: str) -> None:
    """Release the session token and print it alone on stdout."""
    with transaction():
        session = open_session(code, cli_actor())
    click.echo(session.token)


@session_cli.command("close")
@click.argument("code")
@click.option("--force", is_flag=True, help="Selesaikan ujian yang masih berjalan.")
@click.option("--reason", default="", help="Alasan (dicatat di log audit).")
@service_command
def close_command(code: str, force: bool, reason: str) -> None:
    """End the session; refuses while attempts run unless --force."""
    try:
        with transaction():
            finished = close_session(code, cli_actor(), force=force, reason=reason)
    except Refused as exc:
        hint = " (gunakan --force)" if exc.code == "attempts_running" else ""
        fail(f"Gagal: {exc}{hint}")
    click.echo(f"Sesi {code.upper()} ditutup; {finished} ujian diselesaikan paksa.")


def _parse_time(value: str, name: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        fail(f"--{name}: bukan waktu ISO-8601 yang valid: {value!r}")
    if moment.tzinfo is None:
        fail(f"--{name}: sertakan zona waktu, mis. {value}+08:00 (WITA) atau {value}Z (UTC)")
    if not year_in_range(moment):  # before any arithmetic: year 1 minus +14:00 overflows
        fail(f"--{name}: {YEAR_MESSAGE}")
    return moment


@session_cli.command("outage")
@click.argument("code")
@click.option("--from", "start", required=True, help="Awal gangguan, ISO-8601 dengan zona.")
@click.option("--to", "end", required=True, help="Akhir gangguan, ISO-8601 dengan zona.")
@click.option("--reason", required=True, help="Penyebab gangguan.")
@service_command
def outage_command(code: str, start: str, end: str, reason: str) -> None:
    """Record an outage window; it counts as paused time for running attempts."""
    with transaction():
        _, changed = record_outage(
            code, _parse_time(start, "from"), _parse_time(end, "to"), reason, cli_actor()
        )
    click.echo(f"Gangguan sesi {code.upper()} dicatat; waktu {len(changed)} ujian disesuaikan.")
