"""The Redis cache degrades to misses when Redis is unreachable, and recovers."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

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


# --- a Redis that accepts connections and never answers ----------------------------------------


@pytest.fixture
def hanging_port():
    """A TCP listener on 127.0.0.1 that accepts every connection and never sends a byte."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join(2)
    for conn in held:
        conn.close()
    listener.close()


def _hanging_cache(port: int) -> ResilientRedisCache:
    timeout = 0.05  # the settings' default REDIS_TIMEOUT (broadsheet/settings/data.py)
    return ResilientRedisCache(
        f"redis://127.0.0.1:{port}/0",
        {"OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout}},
    )


def test_a_hanging_redis_costs_one_timeout_then_is_skipped(hanging_port, settings, caplog):
    settings.REDIS_BREAKER_SECONDS = 5
    hanging = _hanging_cache(hanging_port)
    started = time.monotonic()
    for i in range(40):  # about what ten page requests ask of the cache
        assert hanging.get(f"k{i}", "default") == "default"
        hanging.set(f"k{i}", 1)
    elapsed = time.monotonic() - started
    assert elapsed < 0.5, f"40 calls to a hanging Redis took {elapsed:.2f}s"
    assert sum("cache unavailable" in r.getMessage() for r in caplog.records) == 1
    with pytest.raises(RedisConnectionError):
        hanging.add_or_raise("k", 1)


def test_the_breaker_tries_again_after_its_window(hanging_port, settings):
    settings.REDIS_BREAKER_SECONDS = 0.2
    hanging = _hanging_cache(hanging_port)
    hanging.get("k")
    assert not hanging.available()
    time.sleep(0.25)
    assert hanging.available()
    started = time.monotonic()
    hanging.get("k")  # tried again: one timeout
    assert 0.04 < time.monotonic() - started < 0.3
    assert not hanging.available()


@pytest.mark.django_db
def test_pages_stay_fast_while_redis_hangs(client, article, hanging_port, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "broadsheet.core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{hanging_port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.05, "socket_timeout": 0.05},
        }
    }
    settings.PAGE_CACHE_GENERATIONS_FILE = None
    client.get(article.url)  # renders templates for the first time
    started = time.monotonic()
    for _ in range(5):
        assert client.get(article.url).status_code == 200
    elapsed = time.monotonic() - started
    assert elapsed < 1.5, f"5 pages took {elapsed:.2f}s with Redis hanging"


@pytest.mark.django_db
def test_a_purge_redis_did_not_take_is_redone_by_the_next_process(
    client, article, hanging_port, settings
):
    """The failed purge is kept in the database; a process that never heard of it redoes it."""
    from broadsheet.core import page_cache
    from broadsheet.core.models import PendingPurge

    default_caches = settings.CACHES
    shared_file = settings.PAGE_CACHE_GENERATIONS_FILE
    client.get(article.url)
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    settings.CACHES = {
        "default": {
            "BACKEND": "broadsheet.core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{hanging_port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.05, "socket_timeout": 0.05},
        }
    }
    settings.PAGE_CACHE_GENERATIONS_FILE = None
    page_cache.purge_paths([article.url])
    assert list(PendingPurge.objects.values_list("layer", "target")) == [("page", article.url)]

    # Another process: the cache answers, and it has nothing in memory about that purge.
    settings.CACHES = default_caches
    settings.PAGE_CACHE_GENERATIONS_FILE = shared_file
    page_cache._unpurged.clear()
    page_cache._next_check = 0.0
    assert client.get(article.url)["X-Page-Cache"] == "miss"
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    assert not PendingPurge.objects.exists()


@pytest.mark.django_db
def test_each_layer_keeps_its_own_pending_purges_once():
    """The page cache's paths and the front cache's URLs share a table, never each other's rows."""
    from broadsheet.core import pending
    from broadsheet.core.pending import PurgeLayer

    pending.keep(PurgeLayer.PAGE, ["/a/", "/b/", "/a/"])
    pending.keep(PurgeLayer.PAGE, ["/a/"])
    pending.keep(PurgeLayer.FRONT, ["https://news.example/a/"])
    assert pending.pending(PurgeLayer.PAGE, limit=10) == ["/a/", "/b/"]
    assert pending.pending(PurgeLayer.PAGE, limit=1) == ["/a/"]
    assert pending.pending(PurgeLayer.FRONT, limit=10) == ["https://news.example/a/"]
    pending.forget(PurgeLayer.FRONT, ["/a/", "https://news.example/a/"])
    assert pending.pending(PurgeLayer.FRONT, limit=10) == []
    assert pending.pending(PurgeLayer.PAGE, limit=10) == ["/a/", "/b/"]
