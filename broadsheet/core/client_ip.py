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
