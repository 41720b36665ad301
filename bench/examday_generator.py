"""The exam day's load generator: processes, each an asyncio loop driving its share of pages.

The parent (bench.examday) asks every process for one step at a time through a pipe (log
in, start, answer and finish, read back) and gets each process's answer; the steps' instants
(a login's slot, "Mulai", "Selesai") are given by the parent on the shared monotonic clock.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import time
from dataclasses import dataclass

from bench.examday_report import GENERATOR, METERS
from bench.harness.browser import Browser
from bench.harness.exam_page import ExamPage, Tally
from bench.harness.roster import ROSTER_HEADER

_CONTEXT = multiprocessing.get_context("fork")  # the children need nothing but this module
READ_BACK_AT_ONCE = 16  # per generator process: the read-back is no exam-day burst


@dataclass(frozen=True)
class Person:
    """One roster candidate as the generator sees it: global index, NIP, PIN."""

    index: int
    nip: str
    pin: str


async def _sleep_until(moment: float) -> None:
    await asyncio.sleep(max(0.0, moment - time.monotonic()))


async def _login(pages, people, token: str, first: float, spread: float, total: int) -> int:
    async def one(page: ExamPage, person: Person) -> bool:
        await _sleep_until(first + spread * person.index / total)
        return await page.open(person.nip, person.pin, token)

    return sum(await asyncio.gather(*map(one, pages, people)))


async def _start(pages, people, moment: float) -> int:
    async def one(page: ExamPage) -> bool:
        await _sleep_until(moment)
        return bool(page.attempt_id) and await page.start()

    return sum(await asyncio.gather(*map(one, pages)))


async def _answer_and_finish(pages, people, until: float, think: float) -> int:
    async def one(page: ExamPage) -> bool:
        if not page.in_test:
            return False
        await page.answer(think, until)
        return await page.finish()

    return sum(await asyncio.gather(*map(one, pages)))


async def _read_back(pages, people, tally: Tally):
    gate = asyncio.Semaphore(READ_BACK_AT_ONCE)

    async def one(page: ExamPage):
        async with gate:
            return page.attempt_id, await page.read_back()

    shown = dict(await asyncio.gather(*map(one, pages)))
    for page in pages:
        page.browser.close()
    return shown, tally


STEPS = {"login": _login, "start": _start, "answer": _answer_and_finish, "read": _read_back}


async def _serve(connection, port: int, people: list[Person]) -> None:
    """Build this process's pages; run each step the parent asks for; send back its result."""
    tally = Tally()
    pages = [ExamPage(Browser("127.0.0.1", port), tally, seed=p.index) for p in people]
    loop = asyncio.get_running_loop()
    while (command := await loop.run_in_executor(None, connection.recv)) is not None:
        name, args = command
        extra = (tally,) if name == "read" else ()
        connection.send(await STEPS[name](pages, people, *args, *extra))


def _generator_main(connection, port: int, people: list[Person]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # on Ctrl-C the parent stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    asyncio.run(_serve(connection, port, people))


class Generator:
    """The generator processes, each with its share of the candidates and a pipe."""

    def __init__(self, processes: int, port: int, rows: list[list[str]]):
        nip, pin = ROSTER_HEADER.index("nip"), ROSTER_HEADER.index("pin")
        people = [Person(i, row[nip], row[pin]) for i, row in enumerate(rows)]
        count = max(1, min(processes, len(people)))
        self.pipes, self.processes = [], []
        for p in range(count):
            mine, theirs = _CONTEXT.Pipe()
            process = _CONTEXT.Process(
                target=_generator_main, args=(theirs, port, people[p::count]), daemon=True
            )
            self.pipes.append(mine)
            self.processes.append(process)

    def __enter__(self) -> Generator:
        for process in self.processes:
            process.start()
        return self

    def __exit__(self, *exc_info) -> None:
        for pipe in self.pipes:
            pipe.close()
        for process in self.processes:
            process.join(5)
            if process.is_alive():
                process.terminate()
                process.join(5)

    def discover(self) -> dict[int, str]:
        """Return the generator's processes, and this one (it runs the CPU meters) apart."""
        found = {p.pid: GENERATOR for p in self.processes if p.is_alive()}
        return found | {os.getpid(): METERS}

    def ask(self, name: str, *args, timeout: float = 600.0) -> list:
        """Run one step in every process; return their answers (fail if one dies)."""
        self.send(name, *args)
        return self.replies(name, timeout)

    def send(self, name: str, *args) -> None:
        """Ask every process for one step; `replies` waits for its answers."""
        for pipe in self.pipes:
            pipe.send((name, args))

    def replies(self, name: str, timeout: float = 600.0) -> list:
        """Return every process's answer to the step asked for (fail if one dies)."""
        deadline, answers = time.monotonic() + timeout, []
        for pipe in self.pipes:
            while not pipe.poll(1.0):
                if any(p.exitcode not in (None, 0) for p in self.processes):
                    raise RuntimeError("a load generator process died")
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the generator's {name} step took over {timeout:.0f} s")
            answers.append(pipe.recv())
        return answers

    def stop(self) -> None:
        """Tell every process to end."""
        for pipe in self.pipes:
            pipe.send(None)
