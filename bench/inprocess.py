"""A database and var dir of their own for the benchmarks that run Broadsheet in this process.

``bench/article_cpu.py`` and ``bench/submission_cpu.py`` call :func:`own_database` before
``django.setup()`` and :func:`drop_database` at the end. Nothing of the repository is imported
here, so those scripts still measure whichever checkout ``PYTHONPATH`` names.
"""

from __future__ import annotations

import os
import tempfile
import uuid


def own_database(prefix: str) -> str | None:
    """Point this process at a new var dir and, on PostgreSQL, a new database.

    ``DATABASE_URL`` (if it names PostgreSQL) is the server to create the database on; without
    it the var dir's SQLite file is used. Returns the new PostgreSQL database's name (to drop),
    or None.
    """
    os.environ["BROADSHEET_VAR_DIR"] = tempfile.mkdtemp(prefix=f"{prefix}-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return None
    import psycopg

    name = f"{prefix.replace('-', '_')}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name
    return name


def drop_database(name: str | None, server_url: str) -> None:
    """Drop the database :func:`own_database` created on ``server_url`` (None: nothing)."""
    if name:
        import psycopg

        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
