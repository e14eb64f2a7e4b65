"""Comments posted at once by many readers, against real gunicorn processes.

Both databases run every time: a file SQLite database (one writer at a time, queued on the
busy timeout) and PostgreSQL. Each client is a thread with its own session and its own tokens,
as separate readers' browsers would be.
"""

from __future__ import annotations

import secrets
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.support.clients import (
    article_form,
    fetch_tokens,
    post_comment,
)
from tests.support.server import (
    live_server_process,
    new_session,
)

pytestmark = pytest.mark.slow

CLIENTS = 8
COMMENTS = 200


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def server(request):
    with live_server_process(request.param, workers=2) as live:
        yield live


def test_parallel_clients_store_every_comment_once(server):
    marker = f"concurrency-{secrets.token_hex(4)}"
    form = article_form(new_session(), server.url)

    def client(number: int) -> list[tuple[int, str]]:
        results = []
        with new_session() as session:
            for index in range(number, COMMENTS, CLIENTS):
                tokens = fetch_tokens(session, server.url)
                response = post_comment(
                    session,
                    server.url,
                    form,
                    text=f"{marker} comment {index} from client {number}",
                    tokens=tokens,
                    author_name=f"Reader {number}",
                )
                results.append((response.status_code, response.text))
        return results

    with ThreadPoolExecutor(CLIENTS) as pool:
        responses = [r for rs in pool.map(client, range(CLIENTS)) for r in rs]

    errors = [(status, body) for status, body in responses if status != 202]
    assert errors == []
    assert len(responses) == COMMENTS
    stored = server.comments(text_prefix=marker)
    assert len(stored) == COMMENTS
    assert {c["status"] for c in stored} == {"pending"}
    assert len({c["text"] for c in stored}) == COMMENTS
    assert {c["article_id"] for c in stored} == {form.article_id}


def test_same_idempotency_key_at_once_stores_one_comment(server):
    text = f"idempotent-{secrets.token_hex(4)}: sent by eight tabs at the same moment"
    key = secrets.token_hex(16)
    form = article_form(new_session(), server.url)
    # Each thread is ready (own session, own CSRF and form tokens) before any of them posts.
    barrier = threading.Barrier(CLIENTS, timeout=30)

    def client(_number: int):
        with new_session() as session:
            tokens = fetch_tokens(session, server.url)
            barrier.wait()
            response = post_comment(
                session, server.url, form, text=text, tokens=tokens, idempotency_key=key
            )
            return response.status_code, response.json()

    with ThreadPoolExecutor(CLIENTS) as pool:
        responses = list(pool.map(client, range(CLIENTS)))

    assert [status for status, _ in responses] == [202] * CLIENTS, responses
    ids = {body["id"] for _, body in responses}
    assert len(ids) == 1
    assert {body["status"] for _, body in responses} == {"received"}
    assert sum(body["created"] for _, body in responses) == 1
    stored = server.comments(text=text)
    assert [c["id"] for c in stored] == [server.comment_pk(public) for public in ids]
    assert stored[0]["idempotency_key"] == key
