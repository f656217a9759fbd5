"""What one parse read into a query's text: a question form, relative dates, rules applied.

The parser's callbacks build the tree as the LALR parser reduces each production; they
report here, through a context variable set for the length of one parse, whether the
text used a question form (``what did X say``) and which readings it took (``last year``
is 2024), so that "understood as" can say so. The day relative dates count from is kept
here too.
"""

from __future__ import annotations

import contextvars
import datetime as dt

import attrs

from eventgraph.query import ast

__all__ = ["STATE", "ParseState", "Reading", "note", "phrased", "reading_state", "today"]


@attrs.frozen
class Reading:
    """A parsed query, whether its text used a question form, and the readings it took."""

    query: ast.Query
    phrased: bool = False
    notes: tuple[str, ...] = ()


@attrs.define
class ParseState:
    """The day relative dates count from, and what the parse has read so far."""

    today: dt.date
    phrased: bool = False
    notes: list[str] = attrs.Factory(list)


STATE: contextvars.ContextVar[ParseState] = contextvars.ContextVar("eventgraph_query_parse")


def reading_state() -> ParseState:
    try:
        return STATE.get()
    except LookupError:  # the parser driven directly (tests, completion): no readings kept
        return ParseState(dt.date.today())


def today() -> dt.date:
    return reading_state().today


def phrased() -> None:
    """The text is not in canonical words (a question form, a synonym, an adjective)."""
    reading_state().phrased = True


def note(text: str) -> None:
    """A reading taken (a relative date resolved, an ambiguity settled); the text is phrased."""
    state = reading_state()
    state.phrased = True
    state.notes.append(text)
