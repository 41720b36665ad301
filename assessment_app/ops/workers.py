"""gunicorn master hooks for Prometheus's multiprocess mode.

gunicorn.conf.py and bench/gunicorn_conf.py take these hooks. Each worker writes its counts
to files named by its pid in PROMETHEUS_MULTIPROC_DIR; a scrape, answered by any worker,
adds up all the files. So the master must give the workers that directory, empty (counts of
an earlier run would add to this one's), before the first is forked, and must not import
prometheus_client before then: the library chooses per-process or file-backed values once,
at import, from that variable, and forked workers inherit the choice.
"""

from __future__ import annotations

import glob
import os
import shutil
import sys
import tempfile

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
_created: list[str] = []  # the directory this master made itself, removed at exit


def on_starting(_server) -> None:
    """Give the workers an empty metrics directory (a temporary one unless the variable names one).

    A directory of its own per master, so two servers on one machine (the benchmarks run
    several) never add up each other's counts.
    """
    if "prometheus_client.values" in sys.modules and not os.environ.get(MULTIPROC_ENV):
        raise RuntimeError(
            f"prometheus_client was imported before {MULTIPROC_ENV} was set: the workers "
            "would count per process and a scrape would show one worker's share"
        )
    directory = os.environ.get(MULTIPROC_ENV)
    if directory:
        os.makedirs(directory, exist_ok=True)
        for stale in glob.glob(os.path.join(directory, "*.db")):
            os.remove(stale)
    else:
        directory = tempfile.mkdtemp(prefix="asesmen-metrics-")
        _created.append(directory)
        os.environ[MULTIPROC_ENV] = directory


def child_exit(_server, worker) -> None:
    """Drop a dead worker's live gauges; its counters and histograms keep counting in the sum."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(_server) -> None:
    """Remove the temporary directory this master created (never one it was given)."""
    for directory in _created:
        shutil.rmtree(directory, ignore_errors=True)
