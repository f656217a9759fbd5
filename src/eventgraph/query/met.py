"""``who met X`` over a snapshot's arrays: the pairs of (meeting, counterpart) in numbers.

For each meeting with X, the counterparts are the other parties, only the people among
them when there are any, by name; rows list the meetings in their order and each
meeting's counterparts by (name, id). On a snapshot the meetings' parties are arrays
(``eventgraph.packed.Relation``), so the pairs are found with array operations and
become nodes only for the rows that are read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from eventgraph.model import EdgeKind, EntityKind, NodeKind
from eventgraph.packed import NODE_KINDS
from eventgraph.query.context import Context

__all__ = ["LazyPairs", "met_pairs", "name_ranks"]

_PERSON = NODE_KINDS.index(NodeKind.PERSON)


def met_pairs(ctx: Context, meetings: np.ndarray, party: frozenset[str]) -> list[tuple[int, int]]:
    """(meeting node number, counterpart node number) for the meetings (fact numbers, in row
    order) where ``party`` (entity ids, the same on every date) took part."""
    packed = ctx.packed
    assert packed is not None
    nodes = packed.facts["meetings"].order[meetings]
    which, others = packed.relation(EdgeKind.PARTICIPANT, from_source=False).others_of(nodes)
    own = np.fromiter((packed.number[p] for p in party if p in packed.number), dtype=np.int32)
    kept = ~np.isin(others, own)
    which, others = which[kept], others[kept]
    person = packed.kinds[others] == _PERSON
    with_people = np.bincount(which[person], minlength=len(nodes)) > 0
    kept = person | ~with_people[which]
    which, others = which[kept], others[kept]
    order = np.lexsort((name_ranks(ctx)[others], which))
    return list(zip(nodes[which[order]].tolist(), others[order].tolist(), strict=True))


def name_ranks(ctx: Context) -> np.ndarray:
    """Each node's place among a snapshot's entities ordered by (lower-case name, id), once per graph."""
    packed = ctx.packed
    assert packed is not None
    found = ctx.cache.get("entity name ranks")
    if found is None:
        entities = packed.numbers_of([NodeKind(k.value) for k in EntityKind])
        keyed = sorted(entities.tolist(), key=lambda n: (packed.node(n).name.lower(), packed.ids[n]))  # type: ignore[union-attr]
        found = np.zeros(len(packed), dtype=np.int32)
        found[np.array(keyed, dtype=np.int32)] = np.arange(len(keyed), dtype=np.int32)
        ctx.cache["entity name ranks"] = found
    return found


class LazyPairs(Sequence[tuple[Any, Any]]):
    """Pairs of node numbers read as pairs of nodes."""

    def __init__(self, pairs: list[tuple[int, int]], node: Callable[[int], Any]) -> None:
        self._pairs = pairs
        self._node = node

    def __len__(self) -> int:
        return len(self._pairs)

    def __getitem__(self, at: Any) -> Any:
        if isinstance(at, slice):
            return LazyPairs(self._pairs[at], self._node)
        meeting, other = self._pairs[at]
        return self._node(meeting), self._node(other)
