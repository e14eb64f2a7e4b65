"""The Redis cache degrades to misses when Redis is unreachable, and recovers."""

from __future__ import annotations

import socket

import pytest

from broadsheet.core.cache import ResilientRedisCache
from broadsheet.core.ratelimit import Rate, hit


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def unreachable():
    return ResilientRedisCache(
        f"redis://127.0.0.1:{_closed_port()}/0", {"OPTIONS": {"socket_connect_timeout": 0.2}}
    )


def test_every_operation_survives_an_unreachable_redis(unreachable):
    assert unreachable.get("k", "default") == "default"
    assert unreachable.get_many(["a", "b"]) == {}
    unreachable.set("k", 1)
    unreachable.set_many({"a": 1})
    assert unreachable.add("k", 1) is True
    with pytest.raises(ValueError):
        unreachable.incr("k")
    assert unreachable.delete("k") is False
    unreachable.delete_many(["a"])
    assert unreachable.has_key("k") is False
    assert unreachable.touch("k") is False


def test_rate_limit_is_not_enforced_while_the_cache_is_down(unreachable, monkeypatch):
    monkeypatch.setattr("broadsheet.core.ratelimit.cache", unreachable)
    assert all(hit("t", "ip", Rate.parse("1/60")) for _ in range(5))
