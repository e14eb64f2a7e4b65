"""A circuit breaker: after a failure, skip a service for a while instead of waiting on it.

Used for Redis (``core.cache``) and the front cache's purges (``core.front_cache``): a service
that accepts connections but never answers costs one timeout, then nothing until the pause
is over. Invariants:
- ``is_open()`` is True from a failure until ``seconds`` later (read from settings at each
  failure, so a test or an operator can change it at run time); the first call after that
  tries the service again.
- ``trip()`` returns True only for the failure that opened a closed circuit, so the caller
  logs each outage once, not once per call.
- Per process, thread-safe; nothing is shared between processes (each finds out for itself).
"""

from __future__ import annotations

import threading
import time

from django.conf import settings


class CircuitBreaker:
    """Open for ``getattr(settings, setting, default)`` seconds after each failure."""

    def __init__(self, setting: str, default: float) -> None:
        self.setting = setting
        self.default = default
        self._open_until = 0.0
        self._lock = threading.Lock()

    @property
    def seconds(self) -> float:
        return float(getattr(settings, self.setting, self.default))

    def is_open(self) -> bool:
        return time.monotonic() < self._open_until

    def trip(self) -> bool:
        """Open the circuit (again) from now; True if it was closed."""
        with self._lock:
            was_closed = not self.is_open()
            self._open_until = time.monotonic() + self.seconds
        return was_closed
