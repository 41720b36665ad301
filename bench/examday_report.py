"""The exam-day benchmark's figures: per phase and kind of request, CPU, losses, the goals.

Kept apart from bench.examday (which drives the load) so that the arithmetic can be read on
its own: a request belongs to the phase in which it was sent; an error is no answer or any
non-2xx; percentiles are nearest-rank.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from bench.procstat import GUNICORN, OTHER_DATABASES, POSTGRES, REDIS

GENERATOR = "generator"  # the processes driving the pages
METERS = "meters"  # the benchmark's parent: it samples /proc for the CPU figures
PHASE_KINDS = {  # the order the kinds are printed in
    "login": ("page", "login", "me", "attempt", "signal"),
    "start": ("start", "heartbeat", "signal", "attempt"),
    "answer": ("save", "heartbeat", "signal"),
    "finish": ("save", "finish", "attempt", "me", "heartbeat", "signal"),
    "read-back": ("attempt",),
}
GOALS = (  # issue 15, "Done when": (phase, kind, percentile, at most ms)
    ("start", "start", 99, 2000),
    ("finish", "finish", 99, 2000),
    ("answer", "save", 99, 250),
)
_MISSING = object()


def percentile(values: list[float], q: float) -> float:
    """Return the q-th percentile in milliseconds (nearest rank; 0 when empty)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]


@dataclass
class Losses:
    """Acknowledged answers the database or the attempt's GET does not hold as acknowledged."""

    database: list[str] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)


@dataclass
class Report:
    """Everything one run measured."""

    settings: object
    database: str
    total: int = 0
    counts: dict = field(default_factory=dict)  # logged in, started, finished
    phases: list = field(default_factory=list)  # bench.examday.Phase
    requests: list = field(default_factory=list)  # (kind, sent, latency, status)
    acknowledged: list = field(default_factory=list)  # (attempt, item, seq, choice)
    sent: dict = field(default_factory=dict)  # (attempt, item, seq) -> choice
    skipped_heartbeats: list = field(default_factory=list)
    skipped_polls: list = field(default_factory=list)
    refusals: Counter = field(default_factory=Counter)
    shown: dict = field(default_factory=dict)  # attempt -> answers from GET (None: failed)
    losses: Losses = field(default_factory=Losses)
    setup_seconds: float = 0.0  # migrate, publish, import, open, start gunicorn
    server: str = ""  # gunicorn.conf.py's worker settings

    def add_tallies(self, tallies: list, shown: list[dict]) -> None:
        """Merge what every generator process saw."""
        for tally in tallies:
            self.requests += tally.requests
            self.acknowledged += tally.acknowledged
            self.sent |= tally.sent
            self.skipped_heartbeats += tally.skipped_heartbeats
            self.skipped_polls += tally.skipped_polls
            self.refusals.update(tally.refusals)
        for part in shown:
            self.shown |= part

    # -- arithmetic ---------------------------------------------------------------------------

    def phase_of(self, moment: float) -> str | None:
        """Return the name of the phase in which `moment` fell."""
        for phase in self.phases:
            if phase.began <= moment < phase.ended:
                return phase.name
        return None

    def by_phase(self) -> dict[str, dict[str, list]]:
        """Return phase -> kind -> [(latency, status)]."""
        grouped: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for kind, sent, latency, status in self.requests:
            grouped[self.phase_of(sent) or "(between)"][kind].append((latency, status))
        return grouped

    def errors(self) -> int:
        """Return how many requests got no answer or a non-2xx."""
        return sum(1 for *_, status in self.requests if not 200 <= status < 300)

    def failures(self) -> list[str]:
        """Return why the run does not count (empty: it does)."""
        out = []
        if self.losses.database or self.losses.shown:
            out.append(f"{len(self.losses.database)} + {len(self.losses.shown)} answers lost")
        if self.errors():
            out.append(f"{self.errors()} requests failed")
        if sum(self.refusals.values()):
            out.append(f"{sum(self.refusals.values())} refusals")
        for what in ("logged in", "started", "finished"):
            if self.counts.get(what, 0) != self.total:
                out.append(f"{what}: {self.counts.get(what, 0)} of {self.total}")
        out += [f"{p.name}: {p.problem}" for p in self.phases if p.problem]
        return out

    # -- printing -----------------------------------------------------------------------------

    def print(self) -> None:
        """Print the header, the latency table, the CPU table, the totals and the goals."""
        self._print_header()
        grouped = self.by_phase()
        self._print_latency(grouped)
        self._print_cpu(grouped)
        self._print_totals()
        self._print_goals(grouped)

    def _print_header(self) -> None:
        s = self.settings
        print(
            f"Exam day: {s.candidates} candidates (rooms of {s.room_size}, tests {s.tests}) on "
            f"{self.database}, own redis-server; gunicorn.conf.py as `make serve` "
            f"({self.server}).\n"
            f"Logins over {s.login_seconds:g} s; 'Mulai' together; {s.answer_seconds:g} s of "
            f"answers, think time {s.think_seconds:g} s per item compressed {s.compress:g}x "
            f"(one save per {s.think:.2f} s per page);\nheartbeats every 10 s and the signal "
            f"poll every 2 s in real time; 'Selesai' together; then every answer read back.\n"
            f"Generator: {s.processes} processes, asyncio, keep-alive HTTP/1.1, on the same "
            "2 cores (its CPU below). Latency is per request, connection set-up included.\n"
            f"Servers ready in {self.setup_seconds:.0f} s (migrate, publish, roster import, open "
            "S1 with the real commands; gunicorn up)."
        )

    def _print_latency(self, grouped) -> None:
        print(
            f"\n{'phase':<10}{'kind':<11}{'requests':>9}{'errors':>7}{'p50 ms':>9}{'p95 ms':>9}"
            f"{'p99 ms':>9}{'max ms':>9}{'req/s':>8}"
        )
        for phase in self.phases:
            kinds = grouped.get(phase.name, {})
            wall = max(1e-9, phase.ended - phase.began)
            every = [x for rows in kinds.values() for x in rows]
            print(_latency_row(phase.name, "all", every, wall))
            order = PHASE_KINDS.get(phase.name, ())
            for kind in sorted(
                kinds, key=lambda k: (k not in order, order.index(k) if k in order else 0, k)
            ):
                print(_latency_row("", kind, kinds[kind], wall))

    def _print_cpu(self, grouped) -> None:
        print(
            f"\n{'phase':<10}{'wall s':>7}{'requests':>9}{'req/s':>7}   server CPU ms/request:"
            f"{'gunicorn':>9}{'redis':>7}{'postgres':>9}{'all':>7}   generator:"
            f"{'ms/req':>7}{'% core':>7}   machine busy"
        )
        for phase in self.phases:
            count = sum(len(rows) for rows in grouped.get(phase.name, {}).values())
            wall = max(1e-9, phase.ended - phase.began)
            per = 1000 / max(1, count)
            cpu = phase.cpu
            servers = sum(
                v for k, v in cpu.items() if k not in (GENERATOR, METERS, OTHER_DATABASES)
            )
            print(
                f"{phase.name:<10}{wall:>7.1f}{count:>9}{count / wall:>7.0f}{'':>26}"
                f"{cpu.get(GUNICORN, 0) * per:>9.2f}{cpu.get(REDIS, 0) * per:>7.2f}"
                f"{cpu.get(POSTGRES, 0) * per:>9.2f}{servers * per:>7.2f}{'':>14}"
                f"{cpu.get(GENERATOR, 0) * per:>7.2f}{100 * cpu.get(GENERATOR, 0) / wall:>7.0f}"
                f"{100 * phase.machine_busy:>14.0f} %"
            )
        print(
            "(server CPU: utime+stime from /proc of the gunicorn master and workers, redis-server"
            " and the PostgreSQL cluster minus other databases' backends; machine busy: all"
            " cores, other work on this machine included)"
        )
        meters = sum(p.cpu.get(METERS, 0) for p in self.phases)
        wall = sum(p.ended - p.began for p in self.phases)
        print(
            f"(the benchmark's parent, sampling /proc: {meters:.1f} s CPU in {wall:.0f} s, apart)"
        )

    def _print_totals(self) -> None:
        acknowledged = {(a, i) for a, i, _, _ in self.acknowledged}
        skipped = Counter(self.phase_of(t) for t in self.skipped_heartbeats)
        print(
            f"\nacknowledged saves: {len(self.acknowledged)} ({len(acknowledged)} answers); "
            f"lost: {len(self.losses.database)} (database), {len(self.losses.shown)} (GET attempt)"
        )
        for line in (self.losses.database + self.losses.shown)[:10]:
            print(f"  lost: {line}")
        print(
            f"skipped heartbeat ticks: {len(self.skipped_heartbeats)} "
            f"{dict(skipped) if skipped else ''}; skipped signal polls (previous still out): "
            f"{len(self.skipped_polls)}"
        )
        counts = ", ".join(f"{k} {v}" for k, v in self.counts.items())
        print(f"candidates: {self.total}; {counts}; errors: {self.errors()}")
        for (kind, status, code), n in sorted(self.refusals.items(), key=str):
            print(f"  refused: {kind} {status} {code}: {n}")
        for phase in self.phases:
            if phase.problem:
                print(f"  {phase.name}: {phase.problem}")

    def _print_goals(self, grouped) -> None:
        print("\ngoals (issue 15, 'Done when'):")
        lines = [
            ("0 lost", not (self.losses.database or self.losses.shown)),
            ("0 errors", self.errors() == 0),
            ("no skipped heartbeat ticks", not self.skipped_heartbeats),
        ]
        for phase, kind, q, limit in GOALS:
            value = percentile([x for x, _ in grouped.get(phase, {}).get(kind, [])], q)
            lines.append((f"{phase} {kind} p{q} {value:.0f} ms <= {limit} ms", value <= limit))
        for text, met in lines:
            print(f"  {'met    ' if met else 'NOT MET'}  {text}")


def _latency_row(phase: str, kind: str, rows: list, wall: float) -> str:
    latencies = [latency for latency, _ in rows]
    errors = sum(1 for _, status in rows if not 200 <= status < 300)
    cells = "".join(f"{percentile(latencies, q):>9.0f}" for q in (50, 95, 99, 100))
    return f"{phase:<10}{kind:<11}{len(rows):>9}{errors:>7}{cells}{len(rows) / wall:>8.1f}"


def read_back_losses(report: Report, stored: dict) -> Losses:
    """Compare every acknowledged answer with the database and with what GET showed.

    An acknowledgement of seq s promises that the stored answer has a seq of at least s and
    the choice this page sent with the stored seq; the GET must show a choice this page sent
    with a seq of at least s.
    """
    acknowledged: dict[tuple[int, str], int] = {}
    for attempt, item, seq, _ in report.acknowledged:
        acknowledged[(attempt, item)] = max(seq, acknowledged.get((attempt, item), 0))
    sent_after: dict[tuple[int, str], list] = defaultdict(list)
    for (attempt, item, seq), choice in report.sent.items():
        sent_after[(attempt, item)].append((seq, choice))
    losses = Losses()
    for (attempt, item), seq in sorted(acknowledged.items()):
        choice, stored_seq = stored.get((attempt, item), (None, 0))
        if stored_seq < seq or report.sent.get((attempt, item, stored_seq), _MISSING) != choice:
            losses.database.append(
                f"attempt {attempt} {item}: acknowledged seq {seq}, "
                f"stored seq {stored_seq} {choice!r}"
            )
        shown = (report.shown.get(attempt) or {}).get(item, _MISSING)
        if not any(s >= seq and c == shown for s, c in sent_after[(attempt, item)]):
            losses.shown.append(
                f"attempt {attempt} {item}: acknowledged seq {seq}, GET shows "
                f"{'nothing' if shown is _MISSING else repr(shown)}"
            )
    return losses
