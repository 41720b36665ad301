"""REDIS_URL names one Redis server or a Sentinel group; a malformed Sentinel URL is refused
with the reason. The failover itself is tests/faults/test_sentinel.py."""

from __future__ import annotations

import pytest
from redis.sentinel import SentinelConnectionPool

from assessment_app.store import connect
from assessment_app.store.connection import SentinelAddress, parse_sentinel_url


def test_a_sentinel_url_names_the_sentinels_the_group_the_database_and_passwords():
    url = "redis+sentinel://:rahasia%40x@s1:26379,s2:26380,s3/mymaster/2?sentinel_password=pw"
    assert parse_sentinel_url(url) == SentinelAddress(
        sentinels=(("s1", 26379), ("s2", 26380), ("s3", 26379)),
        master="mymaster",
        db=2,
        password="rahasia@x",
        sentinel_password="pw",
    )


def test_the_database_defaults_to_zero_and_passwords_to_none():
    address = parse_sentinel_url("redis+sentinel://10.0.0.21:26379/mymaster")
    assert (address.db, address.password, address.sentinel_password) == (0, None, None)


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("redis+sentinel://s1:26379/", "nama-master"),
        ("redis+sentinel:///mymaster/0", "nama-master"),
        ("redis+sentinel://s1:26379/mymaster/0/extra", "nama-master"),
        ("redis+sentinel://s1:port/mymaster", "port harus angka"),
        ("redis+sentinel://s1:26379/mymaster/satu", "nomor database"),
    ],
)
def test_a_malformed_sentinel_url_is_refused_with_the_reason(url, words):
    with pytest.raises(ValueError, match=words):
        parse_sentinel_url(url)


def test_the_refusal_never_shows_the_password():
    with pytest.raises(ValueError) as refused:
        parse_sentinel_url("redis+sentinel://:rahasia@s1:26379/")
    assert "rahasia" not in str(refused.value)


def test_connect_gives_a_client_that_asks_the_sentinels_for_the_primary():
    client = connect("redis+sentinel://127.0.0.1:26379,127.0.0.1:26380/mymaster/3")
    pool = client.connection_pool
    assert isinstance(pool, SentinelConnectionPool) and pool.service_name == "mymaster"
    assert pool.connection_kwargs["db"] == 3
    assert pool.connection_kwargs["socket_timeout"] > 0  # a silent host cannot hold a request


def test_connect_keeps_plain_urls_as_one_server():
    client = connect("redis://127.0.0.1:6379/4")
    assert client.connection_pool.connection_kwargs["db"] == 4
    assert client.connection_pool.connection_kwargs["socket_connect_timeout"] > 0
