"""Pausing Python's cyclic garbage collector around work that creates many objects at once.

Loading a large graph, or the first query on it (which builds its indexes), creates
millions of objects that stay alive. Each of the collector's passes walks every object
held, so with the collector running that work spends as much time in collections as in
itself; none of it makes reference cycles to reclaim. Objects are still freed as soon as
they are unused (reference counting); cycles made meanwhile are collected once the
collector runs again.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["paused_collection"]


@contextlib.contextmanager
def paused_collection() -> Iterator[None]:
    """Run the block without cyclic collections; the collector is left as it was found."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()
