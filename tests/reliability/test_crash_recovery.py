"""A server killed mid-stream loses no acknowledged comment and stores no retry twice.

A few clients post 1,000 comments to the JSON endpoint, each with its own idempotency key.
Midway the whole gunicorn process group gets SIGKILL (no graceful shutdown: requests in
flight are cut off, some after their transaction committed) and the server is started again
on the same database. Clients send a failed post (connection error or 5xx) again with the
same key until it is accepted. Afterwards every acknowledged post is in the database once,
and the database passes its own integrity checks.
"""

from __future__ import annotations

import queue
import secrets
import threading
import time
from dataclasses import dataclass, field

import pytest
import requests

from tests.reliability import wait_for
from tests.support.clients import (
    ArticleForm,
    article_form,
    comment_payload,
    fetch_tokens,
)
from tests.support.server import (
    LiveServer,
    default_database,
    live_server_process,
    new_session,
    postgres_server_url,
)

pytestmark = pytest.mark.slow

POSTS = 1000
CLIENTS = 4
KILL_AFTER = POSTS // 2  # acknowledged posts before the crash
DOWN_SECONDS = 0.5  # the server stays dead this long before it is started again
MAX_ATTEMPTS = 200  # per post
POST_TIMEOUT = 10.0  # seconds per request
RUN_DEADLINE = 150.0  # seconds for the whole stream (a bound; it takes 15 to 30)
RESENT = 25  # acknowledged posts sent once more afterwards, as a late retry would be


@dataclass
class Post:
    index: int
    key: str
    text: str
    attempts: int = 0
    status: int | None = None  # the last answer's status (None: no answer)
    comment_id: str | None = None  # the opaque id of the 202 answer
    created: bool | None = None
    failures: list[str] = field(default_factory=list)

    @property
    def acknowledged(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def _postgres_or_skip(database: str) -> None:
    if database != "postgres" or default_database() == "postgres":
        return  # SQLite always runs; a PostgreSQL suite must reach its server or fail
    import psycopg

    try:
        with psycopg.connect(postgres_server_url(), connect_timeout=3):
            pass
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL is not reachable at {postgres_server_url()}: {exc}")


def _send(session: requests.Session, form: ArticleForm, tokens: dict, post: Post, stop_at: float):
    """Post until a non-5xx answer, retrying connection errors and 5xx with the same key."""
    payload = comment_payload(
        form, tokens, text=post.text, author_name="Crash Test Reader", idempotency_key=post.key
    )
    headers = {"X-CSRFToken": tokens["csrf_token"]}
    delay = 0.05
    while post.attempts < MAX_ATTEMPTS and time.monotonic() < stop_at:
        post.attempts += 1
        try:
            response = session.post(
                form.api_url, json=payload, headers=headers, timeout=POST_TIMEOUT
            )
        except requests.RequestException as exc:
            post.failures.append(type(exc).__name__)
        else:
            post.status = response.status_code
            if response.status_code < 500:
                if post.acknowledged:
                    body = response.json()
                    post.comment_id, post.created = body["id"], body["created"]
                else:
                    post.failures.append(f"{response.status_code} {response.text[:200]}")
                return
            post.failures.append(str(response.status_code))
        time.sleep(delay)
        delay = min(delay * 2, 0.5)


def _resend(session: requests.Session, form: ArticleForm, tokens: dict, post: Post):
    payload = comment_payload(
        form, tokens, text=post.text, author_name="Crash Test Reader", idempotency_key=post.key
    )
    response = session.post(
        form.api_url, json=payload, headers={"X-CSRFToken": tokens["csrf_token"]}, timeout=10
    )
    body = response.json()
    return response.status_code, body.get("id"), body.get("created")


def _client(server: LiveServer, form: ArticleForm, work: queue.Queue, stop_at: float) -> None:
    with new_session() as session:
        while time.monotonic() < stop_at:
            try:
                post = work.get_nowait()
            except queue.Empty:
                return
            # A form token stores one comment: each post is a new form, as in a browser.
            _send(session, form, _tokens_until_answered(session, server, stop_at), post, stop_at)


def _tokens_until_answered(session: requests.Session, server: LiveServer, stop_at: float) -> dict:
    """Fresh tokens, waiting out the server's restart if it is down."""
    while True:
        try:
            return fetch_tokens(session, server.url)
        except requests.RequestException:
            if time.monotonic() >= stop_at:
                raise
            time.sleep(0.05)


def _crash_and_restart(server: LiveServer, posts: list[Post], crashed: dict) -> None:
    """SIGKILL the process group once ``KILL_AFTER`` posts were acknowledged; start again."""
    reached = wait_for(lambda: sum(p.acknowledged for p in posts) >= KILL_AFTER, RUN_DEADLINE)
    if not reached:
        return
    crashed["pid"] = server.pid
    crashed["acknowledged_before"] = sum(p.acknowledged for p in posts)
    crashed["in_flight"] = sum(p.attempts > 0 and p.status is None for p in posts)
    server.kill()
    time.sleep(DOWN_SECONDS)
    started = time.monotonic()
    try:
        server.start()
    except Exception as exc:  # reported by the test, with the server's log
        crashed["error"] = f"{exc!r}\n{server.log_tail()}"
        return
    crashed["restart_seconds"] = time.monotonic() - started
    crashed["new_pid"] = server.pid


def _integrity_problems(server: LiveServer) -> list[str]:
    """What the database's own checks report (empty: consistent)."""
    problems: list[str] = []
    if server.database == "sqlite":
        result = server.sql("PRAGMA integrity_check")
        if result != [("ok",)]:
            problems.append(f"integrity_check: {result[:10]}")
        orphans = server.sql("PRAGMA foreign_key_check")
        if orphans:
            problems.append(f"foreign_key_check: {orphans[:10]}")
    else:
        # amcheck verifies every B-tree index of the comments table against its heap.
        server.sql("CREATE EXTENSION IF NOT EXISTS amcheck")
        indexes = server.sql(
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " JOIN pg_am am ON am.oid = c.relam"
            " WHERE i.indrelid IN ('comments_comment'::regclass,"
            " 'moderation_moderationdecision'::regclass) AND am.amname = 'btree'"
        )
        for (index,) in indexes:
            server.sql("SELECT bt_index_check(%s::regclass, true)", [index])
        invalid = server.sql(
            "SELECT indexrelid::regclass::text FROM pg_index"
            " WHERE indrelid = 'comments_comment'::regclass AND NOT (indisvalid AND indisready)"
        )
        if invalid:
            problems.append(f"invalid indexes: {invalid}")
        unchecked = server.sql(
            "SELECT conname FROM pg_constraint"
            " WHERE conrelid = 'comments_comment'::regclass AND NOT convalidated"
        )
        if unchecked:
            problems.append(f"constraints not validated: {unchecked}")
    # On both engines: no row points at a missing row.
    checks = {
        "comment without article": (
            "SELECT count(*) FROM comments_comment c LEFT JOIN news_articlepage a"
            " ON a.page_ptr_id = c.article_id WHERE a.page_ptr_id IS NULL"
        ),
        "reply without parent": (
            "SELECT count(*) FROM comments_comment c LEFT JOIN comments_comment p"
            " ON p.id = c.parent_id WHERE c.parent_id IS NOT NULL AND p.id IS NULL"
        ),
        "decision without comment": (
            "SELECT count(*) FROM moderation_moderationdecision d LEFT JOIN comments_comment c"
            " ON c.id = d.comment_id WHERE c.id IS NULL"
        ),
        "duplicate idempotency key": (
            "SELECT count(*) FROM (SELECT idempotency_key FROM comments_comment"
            " GROUP BY idempotency_key HAVING count(*) > 1) AS dup"
        ),
    }
    for name, query in checks.items():
        (count,) = server.sql(query)[0]
        if count:
            problems.append(f"{name}: {count}")
    # The count through the primary key agrees with the count through the unique key index.
    (by_id,) = server.sql("SELECT count(id) FROM comments_comment")[0]
    (by_key,) = server.sql("SELECT count(DISTINCT idempotency_key) FROM comments_comment")[0]
    (rows,) = server.sql("SELECT count(*) FROM comments_comment")[0]
    if not by_id == by_key == rows:
        problems.append(f"counts disagree: count(*)={rows} ids={by_id} keys={by_key}")
    return problems


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_sigkill_midway_loses_no_acknowledged_comment(database):
    _postgres_or_skip(database)
    run = secrets.token_hex(4)
    posts = [
        Post(
            index=i,
            key=f"crash-{run}-{i:04d}",
            text=f"Crash run {run}, post {i:04d}: the new timetable suits early shifts.",
        )
        for i in range(POSTS)
    ]
    # Rate limits are off in the helper's servers; no Redis, so the run needs only its database.
    with live_server_process(database, workers=2, threads=4, redis=False) as server:
        with new_session() as session:
            form = article_form(session, server.url)
        work: queue.Queue[Post] = queue.Queue()
        for post in posts:
            work.put(post)
        stop_at = time.monotonic() + RUN_DEADLINE
        crashed: dict = {}
        started = time.monotonic()
        clients = [
            threading.Thread(target=_client, args=(server, form, work, stop_at), daemon=True)
            for _ in range(CLIENTS)
        ]
        killer = threading.Thread(
            target=_crash_and_restart, args=(server, posts, crashed), daemon=True
        )
        for thread in [*clients, killer]:
            thread.start()
        for thread in [*clients, killer]:
            thread.join(RUN_DEADLINE + 30)
        elapsed = time.monotonic() - started
        assert not any(t.is_alive() for t in [*clients, killer]), "clients did not finish"

        acknowledged = [p for p in posts if p.acknowledged]
        retried = [p for p in posts if p.attempts > 1]
        replayed = [p for p in acknowledged if p.created is False]
        refused = [p for p in posts if p.status is not None and not p.acknowledged]
        unsent = [p for p in posts if p.status is None]

        stored = {
            key: (comment_id, text, status, risk)
            for comment_id, key, text, status, risk in server.sql(
                "SELECT id, idempotency_key, text, status, risk FROM comments_comment"
                " WHERE idempotency_key LIKE %s",
                [f"crash-{run}-%"],
            )
        }
        lost = [p for p in acknowledged if p.key not in stored]
        wrong = [
            p
            for p in acknowledged
            if p.key in stored and stored[p.key][:2] != (server.comment_pk(p.comment_id), p.text)
        ]
        (same_text,) = server.sql(
            "SELECT count(*) FROM comments_comment WHERE text LIKE %s", [f"Crash run {run},%"]
        )[0]

        # Retries of acknowledged posts, on purpose: each answers with the stored comment.
        sample = acknowledged[:: max(1, len(acknowledged) // RESENT)][:RESENT]
        with new_session() as session:
            tokens = fetch_tokens(session, server.url)
            resent = [(p, _resend(session, form, tokens, p)) for p in sample]
        (rows_after,) = server.sql(
            "SELECT count(*) FROM comments_comment WHERE idempotency_key LIKE %s",
            [f"crash-{run}-%"],
        )[0]

        server.stop()  # a clean shutdown, then the checks on the files at rest
        problems = _integrity_problems(server)
        check_output = server.manage("check", "--database", "default")

    print(
        f"\n[{database}] posts made: {POSTS}, 2xx: {len(acknowledged)}, retried: {len(retried)}"
        f" (answered by the stored comment on retry: {len(replayed)}), lost: {len(lost)},"
        f" refused: {len(refused)}, never answered: {len(unsent)}, rows stored: {len(stored)};"
        f" killed pid {crashed.get('pid')} after {crashed.get('acknowledged_before')} 2xx with"
        f" {crashed.get('in_flight')} in flight, restarted in"
        f" {crashed.get('restart_seconds', float('nan')):.1f}s; {elapsed:.1f}s in all;"
        f" {len(resent)} acknowledged posts sent again afterwards, rows then: {rows_after}"
    )
    assert crashed.get("new_pid"), crashed.get("error", "the server was never killed")
    assert crashed["new_pid"] != crashed["pid"]
    assert [(p.key, p.status, p.failures[-3:]) for p in refused + unsent] == []
    assert lost == []
    assert [(p.key, p.comment_id, stored[p.key][0]) for p in wrong] == []
    assert len(acknowledged) == POSTS
    # No retry stored a second comment: one row per acknowledged key, and no other rows.
    assert len(stored) == len({p.key for p in acknowledged}) == POSTS
    assert same_text == POSTS
    assert {status for _, _, status, _ in stored.values()} == {"pending"}
    assert all(risk is not None for *_, risk in stored.values())
    assert problems == []
    assert "no issues" in check_output.lower()
    assert [(p.key, answer) for p, answer in resent if answer != (202, p.comment_id, False)] == []
    assert rows_after == POSTS
