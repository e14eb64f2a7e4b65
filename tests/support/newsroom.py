"""The demo newsroom a live server starts from: ``broadsheet demo --no-serve``, once per
process and kind of database, kept as a template that later servers copy (a file copy, or
``CREATE DATABASE ... TEMPLATE``). Templates are removed when the process exits.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tests.support.databases import (
    create_postgres_database,
    drop_postgres_database,
    postgres_name,
    sqlite_url,
)
from tests.support.processes import BIN_DIR, REPO_ROOT, ServerError

BROADSHEET = BIN_DIR / "broadsheet"
SETUP_TIMEOUT = 240.0  # seconds for `broadsheet demo --no-serve` (migrations on a slow disk)

# Settings read from the environment that must come from the caller's ``env``, not leak in
# from the shell that runs the tests.
NOT_INHERITED = (
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


def base_env(var_dir: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
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


def copy_file(src: str, dst: str) -> None:
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
            template.postgres_name = postgres_name()
            database_url = create_postgres_database(postgres_server, template.postgres_name)
        else:
            database_url = sqlite_url(var_dir)
        run_demo_setup(base_env(var_dir, database_url))
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
            drop_postgres_database(template.postgres_server, template.postgres_name)
    shutil.rmtree(template.var_dir, ignore_errors=True)


@atexit.register
def _remove_templates() -> None:
    with _templates_lock:
        for template in _templates.values():
            _remove_template(template)
        _templates.clear()


def template_for(database: str, postgres_server: str) -> _Template:
    key = (database, postgres_server if database == "postgres" else "")
    with _templates_lock:
        template = _templates.get(key)
        if template is None:
            template = _templates[key] = _build_template(database, postgres_server)
        return template
