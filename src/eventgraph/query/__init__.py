"""The eventgraph query language: text -> AST -> plan -> rows.

>>> from eventgraph.query import compile_query
>>> compile_query("meetings with Stoltenberg and Lavrov").render()
'meetings with Stoltenberg with Lavrov'
>>> compile_query("who has Stoltenberg met?").render()
'who met Stoltenberg'

``graph.query(text)`` is ``compile_query(text).run(graph)``. Every malformed or
unanswerable query raises ``eventgraph.QueryError`` (or one of the subclasses here),
which renders the query with a caret under the problem.
"""

from eventgraph.errors import QueryError
from eventgraph.query.compiler import CompiledQuery, compile_query
from eventgraph.query.errors import (
    AmbiguousNameError,
    QueryLimitError,
    QuerySyntaxError,
    UnknownNameError,
    UnsupportedQueryError,
)
from eventgraph.query.parse import MAX_DEPTH, MAX_LENGTH, Reading, parse, read
from eventgraph.query.result import Result

__all__ = [
    "MAX_DEPTH",
    "MAX_LENGTH",
    "AmbiguousNameError",
    "CompiledQuery",
    "QueryError",
    "QueryLimitError",
    "QuerySyntaxError",
    "Reading",
    "Result",
    "UnknownNameError",
    "UnsupportedQueryError",
    "compile_query",
    "parse",
    "read",
]
