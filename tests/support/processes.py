"""Child processes that serve 127.0.0.1 for tests and benchmarks, and talking to them.

:class:`LoggedProcess` is the base of the app's servers (``tests.support.server``) and of the
front caches (``tests.support.fronts``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import requests

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN_DIR = Path(sys.executable).parent
HOST = "127.0.0.1"


class ServerError(RuntimeError):
    """The server could not be set up, started or stopped."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def new_session() -> requests.Session:
    """A requests session that talks to 127.0.0.1 directly (never through a proxy)."""
    session = requests.Session()
    session.trust_env = False
    return session


EXITED, SILENT = "exited", "silent"  # why LoggedProcess._wait_answering gave up


class LoggedProcess:
    """A child process serving 127.0.0.1:``port``, in its own process group, its output in
    ``log_path``. Subclasses set ``port`` and ``log_path`` and start it with :meth:`_spawn`."""

    port: int
    log_path: Path
    _process: subprocess.Popen | None = None
    _log = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process and self._process.poll() is None else None

    def _spawn(self, command: list[str], **popen) -> None:
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in _reap
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: _kill_group reaches its children
            **popen,
        )

    def _stop(self, stop_signal: int, timeout: float) -> None:
        """``stop_signal``, then SIGKILL to the whole group after ``timeout``."""
        process = self._process
        if process is None:
            return
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(stop_signal)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout)
        self._kill_group(process)
        self._reap()

    @staticmethod
    def _kill_group(process: subprocess.Popen) -> None:
        # The group id is the child's pid (start_new_session): only our own processes.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(5)

    def _reap(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None
        self._process = None

    def _wait_answering(
        self,
        timeout: float,
        *,
        headers: Mapping[str, str] | None = None,
        accept: Callable[[requests.Response], bool] = lambda response: True,
    ) -> str | None:
        """Ask ``/robots.txt`` every 0.1 s until an answer is accepted: None then, ``EXITED``
        if the process ended first, ``SILENT`` after ``timeout``. Stops nothing itself."""
        deadline = time.monotonic() + timeout
        with new_session() as session:
            while time.monotonic() < deadline:
                if self._process is None or self._process.poll() is not None:
                    return EXITED
                try:
                    response = session.get(
                        f"{self.url}/robots.txt", headers=headers, timeout=2, allow_redirects=False
                    )
                    if accept(response):
                        return None
                except requests.RequestException:
                    pass
                time.sleep(0.1)
        return SILENT

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])
