"""A private PostgreSQL cluster (initdb + pg_ctl) that a fault test may stop, restart or dump.

The machine's own PostgreSQL is shared by everyone and by CI: a test that restarts a server
must own it. This one lives in a temporary folder (data, log and unix socket), listens on
127.0.0.1 on a free port and runs with fsync=off (a fault test kills processes, never the
machine, so the page cache keeps every committed page). When this process runs as root the
server runs as the `postgres` OS user through `runuser`, since PostgreSQL refuses root.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.harness.servers import free_port

POSTGRES_ROOT = Path("/usr/lib/postgresql")


def pg_bindir() -> Path | None:
    """Return the folder of initdb/pg_ctl/pg_dump (PG_BINDIR, else Debian's newest), or None."""
    configured = os.environ.get("PG_BINDIR")
    if configured:
        return Path(configured) if (Path(configured) / "initdb").exists() else None
    if not POSTGRES_ROOT.is_dir():
        return None
    versions = sorted(
        (p for p in POSTGRES_ROOT.iterdir() if (p / "bin" / "initdb").exists()),
        key=lambda p: int(p.name) if p.name.isdigit() else 0,
    )
    return versions[-1] / "bin" if versions else None


def unavailable_reason() -> str | None:
    """Say why a private cluster cannot run here (no binaries, root without a postgres user)."""
    if pg_bindir() is None:
        return "PostgreSQL server binaries (initdb, pg_ctl) not found; set PG_BINDIR"
    if os.geteuid() == 0 and (shutil.which("runuser") is None or not _user_exists("postgres")):
        return "running as root needs the 'postgres' OS user and runuser to start PostgreSQL"
    return None


def _user_exists(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


class PgCluster:
    """One PostgreSQL server of our own: init, start, stop (fast or immediate), restart, dump.

    Use as a context manager, or call close(): the server is stopped and its folder removed.
    """

    def __init__(self, *, settings: dict[str, str] | None = None):
        self.bindir = pg_bindir()
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="asesmen-pg-"))
        self.data = self.directory / "data"
        self.log = self.directory / "server.log"
        self.settings = {
            "listen_addresses": "127.0.0.1",
            "unix_socket_directories": str(self.directory),
            "fsync": "off",
            "full_page_writes": "off",
            "max_connections": "60",
            **(settings or {}),
        }
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")

    def __enter__(self) -> PgCluster:
        self.init()
        self.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def _run(self, tool: str, *args: str, check: bool = True, timeout: float = 60):
        command = [str(self.bindir / tool), *args]
        if os.geteuid() == 0 and tool in ("initdb", "pg_ctl"):
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        if check and result.returncode != 0:
            raise RuntimeError(f"{tool} {' '.join(args)} failed: {result.stderr or result.stdout}")
        return result

    def init(self) -> None:
        """Create the cluster: trust authentication for user postgres, UTF8, no fsync."""
        self._run(
            "initdb",
            *("-D", str(self.data), "-U", "postgres", "-A", "trust"),
            *("-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"),
        )
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            for name, value in self.settings.items():
                conf.write(f"{name} = '{value}'\n")
            conf.write(f"port = {self.port}\n")

    def _init_args(self) -> list[str]:
        return ["-D", str(self.data), "-l", str(self.log), "-w", "-t", "30"]

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        self._run("pg_ctl", *self._init_args(), "start")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: `fast` (sessions cut, clean shutdown) or `immediate` (a crash)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop")

    def restart(self, mode: str = "fast") -> None:
        """Stop then start the server (the exam-day 'PostgreSQL restart')."""
        self.stop(mode)
        self.start()

    def running(self) -> bool:
        """Return True while the server answers."""
        result = self._run("pg_isready", "-h", "127.0.0.1", "-p", str(self.port), check=False)
        return result.returncode == 0

    def url(self, database: str = "postgres") -> str:
        """Return the SQLAlchemy URL of one database on this server (TCP, user postgres)."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def libpq_url(self, database: str = "postgres") -> str:
        """Return the libpq URL (for psql, pg_dump, pg_restore) of one database."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run one SQL text with psql; return its unaligned output."""
        result = self._run(
            "psql", "-X", "-v", "ON_ERROR_STOP=1", "-At", "-d", self.libpq_url(database), "-c", sql
        )
        return result.stdout.strip()

    def create_database(self, name: str) -> str:
        """Create an empty database; return its SQLAlchemy URL."""
        self.psql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def dump(self, database: str, path: Path) -> None:
        """pg_dump in the custom format (-Fc): one consistent snapshot, taken at its start."""
        self._run("pg_dump", "-Fc", "-f", str(path), "-d", self.libpq_url(database), timeout=300)

    def restore(self, path: Path, database: str) -> None:
        """pg_restore a custom-format dump into an existing, empty database."""
        self._run(
            "pg_restore",
            "--no-owner",
            "--exit-on-error",
            "-d",
            self.libpq_url(database),
            str(path),
            timeout=300,
        )

    def close(self) -> None:
        """Stop the server (immediately) and remove its folder."""
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop", check=False)
        shutil.rmtree(self.directory, ignore_errors=True)
