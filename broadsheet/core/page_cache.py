"""The app's own page cache for anonymous readers, and precise purging.

Invariants:
- Only anonymous GET/HEAD requests (no session cookie) that get a 200 without Set-Cookie and
  without ``Cache-Control: private/no-store`` are stored; a cached page carries nothing
  personal because such a response never is.
- Each path has a generation number in the cache, and each stored page the generation it was
  rendered under. Purging a path raises its generation, so every stored variant of it (any
  query string) stops being served at once, in every process that shares the cache (Redis in
  production). A page rendered while a purge ran is stored under the old generation and so
  is never served.
- A hit costs one cache round trip (the generation and the page in one ``get_many``). Under
  a WSGI server (``broadsheet.wsgi``) ``PageCacheWSGI`` answers it before Django's handler
  runs; otherwise the middleware, the outermost one, answers it before the rest of the stack.
  What is stored is the response as the whole stack left it, security headers included.
- Purging also tells the front cache (Varnish or a CDN) through Wagtail's frontend cache.
- A page's language is part of its path (``/tr/...``, ``/en/...``; the URL alone decides it,
  ``core.languages``), so the key needs no language and no Vary: one language's page is never
  served for the other's URL.
- Without a shared cache (the embedded default: pages in each process's memory) the
  generations live in a file under ``var/`` that every process maps
  (``settings.PAGE_CACHE_GENERATIONS_FILE``, ``broadsheet.core.generations``), so a purge made
  by another process (cron's ``broadsheet maintenance``, ``broadsheet shell``) reaches this
  one's pages at once. A hit then costs the read of eight bytes of that map and one lookup in
  memory.
- A purge that cannot reach the cache is not forgotten: the path is kept in this process
  (served uncached here) and in the database (``PendingPurge``), and purged again by whichever
  process next serves a cacheable page with the cache answering: every process reads the
  table at most every ``settings.PAGE_CACHE_PURGE_CHECK_SECONDS``, and at its first request.
  So a rejected comment never outlives a recycled worker, nor a cron job that purged.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpRequest, HttpResponse

from broadsheet.core import generations, pending
from broadsheet.core.client_ip import drop_untrusted_scheme_headers

logger = logging.getLogger(__name__)

PAGE_CACHE_SECONDS = 300
_PREFIX = "pagecache"
_unpurged: set[str] = set()
_unpurged_lock = threading.Lock()
_next_check = 0.0  # monotonic time of the next look at the database's pending purges
_UNCACHED_PREFIXES = ("/admin/", "/comments/", "/documents/", "/static/")


def _generation_key(path: str) -> str:
    return f"{_PREFIX}:gen:{hashlib.sha1(path.encode(), usedforsecurity=False).hexdigest()}"


def _page_key(scheme: str, path: str, query: str) -> str:
    """One page variant. The scheme is part of it: HSTS is only sent over HTTPS."""
    digest = hashlib.sha1(f"{scheme}:{path}?{query}".encode(), usedforsecurity=False).hexdigest()
    return f"{_PREFIX}:page:{digest}"


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return False  # SecurityMiddleware redirects it to https
    return not request.path.startswith(_UNCACHED_PREFIXES)


def _cacheable_response(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.cookies or response.streaming:
        return False
    control = response.get("Cache-Control", "")
    return "private" not in control and "no-store" not in control and "no-cache" not in control


@dataclass(frozen=True)
class _Lookup:
    """A cacheable request's page key, the path's generation and the stored page if current."""

    page_key: str
    generation: int
    headers: dict[str, str] | None = None
    content: bytes = b""


_LOOKUP_ENVIRON_KEY = "broadsheet.page_cache"


def _lookup(request: HttpRequest) -> _Lookup | None:
    """Look the request up in the cache; None when it must not be served from or stored in it."""
    if _LOOKUP_ENVIRON_KEY in request.META:  # already looked up by the WSGI front
        return request.META[_LOOKUP_ENVIRON_KEY]
    if (
        not settings.PAGE_CACHE_ENABLED
        or not _cacheable_request(request)
        or request.path in _unpurged
    ):
        return None
    try:
        request.get_host()
    except DisallowedHost:
        # Never a cached page: the stack below answers 400, with its security headers.
        return None
    page_key = _page_key(request.scheme, request.path, request.META.get("QUERY_STRING", ""))
    shared_file = settings.PAGE_CACHE_GENERATIONS_FILE
    try:
        if shared_file:
            generation = generations.current(shared_file, request.path)
            entry = cache.get(page_key)
        else:
            generation_key = _generation_key(request.path)
            found = cache.get_many([generation_key, page_key])
            generation = found.get(generation_key) or 0
            entry = found.get(page_key)
    except Exception:  # a cache outage must not take pages down
        logger.warning("page cache unavailable", exc_info=True)
        return None
    if entry is not None and entry[0] == generation:
        return _Lookup(page_key, generation, headers=entry[1], content=entry[2])
    return _Lookup(page_key, generation)


class PageCacheMiddleware:
    """Serve anonymous readers' pages from the cache; store them after rendering."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (_unpurged or _check_due()) and _cacheable_request(request):
            _retry_purges(from_database=_check_due())
        found = _lookup(request)
        if found is None:
            return self.get_response(request)
        if found.headers is not None:
            response = HttpResponse(found.content, headers=found.headers)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _cacheable_response(response):
            response["Cache-Control"] = f"public, max-age=0, s-maxage={PAGE_CACHE_SECONDS}"
            entry = (found.generation, dict(response.items()), response.content)
            try:
                cache.set(found.page_key, entry, PAGE_CACHE_SECONDS)
            except Exception:
                logger.warning("page cache unavailable", exc_info=True)
            response["X-Page-Cache"] = "miss"
        return response


class PageCacheWSGI:
    """The page cache in front of Django: a hit is answered before the request handler runs.

    Same lookup as the middleware (same request object, same rules, same keys); anything
    else, a miss included, goes to Django with the lookup passed along, so the middleware
    stores the rendered page without asking the cache again. Purges waiting for a retry
    send every request through Django, where the middleware retries them.
    """

    def __init__(self, application: Callable):
        self.application = application

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        drop_untrusted_scheme_headers(environ)
        if _unpurged or _check_due() or not settings.PAGE_CACHE_ENABLED:
            return self.application(environ, start_response)
        found = _lookup(WSGIRequest(environ))
        environ[_LOOKUP_ENVIRON_KEY] = found
        if found is None or found.headers is None:
            return self.application(environ, start_response)
        start_response("200 OK", [*found.headers.items(), ("X-Page-Cache", "hit")])
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [found.content]


def _bump_generation(path: str) -> None:
    """Raise the path's generation; raises if the cache cannot be written."""
    shared_file = settings.PAGE_CACHE_GENERATIONS_FILE
    if shared_file:
        generations.bump(shared_file, path)
        return
    key = _generation_key(path)
    add = getattr(cache, "add_or_raise", cache.add)
    incr = getattr(cache, "incr_or_raise", cache.incr)
    if add(key, 1, None):
        return
    try:
        incr(key)
    except ValueError:  # the generation expired between add and incr
        cache.set(key, 1, None)


def _purge_app_cache(paths: Iterable[str]) -> list[str]:
    """Raise each path's generation; return the paths the cache could not take."""
    failed = []
    for path in paths:
        try:
            _bump_generation(path)
        except Exception:
            failed.append(path)
    return failed


def _remember(paths: list[str]) -> None:
    """Keep failed purges in this process and in the database, for whoever comes next."""
    logger.warning("page cache purge failed for %s; will retry", paths)
    with _unpurged_lock:
        _unpurged.update(paths)
    pending.keep(pending.PurgeLayer.PAGE, paths)


def _check_due() -> bool:
    """Whether this process should look at the database's pending purges now."""
    return settings.PAGE_CACHE_ENABLED and time.monotonic() >= _next_check


def _retry_purges(*, from_database: bool) -> None:
    """Purge again what this process remembers and, if asked, what the database holds."""
    global _next_check
    with _unpurged_lock:
        paths = list(_unpurged)
        _unpurged.clear()
    stored: list[str] = []
    if from_database:
        _next_check = time.monotonic() + settings.PAGE_CACHE_PURGE_CHECK_SECONDS
        stored = pending.pending(pending.PurgeLayer.PAGE, limit=1000)
    todo = list(dict.fromkeys(paths + stored))
    if not todo:
        return
    failed = _purge_app_cache(todo)
    with _unpurged_lock:
        _unpurged.update(failed)
    done = [path for path in todo if path not in failed]
    pending.forget(pending.PurgeLayer.PAGE, done)


def purge_paths(paths: Iterable[str]) -> None:
    """Drop every cached variant of ``paths`` in the app cache and the front cache."""
    paths = list(dict.fromkeys(paths))
    failed = _purge_app_cache(paths)
    if failed:
        _remember(failed)
    if settings.WAGTAILFRONTENDCACHE:
        from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

        purge_urls_from_cache([settings.BASE_URL + path for path in paths])
