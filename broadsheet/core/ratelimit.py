"""Fixed-window rate limits held in the cache (Redis in production: shared, atomic).

Invariant: counting uses ``cache.add`` then ``cache.incr``, which are atomic in Redis, so all
app processes enforce one limit. If the cache is unreachable the limit is not enforced
(degraded mode, logged) rather than refusing every reader.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.core.cache import cache

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rate:
    limit: int
    window: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        """``"10/60"``: at most 10 hits in each 60-second window."""
        limit, _, window = text.partition("/")
        return cls(limit=int(limit), window=int(window or 60))


def hit(scope: str, identity: str, rate: Rate, *, now: float | None = None) -> bool:
    """Count one hit for ``identity``; return False when it exceeds ``rate``."""
    if rate.limit <= 0:
        return True
    window = int((now if now is not None else time.time()) // rate.window)
    key = f"rl:{scope}:{identity}:{window}"
    try:
        if cache.add(key, 1, rate.window + 1):
            return True
        return cache.incr(key) <= rate.limit
    except ValueError:  # the key expired between add and incr: this is the window's first hit
        return True
    except Exception:
        logger.warning("rate limit cache unavailable; not enforcing %s", scope, exc_info=True)
        return True


def _failure_key(scope: str, identity: str, rate: Rate, now: float) -> tuple[str, int]:
    window = int(now // rate.window)
    return f"rl:{scope}:{identity}:{window}", (window + 1) * rate.window


def refused_until(scope: str, identity: str, rate: Rate, *, now: float | None = None) -> float:
    """When ``identity`` may try again (a Unix time), or 0 if it has failures left now.

    Only failures are counted (``count_failure``), so reading costs one cache lookup and
    counts nothing.
    """
    if rate.limit <= 0:
        return 0.0
    now = now if now is not None else time.time()
    key, window_end = _failure_key(scope, identity, rate, now)
    try:
        failures = cache.get(key) or 0
    except Exception:
        logger.warning("rate limit cache unavailable; not enforcing %s", scope, exc_info=True)
        return 0.0
    return float(window_end) if failures >= rate.limit else 0.0


def count_failure(scope: str, identity: str, rate: Rate, *, now: float | None = None) -> None:
    """Count one failure (a wrong password) against ``identity`` in the current window."""
    if rate.limit <= 0:
        return
    key, _ = _failure_key(scope, identity, rate, now if now is not None else time.time())
    try:
        if not cache.add(key, 1, rate.window + 1):
            cache.incr(key)
    except ValueError:
        cache.set(key, 1, rate.window + 1)
    except Exception:
        logger.warning("rate limit cache unavailable; not counting %s", scope, exc_info=True)
