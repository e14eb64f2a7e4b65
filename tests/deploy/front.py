"""What the nginx and Varnish tests share: exact requests, waiting for a hit, the app's size."""

from __future__ import annotations

import os

from tests.support.clients import (
    raw_request,
)


def app_workers() -> int:
    """Worker processes for the app behind a front cache.

    Without a shared cache (no ``REDIS_URL``) one process, so that an approval or a purge
    reaches the whole app's page cache.
    """
    return 2 if os.environ.get("REDIS_URL") else 1


def get_exact(url: str, headers: dict[str, str] | None = None):
    """GET ``url`` sent exactly as spelled (requests would decode the escapes under test)."""
    return raw_request("GET", url, headers=headers)


def until_hit(url: str, headers: dict[str, str] | None = None, attempts: int = 5):
    """GET ``url`` until the front cache answers from its cache; the hit (fails if never)."""
    for _ in range(attempts):
        response = get_exact(url, headers)
        if response.headers.get("X-Cache") == "HIT":
            return response
    raise AssertionError(f"{url} was never served from the cache")
