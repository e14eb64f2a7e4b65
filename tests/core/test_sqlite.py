"""``core.sqlite``: SQLite writers queue on a lock file, held from BEGIN to COMMIT or ROLLBACK.

The wrapper is built on a database file of each test's own, whatever database the suite runs on.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time

import pytest
from django.db.utils import ConnectionHandler


@pytest.fixture(autouse=True)
def _own_databases(django_db_blocker, monkeypatch):
    """These wrappers are not the suite's database: pytest-django's guard does not apply.

    Once the browser tests' Playwright session has run, its event loop counts as running in
    this thread, and Django refuses a new connection from "async" code; these are plain
    synchronous calls on private connections.
    """
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def handler(tmp_path):
    settings = {
        "ENGINE": "broadsheet.core.sqlite",
        "NAME": str(tmp_path / "writers.sqlite3"),
        "OPTIONS": {"timeout": 5, "transaction_mode": "IMMEDIATE"},
    }
    connections = ConnectionHandler({"default": settings})
    with connections["default"].cursor() as cursor:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("CREATE TABLE t (n INTEGER)")
    yield connections
    connections.close_all()


def _locked_by_someone(path: str) -> bool:
    fd = os.open(path, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def _begin(connection) -> None:
    connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def _end(connection, *, commit: bool = True) -> None:
    connection.commit() if commit else connection.rollback()
    connection.set_autocommit(True)


def test_the_lock_is_held_from_begin_to_commit_and_to_rollback(handler):
    connection = handler["default"]
    lock = connection._lock_path()
    for commit in (True, False):
        assert not _locked_by_someone(lock)
        _begin(connection)
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO t VALUES (1)")
        assert _locked_by_someone(lock)
        _end(connection, commit=commit)
        assert not _locked_by_someone(lock)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM t")
        assert cursor.fetchone() == (1,)  # the committed row, not the rolled-back one


def test_closing_the_connection_drops_the_lock(handler):
    connection = handler["default"]
    _begin(connection)
    assert _locked_by_someone(connection._lock_path())
    connection.close()
    assert not _locked_by_someone(connection._lock_path())


def test_a_second_writer_begins_when_the_first_commits(handler):
    first = handler["default"]
    _begin(first)
    with first.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES (1)")
    began = {}

    def second_writer():
        connection = handler["default"]  # this thread's own connection
        _begin(connection)
        began["at"] = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO t VALUES (2)")
        _end(connection)

    thread = threading.Thread(target=second_writer)
    thread.start()
    time.sleep(0.3)
    assert "at" not in began  # queued on the lock file
    committed = time.monotonic()
    _end(first)
    thread.join(5)
    assert began["at"] >= committed
    assert began["at"] - committed < 0.1  # in at once, not after a sleep of SQLite's
    with first.cursor() as cursor:
        cursor.execute("SELECT n FROM t ORDER BY rowid")
        assert cursor.fetchall() == [(1,), (2,)]


def test_a_lock_held_too_long_hands_over_to_sqlite(handler):
    connection = handler["default"]
    connection.settings_dict["OPTIONS"]["timeout"] = 0.2
    fd = os.open(connection._lock_path(), os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)  # held by something that is not a writer of this database
    try:
        started = time.monotonic()
        _begin(connection)
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO t VALUES (3)")
        _end(connection)
        assert 0.2 <= time.monotonic() - started < 2
    finally:
        os.close(fd)


def test_an_in_memory_database_takes_no_lock():
    connections = ConnectionHandler(
        {"default": {"ENGINE": "broadsheet.core.sqlite", "NAME": ":memory:"}}
    )
    connection = connections["default"]
    assert connection._lock_path() is None
    _begin(connection)
    _end(connection)
    connections.close_all()
