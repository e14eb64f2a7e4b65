"""Two app processes on one PostgreSQL database and one Redis, as deployed (docs/deploy.md).

Each server is its own gunicorn master on its own port; they share the database, the cache
(same Redis and key prefix) and the secret key. What one process does must be seen by the
other: the comment rate limit is one counter, and approving a comment through one process
purges the article page that the other one (and Varnish in front of it) has cached.
"""

from __future__ import annotations

import contextlib
import re
import secrets
import time

import pytest
import redis as redis_client

from tests.support.clients import (
    approve_in_admin,
    article_form,
    fetch_tokens,
    post_comment,
)
from tests.support.fronts import (
    varnish_process,
    varnishd_path,
)
from tests.support.server import (
    DEMO_ARTICLE_PATH,
    LiveServer,
    free_port,
    live_server_process,
    new_session,
)
from tests.support.siblings import sibling_server_process
from tests.support.tools import require_tool

pytestmark = pytest.mark.slow

REDIS_URL = "redis://127.0.0.1:6379/14"
RATE = 3  # posts per window, per client IP
WINDOW = 60
VISIBLE_WITHIN = 1.0  # seconds from the approval to readers seeing the comment


def _forget_cache_keys(server: LiveServer) -> None:
    """Delete this pair's keys (its own prefix) from the shared Redis test database."""
    prefix = server.env["CACHE_KEY_PREFIX"]
    with contextlib.closing(redis_client.Redis.from_url(REDIS_URL)) as conn:
        keys = list(conn.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            conn.delete(*keys)


@contextlib.contextmanager
def _pair(env: dict[str, str] | None = None):
    """Servers A and B: two gunicorn masters, one PostgreSQL database, one Redis."""
    with live_server_process("postgres", workers=2, redis=REDIS_URL, env=env) as a:
        try:
            with sibling_server_process(a) as b:
                yield a, b
        finally:
            _forget_cache_keys(a)


@pytest.fixture(scope="module")
def pair():
    with _pair({"COMMENT_RATE_LIMIT": f"{RATE}/{WINDOW}"}) as servers:
        yield servers


def _pending_comment(server: LiveServer, text: str) -> int:
    """Store a pending comment on the demo article through the service, in a shell of A."""
    code = (
        "from broadsheet.comments.submission import service as submission\n"
        "from broadsheet.comments.selectors import comment_settings_for_article_id\n"
        "from broadsheet.news.models import ArticlePage\n"
        f"article = ArticlePage.objects.get(slug={DEMO_ARTICLE_PATH.strip('/')!r})\n"
        "result = submission.comment_submit(article_id=article.pk, author_name='Two Process',\n"
        f"    text={text!r}, idempotency_key={secrets.token_hex(16)!r},\n"
        "    notice_version=comment_settings_for_article_id(article.pk).notice_version)\n"
        "print('comment', result.comment.pk, result.comment.status)\n"
    )
    found = re.search(r"comment (\d+) pending", server.shell(code))
    assert found, "the service did not store a pending comment"
    return int(found.group(1))


def _load_until(url: str, header: str, value: str, attempts: int = 10):
    """GET ``url`` anonymously until ``header`` says ``value`` (a cache hit); the response."""
    with new_session() as session:
        for _ in range(attempts):
            response = session.get(url, timeout=10)
            assert response.status_code == 200
            if response.headers.get(header, "").lower() == value:
                return response
            time.sleep(0.05)
    raise AssertionError(f"{url} never answered with {header}: {value}")


def _seconds_until_shown(url: str, text: str, timeout: float = 5.0) -> float:
    """Poll ``url`` until it shows ``text``; seconds taken (fails after ``timeout``)."""
    began = time.monotonic()
    with new_session() as session:
        while True:
            response = session.get(url, timeout=10)
            assert response.status_code == 200
            elapsed = time.monotonic() - began
            if text in response.text:
                return elapsed
            if elapsed > timeout:
                raise AssertionError(f"{url} did not show the comment within {timeout}s")
            time.sleep(0.02)


def _wait_for_fresh_window(margin: float = 15.0) -> None:
    """Rate windows are fixed (epoch-aligned): start early in one so all posts share it."""
    into = time.time() % WINDOW
    if into > WINDOW - margin:
        time.sleep(WINDOW - into + 0.1)


def test_rate_limit_is_shared_by_both_processes(pair):
    a, b = pair
    form = article_form(new_session(), a.url)
    reader_a, reader_b = new_session(), new_session()
    form_b = article_form(new_session(), b.url)
    _wait_for_fresh_window()

    def send(via: str, number: int):
        session, url, server_form = (
            (reader_a, a.url, form) if via == "a" else (reader_b, b.url, form_b)
        )
        return post_comment(
            session,
            url,
            server_form,
            text=f"rate limit across processes {number}",
            tokens=fetch_tokens(session, url),
            idempotency_key=secrets.token_hex(16),
        )

    answers = [send(via, n).status_code for n, via in enumerate("aba")]
    assert answers == [202] * RATE
    fourth = send("b", RATE)
    assert fourth.status_code == 429
    assert fourth.json()["error"]["code"] == "rate_limited"
    assert send("a", RATE + 1).status_code == 429


def test_approval_through_one_process_purges_the_page_cached_by_the_other(pair):
    a, b = pair
    text = f"Approved through A, shown by B {secrets.token_hex(6)}"
    comment_id = _pending_comment(a, text)
    cached = _load_until(f"{b.url}{DEMO_ARTICLE_PATH}", "X-Page-Cache", "hit")
    assert text not in cached.text

    approve_in_admin(a, comment_id)
    assert _seconds_until_shown(f"{b.url}{DEMO_ARTICLE_PATH}", text) <= VISIBLE_WITHIN


def test_approval_purges_varnish_in_front_of_the_other_process():
    require_tool(varnishd_path(), program="varnishd", package="varnish")
    varnish_port = free_port()
    front = {"FRONTEND_CACHE_URL": f"http://127.0.0.1:{varnish_port}"}
    with _pair(front) as (a, b), varnish_process(b.port, port=varnish_port) as varnish:
        text = f"Approved through A, shown by Varnish {secrets.token_hex(6)}"
        comment_id = _pending_comment(a, text)
        cached = _load_until(f"{varnish.url}{DEMO_ARTICLE_PATH}", "X-Cache", "hit")
        assert text not in cached.text

        approve_in_admin(a, comment_id)
        assert _seconds_until_shown(f"{varnish.url}{DEMO_ARTICLE_PATH}", text) <= VISIBLE_WITHIN
