"""Purging the front cache (Varnish, nginx) by HTTP, with a timeout and a retry.

Wagtail's ``HTTPBackend`` sends ``PURGE`` with no timeout, so a front cache that accepts the
connection and never answers held a moderator's approval forever, and a purge it refused
was logged and forgotten: the rejected comment stayed in the front cache for its lifetime.

Invariants:
- No purge waits longer than ``settings.FRONTEND_CACHE_TIMEOUT`` seconds (connect and each
  read), and one batch waits for at most one such timeout: after a failure, the rest of the
  batch and every purge for ``settings.FRONTEND_CACHE_BREAKER_SECONDS`` are not sent.
- A URL whose purge failed or was not sent is logged and kept in the database
  (``PendingPurge``, layer ``front``); the next batch sent after the pause (any process) and
  ``broadsheet maintenance`` send it again, and its row is removed once the front cache
  answered with a 2xx (or 404: nothing was cached).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from django.conf import settings
from wagtail import __version__
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest

from broadsheet.core import pending
from broadsheet.core.breaker import CircuitBreaker

logger = logging.getLogger(__name__)

_PENDING_BATCH = 500
_breaker = CircuitBreaker("FRONTEND_CACHE_BREAKER_SECONDS", 10)  # while open: no purge sent


class PurgeFailed(Exception):
    """The front cache did not take a purge (timeout, refused connection, 5xx)."""


def _keep(urls: list[str]) -> None:
    pending.keep(pending.PurgeLayer.FRONT, urls)


def _forget(urls: list[str]) -> None:
    pending.forget(pending.PurgeLayer.FRONT, urls)


def _pending() -> list[str]:
    return pending.pending(pending.PurgeLayer.FRONT, limit=_PENDING_BATCH)


class TimeoutHTTPBackend(HTTPBackend):
    """Wagtail's HTTP purge backend with a timeout, a pause after a failure and a retry."""

    def _send(self, url: str) -> None:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if parts.port:
            host += f":{parts.port}"
        request = PurgeRequest(
            url=urlunsplit(
                [self.cache_scheme, self.cache_netloc, parts.path, parts.query, parts.fragment]
            ),
            headers={"Host": host, "User-Agent": f"Wagtail-frontendcache/{__version__}"},
        )
        try:
            # The scheme and host are the configured FRONTEND_CACHE_URL's.
            with urlopen(request, timeout=settings.FRONTEND_CACHE_TIMEOUT):  # noqa: S310
                return
        except HTTPError as error:
            if error.code >= 500:
                raise PurgeFailed(f"{error.code} {error.reason}") from None
            # 404: nothing was cached under that URL. Another 4xx: the front cache refuses
            # this purge (its ACL), and sending it again would not change that.
            if error.code != 404:
                logger.error("front cache refused the purge of %s: %s", url, error.code)
        except (URLError, OSError) as error:  # TimeoutError is an OSError
            raise PurgeFailed(str(getattr(error, "reason", error))) from None

    def purge(self, url: str) -> None:
        self.purge_batch([url])

    def purge_batch(self, urls: Iterable[str]) -> None:
        urls = list(dict.fromkeys(urls))
        if _breaker.is_open():
            logger.warning("front cache paused after a failure; keeping %d purges", len(urls))
            _keep(urls)
            return
        kept = _pending()
        todo = list(dict.fromkeys(urls + kept))
        sent: list[str] = []
        for index, url in enumerate(todo):
            try:
                self._send(url)
            except PurgeFailed as error:
                logger.warning(
                    "front cache purge of %s failed (%s); keeping it and %d more for a retry",
                    url,
                    error,
                    len(todo) - index - 1,
                )
                _breaker.trip()
                _keep(todo[index:])
                break
            sent.append(url)
        kept_set = set(kept)
        if done := [url for url in sent if url in kept_set]:
            _forget(done)


def retry_pending() -> int:
    """Send the kept purges again now (``broadsheet maintenance``); return how many were kept."""
    from wagtail.contrib.frontend_cache.utils import get_backends

    pending = _pending()
    if pending:
        for backend in get_backends().values():
            if isinstance(backend, TimeoutHTTPBackend):
                backend.purge_batch([])
    return len(pending)
