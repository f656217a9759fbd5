"""Lookups the query stages need beyond ``GraphIndex``, built once per index.

``GraphIndex`` maps entities to the facts that name them; a query also goes the other
way (a meeting's parties, a document's entities, the entities mentioned inside a span).
These derived maps are cached per index, so they are rebuilt exactly when the graph
changes.
"""

from __future__ import annotations

import bisect
import weakref
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from eventgraph.columns import FactColumns
from eventgraph.model import Claim, Document, EdgeKind, Entity, EntityKind, Meeting, NodeKind, Span, Topic
from eventgraph.packed import FactPostings, LazyNodes, PackedGraph, Relation

if TYPE_CHECKING:
    from eventgraph.graph import EventGraph
    from eventgraph.index import GraphIndex

__all__ = ["Context", "context"]

_CACHE: weakref.WeakKeyDictionary[GraphIndex, Context] = weakref.WeakKeyDictionary()
_NONE = np.zeros(0, dtype=np.int32)
_NONE.flags.writeable = False


def context(graph: EventGraph) -> Context:
    """The derived lookups for the graph's current version."""
    index = graph.index
    found = _CACHE.get(index)
    if found is None:
        found = _CACHE[index] = Context(graph, index)
    return found


class Context:
    """A graph, its index, and the reverse maps queries need."""

    def __init__(self, graph: EventGraph, index: GraphIndex) -> None:
        self.graph = graph
        self.index = index
        self.domains: dict[str, Any] = {}
        self._by_kind: dict[type, Sequence[Any]] = {}
        self._columns: dict[str, FactColumns] = {}
        self._postings: dict[tuple[str, str, str], np.ndarray] = {}
        self._fact_postings: dict[tuple[str, str], FactPostings] = {}
        self._sorted_documents: dict[str, list[str]] = {}
        self.cache: dict[Any, Any] = {}
        """Values derived once per graph version by the stages above (group codes, text indexes)."""
        self.packed = graph.packed
        if self.packed is not None:
            self._relations(self.packed)
        else:
            self._maps(graph, index)

    def _relations(self, packed: PackedGraph) -> None:
        """A snapshot's reverse maps: lookups over its edge arrays, read key by key."""
        self.parties = packed.relation(EdgeKind.PARTICIPANT, from_source=False)
        self.entities_in = packed.relation(EdgeKind.MENTIONS, from_source=True)
        self.topics_of = packed.relation(EdgeKind.ABOUT, from_source=True, values=[NodeKind.TOPIC])
        self.entities_of = packed.relation(
            EdgeKind.ABOUT, from_source=True, values=[NodeKind(k.value) for k in EntityKind]
        )
        self.speaker_of = _OneEach(packed.relation(EdgeKind.SAID, from_source=False))
        self._mentions = _MentionSpans(self.graph)

    def _maps(self, graph: EventGraph, index: GraphIndex) -> None:
        self.parties: Mapping[str, set[str] | frozenset[str]] = defaultdict(set)
        self.entities_in: Mapping[str, set[str] | frozenset[str]] = defaultdict(set)
        self.topics_of: Mapping[str, set[str] | frozenset[str]] = defaultdict(set)
        self.entities_of: Mapping[str, set[str] | frozenset[str]] = defaultdict(set)
        self.speaker_of: Mapping[str, str] = {}
        self._mentions: Mapping[str, list[tuple[int, int, str]]] = defaultdict(list)
        for entity, meetings in index.participants.items():
            for meeting in meetings:
                self.parties[meeting].add(entity)  # type: ignore[union-attr]
        for entity, documents in index.mentioned_in.items():
            for document in documents:
                self.entities_in[document].add(entity)  # type: ignore[union-attr]
        for speaker, claims in index.said.items():
            for claim in claims:
                self.speaker_of[claim] = speaker  # type: ignore[index]
        for target, claims in index.about.items():
            is_topic = isinstance(graph.get(target), Topic)
            for claim in claims:
                (self.topics_of if is_topic else self.entities_of)[claim].add(target)  # type: ignore[union-attr]
        for edge in graph.edges(EdgeKind.MENTIONS):
            for mention in edge.mentions:
                self._mentions[edge.source].append((mention.start, mention.end, edge.target))  # type: ignore[union-attr]
        for spans in self._mentions.values():
            spans.sort()

    # -- columns ------------------------------------------------------------------------------
    def columns(self, family: str) -> FactColumns | None:
        """Claims or meetings as numbered columns (None for other families)."""
        if family not in ("claims", "meetings"):
            return None
        found = self._columns.get(family)
        if found is None and self.packed is not None:
            found = self._columns[family] = FactColumns.from_packed(self.packed, family)
        if found is None:
            paths = {d.id: d.path for d in self.documents()}
            nodes = self.claims() if family == "claims" else self.meetings()
            found = self._columns[family] = FactColumns(nodes, paths)
        return found

    def postings(self, family: str, relation: str, key: str) -> np.ndarray:
        """The sorted numbers of the claims or meetings an index relation gives for one key
        (``said`` of a speaker, ``about`` of a topic, ``participants`` of an entity,
        ``by_document`` of a document). Shared: copy before changing."""
        lookup = getattr(self.index, relation)
        if isinstance(lookup, Relation):  # a snapshot's: a slice of the relation's postings
            assert self.packed is not None
            number = self.packed.number.get(key)
            return _NONE if number is None else self.fact_postings(family, relation).of(number)
        wanted = (family, relation, key)
        found = self._postings.get(wanted)
        if found is None:
            columns = self.columns(family)
            assert columns is not None
            found = self._postings[wanted] = columns.postings(lookup.get(key, ()))
        return found

    def fact_postings(self, family: str, relation: str) -> FactPostings:
        """A snapshot relation's postings over the family's fact numbers, made once."""
        wanted = (family, relation)
        found = self._fact_postings.get(wanted)
        if found is None:
            assert self.packed is not None
            column_of = self.packed.facts[family].column_of
            found = self._fact_postings[wanted] = FactPostings(getattr(self.index, relation), column_of)
        return found

    def union(self, family: str, relation: str, keys: Iterable[str]) -> np.ndarray:
        """The sorted numbers an index relation gives for any of the keys."""
        found = [self.postings(family, relation, k) for k in keys]
        if not found:
            return np.zeros(0, dtype=np.int32)
        return found[0] if len(found) == 1 else np.unique(np.concatenate(found))

    def documents_naming(self, entity: str) -> list[str]:
        """The ids of the documents that name an entity, sorted (shared: copy before changing)."""
        found = self._sorted_documents.get(entity)
        if found is None and self.packed is not None:  # numbers follow the ids' order
            numbers = self.index.mentioned_in.numbers(entity)  # type: ignore[attr-defined]
            found = self._sorted_documents[entity] = self.packed.ids[numbers].tolist()
        if found is None:
            found = self._sorted_documents[entity] = sorted(self.index.mentioned_in.get(entity, ()))
        return found

    # -- nodes ------------------------------------------------------------------------------
    def node(self, node_id: str) -> object:
        return self.graph.node(node_id)

    def claims(self) -> Sequence[Claim]:
        return self._nodes(Claim, self.graph.claims)

    def meetings(self) -> Sequence[Meeting]:
        return self._nodes(Meeting, self.graph.meetings)

    def documents(self) -> Sequence[Document]:
        return self._nodes(Document, self.graph.documents)

    def quotes(self) -> Sequence[Claim]:
        """A snapshot's direct quotes, in id order, undecoded."""
        assert self.packed is not None
        arrays = self.packed.facts["claims"]
        return LazyNodes(self.packed, np.sort(arrays.order[self.packed.quotes.astype(bool)]))

    def topics(self) -> list[Topic]:
        return self._nodes(Topic, self.graph.topics)

    def entities(self) -> list[Entity]:
        return self._nodes(Entity, self.graph.entities)

    def _nodes(self, cls: type, read: object) -> Sequence[Any]:
        if cls not in self._by_kind:
            kind = _LAZY.get(cls)
            if self.packed is not None and kind is not None:  # many, and large: decoded when read
                self._by_kind[cls] = LazyNodes(self.packed, self.packed.numbers_of([kind]))
            else:
                self._by_kind[cls] = list(read())  # type: ignore[operator]
        return self._by_kind[cls]

    # -- relations ------------------------------------------------------------------------------
    def mentioned_within(self, document: str, span: Span) -> set[str]:
        """Entities a document names inside a span."""
        spans = self._mentions.get(document, [])
        found = set()
        for start, end, entity in spans[bisect.bisect_left(spans, (span.start, -1, "")) :]:
            if start >= span.end:
                break
            if end <= span.end:
                found.add(entity)
        return found

    def claims_of(self, document: str) -> list[str]:
        return sorted(i for i in self.index.by_document.get(document, ()) if isinstance(self.graph.get(i), Claim))

    def sentence(self, claim: Claim) -> str:
        document = self.graph.get(claim.document)
        return claim.sentence.slice(document.text) if isinstance(document, Document) else ""


_LAZY = {Claim: NodeKind.CLAIM, Meeting: NodeKind.MEETING, Document: NodeKind.DOCUMENT}
"""The kinds of node a snapshot's context keeps undecoded."""


class _OneEach(Mapping[str, str]):
    """A relation whose keys have one value each (a claim's speaker)."""

    def __init__(self, relation: Relation) -> None:
        self.relation = relation

    def __getitem__(self, key: str) -> str:
        return min(self.relation[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self.relation)

    def __len__(self) -> int:
        return len(self.relation)

    def __contains__(self, key: object) -> bool:
        return key in self.relation


class _MentionSpans(dict[str, list[tuple[int, int, str]]]):
    """A document's mention spans, (start, end, entity) sorted, read from its edges when first asked for."""

    def __init__(self, graph: EventGraph) -> None:
        super().__init__()
        self._graph = graph

    def get(self, document: str, default: Any = None) -> Any:  # type: ignore[override]
        return self[document]

    def __missing__(self, document: str) -> list[tuple[int, int, str]]:
        spans = sorted(
            (m.start, m.end, e.target)
            for e in self._graph.edges(EdgeKind.MENTIONS, source=document)
            for m in e.mentions
        )
        self[document] = spans
        return spans
