"""``core.sqlite``: SQLite writers queue on a lock file, held from BEGIN to COMMIT or ROLLBACK.

The wrapper is built on a database file of each test's own, whatever database the suite runs on.
"""

from __future__ import annotations

import fcntl
import gc
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
def no_gc():
    """No garbage collection while a test times a hand-over in milliseconds: late in the
    suite a full collection of the test process's heap takes most of a second."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


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


def test_a_second_writer_begins_when_the_first_commits(handler, no_gc):
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


def test_threads_of_one_process_queue_without_polling_the_file(handler, monkeypatch):
    """Waiting threads sleep on the process's lock; only the one at its head polls the file."""
    from broadsheet.core.sqlite import base

    calls = []
    real_flock = fcntl.flock

    def counting_flock(fd, operation):
        calls.append(operation)
        return real_flock(fd, operation)

    monkeypatch.setattr(base.fcntl, "flock", counting_flock)
    first = handler["default"]
    _begin(first)
    order = []

    def writer(n: int) -> None:
        connection = handler["default"]
        _begin(connection)
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO t VALUES (%s)", [n])
        order.append(n)
        _end(connection)

    threads = [threading.Thread(target=writer, args=(n,)) for n in (2, 3, 4)]
    for thread in threads:
        thread.start()
    time.sleep(0.3)
    assert order == []
    assert len(calls) == 1  # the first writer's; three threads wait, none polls
    _end(first)
    for thread in threads:
        thread.join(5)
    assert sorted(order) == [2, 3, 4]
    assert len(calls) == 4  # one each, every lock free when its turn came


def test_a_thread_that_waited_too_long_releases_nothing_it_does_not_hold(handler, no_gc):
    """Past the timeout a waiter goes on to SQLite's busy handler, holding neither lock."""
    first = handler["default"]
    _begin(first)
    with first.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES (1)")
    # The new thread's connection opens with it: 0.2 s for the locks, 0.2 s more in SQLite.
    first.settings_dict["OPTIONS"]["timeout"] = 0.2
    result = {}

    def impatient_writer():
        connection = handler["default"]
        started = time.monotonic()
        _begin(connection)  # SQLite's busy handler waits for the first writer's COMMIT
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO t VALUES (2)")
        result["held"] = connection._writer_thread_lock is not None
        result["waited"] = time.monotonic() - started
        _end(connection)

    thread = threading.Thread(target=impatient_writer)
    thread.start()
    time.sleep(0.3)
    assert _locked_by_someone(first._lock_path())  # still the first writer's
    _end(first)
    thread.join(5)
    assert result["held"] is False
    assert 0.25 <= result["waited"] < 0.4
    assert not _locked_by_someone(first._lock_path())
    _begin(first)  # the process's lock is free again: not released twice, not left held
    assert first._writer_thread_lock is not None
    _end(first)


def test_an_in_memory_database_takes_no_lock():
    connections = ConnectionHandler(
        {"default": {"ENGINE": "broadsheet.core.sqlite", "NAME": ":memory:"}}
    )
    connection = connections["default"]
    assert connection._lock_path() is None
    _begin(connection)
    _end(connection)
    connections.close_all()
