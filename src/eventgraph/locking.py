"""One writer at a time for each saved graph: a lock file beside it.

A graph file is replaced whole by a rename, so it cannot carry its own lock; the lock is
the hidden file ``.NAME.lock`` in the same folder, held with the operating system's file
locks (through ``filelock``). The system lets go of such a lock when its process ends,
so a writer that is killed never leaves the graph locked. The last holder removes the
lock file before it lets go (a waiter that then gets the lock of a removed file tries
again), so no lock file stays beside the graph. Within one process the lock of a path
is one object, so a thread that holds it may take it again.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from eventgraph.errors import GraphLockedError

if TYPE_CHECKING:
    import filelock

__all__ = ["LOCK_TIMEOUT", "lock_path", "locked", "locked_if_free"]

LOCK_TIMEOUT = 300.0
"""Seconds a writer waits for another one to finish with the same graph before giving up."""

_LOCKS: dict[str, filelock.FileLock] = {}
_GUARD = threading.Lock()


def lock_path(path: str | os.PathLike[str]) -> Path:
    """The lock file of the graph at ``path``."""
    target = Path(path)
    return target.with_name(f".{target.name}.lock")


def _lock(path: str | os.PathLike[str]) -> filelock.FileLock:
    import filelock  # on first use: reading a graph seldom takes its lock, and a query need not import it

    key = os.path.abspath(lock_path(path))
    with _GUARD:
        if key not in _LOCKS:
            _LOCKS[key] = filelock.FileLock(key)
        return _LOCKS[key]


@contextmanager
def locked(path: str | os.PathLike[str], timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the lock of the graph at ``path``; ``GraphLockedError`` after ``timeout`` seconds of waiting.

    ``OSError`` when the lock file cannot be made (a folder we may not write to).
    """
    import filelock

    lock = _lock(path)
    try:
        lock.acquire(timeout=timeout)
    except filelock.Timeout:
        raise GraphLockedError(
            path,
            f"another process is writing this graph and has held its lock ({lock_path(path).name}) "
            f"for over {timeout:g} s; nothing written",
        ) from None
    try:
        yield
    finally:
        _release(lock)


def _release(lock: filelock.FileLock) -> None:
    if lock.lock_counter == 1:  # the outermost hold: nobody else may use the file until it is gone
        with contextlib.suppress(OSError):  # already gone, or a system that cannot remove an open file
            os.unlink(lock.lock_file)
    lock.release()


@contextmanager
def locked_if_free(path: str | os.PathLike[str]) -> Iterator[bool]:
    """Hold the lock of the graph at ``path`` if nobody does and it can be made; say whether it is held."""
    import filelock

    lock = _lock(path)
    try:
        lock.acquire(timeout=0)
    except (filelock.Timeout, OSError):
        yield False
        return
    try:
        yield True
    finally:
        _release(lock)
