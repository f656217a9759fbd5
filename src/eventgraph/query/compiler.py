"""``compile_query``: query text to a reusable object you can run, explain and render.

>>> from eventgraph.query import compile_query
>>> q = compile_query("claims by Lavrov before 2022")
>>> q.render()
'claims by Lavrov before 2022'
>>> q = compile_query("what did Lavrov say last year?", today=datetime.date(2025, 3, 1))
>>> q.understood_as
'statements by Lavrov in 2024'
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from eventgraph.errors import QueryError
from eventgraph.query import ast
from eventgraph.query.errors import QueryLimitError, finish
from eventgraph.query.execute import execute
from eventgraph.query.lexicon import lexicon
from eventgraph.query.parse import Reading, read
from eventgraph.query.result import Result

if TYPE_CHECKING:
    from eventgraph.graph import EventGraph

__all__ = ["CompiledQuery", "compile_query"]


@attrs.frozen
class CompiledQuery:
    """A parsed query: run it on any number of graphs, explain it, render it."""

    text: str
    ast: ast.Query
    reading: Reading | None = attrs.field(default=None, eq=False, repr=False)

    def render(self) -> str:
        """The canonical text of the query (``parse(q.render()) == q.ast``)."""
        return self.ast.render()

    @property
    def understood_as(self) -> str | None:
        """The canonical text when the query was not written in it (a question form, a
        relative date...), else None."""
        return self.render() if self.reading is not None and self.reading.phrased else None

    @property
    def notes(self) -> tuple[str, ...]:
        """What parsing read into the text: relative dates resolved, ambiguities settled."""
        return self.reading.notes if self.reading is not None else ()

    def run(self, graph: EventGraph, *, data: Sequence[str] = ()) -> Result:
        """The rows the query selects from a graph; ``QueryError`` for names it does not know.

        ``data`` are extra knowledge files (roles, titles, topics), as for ``ingest``.
        """
        try:
            return execute(self.ast, graph, self.text, reading=self.reading, data=lexicon(data) if data else None)
        except QueryError as exc:
            raise finish(exc, self.text) from None
        except RecursionError:
            raise QueryLimitError("the query is too complex to run", self.text, 0) from None

    def explain(self, graph: EventGraph) -> str:
        """The query's tree and plan over this graph, with estimated and actual row counts."""
        return self.run(graph).explain()


def compile_query(text: str, *, today: datetime.date | None = None) -> CompiledQuery:
    """Parse a query once, to run it many times; ``today`` resolves relative dates."""
    reading = read(text, today=today)
    return CompiledQuery(text, reading.query, reading)
