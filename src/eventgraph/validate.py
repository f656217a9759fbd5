"""The graph's invariants, checked one by one, each violation named precisely.

``validate`` never raises on a broken graph: it returns every violation it finds, so a
user repairing a graph sees all of them at once.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import attrs

from eventgraph.model import (
    ALLOWED_EDGES,
    Claim,
    DateInterval,
    Document,
    Edge,
    EdgeKind,
    Entity,
    Meeting,
    node_kind,
)

if TYPE_CHECKING:
    from eventgraph.graph import EventGraph

__all__ = ["Violation", "validate"]


@attrs.frozen
class Violation:
    """One broken invariant: which rule, where, and what was found."""

    rule: str
    subject: str
    detail: str

    def __str__(self) -> str:
        return f"[{self.rule}] {self.subject}: {self.detail}"


def validate(graph: EventGraph) -> list[Violation]:
    """Every violation of the invariants in the design, in a stable order."""
    found: list[Violation] = []
    g = graph.nx
    values = []  # by what each value is, not by the kind it is filed under, which may be wrong
    for node_id, data in g.nodes(data=True):
        value = data.get("value")
        if value is None or getattr(value, "id", None) != node_id:
            found.append(Violation("node-id", str(node_id), "the stored value does not carry this id"))
            continue
        values.append(value)
        if data.get("kind") is not node_kind(value):
            found.append(Violation("node-kind", node_id, f"kind {data.get('kind')} != {node_kind(value)}"))
        found.extend(_check_dates(node_id, value))
    for u, v, key, data in g.edges(keys=True, data=True):
        edge: Edge = data["value"]
        found.extend(_check_edge(graph, u, v, key, edge))
    for claim in (v for v in values if isinstance(v, Claim)):
        found.extend(_check_fact(graph, claim))
        speakers = list(graph.edges(EdgeKind.SAID, target=claim.id))
        if len(speakers) > 1:
            names = ", ".join(sorted(e.source for e in speakers))
            found.append(Violation("one-speaker", claim.id, f"{len(speakers)} speakers: {names}"))
        if not claim.sentence.contains(claim.span):
            found.append(
                Violation("claim-sentence", claim.id, f"sentence {claim.sentence} does not hold span {claim.span}")
            )
    for meeting in (v for v in values if isinstance(v, Meeting)):
        found.extend(_check_fact(graph, meeting))
    for entity in (v for v in values if isinstance(v, Entity)):
        found.extend(_check_entity(graph, entity))
    return sorted(found, key=lambda v: (v.rule, v.subject, v.detail))


def _check_dates(node_id: str, value: object) -> list[Violation]:
    out = []
    for field in ("date", "period", "published"):
        interval = getattr(value, field, None)
        if isinstance(interval, DateInterval) and interval.start > interval.end:
            out.append(
                Violation("date-order", node_id, f"{field} starts {interval.start} after it ends {interval.end}")
            )
    return out


def _check_edge(graph: EventGraph, u: str, v: str, key: str, edge: Edge) -> list[Violation]:
    g = graph.nx
    label = f"{edge.kind} {u} -> {v}"
    out = []
    if (edge.source, edge.target, edge.key) != (u, v, key):
        out.append(Violation("edge-key", label, "the stored edge does not match its place in the graph"))
    # networkx adds a bare node (no value) for an edge to an unknown id: that node does not exist
    missing = [end for end in (u, v) if end not in g or g.nodes[end].get("value") is None]
    if missing:
        return [*out, Violation("dangling-edge", label, f"node {missing[0]!r} does not exist")]
    allowed_from, allowed_to = ALLOWED_EDGES[edge.kind]
    kind_u, kind_v = node_kind(g.nodes[u]["value"]), node_kind(g.nodes[v]["value"])
    if kind_u not in allowed_from or kind_v not in allowed_to:
        out.append(Violation("edge-kinds", label, f"{edge.kind} may not join {kind_u} to {kind_v}"))
    for doc_id in edge.documents:
        if not isinstance(graph.get(doc_id), Document):
            out.append(Violation("edge-support", label, f"supporting document {doc_id!r} does not exist"))
    if edge.interval is not None and edge.interval.start > edge.interval.end:
        out.append(Violation("date-order", label, "role interval starts after it ends"))
    if edge.kind is EdgeKind.MENTIONS and isinstance(graph.get(u), Document):
        text = graph.node(u).text  # type: ignore[union-attr]
        for mention in edge.mentions:
            if text[mention.start : mention.end] != mention.surface:
                out.append(
                    Violation(
                        "mention-span", label, f"text at [{mention.start}, {mention.end}) is not {mention.surface!r}"
                    )
                )
    return out


def _check_fact(graph: EventGraph, fact: Claim | Meeting) -> list[Violation]:
    out = []
    sources = [e.target for e in graph.edges(EdgeKind.SOURCE, source=fact.id)]
    if sources != [fact.document]:
        out.append(Violation("one-source", fact.id, f"source edges {sources} != document {fact.document!r}"))
    doc = graph.get(fact.document)
    if not isinstance(doc, Document):
        return [*out, Violation("one-source", fact.id, f"document {fact.document!r} does not exist")]
    if fact.span.end > len(doc.text):
        out.append(Violation("span-text", fact.id, f"span {fact.span} runs past the document's end"))
    elif doc.text[fact.span.start : fact.span.end] != fact.text:
        out.append(Violation("span-text", fact.id, "the document's text at the span is not the fact's text"))
    return out


def _check_entity(graph: EventGraph, entity: Entity) -> list[Violation]:
    out = []
    if entity.name not in entity.aliases:
        out.append(Violation("entity-aliases", entity.id, f"name {entity.name!r} is not among the aliases"))
    kinds = Counter(e.kind for e in graph.edges(target=entity.id))
    kinds.update(e.kind for e in graph.edges(source=entity.id))
    if not kinds:
        out.append(Violation("orphan", entity.id, "no edge joins this entity to any fact or document"))
    return out
