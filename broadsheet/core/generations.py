"""Per-path generation numbers that every process on the machine shares, without Redis.

In the embedded default the page cache lives in each process's memory. A purge made by
another process (a cron job's ``broadsheet maintenance``, ``broadsheet shell``, an import)
must still reach the server's cached pages, so the generations live in a small file under
``var/`` that every process maps into memory.

Invariants:
- The file holds ``SLOTS`` unsigned 64-bit counters. A path uses the slot its hash picks, so
  two paths may share one: purging either then drops both. That costs a page render, never a
  stale page, since a page is served only while its slot still holds the number it was
  stored under.
- Raising a slot takes an exclusive ``flock`` on the file, so increments from several
  processes are never lost. Reading takes no lock: it reads eight aligned bytes of the map.
- The file is created at its full size on first use; a shorter file (another version) is
  grown, never shrunk.
"""

from __future__ import annotations

import fcntl
import hashlib
import mmap
import os
import struct
import threading
from pathlib import Path

SLOTS = 1 << 16
_SLOT = struct.Struct("<Q")
_SIZE = SLOTS * _SLOT.size
_maps: dict[str, tuple[int, mmap.mmap]] = {}
_maps_lock = threading.Lock()
_bump_lock = threading.Lock()  # flock excludes other processes, not this one's threads


def _slot(path: str) -> int:
    digest = hashlib.sha1(path.encode("utf-8", "surrogatepass"), usedforsecurity=False).digest()
    return int.from_bytes(digest[:8], "little") % SLOTS * _SLOT.size


def _open(file: str) -> tuple[int, mmap.mmap]:
    found = _maps.get(file)
    if found is not None:
        return found
    with _maps_lock:
        found = _maps.get(file)
        if found is None:
            Path(file).parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(file, os.O_RDWR | os.O_CREAT, 0o600)
            if os.fstat(fd).st_size < _SIZE:
                fcntl.flock(fd, fcntl.LOCK_EX)
                try:
                    if os.fstat(fd).st_size < _SIZE:
                        os.ftruncate(fd, _SIZE)
                finally:
                    fcntl.flock(fd, fcntl.LOCK_UN)
            found = _maps[file] = (fd, mmap.mmap(fd, _SIZE))
        return found


def current(file: str, path: str) -> int:
    """The path's generation now (0 for a path never purged)."""
    return _SLOT.unpack_from(_open(file)[1], _slot(path))[0]


def bump(file: str, path: str) -> int:
    """Raise the path's generation, in every process that maps ``file``; return the new one."""
    fd, shared = _open(file)
    offset = _slot(path)
    with _bump_lock:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            value = (_SLOT.unpack_from(shared, offset)[0] + 1) % (1 << 64)
            _SLOT.pack_into(shared, offset, value)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    return value
