"""Tokens that may be used for one purpose only, claimed atomically in the shared cache.

A signed form token proves that a form was issued and when; on its own it is a bearer token
for its whole lifetime. ``claim`` binds it to the first purpose it is used for (for a comment
form: the idempotency key of the comment it carries), so the same token sent again for that
purpose (a reader's retry) is accepted and for any other purpose refused.

Invariants:
- ``claim`` is atomic (``cache.add``; Redis in production, so across every process).
- ``release`` gives a claim back, for a use that was refused before anything was stored, so
  the reader can correct the form and send it again with the same token.
- If the cache is unreachable, ``claim`` allows the use (degraded mode, logged), as the
  rate limits do.
"""

from __future__ import annotations

import hashlib
import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)


def _key(scope: str, token: str) -> str:
    return f"single-use:{scope}:{hashlib.sha256(token.encode()).hexdigest()[:40]}"


def claim(scope: str, token: str, purpose: str, *, seconds: int) -> bool:
    """Bind ``token`` to ``purpose``; True if it was free or already bound to ``purpose``."""
    key = _key(scope, token)
    try:
        if cache.add(key, purpose, seconds):
            return True
        bound = cache.get(key)
    except Exception:
        logger.warning("single-use cache unavailable; allowing %s", scope, exc_info=True)
        return True
    return bound is None or bound == purpose


def release(scope: str, token: str, purpose: str) -> None:
    """Undo ``claim`` for ``purpose`` (nothing was stored with the token)."""
    key = _key(scope, token)
    try:
        if cache.get(key) == purpose:
            cache.delete(key)
    except Exception:
        logger.warning("single-use cache unavailable; could not release %s", scope, exc_info=True)
