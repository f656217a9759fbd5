"""Which of many character spans overlap a given one, in time that does not grow with their number.

Settling overlaps by comparing each span with every other is quadratic in a document's
length. Here spans are filed in fixed-width buckets of the text, each in every bucket it
touches, so the spans overlapping ``[start, end)`` are among those filed in the buckets
``[start, end)`` touches: a lookup costs the span's length over the bucket width plus the
few spans filed there.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Generic, TypeVar

__all__ = ["SpanIndex"]

T = TypeVar("T")


class SpanIndex(Generic[T]):
    """Items with character spans ``[start, end)``; ``overlapping`` finds those that overlap a span.

    Two spans overlap when ``a.start < b.end and b.start < a.end``; an empty span overlaps
    the spans that strictly contain its position.
    """

    def __init__(self, width: int = 64) -> None:
        self._width = width
        self._buckets: defaultdict[int, list[tuple[int, int, int, T]]] = defaultdict(list)
        self._added = 0

    def _range(self, start: int, end: int) -> range:
        return range(start // self._width, max(start, end - 1) // self._width + 1)

    def add(self, start: int, end: int, item: T) -> None:
        entry = (self._added, start, end, item)
        self._added += 1
        for bucket in self._range(start, end):
            self._buckets[bucket].append(entry)

    def overlapping(self, start: int, end: int) -> list[T]:
        """The items whose spans overlap ``[start, end)``, each once, in the order they were added."""
        found: dict[int, T] = {}
        for bucket in self._range(start, end):
            for number, s, e, item in self._buckets.get(bucket, ()):
                if s < end and start < e:
                    found[number] = item
        return [found[number] for number in sorted(found)]
