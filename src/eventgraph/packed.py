"""A saved graph read in place: ids, kinds and edge ends as arrays, values decoded when asked for.

Loading a large graph as Python objects (one per node, one per edge, inside networkx)
takes minutes and gigabytes. A snapshot is instead read as columns: the sorted node ids,
a kind code per node, each edge's two ends and kind as integers, and each node's and
edge's saved record as bytes. Lookups (a node by id, the edges at a node, the claims a
speaker said) are array searches; a node or an edge becomes a Python value only when
something reads it. ``EventGraph`` answers its reading methods from here and turns into
a networkx graph only when it is changed or ``.nx`` is asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import orjson

from eventgraph.codec import CodecError, edge_from_dict, node_from_dict
from eventgraph.errors import GraphFormatError
from eventgraph.model import ALLOWED_EDGES, Edge, EdgeKind, Node, NodeKind

__all__ = ["EDGE_KINDS", "FAMILIES", "NODE_KINDS", "FactArrays", "FactPostings", "LazyNodes", "PackedGraph", "Relation"]

NODE_KINDS: tuple[NodeKind, ...] = tuple(NodeKind)
"""A node kind's code is its place here."""
EDGE_KINDS: tuple[EdgeKind, ...] = tuple(EdgeKind)
"""An edge kind's code is its place here."""
FAMILIES = ("claims", "meetings")
"""The facts kept as columns in the order results list them."""

_CACHED = 1 << 17
"""How many decoded nodes are kept for repeated lookups (the cache is emptied when full)."""


class FactArrays:
    """Claims or meetings in the order results list them: node numbers and day numbers."""

    def __init__(self, order: np.ndarray, start: np.ndarray, end: np.ndarray, node_count: int) -> None:
        self.order = order
        self.start = start
        self.end = end
        self.column_of = np.full(node_count, -1, dtype=np.int32)
        self.column_of[order] = np.arange(len(order), dtype=np.int32)


class PackedGraph:
    """The nodes and edges of a snapshot, as arrays over node numbers (ids in sorted order)."""

    def __init__(self, sections: Mapping[str, Any], source: object = "<bytes>") -> None:
        self.source = source
        # an array of objects: gathered by number at C speed, and not walked by the cyclic
        # collector (a list of a million ids would be, by every pass that reaches it)
        self.ids: np.ndarray = np.array(sections["ids"], dtype=object)
        self.kinds: np.ndarray = sections["kinds"]
        self._node_at: np.ndarray = sections["node_at"]
        self._node_records = sections["node_records"]
        self.edge_source: np.ndarray = sections["edge_source"]
        self.edge_target: np.ndarray = sections["edge_target"]
        self.edge_kind: np.ndarray = sections["edge_kind"]
        self._edge_at: np.ndarray = sections["edge_at"]
        self._edge_records = sections["edge_records"]
        self.fact_document: np.ndarray = sections["fact_document"]
        self._check()
        count = len(self.ids)
        if count > 1 and not bool(np.all(self.ids[:-1] < self.ids[1:])):  # strictly rising: unique too
            raise GraphFormatError(source, "corrupted: node ids are not unique and sorted")
        self.number: dict[str, int] = {node_id: i for i, node_id in enumerate(self.ids)}
        steps = np.arange(count + 1, dtype=np.int32)
        self._out_at = np.searchsorted(self.edge_source, steps)
        self.in_order = np.argsort(self.edge_target, kind="stable").astype(np.int32)
        self._in_at = np.searchsorted(self.edge_target[self.in_order], steps)
        self.facts = {
            family: FactArrays(
                sections[f"{family}_order"], sections[f"{family}_start"], sections[f"{family}_end"], count
            )
            for family in FAMILIES
        }
        self.quotes: np.ndarray = sections["claims_quote"]
        self.words: tuple[list[str], np.ndarray, np.ndarray] | None = sections.get("words")
        self._cache: dict[int, Node] = {}
        self._relations: dict[tuple[EdgeKind, bool, tuple[NodeKind, ...] | None], Relation] = {}
        self._documents: Relation | None = None

    # -- checks ---------------------------------------------------------------------------------
    def _check(self) -> None:
        """What arrays can say about themselves: lengths, bounds, kinds, edges joining allowed kinds."""
        count, edges = len(self.ids), len(self.edge_kind)
        problems = [
            (len(self.kinds) != count, "a kind per node"),
            (len(self._node_at) != count + 1, "a record per node"),
            (len(self.edge_source) != edges or len(self.edge_target) != edges, "two ends per edge"),
            (len(self._edge_at) != edges + 1, "a record per edge"),
            (len(self.fact_document) != count, "a document per fact"),
        ]
        for broken, what in problems:
            if broken:
                raise GraphFormatError(self.source, f"corrupted: the arrays do not hold {what}")
        for name, at, records in (
            ("node", self._node_at, self._node_records),
            ("edge", self._edge_at, self._edge_records),
        ):
            if len(at) and (at[0] != 0 or at[-1] != len(records) or bool(np.any(np.diff(at) < 0))):
                raise GraphFormatError(self.source, f"corrupted: {name} records do not tile their section")
        if count and int(self.kinds.max(initial=0)) >= len(NODE_KINDS):
            raise GraphFormatError(self.source, "corrupted: a node kind code out of range")
        if edges:
            if int(self.edge_kind.max()) >= len(EDGE_KINDS):
                raise GraphFormatError(self.source, "corrupted: an edge kind code out of range")
            for ends in (self.edge_source, self.edge_target):
                if int(ends.min()) < 0 or int(ends.max()) >= count:
                    raise GraphFormatError(self.source, "corrupted: an edge names a node that is not in the graph")
            if bool(np.any(np.diff(self.edge_source) < 0)):
                raise GraphFormatError(self.source, "corrupted: edges are not sorted by source")
            allowed = np.zeros((len(EDGE_KINDS), len(NODE_KINDS), len(NODE_KINDS)), dtype=bool)
            for kind, (sources, targets) in ALLOWED_EDGES.items():
                for s in sources:
                    for t in targets:
                        allowed[EDGE_KINDS.index(kind), NODE_KINDS.index(s), NODE_KINDS.index(t)] = True
            fits = allowed[self.edge_kind, self.kinds[self.edge_source], self.kinds[self.edge_target]]
            if not bool(fits.all()):
                bad = int(np.flatnonzero(~fits)[0])
                kind = EDGE_KINDS[int(self.edge_kind[bad])]
                ends = (
                    NODE_KINDS[int(self.kinds[self.edge_source[bad]])],
                    NODE_KINDS[int(self.kinds[self.edge_target[bad]])],
                )
                raise GraphFormatError(
                    self.source,
                    f"bad content at edges[{bad}].kind: a {kind} edge may not join a {ends[0]} to a {ends[1]}",
                )
        facts = np.flatnonzero(self.fact_document >= 0)
        if len(facts) and (
            int(self.fact_document.max()) >= count
            or bool(np.any(self.kinds[self.fact_document[facts]] != NODE_KINDS.index(NodeKind.DOCUMENT)))
        ):
            raise GraphFormatError(self.source, "corrupted: a fact's document is not a document of the graph")

    # -- nodes --------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.ids)

    def node(self, number: int) -> Node:
        found = self._cache.get(number)
        if found is None:
            found = self._decode_node(number)
            if len(self._cache) >= _CACHED:
                self._cache.clear()
            self._cache[number] = found
        return found

    def _decode_node(self, number: int) -> Node:
        where = f"nodes[{number}]"
        node = self._decoded(self._node_records, self._node_at, number, where, node_from_dict)
        if node.id != self.ids[number]:
            raise GraphFormatError(self.source, f"corrupted: {where} is not the node {self.ids[number]!r}")
        return node

    def _decoded(self, records: Any, at: np.ndarray, number: int, where: str, read: Callable[[Any, str], Any]) -> Any:
        """A saved record as a value, or ``GraphFormatError`` naming the file and the record."""
        record = records[int(at[number]) : int(at[number + 1])]
        try:
            return read(orjson.loads(record), where)
        except orjson.JSONDecodeError as exc:
            raise GraphFormatError(self.source, f"corrupted record at {where} ({exc})") from None
        except CodecError as exc:
            raise GraphFormatError(self.source, f"bad content at {exc}") from None

    def get(self, node_id: str) -> Node | None:
        number = self.number.get(node_id)
        return None if number is None else self.node(number)

    def numbers_of(self, kinds: Sequence[NodeKind]) -> np.ndarray:
        """The numbers (in id order) of the nodes of these kinds."""
        codes = [NODE_KINDS.index(k) for k in kinds]
        return np.flatnonzero(np.isin(self.kinds, codes)).astype(np.int32)

    def nodes(self, kind: NodeKind | None = None) -> Iterator[Node]:
        """Nodes in id order, decoded one by one (not kept, so memory stays flat)."""
        numbers = range(len(self.ids)) if kind is None else self.numbers_of([kind]).tolist()
        for number in numbers:
            yield self._cache.get(number) or self._decode_node(number)

    def kind_counts(self) -> dict[NodeKind, int]:
        counts = np.bincount(self.kinds, minlength=len(NODE_KINDS))
        return {kind: int(counts[i]) for i, kind in enumerate(NODE_KINDS)}

    # -- edges --------------------------------------------------------------------------------
    def edge(self, number: int) -> Edge:
        where = f"edges[{number}]"
        edge = self._decoded(self._edge_records, self._edge_at, number, where, edge_from_dict)
        if (edge.source, edge.target) != (self.ids[self.edge_source[number]], self.ids[self.edge_target[number]]):
            raise GraphFormatError(self.source, f"corrupted: {where} does not join the nodes its arrays give")
        return edge

    def edge_numbers(
        self, kind: EdgeKind | None = None, source: str | None = None, target: str | None = None
    ) -> np.ndarray:
        """The numbers of the edges of a kind, from a node, to a node (or all), in saved order."""
        if source is not None:
            number = self.number.get(source)
            if number is None:
                return np.zeros(0, dtype=np.int64)
            found = np.arange(self._out_at[number], self._out_at[number + 1], dtype=np.int64)
            if target is not None:
                found = found[self.edge_target[found] == self.number.get(target, -1)]
        elif target is not None:
            number = self.number.get(target)
            if number is None:
                return np.zeros(0, dtype=np.int64)
            found = np.sort(self.in_order[self._in_at[number] : self._in_at[number + 1]]).astype(np.int64)
        else:
            found = np.arange(len(self.edge_kind), dtype=np.int64)
        if kind is not None:
            found = found[self.edge_kind[found] == EDGE_KINDS.index(kind)]
        return found

    def edges(
        self, kind: EdgeKind | None = None, source: str | None = None, target: str | None = None
    ) -> Iterator[Edge]:
        for number in self.edge_numbers(kind, source, target).tolist():
            yield self.edge(number)

    def edge_kind_counts(self) -> dict[EdgeKind, int]:
        counts = np.bincount(self.edge_kind, minlength=len(EDGE_KINDS))
        return {kind: int(counts[i]) for i, kind in enumerate(EDGE_KINDS)}

    # -- relations ----------------------------------------------------------------------------
    def relation(self, kind: EdgeKind, *, from_source: bool, values: Sequence[NodeKind] | None = None) -> Relation:
        """Edges of one kind as a map from one end's id to the other ends' ids (``from_source``:
        keyed by source), keeping only other ends of the ``values`` kinds when given."""
        wanted = (kind, from_source, None if values is None else tuple(values))
        found = self._relations.get(wanted)
        if found is None:
            code = EDGE_KINDS.index(kind)
            if from_source:
                chosen = np.flatnonzero(self.edge_kind == code)
                keys, others = self.edge_source[chosen], self.edge_target[chosen]
            else:
                chosen = self.in_order[self.edge_kind[self.in_order] == code]
                keys, others = self.edge_target[chosen], self.edge_source[chosen]
            if values is not None:
                keep = np.isin(self.kinds[others], [NODE_KINDS.index(v) for v in values])
                keys, others = keys[keep], others[keep]
            found = self._relations[wanted] = Relation(self, keys, others)
        return found

    def documents_relation(self) -> Relation:
        """Each document's claims and meetings (the facts that name it as their source)."""
        if self._documents is None:
            facts = np.flatnonzero(self.fact_document >= 0).astype(np.int32)
            documents = self.fact_document[facts]
            order = np.argsort(documents, kind="stable")
            self._documents = Relation(self, documents[order], facts[order])
        return self._documents


class Relation(Mapping[str, frozenset[str]]):
    """A map from one end's id to the other ends' ids, over arrays sorted by the key's number.

    ``bounds`` holds, for every node number, where its other ends start (a node without
    any has an empty range), so a lookup is two array reads whatever the graph's size.
    Reading a key turns only its own numbers into ids (and remembers them); ``numbers``
    gives them as an array for work that stays in numbers.
    """

    def __init__(self, packed: PackedGraph, keys: np.ndarray, others: np.ndarray) -> None:
        self._packed = packed
        others = others.astype(np.int32)
        # each key's others come sorted (edges are sorted by their ends); repeats only from
        # several edges between one pair (roles under different titles), dropped here once
        fresh = np.ones(len(keys), dtype=bool)
        fresh[1:] = (keys[1:] != keys[:-1]) | (others[1:] != others[:-1])
        keys, others = keys[fresh], others[fresh]
        self.others = others
        self.bounds = _bounds(keys, len(packed))
        self.keys = np.flatnonzero(np.diff(self.bounds)).astype(np.int32)
        self._read: dict[str, frozenset[str]] = {}

    def key_of_each(self) -> np.ndarray:
        """The key's number beside each of ``others``."""
        return np.repeat(np.arange(len(self.bounds) - 1, dtype=np.int32), np.diff(self.bounds))

    def others_of(self, numbers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The other ends of many keys at once (node numbers): each one's place in ``numbers``
        and its node number, keys in the order given, each key's other ends sorted."""
        first = self.bounds[numbers]
        sizes = self.bounds[numbers + 1] - first
        which = np.repeat(np.arange(len(numbers)), sizes)
        offsets = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        return which, self.others[np.repeat(first, sizes) + offsets]

    def numbers(self, key: str) -> np.ndarray:
        """The other ends' node numbers for a key, sorted and distinct."""
        number = self._packed.number.get(key)
        if number is None:
            return self.others[:0]
        return self.others[self.bounds[number] : self.bounds[number + 1]]

    def count(self, key: str) -> int:
        """How many other ends a key has, without listing them."""
        return len(self.numbers(key))

    def __getitem__(self, key: str) -> frozenset[str]:
        found = self._read.get(key)
        if found is None:
            numbers = self.numbers(key)
            if not len(numbers):
                raise KeyError(key)
            found = frozenset(self._packed.ids[numbers].tolist())
            self._read[key] = found
        return found

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and len(self.numbers(key)) > 0

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed.ids[self.keys].tolist())

    def __len__(self) -> int:
        return len(self.keys)


class FactPostings:
    """A relation's other ends as fact numbers (claims or meetings in listing order), sorted
    for each key: what a query's ``by``, ``about`` or ``with`` clause starts from.

    Made once for the whole relation, so a key's postings are a slice, however many facts
    it has; other ends that are not facts of the family are left out.
    """

    def __init__(self, relation: Relation, column_of: np.ndarray) -> None:
        keys = relation.key_of_each()
        facts = column_of[relation.others]
        kept = facts >= 0
        keys, facts = keys[kept], facts[kept]
        ordered = np.sort((keys.astype(np.int64) << 32) | facts.astype(np.int64))
        self.facts = (ordered & 0xFFFFFFFF).astype(np.int32)
        self.facts.flags.writeable = False  # handed out in slices
        self.bounds = _bounds(keys, len(relation.bounds) - 1)

    def of(self, number: int) -> np.ndarray:
        """The sorted fact numbers of the key with this node number (a view: do not change)."""
        return self.facts[self.bounds[number] : self.bounds[number + 1]]


def _bounds(keys: np.ndarray, count: int) -> np.ndarray:
    """Where each of ``count`` node numbers' values start among values sorted by key, and
    where the last ends (a number that is no key has an empty range)."""
    bounds = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys, minlength=count), out=bounds[1:])
    return bounds


class LazyNodes(Sequence[Any]):
    """Nodes by number, decoded when read: a domain of a million claims without a million objects.

    The numbers stay an array (no list of a million ints for the cyclic collector to walk).
    """

    def __init__(self, packed: PackedGraph, numbers: np.ndarray) -> None:
        self._packed = packed
        self.numbers = numbers

    def __len__(self) -> int:
        return len(self.numbers)

    def __getitem__(self, at: Any) -> Any:
        if isinstance(at, slice):
            return [self._packed.node(n) for n in self.numbers[at].tolist()]
        return self._packed.node(int(self.numbers[at]))

    def __iter__(self) -> Iterator[Any]:
        node = self._packed.node
        return (node(n) for n in self.numbers.tolist())

    def ids(self) -> list[str]:
        return self._packed.ids[self.numbers].tolist()
