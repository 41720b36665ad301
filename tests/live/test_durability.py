"""Acknowledged answers survive killed workers, a Redis restart and a restart of everything."""

from __future__ import annotations

import multiprocessing
import random
import threading
import time

from sqlalchemy import create_engine, text

from bench.harness.client import Candidate


def _stored_answers(database_url: str, attempt_id: int) -> dict[str, tuple[str | None, int]]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT item_id, choice, seq FROM answer WHERE attempt_id = :a"),
                {"a": attempt_id},
            ).all()
    finally:
        engine.dispose()
    return {row.item_id: (row.choice, row.seq) for row in rows}


def test_acknowledged_answers_survive_crashes_and_restarts(live_factory, redis_server):
    server = live_factory(workers=3, redis_url=redis_server.url)
    token, rows = server.prepare(candidates=2)
    server.start()
    candidate = Candidate(server.url)
    attempt_id = candidate.login(rows[0][0], rows[0][9], token)["attempts"][0]["id"]
    items = candidate.start(attempt_id)["items"]

    sent: dict[tuple[str, int], str | None] = {}
    acknowledged: dict[str, int] = {}
    stop = threading.Event()
    errors: list[BaseException] = []

    def answer_continuously() -> None:
        rng, seq = random.Random(7), 0
        try:
            while not stop.is_set():
                item = rng.choice(items)
                seq += 1
                choice = rng.choice([None] + [o["key"] for o in item["options"]])
                sent[(item["id"], seq)] = choice
                ack = candidate.save_until_acknowledged(attempt_id, item["id"], choice, seq)
                acknowledged[item["id"]] = max(acknowledged.get(item["id"], 0), ack["seq"])
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    worker = threading.Thread(target=answer_continuously)
    worker.start()
    time.sleep(1.0)
    server.kill_worker()
    time.sleep(0.7)
    redis_server.kill()
    time.sleep(0.5)
    redis_server.start()
    time.sleep(0.7)
    server.kill_worker()
    time.sleep(0.7)
    server.kill_all()  # the whole server dies at once ...
    redis_server.kill()
    redis_server.start()
    server.start()  # ... and comes back; the candidate's queue keeps retrying meanwhile
    time.sleep(1.5)
    stop.set()
    worker.join(90)
    assert not errors, errors
    assert len(acknowledged) > 10, "the scripted candidate should have saved many answers"

    stored = _stored_answers(server.database_url, attempt_id)
    for item_id, seq in acknowledged.items():
        choice, stored_seq = stored[item_id]
        assert stored_seq >= seq, (item_id, stored_seq, seq)
        assert sent[(item_id, stored_seq)] == choice


def _race(
    base_url: str,
    cookies: str,
    csrf: str,
    attempt_id: int,
    item: dict,
    parity: int,
    rounds: int,
    queue,
) -> None:
    candidate = Candidate(base_url, cookies)  # the same browser, from another process
    candidate.csrf = csrf
    rng = random.Random(parity)
    keys = [o["key"] for o in item["options"]]
    top = 0
    for n in range(rounds):
        seq = 2 * n + 1 + parity
        time.sleep(rng.random() * 0.003)
        ack = candidate.save_until_acknowledged(attempt_id, item["id"], keys[seq % len(keys)], seq)
        assert ack["seq"] >= seq and ack["choice"] == keys[ack["seq"] % len(keys)]
        top = max(top, ack["seq"])
    queue.put(top)


def test_two_processes_saving_one_item_the_highest_seq_always_wins(live_factory):
    server = live_factory(workers=3)
    token, rows = server.prepare(candidates=1)
    server.start()
    candidate = Candidate(server.url)
    attempt_id = candidate.login(rows[0][0], rows[0][9], token)["attempts"][0]["id"]
    items = candidate.start(attempt_id)["items"][:4]
    context = multiprocessing.get_context("spawn")
    rounds = 40
    for item in items:
        queue = context.Queue()
        racers = [
            context.Process(
                target=_race,
                args=(
                    server.url,
                    candidate.cookie_string(),
                    candidate.csrf,
                    attempt_id,
                    item,
                    parity,
                    rounds,
                    queue,
                ),
            )
            for parity in (0, 1)
        ]
        for racer in racers:
            racer.start()
        for racer in racers:
            racer.join(120)
            assert racer.exitcode == 0
        # A save that lost the race is acknowledged with the stored (higher) seq, never lower.
        assert max(queue.get(timeout=5) for _ in racers) == 2 * rounds
        choice, seq = _stored_answers(server.database_url, attempt_id)[item["id"]]
        keys = [o["key"] for o in item["options"]]
        assert seq == 2 * rounds and choice == keys[seq % len(keys)]
