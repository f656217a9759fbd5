"""The part of a graph that a query selects, as a graph of its own.

A query's rows name facts and actors; a useful extract also needs what makes them
readable elsewhere (in Gephi, Neo4j or a spreadsheet): a claim's speaker, topics,
entities and document; a meeting's participants, place, conveners and document; an
actor's documents. ``selected_ids`` gathers those ids, ``subgraph`` builds the graph.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from eventgraph.errors import QueryError
from eventgraph.model import Claim, Meeting

if TYPE_CHECKING:
    from eventgraph.graph import EventGraph
    from eventgraph.query.result import Result

__all__ = ["selected_ids", "subgraph"]

_NODE_KEYS = ("id", "claim", "meeting")
"""Row keys that hold the id of a node the row stands for."""


def subgraph(graph: EventGraph, query: str) -> EventGraph:
    """The graph of what ``query`` selects from ``graph`` (see ``selected_ids``)."""
    result = graph.query(query)
    return graph.induced(selected_ids(graph, result))


def selected_ids(graph: EventGraph, result: Result) -> set[str]:
    """Ids of the nodes a result's rows stand for, with the neighbourhood of each fact.

    ``QueryError`` for a ``count`` query, whose rows are numbers, not nodes.
    """
    if result.row_kind == "count":
        raise QueryError(
            "a count query selects no nodes to take out of the graph",
            query=result.query,
            hint="drop 'count' (and 'by ...') to select the rows that were counted",
        )
    chosen: set[str] = set()
    for row in result.rows:
        chosen.update(_row_ids(row))
    for node_id in list(chosen):
        if isinstance(graph.get(node_id), (Claim, Meeting)):
            chosen.update(_fact_neighbourhood(graph, node_id))
    return {node_id for node_id in chosen if node_id in graph}


def _row_ids(row: dict[str, Any]) -> Iterable[str]:
    """Every node id a row names: its own, its facts', its actors', its documents'."""
    for key in _NODE_KEYS:
        if isinstance(row.get(key), str):
            yield row[key]
    if isinstance(row.get("documents"), list):  # an actor's documents
        yield from (d for d in row["documents"] if isinstance(d, str))
    for key in ("document", "from", "to", "via"):  # references: {"id": ..., ...}
        value = row.get(key)
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            yield value["id"]


def _fact_neighbourhood(graph: EventGraph, fact_id: str) -> set[str]:
    """A claim's or meeting's speaker, participants, topics, entities, place, conveners and document."""
    around = {edge.source for edge in graph.edges(target=fact_id)}
    around.update(edge.target for edge in graph.edges(source=fact_id))
    return around
