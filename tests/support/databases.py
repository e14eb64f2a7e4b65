"""Databases for live servers: a fresh PostgreSQL database per server, or a SQLite file.

A live PostgreSQL database is called ``broadsheet_live_<random>`` and is created on
:func:`postgres_server_url`'s server; whoever creates one drops it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def is_postgres_url(url: str) -> bool:
    return urlsplit(url).scheme in {"postgres", "postgresql", "pgsql"}


def default_database() -> str:
    """``"postgres"`` when this process runs with a PostgreSQL DATABASE_URL, else ``"sqlite"``."""
    return "postgres" if is_postgres_url(os.environ.get("DATABASE_URL", "")) else "sqlite"


def postgres_server_url() -> str:
    """The PostgreSQL server to create live databases on: DATABASE_URL's, or the local one."""
    url = os.environ.get("DATABASE_URL", "")
    return url if is_postgres_url(url) else DEFAULT_POSTGRES_URL


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


def create_postgres_database(server_url: str, name: str, template: str | None = None) -> str:
    from psycopg import sql

    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
    with _postgres_admin(server_url) as conn:
        conn.execute(statement)
    return _with_dbname(server_url, name)


def drop_postgres_database(server_url: str, name: str) -> None:
    from psycopg import sql

    with _postgres_admin(server_url) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def postgres_name() -> str:
    return f"broadsheet_live_{secrets.token_hex(6)}"


def sqlite_url(var_dir: Path) -> str:
    return f"sqlite:///{var_dir / 'broadsheet.sqlite3'}"
