"""``compile_query``: query text to a reusable object you can run, explain and render.

>>> from eventgraph.query import compile_query
>>> q = compile_query("claims by Lavrov before 2022")
>>> q.render()
'claims by Lavrov before 2022'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from eventgraph.errors import QueryError
from eventgraph.query import ast
from eventgraph.query.errors import QueryLimitError, finish
from eventgraph.query.execute import execute
from eventgraph.query.parse import parse
from eventgraph.query.result import Result

if TYPE_CHECKING:
    from eventgraph.graph import EventGraph

__all__ = ["CompiledQuery", "compile_query"]


@attrs.frozen
class CompiledQuery:
    """A parsed query: run it on any number of graphs, explain it, render it."""

    text: str
    ast: ast.Query

    def render(self) -> str:
        """The canonical text of the query (``parse(q.render()) == q.ast``)."""
        return self.ast.render()

    def run(self, graph: EventGraph) -> Result:
        """The rows the query selects from a graph; ``QueryError`` for names it does not know."""
        try:
            return execute(self.ast, graph, self.text)
        except QueryError as exc:
            raise finish(exc, self.text) from None
        except RecursionError:
            raise QueryLimitError("the query is too complex to run", self.text, 0) from None

    def explain(self, graph: EventGraph) -> str:
        """The query's tree and plan over this graph, with estimated and actual row counts."""
        return self.run(graph).explain()


def compile_query(text: str) -> CompiledQuery:
    """Parse a query once, to run it many times."""
    return CompiledQuery(text, parse(text))
