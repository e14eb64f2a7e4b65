"""One form token stores one comment, across the server's processes, on both databases.

A form token used to be a bearer token for its whole lifetime (one was accepted for 684
posts). Now the comment is stored with the token's key under a unique index: the token sent
again with the same idempotency key is a retry, answered as the first time; with a new key it
is refused (409 ``form_token_used``), whichever worker the request reaches.
"""

from __future__ import annotations

import secrets
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.support.clients import (
    article_form,
    comment_payload,
    fetch_tokens,
    post_comment,
)
from tests.support.server import (
    live_server_process,
    new_session,
)

pytestmark = pytest.mark.slow

POSTS = 8


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def server(request):
    with live_server_process(request.param, workers=2) as live:
        yield live


def test_one_token_posted_many_times_stores_one_comment(server):
    marker = f"one-token-{secrets.token_hex(4)}"
    session = new_session()
    form = article_form(session, server.url)
    tokens = fetch_tokens(session, server.url)

    answers = [
        post_comment(
            session,
            server.url,
            form,
            text=f"{marker} post {number}",
            tokens=tokens,
            idempotency_key=secrets.token_hex(16),
        )
        for number in range(POSTS)
    ]

    assert [a.status_code for a in answers] == [202] + [409] * (POSTS - 1)
    assert {a.json()["error"]["code"] for a in answers[1:]} == {"form_token_used"}
    assert all("reload" in a.json()["error"]["message"] for a in answers[1:])
    assert [c["text"] for c in server.comments(text_prefix=marker)] == [f"{marker} post 0"]


def test_one_token_posted_at_once_from_many_threads_stores_one_comment(server):
    marker = f"one-token-race-{secrets.token_hex(4)}"
    session = new_session()
    form = article_form(session, server.url)
    tokens = fetch_tokens(session, server.url)
    barrier = threading.Barrier(POSTS, timeout=30)

    def send(number: int) -> int:
        barrier.wait()
        return post_comment(
            session,
            server.url,
            form,
            text=f"{marker} post {number}",
            tokens=tokens,
            idempotency_key=secrets.token_hex(16),
        ).status_code

    with ThreadPoolExecutor(POSTS) as pool:
        statuses = sorted(pool.map(send, range(POSTS)))

    assert statuses == [202] + [409] * (POSTS - 1)
    assert len(server.comments(text_prefix=marker)) == 1


def test_a_retry_with_the_same_key_and_token_is_answered_as_the_first_was(server):
    text = f"retried-{secrets.token_hex(4)}: the network dropped the first answer"
    session = new_session()
    form = article_form(session, server.url)
    tokens = fetch_tokens(session, server.url)

    answers = [post_comment(session, server.url, form, text=text, tokens=tokens) for _ in range(3)]

    assert [a.status_code for a in answers] == [202, 202, 202]
    assert [a.json()["created"] for a in answers] == [True, False, False]
    assert len({a.json()["id"] for a in answers}) == 1
    assert len(server.comments(text=text)) == 1


def test_a_refused_post_leaves_the_token_for_the_corrected_form(server):
    text = f"corrected-{secrets.token_hex(4)}: sent again after adding a name"
    session = new_session()
    form = article_form(session, server.url)
    tokens = fetch_tokens(session, server.url)
    payload = comment_payload(form, tokens, text=text, author_name="")
    headers = {"X-CSRFToken": tokens["csrf_token"]}

    refused = session.post(form.api_url, json=payload, headers=headers, timeout=30)
    accepted = session.post(
        form.api_url, json={**payload, "author_name": "Named Now"}, headers=headers, timeout=30
    )

    assert (refused.status_code, refused.json()["error"]["code"]) == (400, "name_required")
    assert accepted.status_code == 202
    assert [c["author_name"] for c in server.comments(text=text)] == ["Named Now"]
