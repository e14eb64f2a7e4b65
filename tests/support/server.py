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

Several app processes on one database, as in production::

    with live_server_process("postgres", redis=True) as a, sibling_server_process(a) as b:
        ...  # a and b share the database, the cache (Redis and key prefix) and the secret key

Front caches in front of a server: ``tests.support.fronts``; talking to one as readers and
moderators do (tokens, the comment form, posts, the admin): ``tests.support.clients``.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN_DIR = Path(sys.executable).parent
BROADSHEET = BIN_DIR / "broadsheet"
GUNICORN = BIN_DIR / "gunicorn"
HOST = "127.0.0.1"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DEMO_ARTICLE_PATH = "/harbour-line-opens/"
DEMO_ADMIN = "admin"

SETUP_TIMEOUT = 240.0  # seconds for `broadsheet demo --no-serve` (migrations on a slow disk)
START_TIMEOUT = 60.0  # seconds until gunicorn answers
STOP_TIMEOUT = 10.0  # seconds between SIGTERM and SIGKILL
REQUEST_TIMEOUT = 30.0

# Settings read from the environment that must come from the caller's ``env``, not leak in
# from the shell that runs the tests.
_NOT_INHERITED = (
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "BROADSHEET_VAR_DIR",
    "BROADSHEET_BASE_URL",
    "BROADSHEET_ENV",
    "BROADSHEET_WORKER",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "TRUSTED_PROXIES",
    "FRONTEND_CACHE_URL",
    "CACHE_KEY_PREFIX",
    "PAGE_CACHE",
    "DEBUG",
    "COMMENT_RATE_LIMIT",
    "COMMENT_MIN_SECONDS",
    "COMMENT_FORM_MAX_AGE",
    "COMMENT_MAX_REQUEST_BYTES",
    "MAX_REQUEST_BYTES",
    "ADMIN_MAX_REQUEST_BYTES",
    "ADMIN_UPLOAD_MAX_REQUEST_BYTES",
    "REQUEST_BUFFER_BYTES",
    "REQUEST_READ_TIMEOUT",
    "REDIS_TIMEOUT",
    "REDIS_BREAKER_SECONDS",
    "PAGE_CACHE_PURGE_CHECK_SECONDS",
    "SECURE_SSL_REDIRECT",
    "WEB_CONCURRENCY",
    "ACCESS_LOG",
)


class ServerError(RuntimeError):
    """The server could not be set up, started or stopped."""


# --- databases ------------------------------------------------------------------------------


def _is_postgres_url(url: str) -> bool:
    return urlsplit(url).scheme in {"postgres", "postgresql", "pgsql"}


def default_database() -> str:
    """``"postgres"`` when this process runs with a PostgreSQL DATABASE_URL, else ``"sqlite"``."""
    return "postgres" if _is_postgres_url(os.environ.get("DATABASE_URL", "")) else "sqlite"


def postgres_server_url() -> str:
    """The PostgreSQL server to create live databases on: DATABASE_URL's, or the local one."""
    url = os.environ.get("DATABASE_URL", "")
    return url if _is_postgres_url(url) else DEFAULT_POSTGRES_URL


def _with_dbname(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


@contextlib.contextmanager
def _postgres_admin(server_url: str):
    import psycopg

    with psycopg.connect(
        _with_dbname(server_url, "postgres"), autocommit=True, connect_timeout=5
    ) as conn:
        yield conn


def _create_postgres_database(server_url: str, name: str, template: str | None = None) -> str:
    from psycopg import sql

    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
    with _postgres_admin(server_url) as conn:
        conn.execute(statement)
    return _with_dbname(server_url, name)


def _drop_postgres_database(server_url: str, name: str) -> None:
    from psycopg import sql

    with _postgres_admin(server_url) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def _postgres_name() -> str:
    return f"broadsheet_live_{secrets.token_hex(6)}"


def _sqlite_url(var_dir: Path) -> str:
    return f"sqlite:///{var_dir / 'broadsheet.sqlite3'}"


# --- set-up: the demo newsroom, once per process and kind ---------------------------------------


def _base_env(var_dir: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "broadsheet.settings",
            "BROADSHEET_ENV": "development",
            "BROADSHEET_VAR_DIR": str(var_dir),
            "DATABASE_URL": database_url,
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def run_demo_setup(env: Mapping[str, str]) -> str:
    """Run ``broadsheet demo --no-serve`` (migrate, collectstatic, demo data); return output."""
    try:
        done = subprocess.run(
            [str(BROADSHEET), "demo", "--no-serve"],
            env=dict(env),
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=SETUP_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ServerError(f"broadsheet demo --no-serve took over {SETUP_TIMEOUT}s") from exc
    if done.returncode != 0:
        raise ServerError(
            f"broadsheet demo --no-serve failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
        )
    return done.stdout


@dataclass
class _Template:
    var_dir: Path
    postgres_server: str | None = None
    postgres_name: str | None = None


_templates: dict[tuple[str, str], _Template] = {}
_templates_lock = threading.Lock()


def _copy_file(src: str, dst: str) -> None:
    # Collected static files are only read: link them rather than copy 8 MB per server.
    if f"{os.sep}static{os.sep}" in src:
        try:
            os.link(src, dst)
            return
        except OSError:
            pass
    shutil.copy2(src, dst)


def _build_template(database: str, postgres_server: str) -> _Template:
    var_dir = Path(tempfile.mkdtemp(prefix="broadsheet-live-template-"))
    template = _Template(var_dir=var_dir)
    try:
        if database == "postgres":
            template.postgres_server = postgres_server
            template.postgres_name = _postgres_name()
            database_url = _create_postgres_database(postgres_server, template.postgres_name)
        else:
            database_url = _sqlite_url(var_dir)
        run_demo_setup(_base_env(var_dir, database_url))
        if database == "sqlite":
            # Fold the write-ahead log into the main file so a plain copy is complete.
            with contextlib.closing(sqlite3.connect(var_dir / "broadsheet.sqlite3")) as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except BaseException:
        _remove_template(template)
        raise
    return template


def _remove_template(template: _Template) -> None:
    if template.postgres_name and template.postgres_server:
        with contextlib.suppress(Exception):
            _drop_postgres_database(template.postgres_server, template.postgres_name)
    shutil.rmtree(template.var_dir, ignore_errors=True)


@atexit.register
def _remove_templates() -> None:
    with _templates_lock:
        for template in _templates.values():
            _remove_template(template)
        _templates.clear()


def _template_for(database: str, postgres_server: str) -> _Template:
    key = (database, postgres_server if database == "postgres" else "")
    with _templates_lock:
        template = _templates.get(key)
        if template is None:
            template = _templates[key] = _build_template(database, postgres_server)
        return template


# --- processes ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def new_session() -> requests.Session:
    """A requests session that talks to 127.0.0.1 directly (never through a proxy)."""
    session = requests.Session()
    session.trust_env = False
    return session


EXITED, SILENT = "exited", "silent"  # why LoggedProcess._wait_answering gave up


class LoggedProcess:
    """A child process serving 127.0.0.1:``port``, in its own process group, its output in
    ``log_path``. Subclasses set ``port`` and ``log_path`` and start it with :meth:`_spawn`."""

    port: int
    log_path: Path
    _process: subprocess.Popen | None = None
    _log = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process and self._process.poll() is None else None

    def _spawn(self, command: list[str], **popen) -> None:
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in _reap
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: _kill_group reaches its children
            **popen,
        )

    def _stop(self, stop_signal: int, timeout: float) -> None:
        """``stop_signal``, then SIGKILL to the whole group after ``timeout``."""
        process = self._process
        if process is None:
            return
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(stop_signal)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout)
        self._kill_group(process)
        self._reap()

    @staticmethod
    def _kill_group(process: subprocess.Popen) -> None:
        # The group id is the child's pid (start_new_session): only our own processes.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(5)

    def _reap(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None
        self._process = None

    def _wait_answering(
        self,
        timeout: float,
        *,
        headers: Mapping[str, str] | None = None,
        accept: Callable[[requests.Response], bool] = lambda response: True,
    ) -> str | None:
        """Ask ``/robots.txt`` every 0.1 s until an answer is accepted: None then, ``EXITED``
        if the process ended first, ``SILENT`` after ``timeout``. Stops nothing itself."""
        deadline = time.monotonic() + timeout
        with new_session() as session:
            while time.monotonic() < deadline:
                if self._process is None or self._process.poll() is not None:
                    return EXITED
                try:
                    response = session.get(
                        f"{self.url}/robots.txt", headers=headers, timeout=2, allow_redirects=False
                    )
                    if accept(response):
                        return None
                except requests.RequestException:
                    pass
                time.sleep(0.1)
        return SILENT

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


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
        self._postgres_name = postgres_name
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
            if self._postgres_name and self._postgres_server:
                _drop_postgres_database(self._postgres_server, self._postgres_name)
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
    server_env = _base_env(var_dir, database_url)
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
        template = _template_for(database, pg_server) if use_template else None
        if template is not None:
            shutil.copytree(template.var_dir, var_dir, copy_function=_copy_file, dirs_exist_ok=True)
        if database == "postgres":
            pg_name = _postgres_name()
            database_url = _create_postgres_database(
                pg_server, pg_name, template.postgres_name if template else None
            )
        else:
            database_url = _sqlite_url(var_dir)
        if template is None:
            run_demo_setup(_base_env(var_dir, database_url))
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
                _drop_postgres_database(pg_server, pg_name)
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
    try:
        for attempt in range(3):
            try:
                server.start()
                break
            except ServerError:
                # Another process may have taken the port between free_port() and the bind.
                if attempt == 2 or "in use" not in server.log_tail():
                    raise
                server.port = free_port()
                server.env = _server_env(
                    server.var_dir,
                    server.database_url,
                    server.port,
                    server.env.get("REDIS_URL"),
                    env or {},
                )
        yield server
    finally:
        server.close()


# --- more app processes on one database --------------------------------------------------------

_PORT_KEYS = ("BROADSHEET_BASE_URL", "CSRF_TRUSTED_ORIGINS")


def _retarget_env(env: dict[str, str], port: int) -> None:
    """Point the settings that name the server's own address at ``port``."""
    base_url = f"http://{HOST}:{port}"
    for key in _PORT_KEYS:
        env[key] = base_url


def create_sibling_server(
    primary: LiveServer,
    *,
    workers: int | None = None,
    threads: int | None = None,
    env: Mapping[str, str] | None = None,
    serve: bool | None = None,
) -> LiveServer:
    """Set up (not start) another app process on ``primary``'s database; caller ``close()``s it.

    The sibling shares what production app processes share: the database, the cache (the same
    ``REDIS_URL`` and ``CACHE_KEY_PREFIX``) and the secret key (its var dir is a copy of the
    primary's). It has its own port, base URL and log. ``workers``, ``threads`` and ``serve``
    default to the primary's; ``env`` is applied on top of the primary's environment. Closing
    the sibling stops it and removes its var dir; the database stays with the primary.
    """
    var_dir = Path(tempfile.mkdtemp(prefix="broadsheet-live-sibling-"))
    try:
        shutil.copytree(
            primary.var_dir,
            var_dir,
            copy_function=_copy_file,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns("server.log", "broadsheet.sqlite3*", "varnish*"),
        )
        port = free_port()
        sibling_env = dict(primary.env)
        sibling_env["BROADSHEET_VAR_DIR"] = str(var_dir)
        _retarget_env(sibling_env, port)
        sibling_env.update(env or {})
        return LiveServer(
            database=primary.database,
            var_dir=var_dir,
            database_url=primary.database_url,
            workers=primary.workers if workers is None else workers,
            threads=primary.threads if threads is None else threads,
            env=sibling_env,
            port=port,
            serve=primary.serve if serve is None else serve,
            sqlite_file=primary.sqlite_path if primary.database == "sqlite" else None,
        )
    except BaseException:
        shutil.rmtree(var_dir, ignore_errors=True)
        raise


@contextlib.contextmanager
def sibling_server_process(
    primary: LiveServer,
    *,
    workers: int | None = None,
    threads: int | None = None,
    env: Mapping[str, str] | None = None,
    serve: bool | None = None,
) -> Iterator[LiveServer]:
    """A started sibling of ``primary`` (see ``create_sibling_server``); stopped on exit."""
    server = create_sibling_server(primary, workers=workers, threads=threads, env=env, serve=serve)
    try:
        for attempt in range(3):
            try:
                server.start()
                break
            except ServerError:
                if attempt == 2 or "in use" not in server.log_tail():
                    raise
                server.port = free_port()
                _retarget_env(server.env, server.port)
                if env:
                    server.env.update(env)
        yield server
    finally:
        server.close()
