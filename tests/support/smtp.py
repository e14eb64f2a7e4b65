"""A real SMTP server process on 127.0.0.1 for tests: every message it receives, as a file.

Usage::

    with smtp_server() as smtp:
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        ...                                   # the code under test sends mail over SMTP
        (message,) = smtp.messages()          # email.message.EmailMessage objects

The server is Python's own ``smtpd`` (Python 3.11) in a subprocess; it writes each message
to its own directory. Nothing is mocked: the mail goes through a socket and the protocol.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_SERVER = """
import asyncore, itertools, smtpd, sys, warnings
warnings.simplefilter("ignore")
directory, port = sys.argv[1], int(sys.argv[2])
numbers = itertools.count()

class Server(smtpd.SMTPServer):
    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        path = f"{directory}/{next(numbers):05d}.eml"
        with open(path + ".part", "wb") as fh:
            fh.write(data if isinstance(data, bytes) else data.encode())
        import os
        os.replace(path + ".part", path)

Server(("127.0.0.1", port), None, decode_data=False)
print("ready", flush=True)
asyncore.loop()
"""


@dataclass
class SMTPServer:
    port: int
    directory: Path

    def messages(self) -> list[email.message.EmailMessage]:
        return [
            email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in sorted(self.directory.glob("*.eml"))
        ]

    def wait_for(self, count: int, timeout: float = 10) -> list[email.message.EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.messages()
            if len(found) >= count:
                return found
            time.sleep(0.05)
        return self.messages()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def smtp_server() -> Iterator[SMTPServer]:
    directory = Path(tempfile.mkdtemp(prefix="broadsheet-smtp-"))
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-W", "ignore", "-c", _SERVER, str(directory), str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        line = process.stdout.readline()
        if "ready" not in line:
            raise RuntimeError(f"the SMTP server did not start: {line}")
        yield SMTPServer(port=port, directory=directory)
    finally:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        for path in directory.glob("*"):
            path.unlink()
        directory.rmdir()
