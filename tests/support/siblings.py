"""More app processes on one database, as in production::

with live_server_process("postgres", redis=True) as a, sibling_server_process(a) as b:
    ...  # a and b share the database, the cache (Redis and key prefix) and the secret key
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from tests.support.newsroom import copy_file
from tests.support.processes import HOST, free_port
from tests.support.server import LiveServer, start_on_free_port

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
            copy_function=copy_file,
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

    def retarget(server: LiveServer) -> None:
        _retarget_env(server.env, server.port)
        server.env.update(env or {})

    try:
        start_on_free_port(server, retarget)
        yield server
    finally:
        server.close()
