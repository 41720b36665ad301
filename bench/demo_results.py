"""Scoring v2 on the demo event: what an assessor asks, from a reproducible simulated day.

Run as `python -m bench.demo_results` (under a minute). In a fresh temporary instance it
seeds the demo exactly as `flask --app wsgi demo` does, opens session S2 too, and makes each
of the 40 demo candidates sit every registered test through the project's own delivery
services, committing after each call as the candidate API views do (login_candidate,
start_attempt, save_answer, finish_attempt). Then it computes the results with
`results.service.result_set()` and prints the level distributions, the mean level per
response pattern, the talent map and the reliability table.

Response patterns, by the candidate's index i in roster order (0-based):

- i % 4 == 0  every item answered uniformly at random (i % 8 == 0: within 0.8-2 s each, a
              rapid clicker who reads nothing);
- i % 4 == 1  always the option with the longest text (the first one on a tie, authored order);
- i % 4 == 2  "good": the best-scoring sjt option (mcq: the correct one) with p = 0.7, else
              random;
- i % 4 == 3  only the first 20 % (floor) of the items, in the candidate's order, at random.

Every other answer comes 20-60 s after the previous save (or the start), on a frozen
`assessment_app.clock` that the run advances and resets at the end.

Reproducibility: responses come from ``random.Random(RESPONSE_SEED)`` and think times from
their own stream. The code draws each attempt's items with a seed from `secrets.randbelow`,
so for the run only (a context manager that restores them) the `secrets` draws come from
``random.Random(DRAW_SEED)``; attempts are created in roster order at login, so every run gets
the same draws. The "play digest" covers every (NIP, test, items in order, answers) and is
equal between two runs of the same code.
"""

from __future__ import annotations

import base64
import hashlib
import math
import random
import secrets
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import func, select

from assessment_app import clock, create_app
from assessment_app.extensions import db
from assessment_app.store import stop_embedded

RESPONSE_SEED = 10
DRAW_SEED = 20261
PACE_SEED = 77  # think time: a separate stream, so the choices stay the same
ACTOR = "cli:bench-demo-results"
RAPID_SECONDS = (0.8, 2.0)
THINK_SECONDS = (20.0, 60.0)
INCOMPLETE_SHARE = 0.2
# Groups of the mean-level table: the random pattern is split into its rapid clickers
# (i % 8 == 0) and the others (i % 8 == 4).
GROUPS = {
    "rapid": "random, rapid (i%8=0)",
    "random": "random (i%8=4)",
    "longest": "longest option (i%4=1)",
    "good": "good, p=0.7 (i%4=2)",
    "incomplete": "incomplete 20% (i%4=3)",
}


def group_of(index: int) -> str:
    """Return the response pattern (a key of GROUPS) of the candidate at roster index."""
    if index % 4 == 0:
        return "rapid" if index % 8 == 0 else "random"
    return ("longest", "good", "incomplete")[index % 4 - 1]


@contextmanager
def seeded_secrets(seed: int) -> Iterator[None]:
    """Draw `secrets` values from a seeded generator inside the block, then restore them."""
    rng = random.Random(seed)

    def token_urlsafe(n: int = 32) -> str:
        return base64.urlsafe_b64encode(rng.randbytes(n)).rstrip(b"=").decode()

    replacements = {
        "randbelow": lambda n: rng.randrange(n),
        "randbits": rng.getrandbits,
        "choice": rng.choice,
        "token_bytes": lambda n=32: rng.randbytes(n),
        "token_hex": lambda n=32: rng.randbytes(n).hex(),
        "token_urlsafe": token_urlsafe,
    }
    saved = {name: getattr(secrets, name) for name in replacements}
    try:
        for name, replacement in replacements.items():
            setattr(secrets, name, replacement)
        yield
    finally:
        for name, original in saved.items():
            setattr(secrets, name, original)


@contextmanager
def frozen_clock() -> Iterator[None]:
    """Freeze `assessment_app.clock` now (the run advances it); put it back afterwards."""
    clock.freeze()
    try:
        yield
    finally:
        clock.reset()


@dataclass
class Play:
    """What the simulated day did: each NIP's pattern, the totals and the digest."""

    groups: dict[str, str] = field(default_factory=dict)  # nip -> key of GROUPS
    attempts: int = 0
    finished: int = 0
    items: int = 0
    answered: int = 0
    digest: str = ""


def _choose(pattern: int, item, rng: random.Random) -> str:
    keys = [option.key for option in item.options]
    if pattern == 1:
        longest = max(len(option.text) for option in item.options)
        return next(option.key for option in item.options if len(option.text) == longest)
    if pattern == 2 and rng.random() < 0.7:
        if item.type == "mcq":
            return item.answer
        best = max(option.score for option in item.options)
        return next(option.key for option in item.options if option.score == best)
    return rng.choice(keys)  # pattern 0, the other 30 % of pattern 2, pattern 3's first 20 %


def seed() -> None:
    """Seed the demo as `flask --app wsgi demo` does (one transaction), in an app context."""
    from assessment_app.demo.service import seed_demo

    try:
        seed_demo()
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def play() -> Play:
    """Sit every demo candidate through every registered test; in an app context."""
    from assessment_app.attempts.lifecycle import finish_attempt, start_attempt
    from assessment_app.candidate.answers import CandidateRef, save_answer
    from assessment_app.candidate.login import login_candidate
    from assessment_app.candidate.presenter import attempt_body
    from assessment_app.database import begin_write
    from assessment_app.events.service import current_event, open_session
    from assessment_app.models import Answer, Attempt, AttemptStatus, Candidate
    from assessment_app.security import pin_vault
    from assessment_app.snapshots.catalog import bank_for

    event = current_event()
    if event is None:
        raise RuntimeError("no event: the demo was not seeded")
    if db.session.scalar(select(Attempt.id).limit(1)) is not None:
        raise RuntimeError("attempts already exist: the instance is not fresh")
    db.session.commit()  # end the read transaction before the first write

    tokens = {}
    for code in ("S1", "S2"):  # S1 is open already (the same token); S2 opens now
        begin_write(db.session)
        tokens[code] = open_session(code, ACTOR).token
        db.session.commit()

    vault = pin_vault()
    candidates = db.session.scalars(
        select(Candidate).where(Candidate.event_id == event.id).order_by(Candidate.roster_row)
    ).all()
    people = [(c.nip, vault.unseal(c.pin_sealed), c.session.code) for c in candidates]
    db.session.commit()

    rng, pace = random.Random(RESPONSE_SEED), random.Random(PACE_SEED)
    digest, result = hashlib.sha256(), Play()
    for index, (nip, pin, session_code) in enumerate(people):
        pattern, result.groups[nip] = index % 4, group_of(index)
        think = RAPID_SECONDS if group_of(index) == "rapid" else THINK_SECONDS
        begin_write(db.session)
        login = login_candidate(nip, pin, tokens[session_code], f"sim-{nip}", "127.0.0.1")
        attempt_ids = [a.id for a in login.attempts]
        who = CandidateRef(login.candidate.id, login.candidate.login_version)
        db.session.commit()
        for attempt_id in attempt_ids:
            begin_write(db.session)
            attempt = start_attempt(db.session.get(Attempt, attempt_id))
            bank = bank_for(attempt.snapshot_id)
            order = [item["id"] for item in attempt_body(attempt)["items"]]
            db.session.commit()
            limit = math.floor(INCOMPLETE_SHARE * len(order)) if pattern == 3 else len(order)
            for seq, item_id in enumerate(order[:limit], start=1):
                clock.advance(timedelta(seconds=pace.uniform(*think)))
                choice = _choose(pattern, bank.item(item_id), rng)
                begin_write(db.session)
                saved = save_answer(who, attempt_id, item_id, choice, seq, None)
                db.session.commit()
                if saved.choice != choice:
                    raise RuntimeError(f"{nip} {item_id}: stored {saved.choice!r}, sent {choice!r}")
            begin_write(db.session)
            attempt = finish_attempt(db.session.get(Attempt, attempt_id))
            status, test_code = attempt.status, attempt.test_code
            db.session.commit()
            if status is not AttemptStatus.FINISHED:
                raise RuntimeError(f"{nip} {test_code}: status {status} after finish")
            answers = db.session.execute(
                select(Answer.item_id, Answer.choice)
                .where(Answer.attempt_id == attempt_id)
                .order_by(Answer.item_id)
            ).all()
            db.session.commit()
            digest.update(
                f"{nip}|{test_code}|{','.join(order)}|"
                f"{';'.join(f'{i}={c}' for i, c in answers)}\n".encode()
            )
            result.attempts += 1
            result.items += len(order)
            result.answered += sum(1 for _, c in answers if c is not None)
    result.finished = db.session.scalar(
        select(func.count()).select_from(Attempt).where(Attempt.status == AttemptStatus.FINISHED)
    )
    db.session.commit()
    result.digest = digest.hexdigest()
    return result


def _num(value: float | None, width: int = 9) -> str:
    return f"{value:{width}.4f}" if value is not None else f"{'-':>{width}}"


def report(results, played: Play) -> None:
    """Print the level distributions, mean level per pattern, talent map and reliability."""
    _levels(results)
    _patterns(results, played)
    _talent_map(results)
    _reliability(results)


def _levels(results) -> None:
    from assessment_app.results import tables

    print("\n-- level distribution per competency (finished attempts) --")
    print(
        f"{'test':8}{'competency':12}{'n':>4}"
        + "".join(f"{'L' + str(x):>5}" for x in tables.LEVELS)
        + f"{'mean level':>12}{'mean C_score':>14}"
    )
    for test in tables.level_distribution(results):
        for c in test.competencies:
            mean_level = sum(lv * k for lv, k in zip(tables.LEVELS, c.counts, strict=True)) / c.n
            print(
                f"{test.code:8}{c.competency.code:12}{c.n:4d}"
                + "".join(f"{k:5d}" for k in c.counts)
                + f"{mean_level:12.2f}{c.mean:14.2f}"
            )


def _patterns(results, played: Play) -> None:
    tests = list(results.tests)
    levels: dict[tuple[str, str], list[int]] = {}
    persons: dict[str, set[str]] = {}
    for row in results.rows:
        if not row.finished:
            continue
        group = played.groups[row.nip]
        persons.setdefault(group, set()).add(row.nip)
        for key in ((group, row.test_code), (group, "")):
            levels.setdefault(key, []).extend(s.level for s in row.scores.values())
    print("\n-- mean level per response pattern (over every competency of finished attempts) --")
    print(f"{'pattern':26}{'persons':>8}" + "".join(f"{t:>9}" for t in tests) + f"{'all':>9}")
    for group, label in GROUPS.items():
        cells = []
        for test in [*tests, ""]:
            found = levels.get((group, test))
            cells.append(f"{sum(found) / len(found):9.2f}" if found else f"{'-':>9}")
        print(f"{label:26}{len(persons.get(group, ())):8d}" + "".join(cells))


def _talent_map(results) -> None:
    from assessment_app.results import tables
    from assessment_app.scoring.flags import FLAGS
    from assessment_app.talent import KRS_NO, KRS_YES

    everyone = tables.people(results)
    total = tables.recap_total(results)
    print(f"\n-- talent map ({total.persons} candidates, {total.assessed} assessed) --")
    print(f"{'box':26}" + "".join(f"{n:>5}" for n in tables.BOX_NUMBERS) + f"{'none':>6}")
    print(
        f"{'candidates':26}"
        + "".join(f"{total.boxes[n]:5d}" for n in tables.BOX_NUMBERS)
        + f"{total.unmapped:6d}"
    )
    print(f"{'JPM category':26}{'candidates':>10}")
    for label, count in total.categories.items():
        print(f"  {label:24}{count:10d}")
    print(f"  {'(none)':24}{total.uncategorised:10d}")
    print(f"{'KRS':26}{'candidates':>10}")
    print(f"  {KRS_YES:24}{total.krs:10d}")
    print(f"  {KRS_NO:24}{sum(p.krs == KRS_NO for p in everyone):10d}")
    print(f"  {'(no box)':24}{sum(p.krs is None for p in everyone):10d}")
    print(f"{'perlu ditinjau, per flag':26}{'candidates':>10}")
    for code, flag in FLAGS.items():
        count = sum(code in p.flags for p in everyone)
        print(f"  {code:24}{count:10d}  {flag.label}")
    print(f"  {'any (perlu ditinjau)':24}{sum(p.review for p in everyone):10d}")


def _reliability(results) -> None:
    print("\n-- reliability (result_set().reliability) --")
    print(
        f"{'test':8}{'competency':12}{'persons':>8}{'ñ':>9}{'mean':>9}{'sd':>9}"
        f"{'reliab.':>9}{'sem':>9}"
    )
    for row in results.reliability:
        s = row.stats
        print(
            f"{row.test_code:8}{row.competency:12}{s.persons:8d}{_num(s.items_per_person)}"
            f"{_num(s.mean)}{_num(s.sd)}{_num(s.reliability)}{_num(s.sem)}"
        )


def main() -> None:
    """Simulate the demo day in a fresh instance and print the scoring v2 figures."""
    from assessment_app.results.service import result_set
    from assessment_app.snapshots.catalog import clear_caches

    # The caches are keyed by snapshot and attempt ids, which a fresh database reuses: under
    # `python -m bench` the benchmarks before this one filled them from their own databases.
    clear_caches()
    print("\n== demo results ==")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-demo-") as name:
        instance = str(Path(name) / "instance")
        app = create_app("development", INSTANCE_PATH=instance)
        try:
            with app.app_context():
                upgrade()
                seed()
                with seeded_secrets(DRAW_SEED), frozen_clock():
                    played = play()
                    seconds = time.perf_counter() - started
                    scoring = time.perf_counter()
                    results = result_set()
                    scored = time.perf_counter() - scoring
                    db.session.rollback()
        finally:
            with app.app_context():
                db.engine.dispose()
            stop_embedded(instance)
    print(f"event: {results.event_name}")
    print(
        f"{len(played.groups)} candidates, {played.attempts} attempts ({played.finished} "
        f"finished), {played.items} items drawn, {played.answered} answered"
    )
    print(f"play digest (draws + answers): {played.digest}")
    print(f"{'migrate + seed + play':32}{seconds:8.2f} s")
    print(f"{'result_set()':32}{scored:8.2f} s")
    report(results, played)
    print(f"\n(done in {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
