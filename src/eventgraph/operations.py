"""The work behind the graph's convenience methods, supplied from above the container.

``EventGraph`` is the bottom layer: the query language, the store and the validator
import it, and it imports none of them. This module (imported by the package's
``__init__``) hands their functions to the graph, so ``graph.query(...)``,
``graph.subgraph(...)``, ``graph.save(...)``, ``EventGraph.load(...)`` and
``graph.validate()`` work while the dependencies point one way. The query language loads
on first use, so ``import eventgraph`` stays quick.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from eventgraph.graph import provide_operations
from eventgraph.store import load, save
from eventgraph.validate import validate

if TYPE_CHECKING:
    from eventgraph.graph import EventGraph
    from eventgraph.query.result import Result

__all__ = ["install"]


def _query(
    graph: EventGraph,
    text: str,
    *,
    today: dt.date | None = None,
    data: Sequence[str] = (),
    sentences: bool = False,
) -> Result:
    from eventgraph.query import compile_query

    result = compile_query(text, today=today).run(graph, data=data)
    return result.with_sentences(graph) if sentences else result


def _load(path: str) -> EventGraph:
    """A saved graph, with a snapshot's query lookups built before it is handed over."""
    from eventgraph.query.prepare import prepare

    return prepare(load(path))


def _subgraph(graph: EventGraph, text: str) -> EventGraph:
    from eventgraph.selection import subgraph

    return subgraph(graph, text)


def install() -> None:
    """Give ``EventGraph`` its query, subgraph, save, load and validate methods' work."""
    provide_operations(
        query=_query,
        subgraph=_subgraph,
        save=save,
        load=_load,
        validate=validate,
    )
