"""A simulated, finished cohort on the demo event, so that a standard-setting panel can practise.

The demo's 40 candidates have no finished attempts, and a GRM calibration needs at least 100
persons and 50 responses per item (`psychometrics.options`). `simulate_cohort(n)` adds n
candidates, "Peserta Simulasi 0001", ..., to the current event and gives each a finished
attempt of one test (MANSOS by default):

- the candidates come in through the roster import, as the demo's own do (valid NIPs, a demo
  position so that JPM applies, session SIM and room RSIM, registered for that test only);
- each attempt is drawn by the bank's own draw (`order_for_attempt`) from the session's
  snapshot; attempts and answers are then written in bulk (demo data, not the candidate API);
- answers follow a graded response model: abilities theta ~ N(0, 1); each item a slope
  a ~ U(1.0, 2.0) and thresholds spread evenly over +-1.2 logits around a centre
  (level - 3) x 0.6 (N(0, 0.25) jitter on the centre, N(0, 0.1) on each threshold, then
  sorted), so higher-level items are harder. The category drawn by
  `psychometrics.simulate.simulate` picks the sjt option scored category + 1 (the nearest
  lower score where the item has none, the lowest option if none is lower); an mcq item has
  one threshold at its centre and category 1 is the correct option.

Item parameters depend only on the seed and the item id (the same item keeps its parameters
across calls and banks, so calls with one seed add to one model); abilities and draws depend
on the seed and the first number added.
Calling again adds more candidates: numbering continues (a new call never repeats NIPs). The
session SIM stays planned: no token is ever released, so nobody logs in as a simulated
candidate; it carries the snapshot the attempts were drawn from, as an opened session would.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
from flask import current_app
from sqlalchemy import func, insert, select, update

from assessment_app import audit, clock
from assessment_app.bank import Bank, Item, TestDef, order_for_attempt
from assessment_app.demo.service import ACTOR, POSITIONS, UNITS, _csv, _import
from assessment_app.events.schedule import set_schedule
from assessment_app.events.service import current_event, get_session
from assessment_app.exceptions import conflict, invalid
from assessment_app.extensions import db
from assessment_app.imports.roster import import_roster
from assessment_app.models import Answer, Attempt, AttemptStatus, Candidate, Registration
from assessment_app.psychometrics.grm import ItemParameters
from assessment_app.psychometrics.simulate import simulate
from assessment_app.snapshots.catalog import bank_for
from assessment_app.snapshots.service import published_snapshot
from assessment_app.tabular import roster

SESSION, ROOM = "SIM", "RSIM"
NAME_PREFIX = "Peserta Simulasi "
MAX_NUMBER = 9999  # four digits in the name; sim_nip is unique up to 10,220
SLOPE = (1.0, 2.0)  # a ~ U(1.0, 2.0)
LEVEL_STEP = 0.6  # an item of level L is centred at (L - 3) x LEVEL_STEP
SPREAD = 0.8  # thresholds at centre + (-1.5 .. 1.5) x SPREAD, evenly spaced
CENTRE_JITTER, THRESHOLD_JITTER = 0.25, 0.1  # standard deviations of the jitter
THINK_SECONDS = (20.0, 60.0)  # between saves: unhurried, no rapid-guessing flag
START_SPREAD_MINUTES = 10.0  # candidates start within this many minutes of the session
CHUNK = 20_000  # answers per INSERT


@dataclass(frozen=True)
class CohortReport:
    """What one call added, and the model it drew from (for checks and the CLI)."""

    test_code: str
    first: int  # number of the first candidate added ("Peserta Simulasi 0001" is 1)
    candidates: int
    attempts: int
    answers: int
    total: int  # simulated candidates in the event after this call
    params: ItemParameters  # the generating parameters of the test's item pool
    theta: dict[str, float]  # NIP -> the ability of each candidate added


def simulate_cohort(count: int, *, seed: int = 2026, test_code: str = "MANSOS") -> CohortReport:
    """Add `count` simulated candidates with finished attempts of `test_code`; return counts.

    Refuses (409 `demo_disabled`) unless the app seeds demo data, (409 `no_event`) before
    the demo, (422 `invalid_count`) a count below 1 or past MAX_NUMBER in all, (409
    `unknown_test`) a test the bank lacks, (409 `nip_taken`) a NIP someone already holds.
    The caller commits.
    """
    if not current_app.config["SEED_DEMO"]:
        raise conflict("Data demo tidak dibuat di lingkungan produksi.", code="demo_disabled")
    first = _next_number()
    if count < 1 or first + count - 1 > MAX_NUMBER:
        raise invalid(
            f"Jumlah peserta simulasi harus 1..{MAX_NUMBER - first + 1}.", code="invalid_count"
        )
    bank = bank_for(published_snapshot().id)
    test = _test(bank, test_code)
    numbers = range(first, first + count)
    _refuse_taken([sim_nip(n) for n in numbers])
    _import(import_roster, _csv([list(roster.FILE_COLUMNS), *_roster_rows(numbers, test.code)]))
    session = _prepare_session()
    bank = bank_for(session.snapshot_id)
    params = item_parameters(bank, test, seed)
    rng = np.random.default_rng([seed, first])
    nips = [sim_nip(n) for n in numbers]
    theta = rng.standard_normal(count)
    answers = _write_attempts(bank, test, session, _registrations(nips, first), params, theta, rng)
    audit.record(
        ACTOR,
        "demo.cohort",
        target=f"session:{SESSION}",
        details={"test": test.code, "first": first, "count": count, "seed": seed},
    )
    return CohortReport(
        test.code,
        first,
        count,
        count,
        answers,
        first + count - 1,
        params,
        dict(zip(nips, theta.tolist(), strict=True)),
    )


def sim_nip(number: int) -> str:
    """Return the NIP of simulated candidate `number` (valid per DOMAIN.md, unique < 10,220).

    Birth dates run over 1970-1997 (7919 is prime to 10,220 days, so no two numbers share
    one); appointment 22-27 years after birth; the sequence 100-999 never meets the demo's
    001-040.
    """
    birth = date(1970, 1, 1) + timedelta(days=number * 7919 % 10_220)
    year = birth.year + 22 + number % 6
    return f"{birth:%Y%m%d}{year}{number % 12 + 1:02d}{number % 2 + 1}{100 + number % 900:03d}"


def item_parameters(bank: Bank, test: TestDef, seed: int) -> ItemParameters:
    """Return the generating GRM parameters of every item the test can draw (sorted by id).

    sjt items have test.scoring.scale_max categories (option score s is category s - 1),
    mcq items two. The generator of each item is seeded by (seed, CRC-32 of its id).
    """
    items = sorted({i.id: i for d in test.draws for i in bank.pool(d.competency, d.level)}.items())
    slopes, thresholds = [], []
    for item_id, item in items:
        rng = np.random.default_rng([seed, zlib.crc32(item_id.encode())])
        slopes.append(rng.uniform(*SLOPE))
        thresholds.append(_thresholds(rng, item, test.scoring.scale_max))
    return ItemParameters.from_thresholds([i for i, _ in items], slopes, thresholds)


def _thresholds(rng: np.random.Generator, item: Item, scale_max: int) -> np.ndarray:
    """Return the item's increasing thresholds around its level's centre."""
    steps = scale_max - 1 if item.type == "sjt" else 1
    centre = ((item.level or 3) - 3) * LEVEL_STEP + rng.normal(0.0, CENTRE_JITTER)
    spread = np.linspace(-1.5, 1.5, steps) * SPREAD if steps > 1 else np.zeros(1)
    return np.sort(centre + spread + rng.normal(0.0, THRESHOLD_JITTER, steps))


def choose(item: Item, category: int, rng: np.random.Generator) -> str:
    """Return the option key a response in `category` (0 = lowest) stands for.

    sjt: the first option scored category + 1, else the nearest lower score, else the
    lowest; mcq: the answer for category > 0, else one of the wrong options at random.
    """
    if item.type == "mcq":
        if category > 0:
            return item.answer
        wrong = [key for key in item.option_keys if key != item.answer]
        return wrong[int(rng.integers(len(wrong)))]
    scores = [option.score for option in item.options]
    lower = [s for s in scores if s <= category + 1]
    wanted = max(lower) if lower else min(scores)
    return item.options[scores.index(wanted)].key


def _test(bank: Bank, code: str) -> TestDef:
    try:
        return bank.test(code)
    except KeyError:
        raise conflict(f"Tes {code} tidak ada di bank soal.", code="unknown_test") from None


def _next_number() -> int:
    """Return the number after the highest simulated candidate of the current event."""
    event = current_event()
    if event is None:
        raise conflict("Belum ada acara demo: jalankan `flask demo` dahulu.", code="no_event")
    names = db.session.scalars(
        select(Candidate.name).where(
            Candidate.event_id == event.id, Candidate.name.like(NAME_PREFIX + "%")
        )
    )
    numbers = [
        int(tail)
        for name in names
        if (tail := name[len(NAME_PREFIX) :]).isascii() and tail.isdigit()
    ]
    return max(numbers, default=0) + 1


def _refuse_taken(nips: list[str]) -> None:
    """Refuse (409 `nip_taken`) NIPs already in the event: the import would update them."""
    taken = db.session.scalars(
        select(Candidate.nip).where(
            Candidate.event_id == current_event().id, Candidate.nip.in_(nips)
        )
    ).first()
    if taken is not None:
        raise conflict(f"NIP {taken} sudah dipakai peserta lain di acara ini.", code="nip_taken")


def _roster_rows(numbers: range, test_code: str) -> list[list[str]]:
    """Return roster rows: positions and units of the demo in turn, seat = the number."""
    rows = []
    for n in numbers:
        title, code, _tests = POSITIONS[n % len(POSITIONS)]
        unit = UNITS[n % len(UNITS)]
        name = f"{NAME_PREFIX}{n:04d}"
        rows.append([sim_nip(n), name, title, code, unit, SESSION, ROOM, f"{n:04d}", test_code, ""])
    return rows


def _prepare_session():
    """Give session SIM its snapshot and a schedule yesterday, once; return it."""
    session = get_session(SESSION)
    if session.snapshot_id is None:
        session.snapshot_id = published_snapshot().id
        session.title = "Sesi simulasi (kohort selesai)"
        start = clock.now().replace(minute=0, second=0, microsecond=0) - timedelta(days=1)
        end = start + timedelta(hours=4)
        set_schedule(
            SESSION, planned_start=start, planned_end=end, late_entry_minutes=30, actor=ACTOR
        )
    return session


def _registrations(nips: list[str], first: int) -> list[tuple[int, int]]:
    """Return (candidate id, registration id) per NIP, in order; list them after the others.

    The import numbers roster rows from 2 in its own file; the new candidates' rows move
    past every other candidate's, so listings by roster row keep the demo's first.
    """
    event = current_event()
    rows = db.session.execute(
        select(Candidate.nip, Candidate.id, Registration.id)
        .join(Registration, Registration.candidate_id == Candidate.id)
        .where(Candidate.event_id == event.id, Candidate.nip.in_(nips))
    ).all()
    found = {nip: (cid, rid) for nip, cid, rid in rows}
    others = select(func.max(Candidate.roster_row)).where(
        Candidate.event_id == event.id, Candidate.nip.not_in(nips)
    )
    offset = (db.session.scalar(others) or 1) - 1
    db.session.execute(
        update(Candidate)
        .where(Candidate.id.in_([cid for cid, _ in found.values()]))
        .values(roster_row=Candidate.roster_row + offset)
        .execution_options(synchronize_session=False)
    )
    return [found[nip] for nip in nips]


def _write_attempts(bank, test, session, registered, params, theta, rng) -> int:
    """Insert one finished attempt per candidate and its answers; return the answer count."""
    seeds = [int(rng.integers(2**31)) for _ in registered]
    layouts = [order_for_attempt(bank, test, s) for s in seeds]
    categories = _categories(params, layouts, theta, rng)
    attempts, saves = [], []
    for seed, layout, (candidate_id, registration_id) in zip(
        seeds, layouts, registered, strict=True
    ):
        start = session.planned_start + timedelta(minutes=rng.uniform(0, START_SPREAD_MINUTES))
        saves.append(_save_times(rng, start, len(layout["items"]), test.duration_minutes))
        attempts.append(_attempt_row(test, session, seed, layout, start, saves[-1][-1]))
        attempts[-1] |= {"candidate_id": candidate_id, "registration_id": registration_id}
    conn = db.session.connection()
    conn.execute(insert(Attempt), attempts)
    ids = dict(
        db.session.execute(
            select(Attempt.registration_id, Attempt.id).where(
                Attempt.registration_id.in_([r for _, r in registered])
            )
        ).all()
    )
    rows = []
    for (_, registration_id), drawn, times in zip(registered, categories, saves, strict=True):
        rows += _answer_rows(bank, ids[registration_id], drawn, times, rng)
    for start in range(0, len(rows), CHUNK):
        conn.execute(insert(Answer), rows[start : start + CHUNK])
    return len(rows)


def _answer_rows(bank, attempt_id: int, drawn: dict[str, int], times, rng) -> list[dict]:
    """Return the answer rows of one attempt: items in display order, seq from 1."""
    return [
        {
            "attempt_id": attempt_id,
            "item_id": item_id,
            "choice": choose(bank.item(item_id), category, rng),
            "flagged": False,
            "seq": seq,
            "saved_at": saved_at,
        }
        for seq, ((item_id, category), saved_at) in enumerate(
            zip(drawn.items(), times, strict=True), start=1
        )
    ]


def _categories(params, layouts: list[dict], theta, rng) -> list[dict[str, int]]:
    """Return, per attempt, item id -> the category drawn by the GRM at the person's theta."""
    column = {item: i for i, item in enumerate(params.items)}
    shown = np.zeros((len(layouts), len(params.items)), dtype=bool)
    for p, layout in enumerate(layouts):
        shown[p, [column[i] for i in layout["items"]]] = True
    values = simulate(rng, params, np.asarray(theta), shown).values
    return [
        {item: int(values[p, column[item]]) for item in layout["items"]}
        for p, layout in enumerate(layouts)
    ]


def _save_times(rng, start: datetime, items: int, minutes: float) -> list[datetime]:
    """Return a save time per item, THINK_SECONDS apart, squeezed to 90 % of the duration."""
    gaps = rng.uniform(*THINK_SECONDS, items)
    gaps *= min(1.0, 0.9 * minutes * 60 / gaps.sum())
    return [start + timedelta(seconds=float(s)) for s in np.cumsum(gaps)]


def _attempt_row(
    test: TestDef, session, seed: int, layout: dict, start: datetime, last: datetime
) -> dict:
    """Return the columns of a finished attempt that ended at its last save."""
    duration_ms = round(test.duration_minutes * 60_000)
    return {
        "test_code": test.code,
        "snapshot_id": session.snapshot_id,
        "status": AttemptStatus.FINISHED,
        "seed": seed,
        "layout": layout,
        "item_count": len(layout["items"]),
        "item_ids": ",".join(layout["items"]),
        "duration_ms": duration_ms,
        "created_at": start,
        "started_at": start,
        "finished_at": last,
        "deadline_at": start + timedelta(milliseconds=duration_ms),
        "finish_reason": "candidate",
    }
