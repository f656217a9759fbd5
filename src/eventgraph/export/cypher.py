"""A Cypher script that builds the graph in Neo4j: ``cypher-shell -f graph.cypher``.

First a uniqueness constraint on ``id`` per label (so ``MERGE`` finds nodes by index),
then batches of ``UNWIND [...] AS row MERGE ...`` statements, one statement per line:
nodes by label, then relationships by type and by the labels at their ends. Running the
script twice changes nothing. Every value is a literal: strings in single quotes with
backslash escapes, dates as ``date('...')``, lists in brackets.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path

from eventgraph.export.files import atomic_file
from eventgraph.export.properties import (
    ENTITY_KINDS,
    LABELS,
    RELATIONSHIP_TYPES,
    Value,
    edge_id,
    edge_properties,
    node_properties,
)
from eventgraph.graph import EventGraph
from eventgraph.model import Edge, EdgeKind, Node, NodeKind, node_kind

__all__ = ["BATCH", "literal", "statements", "string_literal", "write_cypher"]

BATCH = 100
"""Rows per ``UNWIND`` statement: large enough to be quick, small enough for one transaction."""

_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def string_literal(text: str) -> str:
    """``text`` as a Cypher string literal: quotes, backslashes and control characters escaped."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or char in "\u2028\u2029\x7f":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "'" + "".join(out) + "'"


def literal(value: Value | dict[str, Value]) -> str:
    """A property value (or a map of them) as a Cypher literal."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return f"date('{value.isoformat()}')"
    if isinstance(value, str):
        return string_literal(value)
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {literal(v)}" for key, v in value.items()) + "}"
    raise TypeError(f"no Cypher literal for {value!r}")


def statements(graph: EventGraph) -> Iterator[str]:
    """The script's statements, each one line ending in ``;``."""
    nodes: dict[NodeKind, list[Node]] = defaultdict(list)
    for node in graph.nodes():
        nodes[node_kind(node)].append(node)
    kinds = [kind for kind in NodeKind if nodes[kind]]
    for kind in kinds:
        label = LABELS[kind]
        yield (f"CREATE CONSTRAINT eventgraph_{kind.value}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE;")
    for kind in kinds:
        extra = ", n:Entity" if kind in ENTITY_KINDS else ""
        merge = f"AS row MERGE (n:{LABELS[kind]} {{id: row.id}}) SET n += row{extra};"
        for batch in _batches([node_properties(n) for n in nodes[kind]]):
            yield f"UNWIND [{', '.join(literal(row) for row in batch)}] {merge}"
    groups: dict[tuple[EdgeKind, NodeKind, NodeKind], list[Edge]] = defaultdict(list)
    for edge in sorted(graph.edges(), key=edge_id):
        ends = (node_kind(graph.node(edge.source)), node_kind(graph.node(edge.target)))
        groups[(edge.kind, *ends)].append(edge)
    for (kind, source, target), edges in sorted(groups.items()):
        relationship = RELATIONSHIP_TYPES[kind]
        pattern = f"[r:{relationship} {{title: row.title}}]" if kind is EdgeKind.ROLE else f"[r:{relationship}]"
        match = (
            f"AS row MATCH (a:{LABELS[source]} {{id: row.source}}) MATCH (b:{LABELS[target]} {{id: row.target}}) "
            f"MERGE (a)-{pattern}->(b) SET r += row.properties;"
        )
        rows = [_relationship_row(edge) for edge in edges]
        for batch in _batches(rows):
            yield f"UNWIND [{', '.join(literal(row) for row in batch)}] {match}"


def _relationship_row(edge: Edge) -> dict[str, Value]:
    row: dict[str, Value] = {"source": edge.source, "target": edge.target}
    if edge.kind is EdgeKind.ROLE:
        row["title"] = edge.title or ""  # MERGE cannot match on a null property
    row["properties"] = edge_properties(edge)  # type: ignore[assignment]
    return row


def _batches(rows: Sequence[dict[str, Value]]) -> Iterator[Sequence[dict[str, Value]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def write_cypher(graph: EventGraph, path: str | Path) -> list[Path]:
    """Write the script to ``path``; returns ``[path]``."""
    counts = graph.stats()
    nodes = sum(v for k, v in counts.items() if not k.endswith(" edges"))
    edges = sum(v for k, v in counts.items() if k.endswith(" edges"))
    with atomic_file(Path(path)) as handle:
        handle.write(
            f"// eventgraph export: {nodes} nodes, {edges} relationships. Run: cypher-shell -f {Path(path).name}\n"
        )
        for statement in statements(graph):
            handle.write(statement + "\n")
    return [Path(path)]
