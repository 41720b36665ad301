"""Login limits that never fail open: Redis up or down, per NIP, per address, behind proxies.

Redis is made unreachable for one test by swapping the app's store for one pointed at a
port nobody listens on (a real client, a real refused connection), restored afterwards.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import create_engine, orm, select

from assessment_app import clock, trust_proxies
from assessment_app.extensions import db
from assessment_app.models import LoginThrottle
from assessment_app.security import throttle
from assessment_app.security.throttle import NIP_LIMIT
from tests.services import redis_unreachable

WRONG = "000000"


@pytest.fixture
def small_room_cap(app, monkeypatch):
    """An address cap small enough to reach in a test (the default is sized for a room)."""
    monkeypatch.setitem(app.config, "LOGIN_ADDRESS_LIMIT", 12)
    return 12


def _codes(responses) -> list[int]:
    return [response.status_code for response in responses]


def _database_count(app, scope: str, subject: str) -> int | None:
    with app.app_context():
        row = db.session.get(LoginThrottle, (scope, subject))
        return None if row is None else row.count


def test_with_redis_down_fifteen_wrong_pins_then_the_right_one_is_429(app, api, exam, redis_down):
    seat = exam.seats[0]
    wrong = _codes(api.login(seat, exam.token, pin=WRONG) for _ in range(15))
    assert wrong == [401] * NIP_LIMIT + [429] * 5  # never more than 10 judged
    right = api.login(seat, exam.token)
    assert right.status_code == 429
    assert right.json["error"]["code"] == "rate_limited"
    # Counted in the database, and the 401s' rollbacks did not undo it.
    assert _database_count(app, throttle.CANDIDATE_NIP, seat.nip) >= NIP_LIMIT
    assert api.login(exam.seats[1], exam.token).status_code == 200  # another NIP logs in


def test_database_counts_expire_with_their_window(app, api, exam, redis_down):
    clock.freeze()
    seat = exam.seats[0]
    for _ in range(NIP_LIMIT):
        assert api.login(seat, exam.token, pin=WRONG).status_code == 401
    assert api.login(seat, exam.token).status_code == 429
    clock.advance(timedelta(seconds=throttle.CANDIDATE_WINDOW_SECONDS - 5))
    assert api.login(seat, exam.token).status_code == 429
    clock.advance(timedelta(seconds=10))
    assert api.login(seat, exam.token).status_code == 200
    # A good login clears the database count too.
    assert _database_count(app, throttle.CANDIDATE_NIP, seat.nip) is None


def test_counts_made_while_redis_was_down_still_count_after_it_returns(app, api, exam):
    seat = exam.seats[0]
    with redis_unreachable(app):
        for _ in range(6):
            assert api.login(seat, exam.token, pin=WRONG).status_code == 401
    for _ in range(NIP_LIMIT - 6):
        assert api.login(seat, exam.token, pin=WRONG).status_code == 401
    assert api.login(seat, exam.token).status_code == 429


def test_when_nothing_can_count_the_login_is_refused_with_503(
    app, api, exam, redis_down, monkeypatch, tmp_path
):
    # A database that cannot be opened (its directory does not exist): a real failure.
    broken = create_engine(f"sqlite:///{tmp_path / 'missing' / 'x.db'}")
    monkeypatch.setattr(throttle, "_own_session", lambda: orm.Session(bind=broken))
    response = api.login(exam.seats[0], exam.token)  # even the right PIN is not judged
    assert response.status_code == 503
    assert response.json["error"]["code"] == "limiter_unavailable"
    assert "tidak dapat menghitung" in response.json["error"]["message"]


def test_with_redis_up_the_right_pin_is_refused_after_ten_wrong(app, api, exam):
    seat = exam.seats[2]
    wrong = _codes(api.login(seat, exam.token, pin=WRONG) for _ in range(NIP_LIMIT + 2))
    assert wrong == [401] * NIP_LIMIT + [429] * 2
    assert api.login(seat, exam.token).status_code == 429
    with app.app_context():
        assert throttle.locked(throttle.candidate_nip_rule(), seat.nip)
        assert _database_count(app, throttle.CANDIDATE_NIP, seat.nip) is None  # Redis counted


def test_right_pins_and_early_logins_use_no_tries(app, api, exam):
    for _ in range(NIP_LIMIT + 3):  # the session is not open yet: 403, never 429
        assert api.login(exam.waiting, exam.token).status_code == 403
    seat = exam.seats[0]
    for _ in range(NIP_LIMIT - 1):
        assert api.login(seat, exam.token, pin=WRONG).status_code == 401
    assert api.login(seat, exam.token).status_code == 200  # the 10th try, the right PIN
    with app.app_context():
        assert throttle.count(throttle.candidate_nip_rule(), seat.nip) == 0
        assert throttle.count(throttle.candidate_address_rule(), "127.0.0.1") == NIP_LIMIT - 1


def test_a_wrong_token_counts_as_a_try(api, exam):
    seat = exam.seats[0]
    codes = _codes(api.login(seat, "SALAH1") for _ in range(NIP_LIMIT + 1))
    assert codes == [401] * NIP_LIMIT + [429]


def test_tries_at_a_locked_nip_do_not_use_up_the_rooms_cap(app, api, exam, small_room_cap):
    first, fourth = exam.seats[0], exam.seats[3]
    for _ in range(NIP_LIMIT):
        assert api.login(first, exam.token, pin=WRONG).status_code == 401
    for _ in range(20):  # refused unjudged: the address does not count them
        assert api.login(first, exam.token, pin=WRONG).status_code == 429
    with app.app_context():
        assert throttle.count(throttle.candidate_address_rule(), "127.0.0.1") == NIP_LIMIT
    assert api.login(fourth, exam.token).status_code == 200


def test_a_room_past_its_cap_is_refused_and_a_proctor_unlock_lets_a_seat_in(
    app, api, exam, small_room_cap
):
    first, second, third, fourth = exam.seats
    for _ in range(NIP_LIMIT):
        assert api.login(first, exam.token, pin=WRONG).status_code == 401
    for _ in range(small_room_cap - NIP_LIMIT):
        assert api.login(second, exam.token, pin=WRONG).status_code == 401
    refused = api.login(third, exam.token)  # a NIP with no failure, the right PIN
    assert refused.status_code == 429
    assert "jaringan ini" in refused.json["error"]["message"]
    with app.app_context():
        throttle.unlock_candidate(third.nip)  # what the proctor's "Buka blokir" does
        db.session.commit()
    assert api.login(third, exam.token).status_code == 200
    assert api.login(fourth, exam.token).status_code == 429  # the rest of the room still waits


def test_x_forwarded_for_is_ignored_without_trusted_proxies(app, api, exam, small_room_cap):
    for seat in exam.seats[:2]:
        for _ in range(NIP_LIMIT):
            api.client.post(
                "/api/v1/candidate/login",
                json={"nip": seat.nip, "pin": WRONG, "session_token": exam.token},
                headers={"X-Forwarded-For": "10.9.9.9"},
            )
    spoofed = api.client.post(
        "/api/v1/candidate/login",
        json={"nip": exam.seats[2].nip, "pin": exam.seats[2].pin, "session_token": exam.token},
        headers={"X-Forwarded-For": "10.1.1.1"},  # a new address would dodge the cap
    )
    assert spoofed.status_code == 429
    with app.app_context():
        assert throttle.count(throttle.candidate_address_rule(), "10.9.9.9") == 0


def test_x_forwarded_for_names_the_address_behind_a_trusted_proxy(app, api, exam, small_room_cap):
    wsgi = app.wsgi_app
    trust_proxies(app, 1)
    try:
        for seat in exam.seats[:2]:
            for _ in range(NIP_LIMIT):
                api.client.post(
                    "/api/v1/candidate/login",
                    json={"nip": seat.nip, "pin": WRONG, "session_token": exam.token},
                    headers={"X-Forwarded-For": "10.9.9.9"},
                )
        body = {"nip": exam.seats[2].nip, "pin": exam.seats[2].pin, "session_token": exam.token}
        other_room = api.client.post(
            "/api/v1/candidate/login", json=body, headers={"X-Forwarded-For": "10.1.1.1"}
        )
        assert other_room.status_code == 200
        same_room = api.client.post(
            "/api/v1/candidate/login",
            json=body | {"nip": exam.seats[3].nip, "pin": exam.seats[3].pin},
            headers={"X-Forwarded-For": "10.9.9.9"},
        )
        assert same_room.status_code == 429
    finally:
        app.wsgi_app = wsgi
    with app.app_context():
        assert throttle.count(throttle.candidate_address_rule(), "10.9.9.9") == small_room_cap
        assert throttle.count(throttle.candidate_address_rule(), "127.0.0.1") == 0


def test_expired_database_counts_are_forgotten(app, ctx):
    clock.freeze()
    rule = throttle.Rule("test", 3, 60)
    with redis_unreachable(app):
        assert [throttle.charge(rule, "x").count for _ in range(4)] == [1, 2, 3, 4]
        assert throttle.charge(rule, "x").over
        clock.advance(timedelta(seconds=61))
        assert throttle.count(rule, "x") == 0
        assert throttle.charge(rule, "y").count == 1  # a new count clears the expired ones
        query = select(LoginThrottle.subject).where(LoginThrottle.scope == "test")
        assert list(db.session.scalars(query)) == ["y"]


@pytest.mark.parametrize(
    ("name", "value"),
    [("TRUSTED_PROXIES", "-1"), ("TRUSTED_PROXIES", "dua"), ("LOGIN_ADDRESS_LIMIT", "5")],
)
def test_limit_settings_are_parsed_strictly(monkeypatch, name, value):
    from config import Config, ConfigError

    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        Config.from_environment()


def test_limit_settings_from_the_environment(monkeypatch):
    from config import Config

    monkeypatch.setenv("TRUSTED_PROXIES", "1")
    monkeypatch.setenv("LOGIN_ADDRESS_LIMIT", "900")
    settings = Config.from_environment()
    assert (settings["TRUSTED_PROXIES"], settings["LOGIN_ADDRESS_LIMIT"]) == (1, 900)
    assert (Config.TRUSTED_PROXIES, Config.LOGIN_ADDRESS_LIMIT) == (0, 600)
