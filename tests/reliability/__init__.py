"""Reliability: real server processes that crash, lose Redis or run without their worker.

Helpers shared by the modules of this package: polling with a deadline, the demo admin's
session over HTTP, and stopping and restarting the local Redis.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from typing import TypeVar

import requests

from tests.support.server import (
    REQUEST_TIMEOUT,
    LiveServer,
    new_session,
)

T = TypeVar("T")

REDIS_PORT = 6379
# How CI starts Redis; the outage test starts it again the same way.
REDIS_START = [
    "redis-server",
    "--daemonize",
    "yes",
    "--bind",
    "127.0.0.1",
    "-::1",
    "--port",
    str(REDIS_PORT),
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    "/var/lib/redis",
    "--logfile",
    "/var/log/redis/ci.log",
]


def wait_for(condition: Callable[[], T], timeout: float, interval: float = 0.1) -> T:
    """Poll ``condition`` until it returns something truthy or ``timeout`` seconds pass.

    Returns the last value (falsy on timeout), so the caller's assert shows what was seen.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = _CSRF_INPUT.search(html)
    assert match, "no csrfmiddlewaretoken in the page"
    return match.group(1)


def admin_session(server: LiveServer) -> requests.Session:
    """A requests session logged in to the Wagtail admin as the demo superuser."""
    username, password = server.admin_credentials
    session = new_session()
    login = session.get(f"{server.url}/admin/login/", timeout=REQUEST_TIMEOUT)
    login.raise_for_status()
    response = session.post(
        f"{server.url}/admin/login/",
        data={
            "csrfmiddlewaretoken": csrf_from(login.text),
            "username": username,
            "password": password,
            "next": "/admin/",
        },
        timeout=REQUEST_TIMEOUT,
        allow_redirects=False,
    )
    assert response.status_code == 302, f"admin login failed: {response.status_code}"
    return session


# --- the local Redis ----------------------------------------------------------------------------


def redis_cli(*args: str, timeout: float = 5) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["redis-cli", "-h", "127.0.0.1", "-p", str(REDIS_PORT), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def redis_answers() -> bool:
    try:
        return redis_cli("ping", timeout=2).stdout.strip() == "PONG"
    except (OSError, subprocess.TimeoutExpired):
        return False


def redis_tools_missing() -> str | None:
    """Why the Redis outage cannot be staged here, or None when it can."""
    for tool in ("redis-server", "redis-cli"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    if not redis_answers():
        return f"no Redis answers on 127.0.0.1:{REDIS_PORT}"
    return None


def stop_redis(timeout: float = 10) -> None:
    """Shut the local Redis down without saving; wait until it no longer answers."""
    redis_cli("shutdown", "nosave")
    assert wait_for(lambda: not redis_answers(), timeout), "Redis is still answering"


def start_redis(timeout: float = 15) -> None:
    """Start the local Redis as CI does (unless it answers already); wait for PING."""
    if redis_answers():
        return
    with contextlib.suppress(OSError, subprocess.TimeoutExpired):
        subprocess.run(REDIS_START, capture_output=True, timeout=10, check=False)
    if not wait_for(redis_answers, timeout, interval=0.2):
        raise RuntimeError(f"Redis did not answer PING within {timeout}s after restart")
