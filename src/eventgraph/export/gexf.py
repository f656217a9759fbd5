"""GEXF: Gephi's own format, with a timeline.

Written by networkx from ``flat_graph`` with spells: claims and meetings with a date live
from its start to its end, so Gephi's timeline shows who met and spoke when. Dates are
also attributes (ISO strings), lists JSON strings. ``nx.read_gexf`` reads it back.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from eventgraph.export.files import atomic_file
from eventgraph.export.flat import flat_graph
from eventgraph.graph import EventGraph

__all__ = ["write_gexf"]


def write_gexf(graph: EventGraph, path: str | Path) -> list[Path]:
    """Write ``graph`` as one GEXF 1.2 file; returns ``[path]``."""
    flat = flat_graph(graph, spells=True)
    for _, _, key, data in flat.edges(keys=True, data=True):
        data["id"] = key  # GEXF's edge id; networkx would number them otherwise
    with atomic_file(Path(path), binary=True) as handle:
        nx.write_gexf(flat, handle, encoding="utf-8", prettyprint=True)
    return [Path(path)]
