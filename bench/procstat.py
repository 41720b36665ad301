"""Server CPU from /proc: utime + stime of every server process, summed over a phase.

A process's ``/proc/<pid>/stat`` counts the CPU of all its threads, in clock ticks. The set
of processes is found again at every sample, so a process born during the phase (a new
PostgreSQL backend, an autovacuum worker) is counted from its start, and one that exits is
counted up to its last sample. gunicorn and Redis processes must not change at all.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")

GUNICORN = "gunicorn"
REDIS = "redis"
POSTGRES = "postgres"
OTHER_DATABASES = "postgres, other databases"  # shown, but not this run's server CPU
STABLE_ROLES = (GUNICORN, REDIS)

Discover = Callable[[], dict[int, str]]


def _stat_fields(pid: int) -> list[str] | None:
    """Return the fields of /proc/<pid>/stat after the command name, or None if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return text[text.rindex(")") + 2 :].split()  # the name may hold spaces and parentheses


def cpu_ticks(pid: int) -> int | None:
    """Return utime + stime of the process in clock ticks (None if it is gone)."""
    fields = _stat_fields(pid)
    return None if fields is None else int(fields[11]) + int(fields[12])  # stat fields 14, 15


def parent_pid(pid: int) -> int | None:
    """Return the parent's pid (None if the process is gone)."""
    fields = _stat_fields(pid)
    return None if fields is None else int(fields[1])


def children(pid: int) -> list[int]:
    """Return the pids of the process's children (those forked by its main thread)."""
    try:
        listed = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except FileNotFoundError:
        return []
    return [int(child) for child in listed.split()]


def command_line(pid: int) -> str:
    """Return the process's command line as ps shows it ('' if it is gone)."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (FileNotFoundError, ProcessLookupError):
        return ""
    return raw.replace(b"\0", b" ").decode(errors="replace").strip()


def gunicorn_processes(master: int) -> dict[int, str]:
    """Return the gunicorn master and its workers."""
    return {pid: GUNICORN for pid in [master, *children(master)]}


def postgres_processes(postmaster: int, database: str) -> dict[int, str]:
    """Return every process of the cluster; backends of other databases get their own role."""
    return {pid: _postgres_role(pid, database) for pid in [postmaster, *children(postmaster)]}


def _postgres_role(pid: int, database: str) -> str:
    # A client backend's title is "postgres: 15/main: <user> <database> <host>(<port>) <state>".
    words = command_line(pid).split(": ", 2)[-1].split()
    is_backend = len(words) >= 3 and ("(" in words[2] or words[2] == "[local]")
    return OTHER_DATABASES if is_backend and words[1] != database else POSTGRES


@dataclass(frozen=True)
class CpuUsage:
    """CPU seconds spent during a phase, by role."""

    seconds: dict[str, float]

    def __add__(self, other: CpuUsage) -> CpuUsage:
        roles = self.seconds.keys() | other.seconds.keys()
        return CpuUsage({r: self.seconds.get(r, 0.0) + other.seconds.get(r, 0.0) for r in roles})

    @property
    def counted(self) -> float:
        """Return the CPU seconds of this run's servers (other databases left out)."""
        return sum(s for role, s in self.seconds.items() if role != OTHER_DATABASES)


class CpuMeter:
    """Measure server CPU over a ``with`` block, sampling the processes in a thread."""

    def __init__(self, discover: Discover, interval: float = 0.2):
        self.discover, self.interval = discover, interval
        self._base: dict[int, int] = {}
        self._last: dict[int, int] = {}
        self._role: dict[int, str] = {}
        self._initial: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.usage: CpuUsage | None = None

    def __enter__(self) -> CpuMeter:
        self._sample(initial=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()
        if exc_info[0] is None:
            final = self._sample()
            self._check_stable(final)
            self.usage = self._usage()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def _sample(self, initial: bool = False) -> set[int]:
        """Read every server process's ticks; return the pids alive now."""
        alive = set()
        for pid, role in self.discover().items():
            ticks = cpu_ticks(pid)
            if ticks is None:
                continue
            alive.add(pid)
            self._base.setdefault(pid, ticks if initial else 0)
            self._last[pid], self._role[pid] = ticks, role
            if initial:
                self._initial.add(pid)
        return alive

    def _check_stable(self, final: set[int]) -> None:
        """Fail loudly if a gunicorn or Redis process died or was replaced during the phase."""
        for role in STABLE_ROLES:
            seen = {pid for pid, r in self._role.items() if r == role}
            start = seen & self._initial
            if seen != start or not start <= final:
                raise RuntimeError(
                    f"{role} processes changed during the phase: started with {sorted(start)}, "
                    f"saw {sorted(seen)}, alive at the end {sorted(seen & final)}"
                )

    def _usage(self) -> CpuUsage:
        seconds: dict[str, float] = {}
        for pid, role in self._role.items():
            spent = (self._last[pid] - self._base[pid]) / TICKS_PER_SECOND
            seconds[role] = seconds.get(role, 0.0) + spent
        return CpuUsage(seconds)
