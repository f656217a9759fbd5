"""Claims or meetings as columns: numbered in the order results list them, dates as arrays.

A query's filters become sorted arrays of these numbers (postings), intersected smallest
first; a date filter is a comparison on the date columns of the candidates only, or,
when it drives the query, a range of the facts sorted by start day. Because the numbers
follow the order results are listed in (document path, position in the document, id),
sorting an answer is sorting integers, and rows are built only for what is shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from eventgraph.packed import LazyNodes, PackedGraph

__all__ = ["NO_DAY", "DayBounds", "FactColumns", "day_number"]

NO_DAY = np.iinfo(np.int32).min
"""The day number of an undated fact (below every real day)."""

_EPOCH = 719163
"""``datetime.date(1970, 1, 1).toordinal()``: numpy's day 0."""

_LONG = 400
"""Intervals longer than this many days are kept apart, so a range lookup by start day stays short."""


def day_number(day: dt.date) -> int:
    return day.toordinal()


def _day(number: int) -> np.int32:
    """A day number as the columns hold it: searching an int32 array for a Python int
    would first copy the whole array to int64."""
    return np.int32(min(max(number, np.iinfo(np.int32).min), np.iinfo(np.int32).max))


class FactColumns:
    """One family of facts (claims, or meetings) as columns over their numbers."""

    def __init__(self, nodes: Sequence[Any], path_of: dict[str, str]) -> None:
        ordered = sorted(nodes, key=lambda n: (path_of.get(n.document, ""), n.span.start, n.id))
        count = len(ordered)
        start = np.full(count, NO_DAY, dtype=np.int32)
        end = np.full(count, NO_DAY, dtype=np.int32)
        for i, node in enumerate(ordered):
            if node.date is not None:
                start[i] = node.date.start.toordinal()
                end[i] = node.date.end.toordinal()
        self._packed: PackedGraph | None = None
        self._number: dict[str, int] | None = None
        self._setup(ordered, [n.id for n in ordered], start, end)

    @classmethod
    def from_packed(cls, packed: PackedGraph, family: str) -> FactColumns:
        """The columns a snapshot holds for ``family``: nothing decoded, ids read by number."""
        arrays = packed.facts[family]
        columns = cls.__new__(cls)
        columns._packed = packed
        columns._number = None
        columns._column_of = arrays.column_of
        columns._setup(LazyNodes(packed, arrays.order), _Ids(packed.ids, arrays.order), arrays.start, arrays.end)
        return columns

    def _setup(self, nodes: Sequence[Any], ids: Sequence[str], start: np.ndarray, end: np.ndarray) -> None:
        self.nodes: Sequence[Any] = nodes
        self.ids: Sequence[str] = ids
        self.start = start
        self.end = end
        dated = np.flatnonzero(self.start != NO_DAY).astype(np.int32)
        long = (self.end[dated] - self.start[dated]) > _LONG
        self._long = dated[long]
        short = dated[~long]
        order = np.argsort(self.start[short], kind="stable")
        self._by_start = short[order]
        self._starts = self.start[self._by_start]
        self._sorted_starts = np.sort(self.start[dated])
        self._sorted_ends = np.sort(self.end[dated])
        self.undated = np.flatnonzero(self.start == NO_DAY).astype(np.int32)
        self._periods: dict[str, tuple[np.ndarray, int]] = {}

    @property
    def number(self) -> dict[str, int]:
        """Each fact's number by id (for a snapshot's columns, listed when first asked for)."""
        if self._number is None:
            self._number = {node_id: i for i, node_id in enumerate(self.ids)}
        return self._number

    def number_of(self, node_id: str) -> int | None:
        if self._packed is not None:
            node = self._packed.number.get(node_id)
            column = -1 if node is None else int(self._column_of[node])
            return None if column < 0 else column
        return self.number.get(node_id)

    def of_nodes_unsorted(self, node_numbers: np.ndarray) -> np.ndarray:
        """Each node number's fact number, -1 for nodes of other kinds, in the order given."""
        return self._column_of[node_numbers]

    def of_nodes(self, node_numbers: np.ndarray) -> np.ndarray:
        """The sorted fact numbers of a snapshot's node numbers (nodes of other kinds left out)."""
        found = self._column_of[node_numbers]
        found = found[found >= 0]
        found.sort()
        return found

    def __len__(self) -> int:
        return len(self.ids)

    def periods(self, unit: str) -> tuple[np.ndarray, int]:
        """Each fact's year (``unit`` "Y") or month ("M") as a small code, computed once per
        unit: 0 for a fact undated or spanning two, else the period counted from 1970
        minus the returned base, plus one (so the codes can be tallied with ``bincount``)."""
        found = self._periods.get(unit)
        if found is None:
            first = (self.start.astype(np.int64) - _EPOCH).astype("datetime64[D]").astype(f"datetime64[{unit}]")
            last = (self.end.astype(np.int64) - _EPOCH).astype("datetime64[D]").astype(f"datetime64[{unit}]")
            first, last = first.astype(np.int64), last.astype(np.int64)
            within = (self.start != NO_DAY) & (first == last)
            base = int(first[within].min()) if within.any() else 0
            codes = np.where(within, first - base + 1, 0).astype(np.int32)
            found = self._periods[unit] = (codes, base)
        return found

    # -- postings -------------------------------------------------------------------------------
    def postings(self, ids: Iterable[str]) -> np.ndarray:
        """The sorted numbers of these ids (ids of other kinds are left out)."""
        if self._packed is not None:
            known = self._packed.number
            nodes = np.fromiter((n for i in ids if (n := known.get(i)) is not None), dtype=np.int32)
            return np.unique(self.of_nodes(nodes))
        number = self.number
        found = np.fromiter((n for i in ids if (n := number.get(i)) is not None), dtype=np.int32)
        found.sort()
        return found

    def ids_of(self, numbers: np.ndarray) -> list[str]:
        ids = self.ids
        if isinstance(ids, _Ids):
            return ids.take(numbers)
        return [ids[n] for n in numbers.tolist()]

    def nodes_of(self, numbers: np.ndarray) -> list[Any]:
        nodes = self.nodes
        return [nodes[n] for n in numbers.tolist()]

    # -- dates ------------------------------------------------------------------------------------
    # A date filter is bounds on a fact's first and last day: ``before D`` is last <= D - 1,
    # ``after D`` first >= D + 1, ``since D`` first >= D, ``until D`` last <= D, and
    # overlapping ``[A, B]`` first <= B and last >= A.
    def count_dated(self, bounds: DayBounds) -> int:
        """How many dated facts keep within the bounds, exactly, without listing them."""
        first_min, first_max, last_min, last_max = bounds
        starts, ends = self._sorted_starts, self._sorted_ends
        total = len(starts)
        if first_min is None and last_min is None and first_max is None and last_max is not None:
            return int(np.searchsorted(ends, _day(last_max), side="right"))
        if first_max is None and last_min is None and last_max is None and first_min is not None:
            return total - int(np.searchsorted(starts, _day(first_min), side="left"))
        if first_min is None and last_max is None:
            begun = total if first_max is None else int(np.searchsorted(starts, _day(first_max), side="right"))
            over = 0 if last_min is None else int(np.searchsorted(ends, _day(last_min), side="left"))
            return max(0, begun - over)
        return len(self.dated(bounds))

    def dated(self, bounds: DayBounds) -> np.ndarray:
        """The sorted numbers of the dated facts within the bounds."""
        first_min, first_max, last_min, last_max = bounds
        floor = max(
            (b for b in (first_min, None if last_min is None else last_min - _LONG) if b is not None), default=None
        )
        ceiling = min((b for b in (first_max, last_max) if b is not None), default=None)
        low = 0 if floor is None else int(np.searchsorted(self._starts, _day(floor), side="left"))
        high = len(self._starts) if ceiling is None else int(np.searchsorted(self._starts, _day(ceiling), side="right"))
        found = np.concatenate((self._by_start[low:high], self._long))
        found = self.keep_dated(found, bounds)
        found.sort()
        return found

    def keep_dated(self, numbers: np.ndarray, bounds: DayBounds) -> np.ndarray:
        """Those of ``numbers`` whose facts are dated within the bounds."""
        first_min, first_max, last_min, last_max = bounds
        start, end = self.start[numbers], self.end[numbers]
        keep = start != NO_DAY
        if first_min is not None:
            keep &= start >= first_min
        if first_max is not None:
            keep &= start <= first_max
        if last_min is not None:
            keep &= end >= last_min
        if last_max is not None:
            keep &= end <= last_max
        return numbers[keep]


class _Ids(Sequence[str]):
    """Ids by fact number, read from the snapshot's sorted ids."""

    def __init__(self, ids: np.ndarray, order: np.ndarray) -> None:
        self._ids = ids
        self._order = order

    def __len__(self) -> int:
        return len(self._order)

    def __getitem__(self, at: Any) -> Any:
        if isinstance(at, slice):
            return self._ids[self._order[at]].tolist()
        return self._ids[int(self._order[at])]

    def take(self, numbers: np.ndarray) -> list[str]:
        """The ids of these fact numbers."""
        return self._ids[self._order[numbers]].tolist()


DayBounds = tuple[int | None, int | None, int | None, int | None]
"""Bounds on a fact's first and last day: (first at least, first at most, last at least, last at most)."""
