"""The kinds of query error, each a ``QueryError`` that says what went wrong in words.

Errors are raised deep in the pipeline with a position only; ``finish`` adds the query
text at the boundary (``compile_query``, ``CompiledQuery.run``), so every stage can
report a problem without carrying the text around.
"""

from __future__ import annotations

from typing import TypeVar

from eventgraph.errors import QueryError

__all__ = [
    "AmbiguousNameError",
    "QueryLimitError",
    "QuerySyntaxError",
    "UnknownNameError",
    "UnsupportedQueryError",
    "finish",
]


class QuerySyntaxError(QueryError):
    """The text is not a query: a word out of place, a missing name or date, a bad date."""

    kind = "syntax"


class QueryLimitError(QueryError):
    """The query is longer or more deeply nested than the language allows."""

    kind = "limit"


class UnknownNameError(QueryError):
    """No entity (or document) of the kinds allowed there has this name or alias."""

    kind = "unknown-name"


class AmbiguousNameError(QueryError):
    """Several entities answer to the name, and the position does not narrow it to one."""

    kind = "ambiguous-name"


class UnsupportedQueryError(QueryError):
    """A well-formed query asking something the subject cannot answer (``meetings by X``)."""

    kind = "unsupported"


E = TypeVar("E", bound=QueryError)


def finish(error: E, query: str) -> E:
    """The same error with the query's text, so it renders with a caret."""
    if error.query:
        return error
    finished = type(error)(error.message, query, error.position, error.hint, error.expected)
    finished.__cause__ = error.__cause__
    return finished
