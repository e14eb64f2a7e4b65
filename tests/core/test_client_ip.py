"""Client IP: X-Forwarded-For is believed only from configured trusted proxies."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from broadsheet.core.client_ip import client_ip


@pytest.fixture
def rf():
    return RequestFactory()


def test_direct_peer_is_the_client(rf, settings):
    settings.TRUSTED_PROXIES = []
    request = rf.get("/", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(request) == "198.51.100.1"


def test_untrusted_peer_cannot_choose_its_address(rf, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    request = rf.get("/", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(request) == "198.51.100.1"


def test_trusted_proxy_chain_is_walked_from_the_right(rf, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "127.0.0.1"]
    request = rf.get(
        "/",
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9, 10.1.1.1",  # 1.2.3.4 was forged by the client
    )
    assert client_ip(request) == "203.0.113.9"


def test_garbage_in_the_header_falls_back_to_the_peer(rf, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="not-an-ip")
    assert client_ip(request) == "127.0.0.1"
    assert client_ip(rf.get("/", REMOTE_ADDR="")) is None
