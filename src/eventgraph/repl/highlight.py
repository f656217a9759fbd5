"""Syntax highlighting of entries, from the grammar's tokens.

Queries are coloured by terminal (keywords, subjects, operators, dates, numbers, quoted
phrases, names; see ``tokens.style_of``); a ``:command`` is coloured as a command, and
the query after ``:explain`` as a query.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from prompt_toolkit.lexers import Lexer
from prompt_toolkit.styles import Style

from eventgraph.repl.tokens import lex, style_of

__all__ = ["STYLE", "QueryLexer", "styled"]

STYLE = Style.from_dict(
    {
        "prompt": "ansigreen bold",
        "continuation": "ansibrightblack",
        "keyword": "ansiblue bold",
        "subject": "ansimagenta bold",
        "operator": "ansicyan",
        "date": "ansiyellow",
        "number": "ansiyellow",
        "string": "ansigreen",
        "name": "",
        "punctuation": "",
        "command": "ansicyan bold",
        "argument": "",
        "continued": "ansibrightblack",
        "error": "ansired",
    }
)

_COMMAND = re.compile(r"(\s*)(:\S*)(.*)", re.S)


@functools.lru_cache(maxsize=64)
def styled(text: str) -> tuple[str, ...]:
    """One style class per character of ``text`` ('' for none)."""
    styles = [""] * len(text)
    command = _COMMAND.fullmatch(text)
    if command:
        start, end = command.span(2)
        styles[start:end] = ["command"] * (end - start)
        rest = command.group(3)
        if command.group(2).lower() == ":explain":
            _query_styles(rest, styles, end)
        else:
            styles[end:] = ["argument"] * len(rest)
    else:
        _query_styles(text, styles, 0)
    for match in re.finditer(r"\\(?=[ \t]*\n)", text):
        styles[match.start()] = "continued"
    return tuple(styles)


def _query_styles(text: str, styles: list[str], offset: int) -> None:
    previous = ""
    for token in lex(text):
        style = style_of(token.type)
        if token.type == "INT" and previous != "LIMIT":  # a year or a day, not a count
            style = "date"
        previous = token.type
        for i in range(offset + token.start, min(len(styles), offset + token.end)):
            styles[i] = style


class QueryLexer(Lexer):
    """prompt_toolkit lexer for REPL entries."""

    def lex_document(self, document: Any) -> Callable[[int], list[tuple[str, str]]]:
        text = document.text
        styles = styled(text)
        starts = [0]
        for line in document.lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)

        def line(number: int) -> list[tuple[str, str]]:
            if number >= len(document.lines):
                return []
            start = starts[number]
            content = document.lines[number]
            fragments: list[tuple[str, str]] = []
            for offset, char in enumerate(content):
                style = styles[start + offset] if start + offset < len(styles) else ""
                css = f"class:{style}" if style else ""
                if fragments and fragments[-1][0] == css:
                    fragments[-1] = (css, fragments[-1][1] + char)
                else:
                    fragments.append((css, char))
            return fragments

        return line
