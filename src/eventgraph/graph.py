"""The event graph: typed nodes and edges over a ``networkx.MultiDiGraph``.

``EventGraph`` keeps one value per node id and one edge per (kind, source, target), and
merges values when the same fact arrives twice, so ingestion is idempotent and order
independent. The underlying networkx graph stays reachable as ``graph.nx`` for analyses
the library does not offer; change it only through this class.

The graph is a container: it imports nothing built on top of it. ``query``, ``subgraph``,
``save``, ``load`` and ``validate`` are thin methods over operations that the layers above
supply through ``provide_operations`` (``eventgraph.operations`` does it when the package is
imported), as networkx keeps its algorithms apart from its graph classes.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from os import PathLike
from typing import TYPE_CHECKING, Any

import attrs

from eventgraph.collection import paused_collection
from eventgraph.documents import close_document_names, documents_named
from eventgraph.errors import ValidationError
from eventgraph.index import GraphIndex
from eventgraph.merging import hull, merge_edges, merge_nodes, pick_name
from eventgraph.model import (
    Claim,
    DateInterval,
    Document,
    Edge,
    EdgeKind,
    Entity,
    EntityKind,
    Meeting,
    Node,
    NodeKind,
    Topic,
    node_kind,
)
from eventgraph.packed import PackedGraph

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["OPERATIONS", "EventGraph", "provide_operations"]

OPERATIONS = ("query", "subgraph", "save", "load", "validate")
"""The methods whose work is done above the container, by the operations supplied for them."""

_provided: dict[str, Callable[..., Any]] = {}


def _networkx() -> Any:
    """networkx, imported when a graph is first built or changed in memory: a query on a
    saved graph reads the snapshot's arrays and never needs it (its import is a tenth of
    a second of a command-line query)."""
    import networkx

    return networkx


def provide_operations(**operations: Callable[..., Any]) -> None:
    """Supply the functions behind ``EventGraph.query``, ``subgraph``, ``save``, ``load`` and ``validate``.

    Each takes the graph first (``load`` takes only the path). Called by
    ``eventgraph.operations`` when the package is imported; a program may supply its own.
    """
    unknown = sorted(set(operations) - set(OPERATIONS))
    if unknown:
        raise TypeError(f"not graph operations: {', '.join(unknown)} (known: {', '.join(OPERATIONS)})")
    _provided.update(operations)


def _operation(name: str) -> Callable[..., Any]:
    try:
        return _provided[name]
    except KeyError:
        raise RuntimeError(f"no operation supplied for EventGraph.{name}; import eventgraph first") from None


class EventGraph:
    """Documents, actors, meetings, claims and topics, with provenance on every fact."""

    def __init__(self, nodes: Iterable[Node] = (), edges: Iterable[Edge] = ()) -> None:
        self._nx: nx.MultiDiGraph | None = _networkx().MultiDiGraph()
        self._packed: PackedGraph | None = None
        self._version = 0
        self._index: GraphIndex | None = None
        self._bulk(nodes, edges)

    @classmethod
    def from_packed(cls, packed: PackedGraph) -> EventGraph:
        """A graph that reads its nodes and edges from a snapshot's arrays (``eventgraph.packed``)
        until it is changed; then it becomes a networkx graph like any other."""
        graph = cls.__new__(cls)
        graph._nx = None
        graph._packed = packed
        graph._version = 0
        graph._index = None
        return graph

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (to a worker process, say) as its values: a snapshot's map stays with this process."""
        self._g  # noqa: B018 - the networkx graph, made from the map if need be
        return {**self.__dict__, "_index": None}

    @property
    def packed(self) -> PackedGraph | None:
        """The snapshot arrays this graph reads from, or None once built or changed in memory."""
        return self._packed

    @property
    def _g(self) -> nx.MultiDiGraph:
        if self._nx is None:
            self._nx = self._thawed()
            self._packed = None
        return self._nx

    def _thawed(self) -> nx.MultiDiGraph:
        """The packed nodes and edges as a networkx graph, every value decoded."""
        packed = self._packed
        assert packed is not None
        g = _networkx().MultiDiGraph()
        with paused_collection():
            for node in packed.nodes():
                g.add_node(node.id, value=node, kind=node_kind(node))
            for number in range(len(packed.edge_kind)):
                edge = packed.edge(number)
                g.add_edge(edge.source, edge.target, key=edge.key, value=edge, kind=edge.kind)
        return g

    # -- building ---------------------------------------------------------------------
    def add(self, node: Node) -> Node:
        """Add a node, merging it with the value already held under its id."""
        self._put(node)
        if isinstance(node, Entity):  # names come from the mentions, whichever arrived first
            self._refresh_entity(node.id)
        self._touch()
        return self._g.nodes[node.id]["value"]

    def link(self, edge: Edge) -> Edge:
        """Add an edge between existing nodes, merging it with an equal-keyed one."""
        edge = self._connect(edge)
        if edge.kind is EdgeKind.MENTIONS:
            self._refresh_entity(edge.target)
        self._touch()
        return edge

    def update(self, other: EventGraph) -> None:
        """Merge another graph into this one, in place."""
        self._bulk(other.nodes(), other.edges())

    def _bulk(self, nodes: Iterable[Node], edges: Iterable[Edge]) -> None:
        """Add many nodes and edges, deriving each touched entity's names once at the end
        (not once per mention, which is quadratic in the documents naming it)."""
        touched = set()
        for node in nodes:
            self._put(node)
            if isinstance(node, Entity):
                touched.add(node.id)
        for edge in edges:
            edge = self._connect(edge)
            if edge.kind is EdgeKind.MENTIONS:
                touched.add(edge.target)
        for entity_id in touched:
            self._refresh_entity(entity_id)
        self._touch()

    def _put(self, node: Node) -> None:
        if node.id in self._g:
            node = merge_nodes(self._g.nodes[node.id]["value"], node)
        self._g.add_node(node.id, value=node, kind=node_kind(node))

    def _connect(self, edge: Edge) -> Edge:
        for end in (edge.source, edge.target):
            if end not in self._g:
                raise KeyError(f"{edge.kind} edge names a node that is not in the graph: {end!r}")
        key = edge.key
        data = self._g.get_edge_data(edge.source, edge.target, key)
        if data is not None:
            edge = merge_edges(data["value"], edge)
        self._g.add_edge(edge.source, edge.target, key=key, value=edge, kind=edge.kind)
        return edge

    def merge(self, other: EventGraph) -> EventGraph:
        """A new graph holding the facts of both."""
        merged = self.copy()
        merged.update(other)
        return merged

    def copy(self) -> EventGraph:
        if self._packed is not None:  # read-only arrays: shared, and each copy thaws on its own
            return EventGraph.from_packed(self._packed)
        clone = EventGraph()
        clone._nx = self._g.copy()
        return clone

    def remove_document(self, document: str, *, reobserve: bool = False) -> set[str]:
        """Remove a document and every node only it supported; returns the removed ids.

        The document is named as ``from`` names it in a query: by id, path, end of path,
        file name or file name without extension. ``KeyError`` when the name fits no
        document or several. With ``reobserve``, a title whose observed days were those
        of its documents is observed on the days of the documents left, as ingesting only
        those would give; otherwise every edge keeps its values.
        """
        doc = self._resolve_document(document)
        removed: set[str] = {doc.id}
        touched: set[str] = set()
        for node in list(self.nodes()):
            if isinstance(node, (Claim, Meeting)) and node.document == doc.id:
                touched.update(self._g.predecessors(node.id))
                touched.update(self._g.successors(node.id))
                self._g.remove_node(node.id)
                removed.add(node.id)
        for u, v, key, data in list(self._g.edges(keys=True, data=True)):
            edge: Edge = data["value"]
            if doc.id not in edge.documents:
                continue
            touched.update((u, v))
            rest = tuple(d for d in edge.documents if d != doc.id)
            if rest:
                kept = attrs.evolve(edge, documents=rest)
                if reobserve and edge.kind is EdgeKind.ROLE and edge.interval == self._observed(edge.documents):
                    kept = attrs.evolve(kept, interval=self._observed(rest))  # observed on the days of its documents
                self._g.add_edge(u, v, key=key, value=kept, kind=edge.kind)
            else:
                self._g.remove_edge(u, v, key)
        self._g.remove_node(doc.id)
        touched -= removed
        neighbours: set[str] = set()
        for node_id in sorted(touched):
            if node_id not in self._g:
                continue
            value = self._g.nodes[node_id]["value"]
            if isinstance(value, (Entity, Topic)) and not self._supported(node_id):
                neighbours.update(_networkx().all_neighbors(self._g, node_id))
                self._g.remove_node(node_id)
                removed.add(node_id)
            elif isinstance(value, Entity):
                self._refresh_entity(node_id)
        for node_id in sorted(neighbours - removed):  # left with no edge at all (a gazetteer fact's other end)
            if self._g.degree(node_id) == 0 and isinstance(self._g.nodes[node_id]["value"], (Entity, Topic)):
                self._g.remove_node(node_id)
                removed.add(node_id)
        self._touch()
        return removed

    def _observed(self, documents: tuple[str, ...]) -> DateInterval | None:
        interval: DateInterval | None = None
        for document in documents:
            value = self._g.nodes[document]["value"] if document in self._g else None
            interval = hull(interval, value.published if isinstance(value, Document) else None)
        return interval

    def _supported(self, node_id: str) -> bool:
        edges = [*self._g.in_edges(node_id, data=True), *self._g.out_edges(node_id, data=True)]
        return any(data["value"].documents for _, _, data in edges)

    def _refresh_entity(self, entity_id: str) -> None:
        """Derive an entity's name and aliases from the documents that mention it."""
        value = self._g.nodes[entity_id]["value"]
        if not isinstance(value, Entity):
            return
        names: list[str] = []
        aliases: set[str] = set()
        for _, _, data in self._g.in_edges(entity_id, data=True):
            edge: Edge = data["value"]
            if edge.kind is not EdgeKind.MENTIONS:
                continue
            if edge.name:
                names.append(edge.name)
                aliases.add(edge.name)
            aliases.update(m.surface for m in edge.mentions if not m.by_role)
        if not names and not aliases:
            return
        name = pick_name(names) if names else pick_name(aliases)
        self._g.nodes[entity_id]["value"] = attrs.evolve(value, name=name, aliases=aliases | {name})

    def _touch(self) -> None:
        self._version += 1
        self._index = None

    # -- reading ----------------------------------------------------------------------
    @property
    def nx(self) -> nx.MultiDiGraph:
        """The underlying networkx graph (node attribute ``value``, edge attribute ``value``)."""
        return self._g

    @property
    def index(self) -> GraphIndex:
        """Lookups by name, speaker, topic, date and document, rebuilt after each change."""
        if self._index is None:
            self._index = GraphIndex(self)
        return self._index

    def __contains__(self, node_id: object) -> bool:
        if self._packed is not None:
            return node_id in self._packed.number
        return node_id in self._g

    def __len__(self) -> int:
        if self._packed is not None:
            return len(self._packed)
        return self._g.number_of_nodes()

    def node(self, node_id: str) -> Node:
        """The node with this id; ``KeyError`` when there is none."""
        found = self.get(node_id)
        if found is None:
            raise KeyError(f"no node with id {node_id!r}")
        return found

    def get(self, node_id: str) -> Node | None:
        if self._packed is not None:
            return self._packed.get(node_id) if isinstance(node_id, str) else None
        data = self._g.nodes.get(node_id)
        return data["value"] if data else None

    def node_ids(self) -> list[str]:
        """Every node's id, sorted (a snapshot's without decoding a node)."""
        if self._packed is not None:
            return self._packed.ids.tolist()
        return sorted(self._g.nodes)

    def nodes(self, kind: NodeKind | str | None = None) -> Iterator[Node]:
        """Every node, or those of one kind, in id order."""
        wanted = NodeKind(kind) if kind is not None else None
        if self._packed is not None:
            yield from self._packed.nodes(wanted)
            return
        for node_id in sorted(self._g.nodes):
            data = self._g.nodes[node_id]
            if wanted is None or data["kind"] is wanted:
                yield data["value"]

    def edges(
        self,
        kind: EdgeKind | str | None = None,
        source: str | None = None,
        target: str | None = None,
    ) -> Iterator[Edge]:
        """Edges, filtered by kind and by either end."""
        wanted = EdgeKind(kind) if kind is not None else None
        if self._packed is not None:
            yield from self._packed.edges(wanted, source, target)
            return
        if source is not None:
            rows = self._g.out_edges(source, data=True) if source in self._g else []
        elif target is not None:
            rows = self._g.in_edges(target, data=True) if target in self._g else []
        else:
            rows = self._g.edges(data=True)
        for _u, v, data in rows:
            edge: Edge = data["value"]
            if wanted is not None and edge.kind is not wanted:
                continue
            if target is not None and v != target:
                continue
            yield edge

    def documents(self) -> list[Document]:
        return list(self.nodes(NodeKind.DOCUMENT))  # type: ignore[arg-type]

    def entities(self, kind: EntityKind | str | None = None) -> list[Entity]:
        kinds = [NodeKind(str(kind))] if kind else [NodeKind(k.value) for k in EntityKind]
        return sorted((n for k in kinds for n in self.nodes(k)), key=lambda e: e.id)  # type: ignore[misc]

    def claims(self) -> list[Claim]:
        return list(self.nodes(NodeKind.CLAIM))  # type: ignore[arg-type]

    def meetings(self) -> list[Meeting]:
        return list(self.nodes(NodeKind.MEETING))  # type: ignore[arg-type]

    def topics(self) -> list[Topic]:
        return list(self.nodes(NodeKind.TOPIC))  # type: ignore[arg-type]

    def speaker(self, claim_id: str) -> Entity | None:
        """Who made a claim, if the text says."""
        for edge in self.edges(EdgeKind.SAID, target=claim_id):
            return self.node(edge.source)  # type: ignore[return-value]
        return None

    def about(self, claim_id: str) -> list[Topic | Entity]:
        """The topics and entities a claim is about."""
        return [self.node(e.target) for e in self.edges(EdgeKind.ABOUT, source=claim_id)]  # type: ignore[misc]

    def participants(self, meeting_id: str) -> list[Entity]:
        return sorted(
            (self.node(e.source) for e in self.edges(EdgeKind.PARTICIPANT, target=meeting_id)),
            key=lambda n: n.id,
        )  # type: ignore[return-value]

    def place(self, meeting_id: str) -> Entity | None:
        for edge in self.edges(EdgeKind.HELD_IN, source=meeting_id):
            return self.node(edge.target)  # type: ignore[return-value]
        return None

    def conveners(self, meeting_id: str) -> list[Entity]:
        return [self.node(e.target) for e in self.edges(EdgeKind.CONVENED_BY, source=meeting_id)]  # type: ignore[misc]

    def source(self, fact_id: str) -> Document:
        """The document a claim or meeting comes from."""
        fact = self.node(fact_id)
        return self.node(fact.document)  # type: ignore[union-attr,return-value]

    def find(self, name: str, kinds: Iterable[NodeKind | str] | None = None) -> list[Entity]:
        """Entities whose name or an alias is ``name`` (case- and accent-insensitive)."""
        return self.index.entities_named(name, kinds)

    def stats(self) -> dict[str, int]:
        """How many nodes of each kind and edges of each kind the graph holds."""
        if self._packed is not None:
            return {
                **{k.value: n for k, n in self._packed.kind_counts().items()},
                **{f"{k.value} edges": n for k, n in self._packed.edge_kind_counts().items()},
            }
        counts: Counter[str] = Counter()
        for _, data in self._g.nodes(data=True):
            counts[str(data["kind"])] += 1
        nodes = {k.value: counts.get(k.value, 0) for k in NodeKind}
        edges: Counter[str] = Counter(str(d["kind"]) for _, _, d in self._g.edges(data=True))
        return {**nodes, **{f"{k.value} edges": edges.get(k.value, 0) for k in EdgeKind}}

    def _resolve_document(self, document: str) -> Document:
        documents = self.documents()
        found = documents_named(documents, document)
        if len(found) == 1:
            return found[0]
        if found:
            paths = ", ".join(d.path for d in found)
            raise KeyError(f"{document!r} could be {len(found)} documents: {paths}; give more of the path")
        close = close_document_names(documents, document)
        suggestion = f"; did you mean {' or '.join(close)}?" if close else ""
        raise KeyError(f"no document {document!r} (by id, path, file name or file name without extension){suggestion}")

    def induced(self, node_ids: Iterable[str]) -> EventGraph:
        """A new graph of these nodes and the edges between them.

        An edge keeps only the supporting documents that are among the nodes, and is
        left out when none is (edges that no document supports, such as gazetteer
        roles, stay). Entity names are derived again from the documents kept.
        """
        keep = {node_id for node_id in node_ids if node_id in self}
        edges = []
        for edge in self._edges_among(keep):
            if edge.documents:
                kept = tuple(d for d in edge.documents if d in keep)
                if not kept:
                    continue
                if kept != edge.documents:
                    edge = attrs.evolve(edge, documents=kept)
            edges.append(edge)
        return EventGraph((self.node(n) for n in sorted(keep)), edges)

    def _edges_among(self, keep: set[str]) -> Iterator[Edge]:
        if self._packed is None:
            for *_, data in self._g.subgraph(keep).edges(data=True):
                yield data["value"]
            return
        for node_id in sorted(keep):
            for edge in self._packed.edges(source=node_id):
                if edge.target in keep:
                    yield edge

    # -- checking, storage, queries: supplied from above ----------------------------------
    def validate(self) -> list[Any]:
        """Every broken invariant, each an ``eventgraph.validate.Violation``; empty when all hold."""
        return _operation("validate")(self)

    def check(self) -> None:
        """Raise ``ValidationError`` listing every broken invariant."""
        problems = self.validate()
        if problems:
            raise ValidationError(problems)

    def save(self, path: str | PathLike[str]) -> None:
        """Write the graph atomically: a reader sees the old file or the new, never a mix."""
        _operation("save")(self, path)

    @classmethod
    def load(cls, path: str | PathLike[str]) -> EventGraph:
        """Read a saved graph; ``GraphFormatError`` says what is wrong with a bad file."""
        return _operation("load")(path)

    def query(
        self, text: str, *, today: dt.date | None = None, data: Sequence[str] = (), sentences: bool = False
    ) -> Any:
        """Run a query in the eventgraph language and return its rows, an ``eventgraph.query.Result``.

        With ``sentences``, claim rows also carry the text of the sentence each claim is in;
        ``today`` is the day relative dates count from (``last year``); ``data`` are extra
        knowledge files (roles, titles, topics) for names, offices and topics.
        """
        return _operation("query")(self, text, today=today, data=data, sentences=sentences)

    def subgraph(self, query: str) -> EventGraph:
        """The part of the graph a query selects: its rows, what they name, and their documents.

        A claim brings its speaker, the topics and entities it is about and its document;
        a meeting its participants, place, conveners and document; an actor its
        documents. ``export`` with a query writes this graph.
        """
        return _operation("subgraph")(self, query)

    # -- comparison -------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, EventGraph):
            return NotImplemented
        return self._facts() == other._facts()

    __hash__ = None  # type: ignore[assignment]

    def _facts(self) -> tuple[dict[str, Node], set[Edge]]:
        if self._packed is not None:
            return {n.id: n for n in self.nodes()}, set(self.edges())
        nodes = {n: d["value"] for n, d in self._g.nodes(data=True)}
        return nodes, {d["value"] for _, _, d in self._g.edges(data=True)}

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={v}" for k, v in self.stats().items() if v and "edges" not in k)
        return f"EventGraph({counts or 'empty'})"

    def _repr_html_(self) -> str:
        """A notebook's view: how many nodes and edges of each kind, side by side."""
        counts = self.stats()
        nodes = [(k, v) for k, v in counts.items() if not k.endswith(" edges")]
        edges = [(k.removesuffix(" edges"), v) for k, v in counts.items() if k.endswith(" edges")]
        rows = []
        for i in range(max(len(nodes), len(edges))):
            cells = []
            for pairs in (nodes, edges):
                kind, value = pairs[i] if i < len(pairs) else ("", "")
                cells.append(f"<td>{html.escape(str(kind))}</td><td style='text-align:right'>{value}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        total = f"{sum(n for _, n in nodes)} nodes, {sum(n for _, n in edges)} edges"
        return (
            f"<table class='eventgraph'><caption>EventGraph: {total}</caption>"
            "<thead><tr><th colspan='2'>nodes</th><th colspan='2'>edges</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
