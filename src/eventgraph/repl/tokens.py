"""The query grammar's tokens, for highlighting and completion.

Everything here is derived from the grammar file itself (``eventgraph.query.grammar``):
the terminals and their priorities say what a keyword, a date or a name is, the LALR
interactive parser lexes a query with the same contextual lexer queries are parsed with
and says which terminals may come next (``accepts``), and the keyword words are the
finite languages of the keyword terminals' regular expressions. Text that does not
parse is lexed on without context, so a half-typed query still gets colours.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Iterable

import attrs

__all__ = [
    "KEYWORD_PRIORITY",
    "Token",
    "accepts_after",
    "is_bare",
    "keyword_words",
    "lex",
    "style_of",
]

KEYWORD_PRIORITY = 5
"""The grammar gives keywords priority 5, dates and numbers 4, bare words 1."""

_OPERATORS = frozenset({"AND", "OR", "NOT"})
_CONTINUED = re.compile(r"\\\n")


@attrs.frozen
class Token:
    """One token of a query: its terminal's name and where it stands."""

    type: str
    start: int
    end: int
    text: str


@attrs.frozen
class _Terminal:
    name: str
    priority: int
    regex: re.Pattern[str]
    words: tuple[str, ...]


@functools.cache
def _parser():  # type: ignore[no-untyped-def]
    """A plain LALR parser over the query grammar (no transformer), or None without one."""
    try:
        from lark import Lark

        from eventgraph.query.grammar import grammar_text

        return Lark(grammar_text(), parser="lalr", lexer="contextual", maybe_placeholders=False)
    except Exception:  # no grammar: the REPL still works, without colours or keyword completion
        return None


@functools.cache
def _terminals() -> tuple[_Terminal, ...]:
    parser = _parser()
    if parser is None:
        return ()
    found = []
    for terminal in parser.terminals:
        if terminal.name == "WS":
            continue
        pattern = terminal.pattern
        flags = re.IGNORECASE if "i" in pattern.flags else 0
        source = pattern.to_regexp() if pattern.type == "re" else re.escape(pattern.value)
        words = tuple(sorted(_expand(pattern.value, flags) or ())) if pattern.type == "re" else (pattern.value,)
        found.append(_Terminal(terminal.name, terminal.priority, re.compile(source, flags), words))
    return tuple(sorted(found, key=lambda t: -t.priority))


def keyword_words() -> dict[str, tuple[str, ...]]:
    """Each keyword terminal (and MONTH) with the words it accepts, in lower case."""
    out = {}
    for terminal in _terminals():
        if terminal.priority >= KEYWORD_PRIORITY:
            out[terminal.name] = tuple(w for w in terminal.words if w.isalpha())
        elif terminal.name == "MONTH":
            months = {m.lower() for m in calendar.month_name if m}
            out[terminal.name] = tuple(w for w in terminal.words if w in months)
    return out


def style_of(token_type: str) -> str:
    """The highlighting class of a terminal: keyword, subject, operator, date, number, string, name..."""
    if token_type == "SUBJECT":
        return "subject"
    if token_type in _OPERATORS:
        return "operator"
    terminal = next((t for t in _terminals() if t.name == token_type), None)
    if terminal is None:
        return "error" if token_type == "ERROR" else "string" if token_type == "QUOTED" else ""
    if terminal.priority >= KEYWORD_PRIORITY:
        return "keyword"
    if token_type == "INT":
        return "number"
    if terminal.priority > 1:
        return "date"
    if token_type == "QUOTED":
        return "string"
    if token_type == "WORD":
        return "name"
    return "punctuation"


def lex(text: str) -> list[Token]:
    """The tokens of ``text``: contextual while it parses, then context-free to the end."""
    text = _CONTINUED.sub("  ", text)
    tokens, stop, _ = _contextual(text)
    return tokens + _free(text, stop)


def accepts_after(text: str) -> tuple[list[Token], set[str] | None]:
    """The tokens of ``text`` and the terminals that may follow it (None: it does not parse)."""
    tokens, stop, accepted = _contextual(_CONTINUED.sub("  ", text))
    return tokens, accepted if stop is None else None


def _contextual(text: str) -> tuple[list[Token], int | None, set[str] | None]:
    parser = _parser()
    if parser is None:
        return [], 0, None
    tokens: list[Token] = []
    interactive = parser.parse_interactive(text)
    try:
        for token in interactive.iter_parse():
            tokens.append(Token(token.type, token.start_pos, token.end_pos, str(token)))
    except Exception:  # lark's UnexpectedInput, or anything odd: lex the rest without context
        return tokens, tokens[-1].end if tokens else 0, None
    try:
        return tokens, None, set(interactive.accepts())
    except Exception:
        return tokens, None, None


def _free(text: str, start: int | None) -> list[Token]:
    """Context-free lexing from ``start``: the highest priority, then the longest match."""
    if start is None:
        return []
    tokens = []
    position = start
    terminals = _terminals()
    while position < len(text):
        if text[position].isspace():
            position += 1
            continue
        best: tuple[int, int, str] | None = None
        for terminal in terminals:
            match = terminal.regex.match(text, position)
            if match and match.end() > position:
                key = (terminal.priority, match.end() - position, terminal.name)
                if best is None or key[:2] > best[:2]:
                    best = key
        if best is not None:
            end = position + best[1]
            tokens.append(Token(best[2], position, end, text[position:end]))
        elif text[position] in '"“':  # an unclosed quote runs to the end
            end = len(text)
            tokens.append(Token("QUOTED", position, end, text[position:end]))
        else:
            end = position + 1
            tokens.append(Token("ERROR", position, end, text[position:end]))
        position = end
    return tokens


def is_bare(name: str) -> bool:
    """Whether a name can be written without quotes and read back as the same name.

    Every word must be a WORD of the grammar (no reserved word), and the first may not read
    as a keyword, a date or a number, which the contextual lexer prefers where a name or
    one of those may start (``in May``); inside a name only WORD continues it.
    """
    terminals = _terminals()
    if not terminals:
        return bool(re.fullmatch(r"\w+( \w+)*", name))
    word = next((t for t in terminals if t.name == "WORD"), None)
    words = name.split(" ")
    if not name or word is None or any(not w for w in words):
        return False
    if not all(word.regex.fullmatch(w) for w in words):
        return False
    return not any(t.priority > word.priority and t.regex.fullmatch(words[0]) for t in terminals)


# -- the finite language of a keyword's regular expression ----------------------------------
def _expand(pattern: str, flags: int, limit: int = 256) -> set[str] | None:
    """Every string a regex without repetition matches (lower case), or None if unbounded."""
    try:
        import re._parser as sre  # the standard library's regex parser (Python 3.11+)

        parsed = sre.parse(pattern, flags)
    except Exception:
        return None
    return _sequence(sre, list(parsed), limit)


def _sequence(sre, items: Iterable[tuple[object, object]], limit: int) -> set[str] | None:  # type: ignore[no-untyped-def]
    results = {""}
    for op, arg in items:
        options: set[str] | None
        if op is sre.LITERAL:
            options = {chr(arg).lower()}  # type: ignore[arg-type]
        elif op is sre.SUBPATTERN:
            options = _sequence(sre, arg[-1], limit)  # type: ignore[index]
        elif op is sre.BRANCH:
            options = set()
            for branch in arg[1]:  # type: ignore[index]
                more = _sequence(sre, branch, limit)
                if more is None:
                    return None
                options |= more
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            low, high, sub = arg  # type: ignore[misc]
            inner = _sequence(sre, sub, limit)
            if inner is None or high > 1:
                return None
            options = inner | ({""} if low == 0 else set())
        elif op is sre.IN:
            options = set()
            for kind, value in arg:  # type: ignore[attr-defined]
                if kind is not sre.LITERAL:
                    return None
                options.add(chr(value).lower())
        elif op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
            continue
        else:
            return None
        if options is None:
            return None
        results = {r + o for r in results for o in options}
        if len(results) > limit:
            return None
    return results
