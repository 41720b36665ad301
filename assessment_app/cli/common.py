"""Helpers shared by the commands: failing cleanly and committing once."""

from __future__ import annotations

import getpass
import os
import sys
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from functools import wraps

import click

from assessment_app.exceptions import Refused
from assessment_app.extensions import db


def cli_actor() -> str:
    """Name the person at the terminal in the audit log (cli:<os user>)."""
    return f"cli:{getpass.getuser()}"


def fail(message: str, code: int = 1):
    """Print the reason on stderr and exit non-zero."""
    click.echo(message, err=True)
    sys.exit(code)


@contextmanager
def transaction():
    """Commit once at the end, or roll back everything on any error."""
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def write_aside(out: str, suffix: str, write: Callable[[str], None]) -> None:
    """Call write(path) on a temporary file beside `out`, then rename it into place: never a
    half-written file (a folder that does not exist fails the command)."""
    directory = os.path.dirname(os.path.abspath(out))
    if not os.path.isdir(directory):
        fail(f"{out}: folder {directory} tidak ada.")
    handle, temporary = tempfile.mkstemp(dir=directory, suffix=f".{suffix}.part")
    os.close(handle)
    try:
        write(temporary)
        os.replace(temporary, out)
    except BaseException:
        os.unlink(temporary)
        raise


def service_command(func: Callable) -> Callable:
    """Turn a Refused into "Gagal: <message>" on stderr and exit status 1."""

    @wraps(func)
    def wrapped(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Refused as exc:
            fail(f"Gagal: {exc}")

    return wrapped
