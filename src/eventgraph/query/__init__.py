"""The eventgraph query language: text -> AST -> plan -> rows.

>>> from eventgraph.query import compile_query
>>> compile_query("meetings with Stoltenberg and Lavrov").render()
'meetings with Stoltenberg with Lavrov'

``graph.query(text)`` is ``compile_query(text).run(graph)``. Every malformed or
unanswerable query raises ``eventgraph.QueryError`` (or one of the subclasses here),
which renders the query with a caret under the problem.
"""

from eventgraph.query.compiler import CompiledQuery, compile_query
from eventgraph.query.errors import (
    AmbiguousNameError,
    QueryLimitError,
    QuerySyntaxError,
    UnknownNameError,
    UnsupportedQueryError,
)
from eventgraph.query.parse import MAX_DEPTH, MAX_LENGTH, parse
from eventgraph.query.result import Result

__all__ = [
    "MAX_DEPTH",
    "MAX_LENGTH",
    "AmbiguousNameError",
    "CompiledQuery",
    "QueryLimitError",
    "QuerySyntaxError",
    "Result",
    "UnknownNameError",
    "UnsupportedQueryError",
    "compile_query",
    "parse",
]
