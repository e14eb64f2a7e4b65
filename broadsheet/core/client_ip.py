"""The client's IP address, believing X-Forwarded-For only from configured trusted proxies."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _trusted(proxies: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _is_trusted(address, networks: tuple[IPNetwork, ...]) -> bool:
    return any(address in network for network in networks)


def rate_identity(ip: str | None) -> str:
    """Whom a rate limit counts: an IPv4 address, or an IPv6 address's /64.

    One IPv6 host usually holds a whole /64 and may use a new address for every request. An
    IPv4 client seen through an IPv6 socket (``::ffff:a.b.c.d``) is its IPv4 address.
    """
    if ip is None:
        return "unknown"
    address = ipaddress.ip_address(ip)
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((int(address) >> 64 << 64, 64)))
    return str(address)


def client_ip(request: HttpRequest) -> str | None:
    """Return the address of the client that sent ``request``.

    The direct peer (REMOTE_ADDR) is the client unless it is a trusted proxy; then the
    X-Forwarded-For chain is walked from the right, skipping trusted proxies, and the first
    untrusted address is the client. An untrusted peer cannot choose its address by sending
    the header.
    """
    peer = _parse(request.META.get("REMOTE_ADDR", ""))
    networks = _trusted(tuple(settings.TRUSTED_PROXIES))
    if peer is None:
        return None
    if not networks or not _is_trusted(peer, networks):
        return str(peer)
    chain = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(chain):
        address = _parse(hop)
        if address is None:
            break
        if not _is_trusted(address, networks):
            return str(address)
    return str(peer)


# Headers a client could send to pass for HTTPS: believed only from a trusted proxy.
_SCHEME_HEADERS = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_PROTOCOL", "HTTP_X_FORWARDED_SSL")


def drop_untrusted_scheme_headers(environ: dict) -> None:
    """Remove ``X-Forwarded-Proto`` (and kin) unless the direct peer is a trusted proxy.

    Django believes ``SECURE_PROXY_SSL_HEADER`` from any peer; a client that reaches the app
    directly could then pass a plain-HTTP request for HTTPS (no redirect, HSTS, the HTTPS
    page cache). Called on the WSGI environ, before anything reads the scheme.
    """
    if not any(name in environ for name in _SCHEME_HEADERS):
        return
    peer = _parse(environ.get("REMOTE_ADDR", ""))
    networks = _trusted(tuple(settings.TRUSTED_PROXIES))
    if peer is not None and networks and _is_trusted(peer, networks):
        return
    for name in _SCHEME_HEADERS:
        environ.pop(name, None)


class TrustedProxyMiddleware:
    """The outermost middleware: scheme headers count only from ``TRUSTED_PROXIES``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        drop_untrusted_scheme_headers(request.META)
        return self.get_response(request)
