"""Django's SQLite backend, with writers queued on an operating-system lock.

SQLite lets one writer in at a time; the others wait in its busy handler, which sleeps in
steps of up to 100 ms and checks again, so a writer often sleeps long after the lock was
freed. Under a burst of comment submissions that cost most of the embedded default's p95 and
some of its rate. Here a transaction first takes an exclusive ``flock`` on a file beside the
database (``<database>-writers.lock``), checking every millisecond, and only then sends
``BEGIN IMMEDIATE``; the next writer is in within a millisecond of the commit. The threads of
one process queue first on a ``threading.Lock`` for the same file (they sleep in the kernel
until it is free), so at most one thread per process polls the file lock.

Invariants:
- The locks are held exactly from before ``BEGIN`` to after ``COMMIT`` or ``ROLLBACK`` (and
  are dropped when the connection closes); savepoints inside a transaction do not touch them.
  The thread lock is always taken before the file lock and released after it.
- A writer waits at most the database's ``timeout`` (``OPTIONS["timeout"]``, 10 s) for both
  locks together, then goes on to SQLite's own busy handler, which decides as before: the
  locks order writers but never refuse one.
- Statements in autocommit (outside a transaction) do not take it; they wait in SQLite's busy
  handler as before. An in-memory database has no file beside it and no lock.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time

from django.db.backends.sqlite3 import base

POLL_SECONDS = 0.001

_thread_locks: dict[str, threading.Lock] = {}
_thread_locks_guard = threading.Lock()


def _thread_lock(path: str) -> threading.Lock:
    """The process's one lock for ``path`` (made once, under a guard)."""
    lock = _thread_locks.get(path)
    if lock is None:
        with _thread_locks_guard:
            lock = _thread_locks.setdefault(path, threading.Lock())
    return lock


class DatabaseWrapper(base.DatabaseWrapper):
    _writer_lock_fd: int | None = None
    _writer_thread_lock: threading.Lock | None = None

    def _lock_path(self) -> str | None:
        name = str(self.settings_dict.get("NAME") or "")
        if not name or name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
            return None
        return f"{name}-writers.lock"

    def _take_writer_lock(self) -> None:
        path = self._lock_path()
        if path is None or self._writer_thread_lock is not None:
            return
        timeout = float(self.settings_dict["OPTIONS"].get("timeout", 10))
        deadline = time.monotonic() + timeout
        thread_lock = _thread_lock(path)
        if not thread_lock.acquire(timeout=timeout):
            return  # SQLite's busy handler decides from here
        self._writer_thread_lock = thread_lock
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    self._drop_writer_lock()
                    return
                time.sleep(POLL_SECONDS)
            else:
                self._writer_lock_fd = fd
                return

    def _drop_writer_lock(self) -> None:
        fd, self._writer_lock_fd = self._writer_lock_fd, None
        thread_lock, self._writer_thread_lock = self._writer_thread_lock, None
        try:
            if fd is not None:
                os.close(fd)  # closing the descriptor releases its flock
        finally:
            if thread_lock is not None:
                thread_lock.release()

    def _start_transaction_under_autocommit(self) -> None:
        self._take_writer_lock()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._drop_writer_lock()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()
        finally:
            self._drop_writer_lock()

    def _rollback(self) -> None:
        try:
            super()._rollback()
        finally:
            self._drop_writer_lock()

    def _close(self) -> None:
        try:
            super()._close()
        finally:
            self._drop_writer_lock()
