"""Limits on signing in to the admin: per account and per address, shared through the cache.

Invariants:
- Only failed attempts count. After ``ADMIN_LOGIN_ACCOUNT_LIMIT`` failures for one account, or
  ``ADMIN_LOGIN_ADDRESS_LIMIT`` from one address (an IPv6 address counts as its /64), every
  attempt is refused until the window ends, the right password included, and the password is
  not even checked. The person is told when they may try again.
- An account's counter is keyed by its current password hash, so a moderator who resets the
  password by e-mail (which is never limited here) can sign in at once with the new one,
  while whoever was guessing the old one gains nothing.
- With Redis the counters are shared by every process; without it they are per process.
- Each lock-out is logged (account and address), once per window and key.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.http import HttpRequest

from broadsheet.core import ratelimit
from broadsheet.core.client_ip import client_ip, rate_identity

logger = logging.getLogger(__name__)


def _account_identity(username: str) -> str:
    """The account's key: its id and a digest of its password hash, or the name given."""
    user_model = get_user_model()
    row = (
        user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username})
        .values_list("pk", "password")
        .first()
    )
    if row is None:
        name = username.strip().lower().encode("utf-8", "surrogatepass")
        return "name:" + hashlib.sha256(name).hexdigest()[:32]
    pk, password = row
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{password}".encode()).hexdigest()[:16]
    return f"user:{pk}:{digest}"


def _keys(request: HttpRequest, username: str) -> list[tuple[str, str, ratelimit.Rate]]:
    return [
        (
            "admin-login-account",
            _account_identity(username),
            ratelimit.Rate.parse(settings.ADMIN_LOGIN_ACCOUNT_LIMIT),
        ),
        (
            "admin-login-address",
            rate_identity(client_ip(request)),
            ratelimit.Rate.parse(settings.ADMIN_LOGIN_ADDRESS_LIMIT),
        ),
    ]


def refused_until(request: HttpRequest, username: str) -> float:
    """When this sign-in may be tried again (Unix time), or 0 when it may be tried now."""
    until = 0.0
    for scope, identity, rate in _keys(request, username):
        scope_until = ratelimit.refused_until(scope, identity, rate)
        if scope_until:
            until = max(until, scope_until)
            if cache.add(f"logged:{scope}:{identity}:{int(scope_until)}", 1, rate.window + 1):
                logger.warning(
                    "admin sign-in locked (%s) for %r from %s until %d",
                    scope,
                    username,
                    client_ip(request),
                    scope_until,
                )
    return until


def count_failure(request: HttpRequest, username: str) -> None:
    for scope, identity, rate in _keys(request, username):
        ratelimit.count_failure(scope, identity, rate)
