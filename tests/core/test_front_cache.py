"""A front cache that hangs or fails does not hold an approval, and its purges are redone.

Against a real server process: the front cache is a socket that accepts connections and
never answers (as a wedged Varnish does), then a real HTTP server that records the purges.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.support.clients import (
    approve_in_admin,
    article_form,
    post_comment,
)
from tests.support.server import (
    DEMO_ARTICLE_PATH,
    LiveServer,
    default_database,
    live_server_process,
    new_session,
)

pytestmark = pytest.mark.slow

TIMEOUT = 0.5  # FRONTEND_CACHE_TIMEOUT
PAUSE = 1.0  # FRONTEND_CACHE_BREAKER_SECONDS


def _hung_listener() -> socket.socket:
    """A listening socket whose connections the kernel accepts and nobody ever answers."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    return listener


@contextlib.contextmanager
def _recording_front_cache(port: int) -> Iterator[list[str]]:
    purged: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):
            purged.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    ThreadingHTTPServer.allow_reuse_address = True
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield purged
    finally:
        server.shutdown()
        server.server_close()


def _pending_comment(server: LiveServer, text: str) -> int:
    session = new_session()
    response = post_comment(session, server.url, article_form(session, server.url), text=text)
    assert response.status_code == 202, response.text
    return server.comment_pk(response.json()["id"])


def _approve(server: LiveServer, comment_id: int) -> float:
    """Approve through the moderation screen; return how long the moderator waited."""
    waited = approve_in_admin(server, comment_id)
    rows = server.sql("SELECT status FROM comments_comment WHERE id = %s", [comment_id])
    assert rows == [("approved",)]
    return waited


def _kept(server: LiveServer) -> set[str]:
    rows = server.sql("SELECT target FROM core_pendingpurge WHERE layer = %s", ["front"])
    return {url for (url,) in rows}


def test_a_hung_front_cache_costs_an_approval_one_timeout_and_the_purge_is_redone():
    hung = _hung_listener()
    port = hung.getsockname()[1]
    env = {
        "FRONTEND_CACHE_URL": f"http://127.0.0.1:{port}",
        "FRONTEND_CACHE_TIMEOUT": str(TIMEOUT),
        "FRONTEND_CACHE_BREAKER_SECONDS": str(PAUSE),
    }
    try:
        with live_server_process(default_database(), workers=1, env=env) as server:
            article_url = f"{server.env['BROADSHEET_BASE_URL']}{DEMO_ARTICLE_PATH}"
            first = _pending_comment(server, "Approved while the front cache hangs.")
            # One timeout for the whole batch (not one per page, nor forever), and some
            # time for the approval itself on a busy machine.
            assert _approve(server, first) < TIMEOUT + 3.0
            assert article_url in _kept(server)
            assert "front cache purge of" in server.log_tail(200)

            # During the pause another approval does not wait for the front cache at all.
            second = _pending_comment(server, "Approved during the pause.")
            assert _approve(server, second) < 3.0
            assert article_url in _kept(server)

            # The front cache answers again: the kept purges are sent, then forgotten.
            hung.close()
            with _recording_front_cache(port) as purged:
                time.sleep(PAUSE)
                output = server.manage("maintenance")
                assert DEMO_ARTICLE_PATH in purged
                assert _kept(server) == set()
                assert "front-cache purges sent again:" in output
    finally:
        hung.close()
