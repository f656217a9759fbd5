"""Lookups over an event graph, built once per version of the graph.

The query planner asks these indexes how many facts each filter would keep and starts
from the smallest set, so a selective filter never scans the whole graph.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from eventgraph.ids import fold
from eventgraph.model import Claim, EdgeKind, Entity, EntityKind, Meeting, NodeKind

if TYPE_CHECKING:
    from eventgraph.graph import EventGraph
    from eventgraph.packed import PackedGraph

__all__ = ["GraphIndex", "name_key"]

_ARTICLES = ("the ", "a ", "an ")


def name_key(name: str) -> str:
    """The key names are indexed under: folded, without a leading article or possessive."""
    key = fold(name).replace("'s ", " ").strip(" .,'\"")
    for article in _ARTICLES:
        if key.startswith(article):
            key = key[len(article) :]
    return key


class GraphIndex:
    """Read-only lookups: names, speakers, topics, participants, places, documents, dates."""

    def __init__(self, graph: EventGraph) -> None:
        self.graph = graph
        self.names: dict[str, set[str]] = defaultdict(set)
        self.surnames: dict[str, set[str]] = defaultdict(set)
        self.said: dict[str, set[str]] = defaultdict(set)
        self.about: dict[str, set[str]] = defaultdict(set)
        self.participants: dict[str, set[str]] = defaultdict(set)
        self.held_in: dict[str, set[str]] = defaultdict(set)
        self.convened_by: dict[str, set[str]] = defaultdict(set)
        self.by_document: dict[str, set[str]] = defaultdict(set)
        self.mentioned_in: dict[str, set[str]] = defaultdict(set)
        self.located_in: dict[str, set[str]] = defaultdict(set)
        self.members: dict[str, set[str]] = defaultdict(set)
        self._dated: list[tuple[dt.date, dt.date, str]] | None = None
        self._undated: set[str] | None = None
        if graph.packed is not None:
            self._from_packed(graph.packed)
        else:
            self._build()

    def _name(self, node: Entity) -> None:
        for alias in (node.name, *node.aliases):
            self.names[name_key(alias)].add(node.id)
        parts = node.name.split()
        if node.kind.value == "person" and len(parts) >= 2 and "(" not in node.name:
            self.surnames[name_key(parts[-1])].add(node.id)

    def _from_packed(self, packed: PackedGraph) -> None:
        """Names from the entities, decoded (they are few); the relations as lookups over the
        edge arrays, read key by key (``eventgraph.packed.Relation``)."""
        for number in packed.numbers_of([NodeKind(k.value) for k in EntityKind]).tolist():
            self._name(packed.node(number))  # type: ignore[arg-type]
        forward = {"said": EdgeKind.SAID, "participants": EdgeKind.PARTICIPANT}
        backward = {
            "about": EdgeKind.ABOUT,
            "held_in": EdgeKind.HELD_IN,
            "convened_by": EdgeKind.CONVENED_BY,
            "mentioned_in": EdgeKind.MENTIONS,
            "located_in": EdgeKind.LOCATED_IN,
            "members": EdgeKind.ROLE,
        }
        for name, kind in forward.items():
            setattr(self, name, packed.relation(kind, from_source=True))
        for name, kind in backward.items():
            setattr(self, name, packed.relation(kind, from_source=False))
        self.by_document = packed.documents_relation()  # type: ignore[assignment]

    def _build(self) -> None:
        g = self.graph
        for node in g.nodes():
            if isinstance(node, Entity):
                self._name(node)
            elif isinstance(node, (Claim, Meeting)):
                self.by_document[node.document].add(node.id)
        edge_maps = {
            EdgeKind.SAID: self.said,
            EdgeKind.PARTICIPANT: self.participants,
        }
        for edge in g.edges():
            if edge.kind in edge_maps:
                edge_maps[edge.kind][edge.source].add(edge.target)
            elif edge.kind is EdgeKind.ABOUT:
                self.about[edge.target].add(edge.source)
            elif edge.kind is EdgeKind.HELD_IN:
                self.held_in[edge.target].add(edge.source)
            elif edge.kind is EdgeKind.CONVENED_BY:
                self.convened_by[edge.target].add(edge.source)
            elif edge.kind is EdgeKind.MENTIONS:
                self.mentioned_in[edge.target].add(edge.source)
            elif edge.kind is EdgeKind.LOCATED_IN:
                self.located_in[edge.target].add(edge.source)
            elif edge.kind is EdgeKind.ROLE:
                self.members[edge.target].add(edge.source)

    # -- names --------------------------------------------------------------------------
    def entities_named(self, name: str, kinds: Iterable[NodeKind | str] | None = None) -> list[Entity]:
        """Entities with this name or alias (or, failing that, people with this surname), in id order."""
        wanted = {NodeKind(str(k)) for k in kinds} if kinds else None
        found = []
        key = name_key(name)
        ids = self.names.get(key) or self.surnames.get(key, ())
        for node_id in sorted(ids):
            entity = self.graph.node(node_id)
            if wanted is None or NodeKind(entity.kind.value) in wanted:  # type: ignore[union-attr]
                found.append(entity)
        return found  # type: ignore[return-value]

    def known_names(self) -> list[str]:
        return sorted(self.names)

    # -- places -------------------------------------------------------------------------
    def places_within(self, location_id: str) -> set[str]:
        """A place or country and every place recorded as lying inside it, transitively."""
        seen = {location_id}
        todo = [location_id]
        while todo:
            for inner in self.located_in.get(todo.pop(), ()):
                if inner not in seen:
                    seen.add(inner)
                    todo.append(inner)
        return seen

    # -- dates --------------------------------------------------------------------------
    def dated_between(self, start: dt.date | None, end: dt.date | None) -> set[str]:
        """Ids of dated claims and meetings whose interval overlaps ``[start, end]``."""
        dated = self.dated
        stop = len(dated) if end is None else bisect.bisect_right(dated, (end, dt.date.max, "\uffff"))
        return {i for s, e, i in dated[:stop] if start is None or e >= start}

    @property
    def dated(self) -> list[tuple[dt.date, dt.date, str]]:
        """Dated claims and meetings as (first day, last day, id), sorted; listed when first asked for."""
        if self._dated is None:
            self._list_dates()
        return self._dated  # type: ignore[return-value]

    @property
    def undated(self) -> set[str]:
        """Ids of the claims and meetings without a date."""
        if self._undated is None:
            self._list_dates()
        return self._undated  # type: ignore[return-value]

    def _list_dates(self) -> None:
        dated: list[tuple[dt.date, dt.date, str]] = []
        undated: set[str] = set()
        for kind in (NodeKind.CLAIM, NodeKind.MEETING):
            for node in self.graph.nodes(kind):
                if node.date is None:  # type: ignore[union-attr]
                    undated.add(node.id)
                else:
                    dated.append((node.date.start, node.date.end, node.id))  # type: ignore[union-attr]
        dated.sort()
        self._dated, self._undated = dated, undated
