"""Redis goes away and comes back: readers and commenters carry on, then the cache resumes.

The degraded mode is the one docs/deploy.md describes: while Redis is unreachable pages are
rendered without the page cache and the comment rate limit is not enforced (warnings are
logged); comments are stored in the database all along. Once Redis answers again pages are
served from the cache and the rate limit applies again.

This test stops the machine's Redis on 127.0.0.1:6379 (``shutdown nosave``) and always starts
it again, the way CI does, before it ends.
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
import subprocess
import time

import pytest
import redis as redis_client
import requests

from tests.reliability import (
    admin_session,
    csrf_from,
    redis_tools_missing,
    start_redis,
    stop_redis,
    wait_for,
)
from tests.support.clients import (
    article_form,
    fetch_tokens,
    post_comment,
)
from tests.support.server import (
    DEMO_ARTICLE_PATH,
    LiveServer,
    default_database,
    free_port,
    live_server_process,
    new_session,
)

pytestmark = pytest.mark.slow

REDIS_URL = "redis://127.0.0.1:6379/15"
RATE = 3
WINDOW = 3600  # long, so the fixed window rarely turns over during the test
PAGES = (DEMO_ARTICLE_PATH, "/", "/topics/harbourside/")
SLOW = 5.0  # seconds: no request may hang on the missing cache longer than this
BREAKER = 1.0  # seconds each worker skips Redis after a failure (REDIS_BREAKER_SECONDS)


def _window() -> int:
    return int(time.time() // WINDOW)


def _get(session: requests.Session, server: LiveServer, path: str) -> requests.Response:
    started = time.monotonic()
    response = session.get(f"{server.url}{path}", timeout=10)
    elapsed = time.monotonic() - started
    assert elapsed < SLOW, f"GET {path} took {elapsed:.1f}s"
    return response


def _cached_twice(session: requests.Session, server: LiveServer, path: str) -> bool:
    """Load ``path`` twice; True when the second answer came from the page cache."""
    first = _get(session, server, path)
    second = _get(session, server, path)
    return first.status_code == second.status_code == 200 and (
        second.headers.get("X-Page-Cache") == "hit"
    )


def _post_until_refused(session, server, form, label: str) -> list[int]:
    """Post up to RATE + 1 comments, each from a new form; stop at the first 429."""
    statuses = []
    for i in range(RATE + 1):
        response = post_comment(
            session,
            server.url,
            form,
            tokens=fetch_tokens(session, server.url),
            text=f"{label} {i}: a fair point.",
            idempotency_key=secrets.token_hex(16),
        )
        statuses.append(response.status_code)
        if response.status_code == 429:
            break
    return statuses


def _forget_keys(server: LiveServer) -> None:
    prefix = server.env["CACHE_KEY_PREFIX"]
    with (
        contextlib.suppress(redis_client.RedisError),
        contextlib.closing(redis_client.Redis.from_url(REDIS_URL, socket_timeout=2)) as conn,
    ):
        keys = list(conn.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            conn.delete(*keys)


def test_pages_and_comments_carry_on_without_redis_and_the_cache_resumes():
    missing = redis_tools_missing()
    if missing:
        pytest.skip(missing)
    run = secrets.token_hex(4)
    env = {"COMMENT_RATE_LIMIT": f"{RATE}/{WINDOW}", "REDIS_BREAKER_SECONDS": str(BREAKER)}
    with live_server_process(default_database(), workers=2, redis=REDIS_URL, env=env) as server:
        try:
            reader, writer = new_session(), new_session()
            form = article_form(writer, server.url)

            # Redis up: pages come from the cache, the rate limit holds.
            for path in PAGES:
                assert _cached_twice(reader, server, path), path
            window = _window()
            before = _post_until_refused(writer, server, form, f"Before {run}")
            if _window() == window:
                assert before == [202] * RATE + [429]

            outage_started = time.monotonic()
            stop_redis()
            try:
                # Redis down: every page is rendered, none from the cache, none slowly.
                for path in PAGES:
                    for _ in range(2):
                        response = _get(reader, server, path)
                        assert response.status_code == 200, path
                        assert response.headers.get("X-Page-Cache") != "hit", path
                article = _get(reader, server, DEMO_ARTICLE_PATH)
                assert 'id="comment-form"' in article.text
                # A new reader, and more posts than the limit allows: all accepted.
                fresh = new_session()
                during = []
                for i in range(RATE + 2):
                    response = post_comment(
                        fresh,
                        server.url,
                        form,
                        tokens=fetch_tokens(fresh, server.url),
                        text=f"During {run} {i}: still here.",
                        idempotency_key=secrets.token_hex(16),
                    )
                    during.append(response.status_code)
                outage = time.monotonic() - outage_started
            finally:
                start_redis()

            assert during == [202] * (RATE + 2)
            stored = server.comments(text_prefix=f"During {run} ")
            assert len(stored) == RATE + 2
            assert {c["status"] for c in stored} == {"pending"}
            log = server.log_tail(400)
            assert "cache unavailable" in log

            # Redis back: the page cache fills and serves again, the limit holds again. A
            # worker whose breaker opened last skips Redis for BREAKER more seconds; the page
            # hits above may all have come from the other worker, so wait that out first.
            time.sleep(BREAKER + 0.5)
            for path in PAGES:
                assert wait_for(lambda p=path: _cached_twice(reader, server, p), 15), path
            window = _window()
            after = _post_until_refused(writer, server, form, f"After {run}")
            if _window() == window:
                assert after == [202] * RATE + [429]
            assert after[-1] == 429
            print(
                f"\n[{server.database}] before the outage {before}; Redis down {outage:.1f}s:"
                f" {len(PAGES) * 2 + 1} pages rendered without the cache, posts {during};"
                f" after: page cache hits again, posts {after}"
            )
        finally:
            start_redis()
            _forget_keys(server)


# --- a blip: Redis keeps its data but does not answer for a few seconds ------------------------

BLIP_MS = 4000


@contextlib.contextmanager
def _private_redis():
    """A Redis of this test's own on a free port, so pausing it disturbs nobody else."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    command = ["redis-server", "--bind", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--save", "", "--appendonly", "no"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    conn = redis_client.Redis(port=port, socket_timeout=2)
    try:
        assert wait_for(lambda: _pings(conn), 10), "the private Redis did not start"
        yield f"redis://127.0.0.1:{port}/0", conn
    finally:
        conn.close()
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def _pings(conn) -> bool:
    try:
        return bool(conn.ping())
    except redis_client.RedisError:
        return False


def _decide(admin: requests.Session, server: LiveServer, comment_id: int, action: str, **data):
    queue = admin.get(f"{server.url}/admin/comments/{comment_id}/", timeout=10)
    (seen,) = server.sql("SELECT status FROM comments_comment WHERE id = %s", [comment_id])[0]
    response = admin.post(
        f"{server.url}/admin/comments/{comment_id}/{action}/",
        data={"csrfmiddlewaretoken": csrf_from(queue.text), "note": "", "expected": seen, **data},
        timeout=30,
    )
    assert response.status_code == 200, response.status_code
    (status,) = server.sql("SELECT status FROM comments_comment WHERE id = %s", [comment_id])[0]
    return status


def test_a_comment_rejected_during_a_redis_blip_is_purged_once_redis_answers():
    with (
        _private_redis() as (redis_url, conn),
        live_server_process(default_database(), workers=1, redis=redis_url) as server,
    ):
        writer, reader = new_session(), new_session()
        form = article_form(writer, server.url)
        text = f"Blip {secrets.token_hex(4)}: this will turn out to be defamatory."
        response = post_comment(writer, server.url, form, text=text)
        comment_id = server.comment_pk(response.json()["id"])
        admin = admin_session(server)
        assert _decide(admin, server, comment_id, "approve") == "approved"
        assert wait_for(lambda: _cached_twice(reader, server, DEMO_ARTICLE_PATH), 10)
        assert f'id="comment-{comment_id}"' in _get(reader, server, DEMO_ARTICLE_PATH).text

        conn.execute_command("CLIENT", "PAUSE", BLIP_MS, "WRITE")
        paused_at = time.monotonic()
        assert _decide(admin, server, comment_id, "reject", reason="defamatory") == "rejected"
        time.sleep(max(0.0, BLIP_MS / 1000 + 0.3 - (time.monotonic() - paused_at)))
        assert wait_for(lambda: conn.set(f"probe-{comment_id}", 1), 5)

        page = _get(reader, server, DEMO_ARTICLE_PATH)
        shown = f'id="comment-{comment_id}"' in page.text
        print(
            f"\n[{server.database}] after the blip: X-Page-Cache:"
            f" {page.headers.get('X-Page-Cache')}, the rejected comment still shown: {shown}"
        )
        assert not shown
