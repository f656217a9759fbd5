"""Exports for the tools analysts use: Gephi, Neo4j, spreadsheets, data pipelines.

>>> from eventgraph.export import FORMATS
>>> FORMATS
('graphml', 'gexf', 'jsonl', 'csv', 'neo4j', 'cypher', 'parquet')

``export(graph, out, format)`` writes the whole graph; with ``query``, the part of it the
query selects (``graph.subgraph(query)``: its rows, what they name, their documents).
``graphml``, ``gexf``, ``jsonl`` and ``cypher`` write one file; ``csv``, ``neo4j`` and
``parquet`` a folder of files (``parquet`` needs pyarrow, in the ``scale`` extra). Every
format writes the same properties (``export.properties``).
"""

from __future__ import annotations

from collections.abc import Callable
from os import PathLike
from pathlib import Path

from eventgraph.errors import ExportError
from eventgraph.export.cypher import write_cypher
from eventgraph.export.gexf import write_gexf
from eventgraph.export.graphml import write_graphml
from eventgraph.export.jsonl import write_jsonl
from eventgraph.export.neo4j import write_neo4j
from eventgraph.export.parquet import write_parquet
from eventgraph.export.tables import write_tables
from eventgraph.export_formats import FOLDER_FORMATS, FORMATS
from eventgraph.graph import EventGraph

__all__ = [
    "FOLDER_FORMATS",
    "FORMATS",
    "export",
    "write_cypher",
    "write_gexf",
    "write_graphml",
    "write_jsonl",
    "write_neo4j",
    "write_parquet",
    "write_tables",
]

_WRITERS: dict[str, Callable[[EventGraph, Path], list[Path]]] = dict(
    zip(
        FORMATS,
        (write_graphml, write_gexf, write_jsonl, write_tables, write_neo4j, write_cypher, write_parquet),
        strict=True,
    )
)


def export(graph: EventGraph, out: str | PathLike[str], format: str, *, query: str | None = None) -> list[Path]:
    """Write ``graph`` (or the part ``query`` selects) to ``out`` in ``format``; returns the files written.

    ``ExportError`` for an unknown format or a place that cannot be written;
    ``QueryError`` for a query that cannot run.
    """
    if format not in _WRITERS:
        raise ExportError(out, f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
    chosen = graph.subgraph(query) if query is not None else graph
    return _WRITERS[format](chosen, Path(out))
