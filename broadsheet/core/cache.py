"""A Redis cache that degrades instead of failing when Redis is unreachable or hangs.

Invariants:
- The cache never holds the only copy of anything (comments live in the database), so when
  Redis is down every call behaves as a miss: ``get`` returns the default, writes are
  dropped, ``add`` reports a first write (rate limits are then not enforced) and ``incr``
  raises ``ValueError`` as for a missing key.
- A Redis that accepts connections but does not answer costs one socket timeout
  (``settings.REDIS_TIMEOUT``, tens of milliseconds), not one per call: after a failure the
  circuit opens and every call skips Redis for ``settings.REDIS_BREAKER_SECONDS``; the first
  call after that tries again (and closes the circuit if Redis answers).
- Each opening of the circuit is logged once; redis-py reconnects by itself.
"""

from __future__ import annotations

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from broadsheet.core.breaker import CircuitBreaker

logger = logging.getLogger(__name__)
_DOWN = (RedisConnectionError, RedisTimeoutError, OSError)


class CacheSkipped(RedisConnectionError):
    """Raised by the ``*_or_raise`` calls while the circuit is open (Redis was not asked)."""


class _ReusedClientRedisCacheClient(RedisCacheClient):
    """One redis-py client per connection pool, instead of a new one for every operation.

    A ``redis.Redis`` holds no connection of its own (the pool does) and is thread-safe, but
    building one fills its table of response callbacks: about 0.15 ms of CPU, which was half
    the cost of serving a cached page.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClientRedisCacheClient
        self._breaker = CircuitBreaker("REDIS_BREAKER_SECONDS", 5)

    # -- the circuit breaker --
    def available(self) -> bool:
        """False while the circuit is open: calls skip Redis and behave as if it were down."""
        return not self._breaker.is_open()

    def _failed(self, operation: str) -> None:
        if self._breaker.trip():
            logger.warning(
                "cache unavailable during %s; skipping it for %.1f s",
                operation,
                self._breaker.seconds,
            )

    def _guarded(self, operation: str, call, default):
        if not self.available():
            return default
        try:
            return call()
        except _DOWN:
            self._failed(operation)
            return default

    def _or_raise(self, operation: str, call):
        if not self.available():
            raise CacheSkipped(f"cache skipped during {operation} (circuit open)")
        try:
            return call()
        except _DOWN:
            self._failed(operation)
            raise

    # -- the cache API --
    def get(self, key, default=None, version=None):
        return self._guarded(
            "get", lambda: super(ResilientRedisCache, self).get(key, default, version), default
        )

    def get_many(self, keys, version=None):
        return self._guarded(
            "get_many", lambda: super(ResilientRedisCache, self).get_many(keys, version), {}
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            "set", lambda: super(ResilientRedisCache, self).set(key, value, timeout, version), None
        )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            "add", lambda: super(ResilientRedisCache, self).add(key, value, timeout, version), True
        )

    def add_or_raise(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        """``add`` that raises when Redis does not answer, for writes that must not be lost."""
        return self._or_raise(
            "add", lambda: super(ResilientRedisCache, self).add(key, value, timeout, version)
        )

    def incr_or_raise(self, key, delta=1, version=None):
        """``incr`` that raises ``ConnectionError`` (not ``ValueError``) when Redis is down."""
        return self._or_raise(
            "incr", lambda: super(ResilientRedisCache, self).incr(key, delta, version)
        )

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self._guarded(
            "incr", lambda: super(ResilientRedisCache, self).incr(key, delta, version), missing
        )
        if value is missing:
            raise ValueError(f"Key '{key}' not available: cache unreachable")
        return value

    def delete(self, key, version=None):
        return self._guarded(
            "delete", lambda: super(ResilientRedisCache, self).delete(key, version), False
        )

    def delete_many(self, keys, version=None):
        return self._guarded(
            "delete_many", lambda: super(ResilientRedisCache, self).delete_many(keys, version), None
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            "set_many",
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version),
            list(data),
        )

    def has_key(self, key, version=None):
        return self._guarded(
            "has_key", lambda: super(ResilientRedisCache, self).has_key(key, version), False
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            "touch", lambda: super(ResilientRedisCache, self).touch(key, timeout, version), False
        )
