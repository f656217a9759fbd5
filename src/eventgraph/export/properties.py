"""Graph values as flat, typed properties: the one schema every export format writes.

Each node kind and the edges have a fixed list of properties, each with a type:
``string``, ``int``, ``date`` or a list of strings or ints. Date intervals become
``<name>_start``/``<name>_end`` dates and ``<name>_how``; spans ``<name>_start``/``<name>_end``
offsets. Formats then write these as they can: typed columns for Neo4j, literals in
Cypher, ISO strings and JSON lists in GraphML and GEXF.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from eventgraph.model import (
    Claim,
    DateInterval,
    Document,
    Edge,
    EdgeKind,
    Entity,
    Meeting,
    Node,
    NodeKind,
    Topic,
    node_kind,
)

__all__ = [
    "EDGE_SCHEMA",
    "ENTITY_KINDS",
    "LABELS",
    "NODE_SCHEMA",
    "RELATIONSHIP_TYPES",
    "PropertyType",
    "Value",
    "display_label",
    "edge_id",
    "edge_properties",
    "node_properties",
]

PropertyType = Literal["string", "int", "date", "string[]", "int[]"]
Value = str | int | dt.date | list[str] | list[int]

_INTERVAL: dict[str, PropertyType] = {"start": "date", "end": "date", "how": "string"}


def _interval(name: str) -> dict[str, PropertyType]:
    return {f"{name}_{part}": kind for part, kind in _INTERVAL.items()}


def _span(name: str) -> dict[str, PropertyType]:
    return {f"{name}_start": "int", f"{name}_end": "int"}


_ENTITY: dict[str, PropertyType] = {"id": "string", "name": "string", "aliases": "string[]"}

NODE_SCHEMA: dict[NodeKind, dict[str, PropertyType]] = {
    NodeKind.DOCUMENT: {
        "id": "string",
        "path": "string",
        "title": "string",
        **_interval("published"),
        "text": "string",
    },
    NodeKind.PERSON: _ENTITY,
    NodeKind.ORGANISATION: _ENTITY,
    NodeKind.COUNTRY: _ENTITY,
    NodeKind.PLACE: _ENTITY,
    NodeKind.MEETING: {
        "id": "string",
        "type": "string",
        "status": "string",
        **_interval("date"),
        "text": "string",
        "document": "string",
        **_span("span"),
    },
    NodeKind.CLAIM: {
        "id": "string",
        "text": "string",
        "form": "string",
        "cue": "string",
        **_interval("date"),
        **_interval("period"),
        "document": "string",
        **_span("span"),
        **_span("sentence"),
    },
    NodeKind.TOPIC: {"id": "string", "label": "string", "signals": "string[]"},
}
"""Every property of each node kind, in the order formats write them, with its type."""

EDGE_SCHEMA: dict[str, PropertyType] = {
    "documents": "string[]",
    "mentions": "string[]",
    "mention_starts": "int[]",
    "mention_ends": "int[]",
    "name": "string",
    "title": "string",
    **_interval("interval"),
}
"""Every property an edge may have, with its type (an edge has those its kind uses)."""

LABELS: dict[NodeKind, str] = {kind: kind.value.capitalize() for kind in NodeKind}
"""Node kinds as labels: ``Person``, ``Claim``..."""

RELATIONSHIP_TYPES: dict[EdgeKind, str] = {kind: kind.value.upper() for kind in EdgeKind}
"""Edge kinds as relationship types: ``SAID``, ``HELD_IN``..."""

ENTITY_KINDS = frozenset({NodeKind.PERSON, NodeKind.ORGANISATION, NodeKind.COUNTRY, NodeKind.PLACE})
"""Kinds that also carry the ``Entity`` label, so one label finds every actor and place."""


def node_properties(node: Node) -> dict[str, Value]:
    """A node's properties in ``NODE_SCHEMA`` order; unknown values (None) are left out."""
    values: dict[str, Value | None] = {"id": node.id}
    if isinstance(node, Document):
        values.update(path=node.path, title=node.title, **_dates("published", node.published), text=node.text)
    elif isinstance(node, Entity):
        values.update(name=node.name, aliases=list(node.aliases))
    elif isinstance(node, Meeting):
        values.update(type=node.kind, status=node.status, **_dates("date", node.date), text=node.text)
        values.update(document=node.document, span_start=node.span.start, span_end=node.span.end)
    elif isinstance(node, Claim):
        values.update(text=node.text, form=node.form, cue=node.cue)
        values.update(**_dates("date", node.date), **_dates("period", node.period), document=node.document)
        values.update(span_start=node.span.start, span_end=node.span.end)
        values.update(sentence_start=node.sentence.start, sentence_end=node.sentence.end)
    elif isinstance(node, Topic):
        values.update(label=node.label, signals=list(node.signals))
    schema = NODE_SCHEMA[node_kind(node)]
    return {key: values[key] for key in schema if values.get(key) is not None}  # type: ignore[misc]


def edge_properties(edge: Edge) -> dict[str, Value]:
    """An edge's properties in ``EDGE_SCHEMA`` order; empty lists and unknown values left out."""
    values: dict[str, Value | None] = {
        "documents": list(edge.documents),
        "mentions": [m.surface for m in edge.mentions],
        "mention_starts": [m.start for m in edge.mentions],
        "mention_ends": [m.end for m in edge.mentions],
        "name": edge.name,
        "title": edge.title,
        **_dates("interval", edge.interval),
    }
    return {key: value for key, value in values.items() if value is not None and value != []}


def _dates(name: str, interval: DateInterval | None) -> dict[str, Value | None]:
    if interval is None:
        return {f"{name}_start": None, f"{name}_end": None, f"{name}_how": None}
    return {f"{name}_start": interval.start, f"{name}_end": interval.end, f"{name}_how": interval.how}


def edge_id(edge: Edge) -> str:
    """An id unique in the graph: kind, ends and (for roles) title."""
    title = f"|{edge.title}" if edge.kind is EdgeKind.ROLE and edge.title is not None else ""
    return f"{edge.kind.value}{title}:{edge.source}->{edge.target}"


def display_label(node: Node, width: int = 80) -> str:
    """What a graph viewer writes on a node: a name, a title, or the start of a statement."""
    if isinstance(node, Entity):
        return node.name
    if isinstance(node, Topic):
        return node.label
    if isinstance(node, Document):
        return node.title or node.path.rsplit("/", 1)[-1]
    if isinstance(node, Meeting):
        return f"{node.kind} {node.date}" if node.date else node.kind
    text = " ".join(node.text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
