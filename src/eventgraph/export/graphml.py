"""GraphML: the XML graph format Gephi, Cytoscape, yEd and networkx read.

Written by networkx from ``flat_graph``: typed keys (``string``, ``int``), one per
attribute, dates as ISO strings and lists as JSON strings. ``nx.read_graphml`` gives the
graph back with node kinds and every attribute.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from eventgraph.export.files import atomic_file
from eventgraph.export.flat import flat_graph
from eventgraph.graph import EventGraph

__all__ = ["write_graphml"]


def write_graphml(graph: EventGraph, path: str | Path) -> list[Path]:
    """Write ``graph`` as one GraphML file; returns ``[path]``."""
    flat = flat_graph(graph)
    with atomic_file(Path(path), binary=True) as handle:
        nx.write_graphml(flat, handle, encoding="utf-8", prettyprint=True)
    return [Path(path)]
