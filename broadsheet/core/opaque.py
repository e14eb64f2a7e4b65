"""Opaque ids: a database id shown to the public as a keyed permutation of it.

Sequential ids tell anyone how many comments a site receives and when; ``encode`` turns an id
into a 13-character string that reveals neither, and ``decode`` turns it back, with no table.

Invariants:
- ``decode(encode(n, ns), ns) == n`` for every ``0 <= n < 2**64``, and two ids never share a
  string (a permutation: a four-round Feistel network over 64 bits whose round function is an
  HMAC keyed by ``SECRET_KEY`` and the namespace).
- Without the secret key the strings are unpredictable and their order says nothing.
- ``decode`` of anything that is not such a string raises ``ValueError``.
- ``secret_key`` defaults to ``settings.SECRET_KEY``, read at call time; a tool reading the
  ids of another deployment passes that deployment's key.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac

from django.conf import settings

_ROUNDS = 4
_MASK32 = (1 << 32) - 1


def _round(key: bytes, number: int, half: int) -> int:
    digest = hmac.digest(key, f"{number}:{half}".encode(), "sha256")
    return int.from_bytes(digest[:4], "big")


def _key(namespace: str, secret_key: str | None) -> bytes:
    return _derived(settings.SECRET_KEY if secret_key is None else secret_key, namespace)


@functools.lru_cache(maxsize=64)
def _derived(secret: str, namespace: str) -> bytes:
    return hashlib.sha256(f"{secret}:opaque:{namespace}".encode()).digest()


def encode(value: int, namespace: str, *, secret_key: str | None = None) -> str:
    """The public string for ``value`` in ``namespace`` (13 lower-case base32 characters)."""
    key = _key(namespace, secret_key)
    if not 0 <= value < 1 << 64:
        raise ValueError("id out of range")
    left, right = value >> 32, value & _MASK32
    for number in range(_ROUNDS):
        left, right = right, left ^ _round(key, number, right)
    raw = ((left << 32) | right).to_bytes(8, "big")
    return base64.b32encode(raw).decode().rstrip("=").lower()


def decode(text: str, namespace: str, *, secret_key: str | None = None) -> int:
    """The id ``encode`` turned into ``text``; ``ValueError`` if ``text`` is not one."""
    key = _key(namespace, secret_key)
    try:
        raw = base64.b32decode(text.upper() + "===", casefold=False)
    except (ValueError, TypeError):
        raise ValueError("not an opaque id") from None
    if len(raw) != 8 or len(text) != 13:
        raise ValueError("not an opaque id")
    number = int.from_bytes(raw, "big")
    left, right = number >> 32, number & _MASK32
    for round_number in reversed(range(_ROUNDS)):
        left, right = right ^ _round(key, round_number, left), left
    return (left << 32) | right
