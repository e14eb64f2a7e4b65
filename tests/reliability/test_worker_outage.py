"""No worker running: comments are still stored and screened, and queued tasks wait for it.

With ``BROADSHEET_WORKER=1`` background tasks are queued in the database (django-tasks'
database backend) for ``broadsheet worker``. Screening runs inside the submission, so readers
and the moderation queue do not depend on the worker; a task queued while it is away (here the
queue's "Re-screen pending comments") stays READY until a worker starts and runs it.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import subprocess
import time

import pytest

from tests.reliability import admin_session, csrf_from, wait_for
from tests.support.clients import (
    article_form,
    fetch_tokens,
    post_comment,
)
from tests.support.server import (
    BROADSHEET,
    REPO_ROOT,
    LiveServer,
    default_database,
    live_server_process,
    new_session,
)

pytestmark = pytest.mark.slow

TASKS_TABLE = "django_tasks_database_dbtaskresult"
RESCREEN_TASK = "broadsheet.moderation.tasks.rescreen_queue"
STAYS_QUEUED = 2.0  # seconds the task is watched with no worker running
RUNS_WITHIN = 30.0  # seconds for the worker to pick the task up and finish it


def _tasks(server: LiveServer) -> list[tuple[str, str, object]]:
    rows = server.sql(
        f"SELECT id, status, return_value FROM {TASKS_TABLE}"  # noqa: S608 - fixed name
        " WHERE task_path = %s ORDER BY enqueued_at",
        [RESCREEN_TASK],
    )
    return [(str(task_id), status, _json(value)) for task_id, status, value in rows]


def _json(value):
    return json.loads(value) if isinstance(value, str | bytes) else value


@contextlib.contextmanager
def _worker(server: LiveServer):
    """``broadsheet worker`` with the server's environment; stopped (SIGTERM) on exit."""
    log = open(server.var_dir / "worker.log", "ab")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [str(BROADSHEET), "worker"],
        env=server.env,
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)
        log.close()


def _worker_log(server: LiveServer) -> str:
    try:
        return (server.var_dir / "worker.log").read_text(errors="replace")[-3000:]
    except OSError:
        return ""


def test_comments_are_screened_without_a_worker_and_queued_tasks_wait_for_it():
    env = {"BROADSHEET_WORKER": "1"}
    with live_server_process(default_database(), workers=1, env=env, redis=False) as server:
        # Readers post while no worker runs: stored, screened, in the queue.
        session = new_session()
        form = article_form(session, server.url)
        texts = [
            "No worker today, and the ferry still runs on time.",
            "Buy cheap watches at http://spam.example.com now!!! http://spam.example.com",
            "The council should publish the full budget before the vote.",
        ]
        ids = []
        for text in texts:
            response = post_comment(
                session,
                server.url,
                form,
                tokens=fetch_tokens(session, server.url),
                text=text,
                idempotency_key=secrets.token_hex(16),
            )
            assert response.status_code == 202, response.text
            ids.append(server.comment_pk(response.json()["id"]))
        placeholders = ", ".join(["%s"] * len(ids))
        rows = server.sql(
            f"SELECT id, status, risk, screening FROM comments_comment"  # noqa: S608
            f" WHERE id IN ({placeholders}) ORDER BY id",
            ids,
        )
        assert [row[0] for row in rows] == ids
        for comment_id, status, risk, screening in rows:
            assert status == "pending", comment_id
            assert risk is not None, comment_id
            verdict = _json(screening)
            assert isinstance(verdict, dict) and verdict, comment_id
        (pending,) = server.sql("SELECT count(*) FROM comments_comment WHERE status = 'pending'")[0]

        # The moderator asks for a re-screen: queued, and it waits while no worker runs.
        assert _tasks(server) == []
        admin = admin_session(server)
        queue_page = admin.get(f"{server.url}/admin/comments/", timeout=10)
        assert queue_page.status_code == 200
        response = admin.post(
            f"{server.url}/admin/comments/rescreen/",
            data={"csrfmiddlewaretoken": csrf_from(queue_page.text), "next": "/admin/comments/"},
            timeout=10,
        )
        assert response.status_code == 200  # followed the redirect back to the queue
        assert "screened again shortly" in response.text
        queued = _tasks(server)
        assert [(status, value) for _, status, value in queued] == [("READY", None)]
        time.sleep(STAYS_QUEUED)
        assert _tasks(server) == queued

        # The worker comes back and runs it.
        started = time.monotonic()
        with _worker(server) as worker:
            done = wait_for(
                lambda: [t for t in _tasks(server) if t[1] not in ("READY", "RUNNING")],
                RUNS_WITHIN,
                interval=0.2,
            )
            took = time.monotonic() - started
            assert worker.poll() is None, _worker_log(server)
        assert worker.returncode is not None
        assert done == [(queued[0][0], "SUCCESSFUL", pending)], _worker_log(server)
        print(
            f"\n[{server.database}] {len(ids)} comments stored and screened with no worker;"
            f" the re-screen task stayed READY for {STAYS_QUEUED:.0f}s, then the worker ran it"
            f" in {took:.1f}s (screened {pending} pending comments)"
        )
