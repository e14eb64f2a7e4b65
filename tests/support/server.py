"""Real Broadsheet server processes for tests and benchmarks.

Usage::

    from tests.support.clients import article_form, post_comment
    from tests.support.server import live_server_process, new_session

    with live_server_process(database="sqlite", workers=2) as server:
        session = new_session()
        form = article_form(session, server.url)  # the demo article's comment form
        response = post_comment(session, server.url, form, text="Hello")
        assert response.status_code == 202
        server.sql("SELECT status FROM comments_comment WHERE id = %s",
                   [server.comment_pk(response.json()["id"])])

Each server has its own var dir (secret key, collected static files, the demo admin's
password) and its own database: a SQLite file in the var dir, or a fresh PostgreSQL database
``broadsheet_live_<random>`` that is dropped when the server is closed. The database is
migrated and loaded with the demo newsroom by ``broadsheet demo --no-serve``, the same command
a person runs. Migrating takes seconds, so the first server of each kind in a process sets up
a template and later servers copy it (a file copy, or ``CREATE DATABASE ... TEMPLATE``);
templates are removed when the process exits.

The server is gunicorn (``broadsheet.wsgi:application``) on a free port of 127.0.0.1, started
with the environment in ``LiveServer.env``: rate limits and the minimum form age are off unless
the caller's ``env`` sets ``COMMENT_RATE_LIMIT`` / ``COMMENT_MIN_SECONDS``. The test process's
own settings (and pytest-django's test database) play no part: the server reads only its env.
Without Redis each gunicorn worker has its own memory cache, so rate limits and page-cache
purges are per worker: pass ``redis=True`` (or ``workers=1``) when a test depends on them.

``serve=True`` starts the server with ``broadsheet serve`` (the production command: its worker
and thread defaults unless ``workers``/``threads`` are given, and its access log) instead of
gunicorn with the helper's own flags.

Several app processes on one database, as in production: ``tests.support.siblings``.
The database helpers are in ``tests.support.databases``, the demo newsroom's set-up in
``tests.support.newsroom`` and the process plumbing in ``tests.support.processes``.

Front caches in front of a server: ``tests.support.fronts``; talking to one as readers and
moderators do (tokens, the comment form, posts, the admin): ``tests.support.clients``.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from tests.support.databases import (
    create_postgres_database,
    default_database,
    drop_postgres_database,
    postgres_name,
    postgres_server_url,
    sqlite_url,
)
from tests.support.newsroom import BROADSHEET, base_env, copy_file, run_demo_setup, template_for
from tests.support.processes import (
    BIN_DIR,
    EXITED,
    HOST,
    REPO_ROOT,
    SILENT,
    LoggedProcess,
    ServerError,
    free_port,
    new_session,
)

# What tests and benchmarks import from here, wherever it is defined.
__all__ = [
    "BROADSHEET",
    "DEMO_ARTICLE_PATH",
    "EXITED",
    "HOST",
    "REPO_ROOT",
    "REQUEST_TIMEOUT",
    "START_TIMEOUT",
    "STOP_TIMEOUT",
    "LiveServer",
    "LoggedProcess",
    "ServerError",
    "create_live_server",
    "default_database",
    "free_port",
    "live_server_process",
    "new_session",
    "postgres_server_url",
    "start_on_free_port",
]

GUNICORN = BIN_DIR / "gunicorn"
DEMO_ARTICLE_PATH = "/harbour-line-opens/"
DEMO_ADMIN = "admin"

START_TIMEOUT = 60.0  # seconds until gunicorn answers
STOP_TIMEOUT = 10.0  # seconds between SIGTERM and SIGKILL
REQUEST_TIMEOUT = 30.0


# --- the app's server --------------------------------------------------------------------------


class LiveServer(LoggedProcess):
    """One Broadsheet server process (gunicorn) with its own var dir and database.

    Attributes: ``url`` (``http://127.0.0.1:<port>``), ``env`` (the server's environment),
    ``database`` (``"sqlite"`` or ``"postgres"``), ``database_url``, ``var_dir``, ``pid``
    (gunicorn's master, or None when stopped), ``log_path``.
    """

    def __init__(
        self,
        *,
        database: str,
        var_dir: Path,
        database_url: str,
        workers: int | None,
        threads: int | None,
        env: dict[str, str],
        port: int,
        postgres_server: str | None = None,
        postgres_name: str | None = None,
        serve: bool = False,
        sqlite_file: Path | None = None,
    ):
        self.database = database
        self.var_dir = var_dir
        self.database_url = database_url
        self.workers = workers
        self.threads = threads
        self.env = env
        self.port = port
        self.log_path = var_dir / "server.log"
        self._postgres_server = postgres_server
        self.postgres_name = postgres_name
        self.serve = serve
        self._sqlite_file = sqlite_file

    # -- identity --
    @property
    def sqlite_path(self) -> Path:
        return self._sqlite_file or self.var_dir / "broadsheet.sqlite3"

    @property
    def admin_credentials(self) -> tuple[str, str]:
        """The demo superuser: ``("admin", <password from var dir>)``."""
        return DEMO_ADMIN, (self.var_dir / "demo-admin-password").read_text().strip()

    def __repr__(self) -> str:
        return f"<LiveServer {self.url} {self.database} pid={self.pid}>"

    # -- life cycle --
    def _command(self) -> list[str]:
        if self.serve:
            command = [
                str(BROADSHEET),
                "serve",
                "--bind",
                f"{HOST}:{self.port}",
                "--no-collectstatic",
            ]
            if self.workers is not None:
                command += ["--workers", str(self.workers)]
            if self.threads is not None:
                command += ["--threads", str(self.threads)]
            return command
        return [
            str(GUNICORN),
            "broadsheet.wsgi:application",
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            str(self.workers or 2),
            "--threads",
            str(self.threads or 4),
            "--worker-class",
            "gthread",
            "--timeout",
            "60",
            "--graceful-timeout",
            str(int(STOP_TIMEOUT / 2)),
            "--chdir",
            str(REPO_ROOT),
            "--log-level",
            "warning",
        ]

    def start(self, timeout: float = START_TIMEOUT) -> LiveServer:
        """Start gunicorn (again) on the same port and wait until it answers."""
        if self.pid is not None:
            raise ServerError(f"{self!r} is already running")
        self._spawn(self._command(), env=self.env, cwd=REPO_ROOT)
        self._wait_ready(timeout)
        return self

    def _wait_ready(self, timeout: float) -> None:
        # As if through the TLS proxy: production settings redirect plain HTTP.
        why = self._wait_answering(
            timeout,
            headers={"X-Forwarded-Proto": "https"},
            accept=lambda response: response.status_code == 200,
        )
        if why == EXITED:
            self._reap()
            raise ServerError(f"gunicorn exited while starting:\n{self.log_tail()}")
        if why == SILENT:
            self.kill()
            raise ServerError(f"{self.url} did not answer within {timeout}s:\n{self.log_tail()}")

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """SIGTERM (gunicorn finishes requests in flight), then SIGKILL after ``timeout``."""
        self._stop(signal.SIGTERM, timeout)

    def kill(self) -> None:
        """SIGKILL the master and its workers at once, as a crash would."""
        process = self._process
        if process is None:
            return
        self._kill_group(process)
        self._reap()

    def close(self) -> None:
        """Stop the server, drop its PostgreSQL database and remove its var dir."""
        try:
            self.stop()
        finally:
            if self.postgres_name and self._postgres_server:
                drop_postgres_database(self._postgres_server, self.postgres_name)
            shutil.rmtree(self.var_dir, ignore_errors=True)

    # -- the server's database, from the test --
    def sql(self, query: str, params: Sequence[Any] = ()) -> list[tuple]:
        """Run one statement on the server's database; ``%s`` placeholders on both engines."""
        if self.database == "sqlite":
            with contextlib.closing(sqlite3.connect(self.sqlite_path, timeout=10)) as conn:
                rows = conn.execute(query.replace("%s", "?"), tuple(params)).fetchall()
                conn.commit()
                return rows
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True, connect_timeout=5) as conn:
            cursor = conn.execute(query, tuple(params))
            return cursor.fetchall() if cursor.description else []

    def comments(self, *, text: str | None = None, text_prefix: str | None = None) -> list[dict]:
        """Stored comments (all statuses), optionally only those with this text / prefix."""
        keys = ("id", "article_id", "author_name", "text", "status", "idempotency_key")
        query = f"SELECT {', '.join(keys)} FROM comments_comment"  # noqa: S608 - fixed names
        params: list[str] = []
        if text is not None:
            query += " WHERE text = %s"
            params.append(text)
        elif text_prefix is not None:
            query += " WHERE substr(text, 1, %s) = %s"
            params += [len(text_prefix), text_prefix]
        keys = ("id", "article_id", "author_name", "text", "status", "idempotency_key")
        return [
            dict(zip(keys, row, strict=True)) for row in self.sql(query + " ORDER BY id", params)
        ]

    @property
    def secret_key(self) -> str:
        """The server's SECRET_KEY: from its env, or the key ``broadsheet`` kept in its var dir."""
        return self.env.get("SECRET_KEY") or (self.var_dir / "secret_key").read_text().strip()

    def comment_pk(self, public_id: str) -> int:
        """The database id of the comment a 202 answer called ``public_id``."""
        from broadsheet.comments.public_ids import comment_pk

        return comment_pk(public_id, secret_key=self.secret_key)

    def manage(self, *args: str, timeout: float = 120) -> str:
        """Run ``broadsheet <args>`` against this server's database and var dir; return stdout."""
        done = subprocess.run(
            [str(BROADSHEET), *args],
            env=self.env,
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            raise ServerError(f"broadsheet {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def shell(self, code: str, timeout: float = 120) -> str:
        """Run Python ``code`` in ``broadsheet shell`` (Django ORM, this server's settings)."""
        return self.manage("shell", "-c", code, timeout=timeout)


def _server_env(
    var_dir: Path, database_url: str, port: int, redis_url: str | None, env: Mapping[str, str]
) -> dict[str, str]:
    base_url = f"http://{HOST}:{port}"
    server_env = base_env(var_dir, database_url)
    server_env.update(
        {
            "BROADSHEET_BASE_URL": base_url,
            "ALLOWED_HOSTS": f"{HOST},localhost",
            "CSRF_TRUSTED_ORIGINS": base_url,
            "COMMENT_RATE_LIMIT": "0/60",
            "COMMENT_MIN_SECONDS": "0",
            "DEBUG": "0",
            "LOG_LEVEL": "WARNING",
            # Servers sharing one Redis database must not see each other's pages or counters.
            "CACHE_KEY_PREFIX": f"broadsheet-live-{secrets.token_hex(4)}",
        }
    )
    if redis_url:
        server_env["REDIS_URL"] = redis_url
    server_env.update(env)
    return server_env


def create_live_server(
    database: str | None = None,
    *,
    workers: int | None = 2,
    threads: int | None = 4,
    env: Mapping[str, str] | None = None,
    redis: bool | str | None = None,
    use_template: bool = True,
    serve: bool = False,
) -> LiveServer:
    """Set up (but do not start) a server; the caller must ``close()`` it.

    ``database``: ``"sqlite"``, ``"postgres"`` or None (``default_database()``).
    ``redis``: None uses this process's REDIS_URL if set, False the local-memory cache, a
    string that Redis URL. ``use_template=False`` runs the full demo set-up for this server.
    ``serve=True`` runs ``broadsheet serve``; ``workers``/``threads`` None keep its defaults.
    """
    database = database or default_database()
    if database not in {"sqlite", "postgres"}:
        raise ValueError(f"database must be 'sqlite' or 'postgres', not {database!r}")
    if redis is None:
        redis_url = os.environ.get("REDIS_URL") or None
    elif redis is False:
        redis_url = None
    elif redis is True:
        redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    else:
        redis_url = redis
    pg_server = postgres_server_url()
    var_dir = Path(tempfile.mkdtemp(prefix="broadsheet-live-"))
    pg_name = None
    try:
        template = template_for(database, pg_server) if use_template else None
        if template is not None:
            shutil.copytree(template.var_dir, var_dir, copy_function=copy_file, dirs_exist_ok=True)
        if database == "postgres":
            pg_name = postgres_name()
            database_url = create_postgres_database(
                pg_server, pg_name, template.postgres_name if template else None
            )
        else:
            database_url = sqlite_url(var_dir)
        if template is None:
            run_demo_setup(base_env(var_dir, database_url))
        return LiveServer(
            database=database,
            var_dir=var_dir,
            database_url=database_url,
            workers=workers,
            threads=threads,
            env=_server_env(var_dir, database_url, port := free_port(), redis_url, env or {}),
            port=port,
            postgres_server=pg_server if pg_name else None,
            postgres_name=pg_name,
            serve=serve,
        )
    except BaseException:
        if pg_name:
            with contextlib.suppress(Exception):
                drop_postgres_database(pg_server, pg_name)
        shutil.rmtree(var_dir, ignore_errors=True)
        raise


@contextlib.contextmanager
def live_server_process(
    database: str | None = None,
    workers: int | None = 2,
    env: Mapping[str, str] | None = None,
    *,
    threads: int | None = 4,
    redis: bool | str | None = None,
    use_template: bool = True,
    serve: bool = False,
) -> Iterator[LiveServer]:
    """A started ``LiveServer``; stopped, and its database and var dir removed, on exit."""
    server = create_live_server(
        database,
        workers=workers,
        threads=threads,
        env=env,
        redis=redis,
        use_template=use_template,
        serve=serve,
    )

    def retarget(server: LiveServer) -> None:
        server.env = _server_env(
            server.var_dir, server.database_url, server.port, server.env.get("REDIS_URL"), env or {}
        )

    try:
        start_on_free_port(server, retarget)
        yield server
    finally:
        server.close()


def start_on_free_port(server: LiveServer, retarget: Callable[[LiveServer], None]) -> None:
    """Start ``server``; when another process took its port between ``free_port()`` and the
    bind, move it to another free port (``retarget`` points its environment there) and try
    again, three times in all."""
    for attempt in range(3):
        try:
            server.start()
            return
        except ServerError:
            if attempt == 2 or "in use" not in server.log_tail():
                raise
            server.port = free_port()
            retarget(server)
