"""JSON lines: one node or edge per line, for data pipelines.

Each line is the node's or edge's saved form (the same fields ``eventgraph.codec``
writes in a saved graph) with ``"record": "node"`` or ``"record": "edge"`` first: nodes
first, in id order, then edges. Nothing is lost: ``codec.node_from_dict`` and
``codec.edge_from_dict`` read the lines back into an equal graph.
"""

from __future__ import annotations

from pathlib import Path

import orjson

from eventgraph.codec import edge_to_dict, node_to_dict
from eventgraph.export.files import atomic_file
from eventgraph.export.properties import edge_id
from eventgraph.graph import EventGraph

__all__ = ["write_jsonl"]


def write_jsonl(graph: EventGraph, path: str | Path) -> list[Path]:
    """Write ``graph`` as one JSON-lines file; returns ``[path]``."""
    with atomic_file(Path(path), binary=True) as handle:
        for node in graph.nodes():
            handle.write(orjson.dumps({"record": "node", **node_to_dict(node)}) + b"\n")
        for edge in sorted(graph.edges(), key=edge_id):
            handle.write(orjson.dumps({"record": "edge", **edge_to_dict(edge)}) + b"\n")
    return [Path(path)]
