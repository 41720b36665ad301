"""Run every benchmark in turn: `python -m bench` (what `make bench` calls)."""

from __future__ import annotations

import importlib

BENCHMARKS = [
    "bench.save",
    "bench.live_view",
    "bench.results",
    "bench.irt",
    "bench.demo_results",
    "bench.audit_chain",
    "bench.standard_setting",
    "bench.examday",  # last: the longest, and it exits 1 when an answer was lost
]


def main() -> None:
    """Import each benchmark module and run its main()."""
    for name in BENCHMARKS:
        importlib.import_module(name).main()


if __name__ == "__main__":
    main()
