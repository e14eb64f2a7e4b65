"""Hostile request bodies against the production command, ``broadsheet serve`` (its defaults).

On SQLite that is the embedded default, one gunicorn process with 8 threads; on PostgreSQL
(when the suite runs there) the server has Redis and 2 x CPU + 1 processes of 2 threads.
These tests talk to it through raw sockets on 127.0.0.1, as an attacker would: bodies
declared huge, bodies without a length, and bodies trickled a few bytes at a time.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import threading
import time
from pathlib import Path

import pytest

from tests.support.server import (
    DEMO_ARTICLE_PATH,
    HOST,
    default_database,
    live_server_process,
    new_session,
)

pytestmark = pytest.mark.slow

READ_TIMEOUT = 3  # the server's REQUEST_READ_TIMEOUT in these tests


@pytest.fixture(scope="module")
def server():
    env = {"REQUEST_READ_TIMEOUT": str(READ_TIMEOUT)}
    database = default_database()
    redis = (os.environ.get("REDIS_URL") or True) if database == "postgres" else None
    with live_server_process(database, serve=True, env=env, redis=redis) as live:
        yield live


def _worker_rss_kb(master_pid: int) -> int:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    total = 0
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def _head(path: str, *, length: int | None = None, extra: str = "") -> bytes:
    lines = [
        f"POST {path} HTTP/1.1",
        f"Host: {HOST}",
        "Content-Type: application/x-www-form-urlencoded",
        "Cookie: csrftoken=" + "a" * 32,
        *([f"Content-Length: {length}"] if length is not None else []),
        *([extra] if extra else []),
        "",
        "",
    ]
    return "\r\n".join(lines).encode()


def _status(sock: socket.socket) -> int:
    data = b""
    while b"\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return int(data.split(b" ", 2)[1]) if data else 0


def _send_huge_body(port: int, path: str, size: int) -> int:
    with socket.create_connection((HOST, port), timeout=20) as sock:
        sock.sendall(_head(path, length=size))
        block = b"q=" + b"x" * (1024 * 1024 - 2)
        with contextlib.suppress(OSError):  # the server may close before it all went
            for _ in range(size // len(block)):
                sock.sendall(block)
        return _status(sock)


def test_huge_bodies_are_refused_unread_and_the_worker_stays_small(server):
    new_session().get(f"{server.url}{DEMO_ARTICLE_PATH}", timeout=10)
    before = _worker_rss_kb(server.pid)
    size = 60 * 1024 * 1024
    statuses = [_send_huge_body(server.port, path, size) for path in ("/", "/search/", "/")]
    grown_mb = (_worker_rss_kb(server.pid) - before) / 1024
    print(f"\nthree 60 MB bodies: {statuses}; the worker grew by {grown_mb:.0f} MB")
    assert statuses == [413, 413, 413]
    assert grown_mb < 40


def test_a_chunked_body_is_refused(server):
    with socket.create_connection((HOST, server.port), timeout=10) as sock:
        sock.sendall(_head("/", extra="Transfer-Encoding: chunked") + b"5\r\nq=abc\r\n0\r\n\r\n")
        assert _status(sock) == 411


def test_slow_bodies_hold_no_thread_and_are_cut_off(server):
    url = f"{server.url}{DEMO_ARTICLE_PATH}"
    reader = new_session()
    reader.get(url, timeout=10)
    stop = threading.Event()
    statuses: list[int] = []

    def trickle():
        with socket.create_connection((HOST, server.port), timeout=30) as sock:
            sock.sendall(_head("/comments/api/articles/1/", length=20000))
            with contextlib.suppress(OSError):
                while not stop.is_set():
                    sock.sendall(b"x")
                    time.sleep(0.2)
            with contextlib.suppress(OSError):
                statuses.append(_status(sock))

    slow = [threading.Thread(target=trickle) for _ in range(12)]
    for thread in slow:
        thread.start()
    try:
        time.sleep(1)
        timings = []
        for _ in range(5):
            started = time.monotonic()
            response = reader.get(url, timeout=5)
            timings.append(time.monotonic() - started)
            assert response.status_code == 200
        print(f"\ncached page with 12 slow bodies in flight: {max(timings) * 1000:.0f} ms at most")
        assert max(timings) < 1.0
        time.sleep(READ_TIMEOUT + 1.5)  # past the read timeout: the slow ones are cut off
    finally:
        stop.set()
        for thread in slow:
            thread.join(10)
    assert statuses.count(408) >= 10, statuses


def test_a_client_that_expects_100_continue_is_told_to_go_on(server):
    with socket.create_connection((HOST, server.port), timeout=10) as sock:
        sock.sendall(_head("/search/", length=3, extra="Expect: 100-continue"))
        started = time.monotonic()
        assert sock.recv(64).startswith(b"HTTP/1.1 100 Continue")
        assert time.monotonic() - started < 0.5
        sock.sendall(b"q=a")
        data = b""
        while not re.search(rb"HTTP/1.1 [2-5]\d\d ", data):  # past any further 100 Continue
            chunk = sock.recv(4096)
            assert chunk, data
            data += chunk
        assert re.search(rb"HTTP/1.1 (403|405) ", data)  # an answer from Django
