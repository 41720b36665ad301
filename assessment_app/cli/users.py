"""`users create`, `users unlock`."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from assessment_app import audit
from assessment_app.cli.common import cli_actor, fail, service_command, transaction
from assessment_app.extensions import db
from assessment_app.models import User
from assessment_app.throttle import unlock_staff
from assessment_app.users.service import create_user, reset_password

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


@users_cli.command("unlock")
@click.argument("username")
@service_command
def unlock_command(username: str) -> None:
    """Lift a staff account's login lockout (too many wrong passwords), audited."""
    username = username.strip().lower()
    with transaction():
        if db.session.scalar(select(User.id).where(User.username == username)) is None:
            fail(f"Gagal: akun {username!r} tidak ditemukan.")
        unlock_staff(username)
        audit.record(cli_actor(), "staff.unlock", target=f"user:{username}")
    click.echo(f"Blokir masuk akun {username} dibuka.")


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
