"""`users create`, `users unlock`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from assessment_app.cli.common import cli_actor, service_command, transaction
from assessment_app.users.service import create_user, reset_password, unlock_account

users_cli = AppGroup("users", help="Akun admin, pengawas dan panelis.")


@users_cli.command("create")
@click.option("--role", required=True, type=click.Choice(["admin", "proctor", "panelis"]))
@click.option("--username", required=True)
@click.option("--password", required=True)
@click.option("--rooms", default="", help="Kode ruang dipisah koma, mis. R01,R02.")
@click.option("--name", "full_name", default="", help="Nama lengkap.")
@service_command
def create_command(role: str, username: str, password: str, rooms: str, full_name: str) -> None:
    """Create an admin, a proctor or a panelist account."""
    room_codes = [code for code in rooms.split(",") if code.strip()]
    with transaction():
        user = create_user(
            role, username, password, actor=cli_actor(), rooms=room_codes, full_name=full_name
        )
    click.echo(f"Akun {user.username} ({user.role.value}) dibuat.")


@users_cli.command("unlock")
@click.argument("username")
@click.option("--reason", required=True, help="Mengapa blokir dibuka (dicatat di log audit).")
@service_command
def unlock_command(username: str, reason: str) -> None:
    """Lift a staff account's login lockout (too many wrong passwords), audited."""
    with transaction():
        user = unlock_account(username, reason, actor=cli_actor())
    click.echo(f"Blokir masuk akun {user.username} dibuka.")


@users_cli.command("password")
@click.argument("username")
@click.option("--password", default="", help="Kata sandi baru; kosong: dibuat acak dan dicetak.")
@service_command
def password_command(username: str, password: str) -> None:
    """Reset an account's password (the way back in for an admin who forgot theirs)."""
    with transaction():
        new = reset_password(username, password or None, actor=cli_actor())
    click.echo(f"Kata sandi {username.strip().lower()} diatur ulang; sesi masuknya berakhir.")
    if not password:
        click.echo(new)
