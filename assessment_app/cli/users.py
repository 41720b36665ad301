"""`users create`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from assessment_app.cli.common import cli_actor, service_command, transaction
from assessment_app.users.service import create_user

users_cli = AppGroup("users", help="Akun admin dan pengawas.")


@users_cli.command("create")
@click.option("--role", required=True, type=click.Choice(["admin", "proctor"]))
@click.option("--username", required=True)
@click.option("--password", required=True)
@click.option("--rooms", default="", help="Kode ruang dipisah koma, mis. R01,R02.")
@click.option("--name", "full_name", default="", help="Nama lengkap.")
@service_command
def create_command(role: str, username: str, password: str, rooms: str, full_name: str) -> None:
    """Create an admin or a proctor account."""
    room_codes = [code for code in rooms.split(",") if code.strip()]
    with transaction():
        user = create_user(
            role, username, password, actor=cli_actor(), rooms=room_codes, full_name=full_name
        )
    click.echo(f"Akun {user.username} ({user.role.value}) dibuat.")
