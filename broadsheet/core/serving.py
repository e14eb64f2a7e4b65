"""The gunicorn worker of ``broadsheet serve``: requests are read whole before a thread runs them.

gunicorn's threaded worker hands a connection to a thread as soon as its first byte arrives,
and the thread then reads the rest of the request with blocking reads. Ten clients trickling
a 20 KB body a few bytes at a time held all eight threads of the embedded default's single
process, and even cached pages stopped answering. Here the worker's main loop (one thread,
non-blocking, like a buffering proxy) reads each request first.

Invariants:
- A thread is given a connection only when its request line, headers and body are all in
  memory, or when the body is larger than ``settings.REQUEST_BUFFER_BYTES`` or has no length
  (then Django's limits answer it at once: 413 or 411, unless it is a staff upload).
- The headers and the buffered body must arrive within ``settings.REQUEST_READ_TIMEOUT``
  seconds of the request's first byte (a keep-alive connection's timer starts again with each
  request). A client that is slower is sent a 408 and the connection is closed: it held no
  thread meanwhile.
- At most ``REQUEST_BUFFER_BYTES`` plus the header limit is held per connection.
- After an answer, an unread body is drained for at most a tenth of a second before the
  connection is closed (gunicorn's own drain waited up to 5 s on the thread).
- TLS is not handled here (it is terminated in front); with gunicorn's own TLS the worker
  behaves as gunicorn's.
"""

from __future__ import annotations

import contextlib
import errno
import selectors
import time
from functools import partial

from gunicorn import http
from gunicorn.workers.gthread import TConn, ThreadWorker

MAX_HEADER_BYTES = 64 * 1024
_DRAIN_SECONDS = 0.1
_TIMEOUT_ANSWER = (
    b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Type: text/plain\r\n"
    b"Content-Length: 24\r\n\r\nThe request was too slow"
)
_TOO_LARGE_ANSWER = (
    b"HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n"
    b"Content-Type: text/plain\r\nContent-Length: 21\r\n\r\nThe headers are large"
)


def _settings():
    from django.conf import settings

    return settings


def request_is_complete(data: bytes, buffer_bytes: int) -> bool | None:
    """True when ``data`` holds a whole request (or enough to hand over), None if not yet.

    Enough to hand over: the headers, when the body is larger than ``buffer_bytes`` or has no
    ``Content-Length`` (Django then refuses it or, for a staff upload, reads it). False when
    the headers are over ``MAX_HEADER_BYTES``.
    """
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return False if len(data) > MAX_HEADER_BYTES else None
    length = 0
    for line in data[:end].split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"transfer-encoding":
            return True
        if name == b"content-length":
            try:
                length = int(value.strip())
            except ValueError:
                return True  # gunicorn answers the malformed request
    if length > buffer_bytes:
        return True
    return True if len(data) >= end + 4 + length else None


class _Buffering:
    __slots__ = ("continued", "data", "deadline")

    def __init__(self, deadline: float):
        self.data = bytearray()
        self.deadline = deadline
        self.continued = False


def _expects_continue(data: bytes) -> bool:
    end = data.find(b"\r\n\r\n")
    return end >= 0 and b"\r\nexpect: 100-continue" in data[:end].lower()


class BufferingThreadWorker(ThreadWorker):
    """gunicorn's ``gthread`` worker that reads requests whole in its main loop first."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._buffering: dict[TConn, _Buffering] = {}

    # -- where connections come from --
    def accept(self, listener):
        try:
            client_sock, client_addr = listener.accept()
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        conn = TConn(self.cfg, client_sock, client_addr, listener.getsockname())
        self._start_buffering(conn)

    def on_client_socket_readable(self, conn, client):
        """A kept-alive connection's next request: buffered like a new one."""
        self.poller.unregister(client)
        self.keepalived_conns.remove(conn)
        self._start_buffering(conn)

    # -- buffering in the main loop --
    def _start_buffering(self, conn: TConn) -> None:
        if self.cfg.is_ssl:
            self.enqueue_req(conn)
            return
        conn.sock.setblocking(False)
        timeout = float(_settings().REQUEST_READ_TIMEOUT)
        self._buffering[conn] = _Buffering(time.monotonic() + timeout)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_readable, conn))

    def _on_readable(self, conn: TConn, _sock) -> None:
        state = self._buffering.get(conn)
        if state is None:
            return
        try:
            chunk = conn.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            chunk = b""
        if not chunk:
            self._drop(conn, answer=None)
            return
        state.data += chunk
        complete = request_is_complete(bytes(state.data), int(_settings().REQUEST_BUFFER_BYTES))
        if complete is None:
            if not state.continued and _expects_continue(bytes(state.data)):
                # The client waits for this before it sends the body (gunicorn may send its
                # own later; a client ignores a second 1xx answer).
                state.continued = True
                with contextlib.suppress(OSError):
                    conn.sock.send(b"HTTP/1.1 100 Continue\r\n\r\n")
            return
        if complete is False:
            self._drop(conn, answer=_TOO_LARGE_ANSWER)
            return
        self.poller.unregister(conn.sock)
        del self._buffering[conn]
        if conn.parser is None:
            conn.parser = http.get_parser(self.cfg, conn.sock, conn.client)
        conn.parser.unreader.unread(bytes(state.data))
        conn.data_ready = True
        self.enqueue_req(conn)

    def _drop(self, conn: TConn, *, answer: bytes | None) -> None:
        self._buffering.pop(conn, None)
        with contextlib.suppress(KeyError, ValueError, OSError):
            self.poller.unregister(conn.sock)
        if answer is not None:
            with contextlib.suppress(OSError):
                conn.sock.send(answer)
        self.nr_conns -= 1
        conn.close()

    def murder_pending(self):
        """gunicorn's own timeouts, then the requests that took too long to arrive."""
        super().murder_pending()
        now = time.monotonic()
        for conn, state in list(self._buffering.items()):
            if state.deadline <= now:
                self.log.info("request from %s too slow; closed", conn.client)
                self._drop(conn, answer=_TIMEOUT_ANSWER)

    def run(self):
        try:
            super().run()
        finally:
            for conn in list(self._buffering):
                self._drop(conn, answer=None)

    # -- after the answer --
    def _keepalive_after(self, conn, keepalive):
        """Keep the connection only if what is left of the body is already here."""
        if not keepalive:
            return False
        return bool(conn.parser.finish_body(deadline=time.monotonic() + _DRAIN_SECONDS))
