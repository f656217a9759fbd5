"""Query text to a typed AST: the only module that sees lark's tokens and trees.

The LALR parser calls ``eventgraph.query.build``'s callbacks as it reduces each
production, so no parse tree is ever built; a syntax error becomes a ``QuerySyntaxError`` that says, in words,
what the query could have had at that point. Questions typed the way people ask them
(``what did Lavrov say about expansion?``) are productions of the grammar too and build
the same tree as the canonical query; ``read`` says whether the text was such a form
and which readings it took (a relative date resolved, a yearless month completed).

>>> parse("meetings with Stoltenberg and Lavrov").render()
'meetings with Stoltenberg with Lavrov'
>>> parse("what did Lavrov say about expansion before 2022?").render()
'statements by Lavrov about expansion before 2022'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from eventgraph.errors import QueryError
from eventgraph.query import ast
from eventgraph.query.build import BUILD, MAX_DEPTH, NAME
from eventgraph.query.dates import DATE, DATE_HINT
from eventgraph.query.errors import QueryLimitError, QuerySyntaxError, finish
from eventgraph.query.grammar import build_parser
from eventgraph.query.reading import STATE, ParseState, Reading

_BUILD = BUILD  # the one transformer the parser is built with (``build_parser(_BUILD)``)

__all__ = ["MAX_DEPTH", "MAX_LENGTH", "Reading", "parse", "read"]

MAX_LENGTH = 2000
"""The longest query, in characters."""


def parse(text: str, *, today: dt.date | None = None) -> ast.Query:
    """The AST of a query; ``QueryError`` (with a caret and what was expected) if it is not one.

    ``today`` resolves relative dates (``last year``); it defaults to the current date.
    """
    return read(text, today=today).query


def read(text: str, *, today: dt.date | None = None) -> Reading:
    """The AST of a query, with what was read into it: a question form, relative dates..."""
    if not isinstance(text, str):
        raise TypeError(f"a query is a str, not {type(text).__name__}")
    state = ParseState(today or dt.date.today())
    token = STATE.set(state)
    try:
        query = _parse(text)
    except QueryError as exc:
        raise finish(exc, text) from None
    finally:
        STATE.reset(token)
    return Reading(query, state.phrased, tuple(dict.fromkeys(state.notes)))


def _parse(text: str) -> ast.Query:
    if len(text) > MAX_LENGTH:
        raise QueryLimitError(
            f"the query is {len(text)} characters long; the limit is {MAX_LENGTH}",
            query=text[:60] + "…",
            hint="split it into several queries",
        )
    if not text.strip():
        raise QuerySyntaxError(
            "the query is empty",
            position=0,
            hint="try `claims by Lavrov`, `meetings in Riga` or `who met Blinken`",
            expected=(_START,),
        )
    interactive = build_parser(BUILD).parse_interactive(text)
    seen: list[Token] = []
    try:
        for token in interactive.iter_parse():
            seen.append(token)
        return interactive.feed_eof(seen[-1] if seen else None)
    except UnexpectedInput as exc:
        raise _syntax_error(exc, text, seen) from None


# -- syntax errors in words --------------------------------------------------------------------
_START = "a query such as `claims by Lavrov`, `meetings in Riga`, `who met Lavrov`, `count claims by speaker`"
_SUBJECT = (
    "what to find: claims, statements, quotes, meetings, people, organisations, countries, places, actors, "
    "documents or topics"
)
_FILTER_KEYWORDS = [
    "BY",
    "ABOUT",
    "WITH",
    "WITHOUT",
    "IN",
    "AT",
    "OF",
    "BEFORE",
    "AFTER",
    "SINCE",
    "UNTIL",
    "ON",
    "DURING",
    "BETWEEN",
    "MENTIONING",
    "FROM",
    "QUOTING",
    "PUBLISHED",
    "PERIOD",
    "STATUS",
    "TYPE",
    "FORM",
    "UNDATED",
]
_WORDS = {
    "AND": "`and`",
    "OR": "`or`",
    "NOT": "`not`",
    "ORDER": "`order by`",
    "LIMIT": "`limit`",
    "RPAR": "a closing `)`",
    "TO": "`to`",
    "FROM": "`from`",
    "MET": "`met`",
    "SAID": "`said`",
    "SAY": "`say`",
    "MEET": "`meet`",
    "CONNECTED": "`connected`",
    "BETWEEN": "`between`",
    "SORT_KEY": "date or speaker",
    "GROUP_KEY": "a grouping: speaker, topic, month, year, document, place, participant, type, status or form",
    "ASC": "asc",
    "DESC": "desc",
    "QMARK": "`?`",
    "$END": "the end of the query",
}


def _expected_words(expected: Iterable[str], previous: Token | None) -> tuple[str, ...]:
    """What the parser could have taken, as an analyst would say it."""
    names = set(expected)
    words: list[str] = []
    prev = previous.type if previous is not None else None
    if prev == "WORD":  # more words of the same name: true, but not what the reader needs
        names -= {"WORD"}
    if {"SUBJECT", "COUNT", "WHO", "PATH"} <= names:
        return (_START,)
    if "SUBJECT" in names and "WORD" in names:  # a nested query where a name may stand: say "a name"
        names -= {"SUBJECT"}
    if "SUBJECT" in names:
        words.append(_SUBJECT)
    if names & {"WORD", "QUOTED"}:
        words.append(NAME if "WORD" in names else "a quoted phrase")
    if names & {"ISO_DATE", "MONTH"}:
        words.append(DATE)
    elif "INT" in names:
        if prev == "LIMIT":
            words.append("a number of rows")
        elif prev == "MONTH":
            words.append("a year (December 2021) or a day (December 7, 2021)")
        else:
            words.append("a year")
    keywords = [k for k in _FILTER_KEYWORDS if k in names]
    if len(keywords) >= 5:
        words.append("another filter (by, about, with, in, before, ...)")
    else:
        words.extend(f"`{k.lower()}`" for k in keywords)
    ordered = (
        "MET",
        "SAID",
        "SAY",
        "MEET",
        "CONNECTED",
        "TO",
        "SORT_KEY",
        "ASC",
        "DESC",
        "GROUP_KEY",
        "AND",
        "OR",
        "RPAR",
        "ORDER",
        "LIMIT",
        "$END",
    )
    words.extend(_WORDS[k] for k in ordered if k in names and not (k == "FROM" and keywords))
    if "NOT" in names and len(keywords) < 5 and not names & {"WORD", "QUOTED"}:
        words.append(_WORDS["NOT"])
    return tuple(dict.fromkeys(words))


def _join(words: tuple[str, ...]) -> str:
    if len(words) <= 1:
        return "".join(words)
    last = ", or " if any(" or " in w for w in words) else " or "
    return ", ".join(words[:-1]) + last + words[-1]


def _shown(token: Token) -> str:
    return f"'{token.value}'"


def _accepted(tokens: list[Token]) -> set[str]:
    """Every terminal the parser would take after ``tokens``.

    Asked again from a fresh parser fed the good tokens, because an LALR parser may
    reduce before it notices an error, and then knows less about what could have come.
    """
    interactive = build_parser(BUILD).parse_interactive("")
    for token in tokens:
        interactive.feed_token(token)
    return set(interactive.accepts())


_ALONE = "a name alone is not a query: try `statements by {0}`, `meetings with {0}` or `who met {0}`"


def _syntax_error(exc: UnexpectedInput, text: str, seen: list[Token]) -> QuerySyntaxError:
    if isinstance(exc, UnexpectedToken):
        token = exc.token
        good = seen[:-1] if seen and seen[-1] is token else seen
        previous = good[-1] if good else None
        accepted = _accepted(good)
        expected = _expected_words(accepted, previous)
        after = f" after {_shown(previous)}" if previous is not None else ""
        if token.type == "$END" and good and all(t.type in ("WORD", "QUOTED", "LEAD") for t in good):
            name = " ".join(t.value for t in good if t.type != "LEAD")
            return QuerySyntaxError(
                f"the query ends too soon after {_shown(previous)}; expected {_join(expected)}",  # type: ignore[arg-type]
                position=len(text.rstrip()),
                hint=_ALONE.format(name),
                expected=expected,
            )
        if token.type == "$END":
            position = len(text.rstrip())
            message = f"the query ends too soon{after}; expected {_join(expected)}"
        else:
            position = token.start_pos or 0
            message = f"unexpected {_shown(token)}{after}; expected {_join(expected)}"
        hint = _hint(token, previous, accepted)
        return QuerySyntaxError(message, position=position, hint=hint, expected=expected)
    assert isinstance(exc, UnexpectedCharacters)
    position = exc.pos_in_stream
    char = text[position]
    previous = seen[-1] if seen else None
    if char in '"“':
        return QuerySyntaxError(
            "this quote is never closed",
            position=position,
            hint='close it: "Nord Stream 2"; write \\" for a quote inside a name',
            expected=("a closing quote",),
        )
    expected = _expected_words(_accepted(seen), previous)
    shown = repr(char) if char.isprintable() else f"U+{ord(char):04X}"
    return QuerySyntaxError(
        f"unexpected character {shown}; expected {_join(expected)}",
        position=position,
        hint="names with unusual characters go in quotes" if char.isprintable() and not char.isspace() else None,
        expected=expected,
    )


_RESERVED_RE = re.compile("|".join(k.lower() for k in [*_FILTER_KEYWORDS, "AND", "OR", "NOT", "ORDER", "LIMIT"]), re.I)


def _hint(token: Token, previous: Token | None, expected: set[str]) -> str | None:
    prev = previous.type if previous is not None else None
    if "SUBJECT" in expected and token.type == "WORD":
        return "start with what to find, e.g. `claims by Lavrov` or `meetings with Lavrov`"
    if expected & {"WORD", "QUOTED"} and token.type != "$END" and _RESERVED_RE.fullmatch(token.value or ""):
        return f"'{token.value}' is a keyword; a name that contains it goes in quotes"
    if prev == "MONTH" and token.type in ("$END", "WORD", "QUOTED"):
        month = previous.value  # type: ignore[union-attr]
        return f'{month} needs its year (December 2021); a place called {month} goes in quotes: "{month}"'
    if expected & {"ISO_DATE", "MONTH"}:
        if prev == "BETWEEN" and token.type in ("WORD", "QUOTED"):
            return "`between` takes two dates, or two names of meeting parties: `meetings between Putin and Biden`"
        return DATE_HINT
    if prev in ("AND", "OR", "NOT") and token.type == "$END":
        return f"add a filter or a name after `{previous.value.lower()}`"  # type: ignore[union-attr]
    if "RPAR" in expected and token.type == "$END":
        return "close every `(` with a `)`"
    if token.type == "RPAR":
        return "this `)` closes nothing"
    if token.type == "WORD" and expected & set(_FILTER_KEYWORDS) and prev in ("INT", "ISO_DATE", "RPAR"):
        return "start each filter with its keyword: by, about, with, in, before, ..."
    return None
