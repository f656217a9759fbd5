"""Query text to a typed AST: the only module that sees lark's tokens and trees.

The LALR parser calls ``_Build``'s methods as it reduces each production, so no parse
tree is ever built; a syntax error becomes a ``QuerySyntaxError`` that says, in words,
what the query could have had at that point.

>>> parse("meetings with Stoltenberg and Lavrov").render()
'meetings with Stoltenberg with Lavrov'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import attrs
from lark import Token, Transformer
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from eventgraph.errors import QueryError
from eventgraph.query import ast
from eventgraph.query.errors import QueryLimitError, QuerySyntaxError, finish
from eventgraph.query.grammar import build_parser

__all__ = ["MAX_DEPTH", "MAX_LENGTH", "parse"]

MAX_LENGTH = 2000
"""The longest query, in characters."""

MAX_DEPTH = 32
"""How deeply ``not``, ``and``, ``or`` and parentheses may nest."""

_FILTERS: dict[str, type[ast.NameFilter]] = {
    "BY": ast.By,
    "ABOUT": ast.About,
    "WITH": ast.With,
    "WITHOUT": ast.Without,
    "IN": ast.In,
    "AT": ast.In,
    "OF": ast.Of,
    "MENTIONING": ast.Mentioning,
    "FROM": ast.From,
    "QUOTING": ast.Quoting,
}

_MONTHS = {
    m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)
}


def parse(text: str) -> ast.Query:
    """The AST of a query; ``QueryError`` (with a caret and what was expected) if it is not one."""
    if not isinstance(text, str):
        raise TypeError(f"a query is a str, not {type(text).__name__}")
    try:
        return _parse(text)
    except QueryError as exc:
        raise finish(exc, text) from None


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
    interactive = build_parser(_BUILD).parse_interactive(text)
    seen: list[Token] = []
    try:
        for token in interactive.iter_parse():
            seen.append(token)
        return interactive.feed_eof(seen[-1] if seen else None)
    except UnexpectedInput as exc:
        raise _syntax_error(exc, text, seen) from None


# -- building the AST ------------------------------------------------------------------------
@attrs.frozen
class _Group:
    key: str
    pos: int


@attrs.frozen
class _Modifiers:
    order: ast.Order | None
    limit: int | None


# A name expression inside parentheses, before a keyword is given to it.
@attrs.frozen
class _NameOp:
    op: str  # "or", "and", "not"
    items: tuple[Any, ...]
    pos: int
    depth: int


@attrs.frozen
class _Bare:
    """A name right after ``and``/``or``/``not``, waiting for the keyword before it."""

    names: Any  # ast.Name | _NameOp
    pos: int
    depth: int = 0


def _start(item: Any) -> int:
    if isinstance(item, Token):
        return item.start_pos or 0
    return item.pos


def _check_depth(node: Any) -> Any:
    if getattr(node, "depth", 0) > MAX_DEPTH:
        raise QueryLimitError(
            f"the query nests `not`, `and`, `or` and parentheses more than {MAX_DEPTH} deep",
            position=_start(node),
            hint="simplify it: most questions need two or three levels",
        )
    return node


def _conj(items: list[Any]) -> Any:
    return items[0] if len(items) == 1 else _check_depth(ast.And(tuple(items), pos=_start(items[0])))


def _last_filter(node: Any) -> Any:
    """The filter nearest the end of ``node``'s text, whose keyword a bare name repeats."""
    while True:
        if isinstance(node, (ast.And, ast.Or)):
            node = node.items[-1]
        elif isinstance(node, ast.Not):
            node = node.item
        elif isinstance(node, _Bare):
            return None
        else:
            return node


def _fill(node: Any, template: Any) -> Any:
    """``node`` with every bare name given ``template``'s keyword."""
    if template is None:
        return node
    if isinstance(node, _Bare):
        return _distribute(_keyword_of(template, node), node.names, node.pos)
    if isinstance(node, (ast.And, ast.Or)):
        items = tuple(_fill(i, template) for i in node.items)
        return _check_depth(type(node)(items, pos=node.pos)) if items != node.items else node
    if isinstance(node, ast.Not):
        item = _fill(node.item, template)
        return _check_depth(ast.Not(item, pos=node.pos)) if item is not node.item else node
    return node


def _keyword_of(template: Any, bare: _Bare) -> type[ast.NameFilter]:
    if isinstance(template, ast.NameFilter):
        return type(template)
    if isinstance(template, ast.Temporal) and template.op in ("in", "at") and template.clock == "date":
        return ast.In
    keyword = template.render().split(" ")[0 if template.clock == "date" else 1]
    raise QuerySyntaxError(
        f"a name after `and`/`or`/`not` repeats the keyword before it, but `{keyword}` takes a date",
        position=bare.pos,
        hint=f"give the name its own keyword, e.g. `in {_first_name(bare.names)}` or `with {_first_name(bare.names)}`",
        expected=(_DATE,),
    )


def _first_name(names: Any) -> str:
    while isinstance(names, _NameOp):
        names = names.items[0]
    return names.render()


def _distribute(kind: type[ast.NameFilter], names: Any, pos: int) -> Any:
    """``by (Putin or Lavrov)`` -> ``by Putin or by Lavrov``."""
    if isinstance(names, ast.Name):
        return kind(names, pos=pos)
    items = tuple(_distribute(kind, i, pos) for i in names.items)
    if names.op == "not":
        return _check_depth(ast.Not(items[0], pos=names.pos))
    cls = ast.Or if names.op == "or" else ast.And
    return _check_depth(cls(items, pos=names.pos))


def _chain(items: list[Any]) -> list[Any]:
    """Operands of one ``and``/``or`` chain, each bare name given the keyword before it."""
    out = [items[0]]
    for item in items[1:]:
        out.append(_fill(item, _last_filter(out[-1])))
    return out


def _operands(children: list[Any]) -> list[Any]:
    return [c for c in children if not (isinstance(c, Token) and c.type in ("AND", "OR"))]


def _date_error(message: str, pos: int) -> QuerySyntaxError:
    return QuerySyntaxError(message, position=pos, hint=_DATE_HINT, expected=(_DATE,))


def _year(token: Token) -> int:
    if len(token.value) != 4:
        raise _date_error(f"{token.value!r} is not a year: a year has four digits", _start(token))
    return int(token.value)


def _month(token: Token) -> int:
    return _MONTHS[token.value.lower()[:3]]


def _date(pos: int, year: int, month: int | None = None, day: int | None = None) -> ast.Date:
    try:
        return ast.Date(year, month, day, pos=pos)
    except ValueError:
        shown = "-".join(f"{v:02d}" for v in (year, month, day) if v is not None)
        raise _date_error(f"there is no such date as {shown}", pos) from None


class _Build(Transformer):
    """Callbacks the parser runs as it reduces each production; they return AST nodes."""

    # -- statements
    def start(self, children: list[Any]) -> ast.Query:
        statement, modifiers = children
        return attrs.evolve(statement, order=modifiers.order, limit=modifiers.limit)

    def select(self, children: list[Any]) -> ast.Select:
        subject, *rest = children
        return ast.Select(subject=subject.value.lower(), where=rest[0] if rest else None, pos=_start(subject))

    def count(self, children: list[Any]) -> ast.Count:
        count, subject, *items = children
        groups = [i for i in items if isinstance(i, _Group)]
        if len(groups) > 1:
            raise QuerySyntaxError(
                "a count groups by one field only",
                position=groups[1].pos,
                hint="drop one of the `by ...` groupings",
                expected=("a filter", "the end of the query"),
            )
        clauses = [i for i in items if not isinstance(i, _Group)]
        return ast.Count(
            subject=subject.value.lower(),
            where=_conj(clauses) if clauses else None,
            group=groups[0].key if groups else None,
            pos=_start(count),
        )

    def group(self, children: list[Any]) -> _Group:
        by, key = children
        return _Group(key.value.lower().rstrip("s"), _start(by))

    def who_met(self, children: list[Any]) -> ast.WhoMet:
        who, _met, name, *rest = children
        return ast.WhoMet(name=name, where=rest[0] if rest else None, pos=_start(who))

    def who_said(self, children: list[Any]) -> ast.WhoSaid:
        who, _said, *rest = children
        phrase = rest.pop(0) if rest and isinstance(rest[0], ast.Name) else None
        return ast.WhoSaid(phrase=phrase, where=rest[0] if rest else None, pos=_start(who))

    def path(self, children: list[Any]) -> ast.Path:
        path, _from, source, _to, target = children
        return ast.Path(source=source, target=target, pos=_start(path))

    # -- modifiers
    def modifiers(self, children: list[Any]) -> _Modifiers:
        order = next((c for c in children if isinstance(c, ast.Order)), None)
        limit = next((c for c in children if isinstance(c, int)), None)
        return _Modifiers(order, limit)

    def order(self, children: list[Any]) -> ast.Order:
        order, _by, key, *direction = children
        descending = bool(direction) and direction[0].type == "DESC"
        return ast.Order(key.value.lower(), descending, pos=_start(order))

    def limit(self, children: list[Any]) -> int:
        return int(children[1].value)

    # -- filters
    def filters(self, children: list[Any]) -> Any:
        return _conj(children)

    def either(self, children: list[Any]) -> ast.Or:
        items = _chain(_operands(children))
        return _check_depth(ast.Or(tuple(items), pos=_start(items[0])))

    def both(self, children: list[Any]) -> ast.And:
        items = _chain(_operands(children))
        return _check_depth(ast.And(tuple(items), pos=_start(items[0])))

    def negate(self, children: list[Any]) -> ast.Not:
        not_, item = children
        return _check_depth(ast.Not(item, pos=_start(not_)))

    def bare(self, children: list[Any]) -> _Bare:
        (names,) = children
        return _Bare(names, names.pos)

    def name_filter(self, children: list[Any]) -> Any:
        keyword, names = children
        return _distribute(_FILTERS[keyword.type], names, _start(keyword))

    def date_filter(self, children: list[Any]) -> ast.Temporal:
        *clock, op, date = children
        return ast.Temporal(
            op.value.lower(), date, clock[0].value.lower() if clock else "date", pos=_start(children[0])
        )

    def between_filter(self, children: list[Any]) -> ast.Between:
        *clock, _between, start, _and, end = children
        if start.interval().start > end.interval().end:
            raise _date_error(
                f"`between` needs the earlier date first: {start.render()} is after {end.render()}", start.pos
            )
        return ast.Between(start, end, clock[0].value.lower() if clock else "date", pos=_start(children[0]))

    # -- names
    def bare_name(self, children: list[Token]) -> ast.Name:
        return ast.Name(" ".join(t.value for t in children), pos=_start(children[0]))

    def quoted_name(self, children: list[Token]) -> ast.Name:
        (token,) = children
        raw = token.value[1:-1]
        text = re.sub(r"\\(.)", r"\1", raw, flags=re.S) if token.value.startswith('"') else raw
        if not text.strip():
            raise QuerySyntaxError(
                "an empty name", position=_start(token), expected=(_NAME,), hint="write a name between the quotes"
            )
        return ast.Name(text, pos=_start(token))

    def name_either(self, children: list[Any]) -> _NameOp:
        return self._name_op("or", _operands(children))

    def name_both(self, children: list[Any]) -> _NameOp:
        return self._name_op("and", _operands(children))

    def name_negate(self, children: list[Any]) -> _NameOp:
        not_, item = children
        return self._name_op("not", [item], _start(not_))

    @staticmethod
    def _name_op(op: str, items: list[Any], pos: int | None = None) -> _NameOp:
        depth = 1 + max(getattr(i, "depth", 0) for i in items)
        return _check_depth(_NameOp(op, tuple(items), _start(items[0]) if pos is None else pos, depth))

    # -- dates
    def iso_date(self, children: list[Token]) -> ast.Date:
        (token,) = children
        parts = [int(p) for p in token.value.split("-")]
        return _date(_start(token), *parts)

    def year_date(self, children: list[Token]) -> ast.Date:
        (token,) = children
        return _date(_start(token), _year(token))

    def month_date(self, children: list[Token]) -> ast.Date:
        month, number = children
        if len(number.value) != 4:
            raise _date_error(
                f"{month.value} {number.value} needs a year, as in {month.value} {number.value}, 2021",
                _start(month),
            )
        return _date(_start(month), int(number.value), _month(month))

    def month_day_date(self, children: list[Token]) -> ast.Date:
        month, day, *_comma, year = children
        return _date(_start(month), _year(year), _month(month), int(day.value))

    def day_month_date(self, children: list[Token]) -> ast.Date:
        day, month, year = children
        return _date(_start(day), _year(year), _month(month), int(day.value))


_BUILD = _Build()


# -- syntax errors in words --------------------------------------------------------------------
_NAME = "a name or a quoted phrase"
_DATE = "a date such as 2022, 2021-12, 2021-12-07 or December 2021"
_DATE_HINT = "dates look like 2022, 2021-12, 2021-12-07, December 2021, 7 December 2021 or December 7, 2021"
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
    "BETWEEN": "`between`",
    "SORT_KEY": "date or speaker",
    "GROUP_KEY": "a grouping: speaker, topic, month, year, document or place",
    "ASC": "asc",
    "DESC": "desc",
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
    if "SUBJECT" in names:
        words.append(_SUBJECT)
    if names & {"WORD", "QUOTED"}:
        words.append(_NAME if "WORD" in names else "a quoted phrase")
    if names & {"ISO_DATE", "MONTH"}:
        words.append(_DATE)
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
    interactive = build_parser(_BUILD).parse_interactive("")
    for token in tokens:
        interactive.feed_token(token)
    return set(interactive.accepts())


def _syntax_error(exc: UnexpectedInput, text: str, seen: list[Token]) -> QuerySyntaxError:
    if isinstance(exc, UnexpectedToken):
        token = exc.token
        good = seen[:-1] if seen and seen[-1] is token else seen
        previous = good[-1] if good else None
        accepted = _accepted(good)
        expected = _expected_words(accepted, previous)
        after = f" after {_shown(previous)}" if previous is not None else ""
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
        return _DATE_HINT
    if prev in ("AND", "OR", "NOT") and token.type == "$END":
        return f"add a filter or a name after `{previous.value.lower()}`"  # type: ignore[union-attr]
    if "RPAR" in expected and token.type == "$END":
        return "close every `(` with a `)`"
    if token.type == "RPAR":
        return "this `)` closes nothing"
    if token.type == "WORD" and expected & set(_FILTER_KEYWORDS) and prev in ("INT", "ISO_DATE", "RPAR"):
        return "start each filter with its keyword: by, about, with, in, before, ..."
    return None
