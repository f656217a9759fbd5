"""The graph as a plain ``networkx.MultiDiGraph`` of scalar attributes, for GraphML and GEXF.

XML graph formats hold strings, numbers and booleans only: dates are written as ISO
strings and lists as JSON strings. Every node has ``kind`` and ``label`` (what a viewer
such as Gephi writes on it); every edge ``kind``, ``label`` and a unique id as its key.
"""

from __future__ import annotations

import datetime as dt
import json

import networkx as nx

from eventgraph.export.properties import Value, display_label, edge_id, edge_properties, node_properties
from eventgraph.graph import EventGraph
from eventgraph.model import Claim, Meeting, node_kind

__all__ = ["flat_graph", "scalar"]


def scalar(value: Value) -> str | int:
    """A property as an XML attribute value: dates as ISO strings, lists as JSON."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return value


def flat_graph(graph: EventGraph, *, spells: bool = False) -> nx.MultiDiGraph:
    """Nodes and edges with scalar attributes; with ``spells``, dated facts get ``start``/``end``.

    ``start`` and ``end`` are GEXF's lifetime of a node, which Gephi's timeline filters on.
    """
    flat = nx.MultiDiGraph()
    for node in graph.nodes():
        attributes: dict[str, str | int] = {"kind": node_kind(node).value, "label": display_label(node)}
        attributes.update((k, scalar(v)) for k, v in node_properties(node).items() if k != "id")
        if spells and isinstance(node, (Claim, Meeting)) and node.date is not None:
            attributes["start"] = node.date.start.isoformat()
            attributes["end"] = node.date.end.isoformat()
        flat.add_node(node.id, **attributes)
    for edge in sorted(graph.edges(), key=edge_id):
        attributes = {"kind": edge.kind.value, "label": edge.kind.value}
        attributes.update((k, scalar(v)) for k, v in edge_properties(edge).items())
        flat.add_edge(edge.source, edge.target, key=edge_id(edge), **attributes)
    return flat
