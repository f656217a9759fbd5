"""What one document may cost: characters, and seconds of extraction.

Extraction time and memory grow with a document's length, so a batch fed one enormous
document could run for hours. ``Budget`` bounds each document; a document over it is
reported by name (with how to raise the limit) and the rest of the batch goes on.

The time limit is kept two ways: in the main thread of a Unix process an interval timer
interrupts the extraction wherever it is; anywhere else (another thread, Windows) the
stages check the clock between themselves and between parser batches.
"""

from __future__ import annotations

import contextvars
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import attrs

from eventgraph.errors import BudgetError

__all__ = ["DEFAULT_BUDGET", "DEFAULT_MAX_CHARS", "DEFAULT_MAX_SECONDS", "Budget", "check_time", "time_limit"]

DEFAULT_MAX_CHARS = 2_000_000
"""Characters a document may hold (about 300 pages); ``--max-chars`` raises it."""
DEFAULT_MAX_SECONDS = 600.0
"""Seconds one document's extraction may take; ``--max-seconds`` raises it."""

_DEADLINE: contextvars.ContextVar[tuple[float, float] | None] = contextvars.ContextVar("deadline", default=None)


@attrs.frozen
class Budget:
    """The most one document may cost; ``None`` lifts a limit."""

    max_chars: int | None = attrs.field(
        default=DEFAULT_MAX_CHARS, validator=attrs.validators.optional(attrs.validators.gt(0))
    )
    max_seconds: float | None = attrs.field(
        default=DEFAULT_MAX_SECONDS, validator=attrs.validators.optional(attrs.validators.gt(0))
    )

    def refusal(self, text: str) -> str | None:
        """Why a document of this text is not extracted at all, or None."""
        if self.max_chars is not None and len(text) > self.max_chars:
            return (
                f"too long to extract ({len(text):,} characters; the limit is {self.max_chars:,}, "
                "raise it with --max-chars)"
            )
        return None


DEFAULT_BUDGET = Budget()


def _over_time(seconds: float) -> BudgetError:
    return BudgetError(
        f"extraction stopped after {seconds:g} s, the limit for one document (raise it with --max-seconds)"
    )


def check_time() -> None:
    """Raise ``BudgetError`` when the extraction under way has used up its time."""
    deadline = _DEADLINE.get()
    if deadline is not None and time.monotonic() > deadline[0]:
        raise _over_time(deadline[1])


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Run the body with ``seconds`` to finish, or raise ``BudgetError`` (no limit when None)."""
    if seconds is None:
        yield
        return
    token = _DEADLINE.set((time.monotonic() + seconds, seconds))
    timer = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0  # nobody else's timer is running
    )
    previous = None
    if timer:

        def interrupt(signum: int, frame: FrameType | None) -> None:
            raise _over_time(seconds)

        previous = signal.signal(signal.SIGALRM, interrupt)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        if timer:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        _DEADLINE.reset(token)
