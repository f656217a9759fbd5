"""Query text to a typed AST: the only module that sees lark's tokens and trees.

The LALR parser calls ``_Build``'s methods as it reduces each production, so no parse
tree is ever built; a syntax error becomes a ``QuerySyntaxError`` that says, in words,
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

import calendar
import contextvars
import datetime as dt
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

__all__ = ["MAX_DEPTH", "MAX_LENGTH", "Reading", "parse", "read"]

MAX_LENGTH = 2000
"""The longest query, in characters."""

MAX_DEPTH = 32
"""How deeply ``not``, ``and``, ``or``, parentheses and nested queries may nest."""

_FILTERS: dict[str, type[ast.NameFilter]] = {
    "BY": ast.By,
    "ABOUT": ast.About,
    "ON": ast.About,
    "WITH": ast.With,
    "WITHOUT": ast.Without,
    "IN": ast.In,
    "AT": ast.In,
    "OF": ast.Of,
    "MENTIONING": ast.Mentioning,
    "FROM": ast.From,
    "QUOTING": ast.Quoting,
    "STATUS": ast.Status,
    "TYPE": ast.Type,
    "FORM": ast.Form,
}

_MONTHS = {
    m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)
}

_GROUPS = {f"{key}{suffix}": key for key in ast.GROUP_KEYS for suffix in ("", "s", "es")}

# What a group of `top N ...` counts: speakers and topics of claims, places of meetings...
_TOP_SUBJECTS = {
    "speaker": "claims",
    "topic": "claims",
    "form": "claims",
    "month": "claims",
    "year": "claims",
    "document": "claims",
    "place": "meetings",
    "participant": "meetings",
    "type": "meetings",
    "status": "meetings",
}

# `phone calls` are meetings of type call; the other nouns name their type themselves.
_MEETING_TYPES = {
    "call": "call",
    "calls": "call",
    "conversation": "call",
    "conversations": "call",
    "conference": "conference",
    "conferences": "conference",
    "video conference": "video conference",
    "video conferences": "video conference",
    "video call": "video conference",
    "video calls": "video conference",
    "talks": "talks",
    "negotiations": "talks",
    "summit": "summit",
    "summits": "summit",
    "visit": "visit",
    "visits": "visit",
    "briefing": "briefing",
    "briefings": "briefing",
}
_STATUSES = {"scheduled": "scheduled", "planned": "scheduled", "upcoming": "scheduled", "held": "held"}
_FORMS = {"reported": "reported", "indirect": "reported", "quoted": "quote", "direct": "quote"}

# A speaker's X: their statements, the meetings they took part in, the members of a body.
_OWNER_FILTERS: dict[str, type[ast.NameFilter]] = {
    "claims": ast.By,
    "quotes": ast.By,
    "topics": ast.By,
    "meetings": ast.With,
    "documents": ast.With,
}


@attrs.frozen
class Reading:
    """A parsed query, whether its text used a question form, and the readings it took."""

    query: ast.Query
    phrased: bool = False
    notes: tuple[str, ...] = ()


def parse(text: str, *, today: dt.date | None = None) -> ast.Query:
    """The AST of a query; ``QueryError`` (with a caret and what was expected) if it is not one.

    ``today`` resolves relative dates (``last year``); it defaults to the current date.
    """
    return read(text, today=today).query


def read(text: str, *, today: dt.date | None = None) -> Reading:
    """The AST of a query, with what was read into it: a question form, relative dates..."""
    if not isinstance(text, str):
        raise TypeError(f"a query is a str, not {type(text).__name__}")
    state = _State(today or dt.date.today())
    token = _STATE.set(state)
    try:
        query = _parse(text)
    except QueryError as exc:
        raise finish(exc, text) from None
    finally:
        _STATE.reset(token)
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
    interactive = build_parser(_BUILD).parse_interactive(text)
    seen: list[Token] = []
    try:
        for token in interactive.iter_parse():
            seen.append(token)
        return interactive.feed_eof(seen[-1] if seen else None)
    except UnexpectedInput as exc:
        raise _syntax_error(exc, text, seen) from None


# -- what one parse read into the text -------------------------------------------------------
@attrs.define
class _State:
    today: dt.date
    phrased: bool = False
    notes: list[str] = attrs.Factory(list)


_STATE: contextvars.ContextVar[_State] = contextvars.ContextVar("eventgraph_query_parse")


def _state() -> _State:
    try:
        return _STATE.get()
    except LookupError:  # the parser driven directly (tests, completion): no readings kept
        return _State(dt.date.today())


def _phrased() -> None:
    _state().phrased = True


def _note(text: str) -> None:
    state = _state()
    state.phrased = True
    state.notes.append(text)


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

    names: Any  # ast.Name | ast.Subquery | _NameOp
    pos: int
    depth: int = 0


@attrs.frozen
class _Partial:
    """A month or a day without its year: complete only as one end of a range."""

    month: int
    day: int | None
    text: str
    pos: int
    end: int


@attrs.frozen
class _Span:
    """A relative date resolved against today: its first and last day, and the calendar
    unit it is when it is one (``last year`` is 2024; ``the past 6 months`` is no unit)."""

    start: ast.Date
    end: ast.Date
    unit: ast.Date | None
    text: str
    pos: int


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
    items = [i for i in items if i is not None]
    if not items:
        return None
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
    rendered = template.render().split(" ")
    keyword = rendered[0 if getattr(template, "clock", "date") == "date" else 1]
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
    if isinstance(names, (ast.Name, ast.Subquery)):
        return _check_depth(kind(names, pos=pos))
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


def _tokens(children: list[Any], *types: str) -> list[Token]:
    return [c for c in children if isinstance(c, Token) and c.type in types]


def _nodes(children: list[Any]) -> list[Any]:
    return [c for c in children if not isinstance(c, Token)]


def _names(children: list[Any]) -> list[ast.Name]:
    return [c for c in children if isinstance(c, ast.Name)]


def _where(children: list[Any]) -> Any:
    """The filters of a production: the node that is neither a token nor a name."""
    rest = [c for c in children if not isinstance(c, (Token, ast.Name))]
    return rest[-1] if rest else None


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


def _possessive(name: ast.Name) -> ast.Name:
    """``Lavrov's`` -> ``Lavrov``; ``the Allies'`` -> ``the Allies``."""
    text = re.sub(r"(?:['’]s|(?<=s)['’])$", "", name.text)
    return attrs.evolve(name, text=text) if text and text != name.text else name


# -- dates: partial and relative ------------------------------------------------------------------
def _shift_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _day(day: dt.date, pos: int) -> ast.Date:
    return ast.Date(day.year, day.month, day.day, pos=pos)


def _relative(token: Token) -> _Span:
    """A relative date as days: ``last year``, ``this month``, ``the past 6 months``..."""
    today = _state().today
    text = " ".join(token.value.lower().split())
    pos = _start(token)
    words = text.split()
    unit = re.sub(r"s$", "", words[-1])
    if text in ("today", "yesterday"):
        day = today if text == "today" else today - dt.timedelta(days=1)
        return _Span(_day(day, pos), _day(day, pos), _day(day, pos), token.value, pos)
    number = next((int(w) for w in words if w.isdigit()), None)
    rolling = number is not None or "past" in words or "the" in words
    if words[0] in ("this", "current") or not rolling:
        back = 0 if words[0] in ("this", "current") else 1
        if unit == "year":
            year = today.year - back
            return _Span(ast.Date(year, pos=pos), ast.Date(year, pos=pos), ast.Date(year, pos=pos), token.value, pos)
        if unit == "month":
            first = _shift_months(today.replace(day=1), -back)
            month = ast.Date(first.year, first.month, pos=pos)
            return _Span(month, month, month, token.value, pos)
        if unit == "week":
            monday = today - dt.timedelta(days=today.weekday() + 7 * back)
            return _Span(_day(monday, pos), _day(monday + dt.timedelta(days=6), pos), None, token.value, pos)
        day = today - dt.timedelta(days=back)
        return _Span(_day(day, pos), _day(day, pos), _day(day, pos), token.value, pos)
    count = number or 1
    if unit == "year":
        first = _shift_months(today, -12 * count)
    elif unit == "month":
        first = _shift_months(today, -count)
    elif unit == "week":
        first = today - dt.timedelta(weeks=count)
    else:
        first = today - dt.timedelta(days=count)
    return _Span(_day(first, pos), _day(today, pos), None, token.value, pos)


def _resolved(span: _Span, shown: str) -> None:
    _note(f"`{' '.join(span.text.split())}` is {shown} (as of {_state().today.isoformat()})")


def _temporal(op: str, date: Any, clock: str, pos: int) -> Any:
    """A date filter from a keyword and a date, relative or not (yearless ones are refused)."""
    if isinstance(date, ast.Date):
        return ast.Temporal(op, date, clock, pos=pos)
    if isinstance(date, _Partial):
        raise _yearless(date)
    if op in ("in", "at", "on", "during"):
        if date.unit is not None:
            node: Any = ast.Temporal(op, date.unit, clock, pos=pos)
        else:
            node = (
                ast.Temporal("since", date.start, clock, pos=pos)
                if date.end.interval().end == _state().today
                else ast.Between(date.start, date.end, clock, pos=pos)
            )
    elif op in ("before", "since"):
        node = ast.Temporal(op, date.unit or date.start, clock, pos=pos)
    else:
        node = ast.Temporal(op, date.unit or date.end, clock, pos=pos)
    _resolved(date, f"`{node.render()}`")
    return node


def _yearless(date: _Partial) -> QuerySyntaxError:
    text = date.text
    return QuerySyntaxError(
        f"a year is missing after '{text}': '{text}' needs a year, unless it is one end of a range "
        "whose other end has one (between May and June 2021)",
        position=date.end if date.day is None else date.pos,
        hint=f'write {text} 2022; a place called {text} goes in quotes: "{text}"',
        expected=("a year (December 2021) or a day (December 7, 2021)", _DATE),
    )


def _endpoint(date: Any, first: bool) -> ast.Date | _Partial:
    if isinstance(date, _Span):
        _resolved(date, (date.unit or (date.start if first else date.end)).render())
        return date.unit or (date.start if first else date.end)
    return date


def _complete(partial: _Partial, year: int) -> ast.Date:
    return _date(partial.pos, year, partial.month, partial.day)


def _range(start: Any, end: Any) -> tuple[ast.Date, ast.Date]:
    """Both ends of a range as dates: a yearless end takes the year of the other end
    (the year before or after, when that keeps the earlier end first)."""
    a, b = _endpoint(start, True), _endpoint(end, False)
    if isinstance(a, _Partial) and isinstance(b, _Partial):
        raise _yearless(b)
    if isinstance(a, _Partial):
        assert isinstance(b, ast.Date)
        filled = _complete(a, b.year)
        if filled.interval().start > b.interval().end:
            filled = _complete(a, b.year - 1)
        _note(f"`{a.text}` takes its year from the other end: {filled.render()}")
        a = filled
    elif isinstance(b, _Partial):
        filled = _complete(b, a.year)
        if a.interval().start > filled.interval().end:
            filled = _complete(b, a.year + 1)
        _note(f"`{b.text}` takes its year from the other end: {filled.render()}")
        b = filled
    if a.interval().start > b.interval().end:
        raise _date_error(f"`between` needs the earlier date first: {a.render()} is after {b.render()}", a.pos)
    return a, b


def _clock(children: list[Any]) -> str:
    found = _tokens(children, "PUBLISHED", "PERIOD")
    return found[0].value.lower() if found else "date"


class _Build(Transformer):
    """Callbacks the parser runs as it reduces each production; they return AST nodes."""

    # -- statements
    def start(self, children: list[Any]) -> ast.Query:
        if _tokens(children, "LEAD", "QMARK"):
            _phrased()
        statement, modifiers = _nodes(children)
        order = modifiers.order if modifiers.order is not None else statement.order
        if modifiers.limit is not None and statement.limit is not None:
            raise QuerySyntaxError(
                "two limits: `top N` already says how many rows",
                position=_start(statement),
                hint="drop `limit`, or write `top` without a number",
                expected=("the end of the query",),
            )
        limit = modifiers.limit if modifiers.limit is not None else statement.limit
        return attrs.evolve(statement, order=order, limit=limit)

    def select(self, children: list[Any]) -> ast.Select:
        subject, implied, pos = self._subject_of(children)
        if _tokens(children, "MADE"):
            _phrased()
        return ast.Select(subject=subject, where=_conj([*implied, _where(children)]), pos=pos)

    @staticmethod
    def _subject_of(children: list[Any]) -> tuple[str, list[Any], int]:
        """The subject word and the filters its adjectives and meeting nouns imply."""
        implied: list[Any] = []
        subject = "meetings"
        pos = 0
        words = _tokens(children, "STATUS_WORD", "FORM_WORD", "UNDATED", "SUBJECT", "MEETING_NOUN")
        for token in words:
            word = " ".join(token.value.lower().split())
            at = _start(token)
            if token.type == "SUBJECT":
                subject, pos = word, at
            elif token.type == "MEETING_NOUN":
                kind = _MEETING_TYPES[re.sub(r"^(?:phone|telephone) ", "", word)]
                implied.insert(0, ast.Type(ast.Name(kind, pos=at), pos=at))
                pos = at
                _phrased()
            elif token.type == "UNDATED":
                implied.append(ast.Undated(pos=at))
                _phrased()
            elif token.type == "STATUS_WORD":
                implied.append(ast.Status(ast.Name(_STATUSES[word], pos=at), pos=at))
                _phrased()
            else:
                implied.append(ast.Form(ast.Name(_FORMS[word], pos=at), pos=at))
                _phrased()
        if subject in ("quote", "quotes"):
            implied = [i for i in implied if not (isinstance(i, ast.Form) and i.name.text == "quote")]
        return subject, implied, pos if words else 0

    def count(self, children: list[Any]) -> ast.Count:
        opener = _tokens(children, "COUNT", "HOW_MANY")[0]
        if opener.type == "HOW_MANY":
            _phrased()
        subject, implied, _ = self._subject_of(children)
        items = _nodes(children)
        return self._make_count(subject, [*implied, *(i for i in items if not isinstance(i, _Group))], items, opener)

    @staticmethod
    def _make_count(
        subject: str, clauses: list[Any], items: list[Any], opener: Token, limit: int | None = None
    ) -> ast.Count:
        groups = [i for i in items if isinstance(i, _Group)]
        if len(groups) > 2:
            raise QuerySyntaxError(
                "a count groups by two fields at most",
                position=groups[2].pos,
                hint="drop one of the `by ...` groupings",
                expected=("a filter", "the end of the query"),
            )
        if len(groups) == 2 and groups[0].key == groups[1].key:
            raise QuerySyntaxError(
                f"a count groups by {groups[0].key} once",
                position=groups[1].pos,
                hint="drop the second `by ...`, or group by another field",
                expected=("a filter", "the end of the query"),
            )
        return ast.Count(
            subject=subject,
            where=_conj(clauses),
            group=groups[0].key if groups else None,
            subgroup=groups[1].key if len(groups) > 1 else None,
            limit=limit,
            pos=_start(opener),
        )

    def group(self, children: list[Any]) -> _Group:
        by, key = children
        return _Group(_GROUPS[key.value.lower()], _start(by))

    def top(self, children: list[Any]) -> ast.Count:
        _phrased()
        opener = children[0]
        number = _tokens(children, "INT")
        key = _GROUPS[_tokens(children, "GROUP_KEY")[0].value.lower()]
        group = _Group(key, _start(_tokens(children, "GROUP_KEY")[0]))
        clauses = [c for c in _nodes(children)]
        limit = int(number[0].value) if number else 10
        return self._make_count(_TOP_SUBJECTS[key], clauses, [group], opener, limit)

    def who_met(self, children: list[Any]) -> ast.WhoMet:
        if _tokens(children, "DID", "SPOKE", "WITH", "TO"):
            _phrased()
        (name,) = _names(children)
        return ast.WhoMet(name=name, where=_where(children), pos=_start(children[0]))

    def who_met_whom(self, children: list[Any]) -> ast.WhoMetWhom:
        return ast.WhoMetWhom(where=_where(children), pos=_start(children[0]))

    def who_said(self, children: list[Any]) -> ast.WhoSaid:
        who = children[0]
        if _tokens(children, "SPOKE"):
            _phrased()
            about_at = _tokens(children, "ABOUT")[0]
            topic, *rest = children[children.index(about_at) + 1 :]
            about = _distribute(ast.About, topic, _start(about_at))
            return ast.WhoSaid(where=_conj([about, *rest]), pos=_start(who))
        names = _names(children)
        return ast.WhoSaid(phrase=names[0] if names else None, where=_where(children), pos=_start(who))

    def path(self, children: list[Any]) -> ast.Path:
        if _tokens(children, "HOW"):
            _phrased()
        source, target = _names(children)
        return ast.Path(source=source, target=target, pos=_start(children[0]))

    def what_said(self, children: list[Any]) -> ast.Select:
        _phrased()
        names = _names(children)
        by = [ast.By(names[0], pos=names[0].pos)] if names else []
        return ast.Select(subject="statements", where=_conj([*by, _where(children)]), pos=_start(children[0]))

    def when_met(self, children: list[Any]) -> ast.Select:
        _phrased()
        parties = [ast.With(n, pos=n.pos) for n in _names(children)]
        return ast.Select(subject="meetings", where=_conj([*parties, _where(children)]), pos=_start(children[0]))

    def speaker_select(self, children: list[Any]) -> ast.Select:
        _phrased()
        owner = _possessive(children[0])
        rest = children[1:]
        topic = _tokens(rest, "ON", "ABOUT")
        if topic:
            about_at = topic[0]
            names, *more = rest[1:]
            about = _distribute(ast.About, names, _start(about_at))
            where = _conj([ast.By(owner, pos=owner.pos), about, *more])
            return ast.Select(subject="statements", where=where, pos=owner.pos)
        subject, implied, _ = self._subject_of(rest)
        kind = _OWNER_FILTERS.get(ast.SUBJECTS[subject], ast.In)
        where = _conj([kind(owner, pos=owner.pos), *implied, _where(rest)])
        return ast.Select(subject=subject, where=where, pos=owner.pos)

    # -- modifiers
    def modifiers(self, children: list[Any]) -> _Modifiers:
        order = next((c for c in children if isinstance(c, ast.Order)), None)
        limit = next((c for c in children if isinstance(c, int)), None)
        return _Modifiers(order, limit)

    def limit_first(self, children: list[Any]) -> _Modifiers:
        _phrased()
        return self.modifiers(children)

    def order(self, children: list[Any]) -> ast.Order:
        opener = children[0]
        key = _tokens(children, "SORT_KEY")[0]
        direction = _tokens(children, "ASC", "DESC", "NEWEST", "OLDEST")
        if opener.type == "SORTED" or (direction and direction[0].type in ("NEWEST", "OLDEST")):
            _phrased()
        descending = bool(direction) and direction[0].type in ("DESC", "NEWEST")
        return ast.Order(key.value.lower(), descending, pos=_start(opener))

    def newest_first(self, children: list[Any]) -> ast.Order:
        _phrased()
        return ast.Order("date", True, pos=_start(children[0]))

    def oldest_first(self, children: list[Any]) -> ast.Order:
        _phrased()
        return ast.Order("date", False, pos=_start(children[0]))

    def limit(self, children: list[Any]) -> int:
        return int(children[1].value)

    # -- filters
    def filters(self, children: list[Any]) -> Any:
        return _conj(_merge_about_of(children))

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
        if keyword.type == "ON" or keyword.value.lower() in ("regarding", "concerning"):
            _phrased()
        return _distribute(_FILTERS[keyword.type], names, _start(keyword))

    def date_filter(self, children: list[Any]) -> Any:
        op, date = children[-2], children[-1]
        return _temporal(op.value.lower(), date, _clock(children), _start(children[0]))

    def between_filter(self, children: list[Any]) -> ast.Between:
        start, end = _nodes(children)
        first, last = _range(start, end)
        return ast.Between(first, last, _clock(children), pos=_start(children[0]))

    def between_names(self, children: list[Any]) -> ast.And:
        _phrased()
        parties = [ast.With(n, pos=n.pos) for n in _names(children)]
        return _check_depth(ast.And(tuple(parties), pos=_start(children[0])))

    def from_date(self, children: list[Any]) -> Any:
        dates = _nodes(children)
        pos = _start(children[0])
        clock = _clock(children)
        shown = " ".join(t.value for t in _tokens(children, "FROM"))
        if len(dates) == 2:
            first, last = _range(*dates)
            node: Any = ast.Between(first, last, clock, pos=pos)
        else:
            node = _temporal("in", dates[0], clock, pos)
        _note(f"`{shown.lower()}` before a date is a period: `{node.render()}` (before a name, a source document)")
        return node

    def recent(self, children: list[Any]) -> Any:
        span = _relative(_tokens(children, "REL_DATE")[0])
        return _temporal("in", span, _clock(children), _start(children[0]))

    def undated(self, children: list[Any]) -> ast.Undated:
        if _tokens(children, "NO_DATE"):
            _phrased()
        return ast.Undated(_clock(children), pos=_start(children[0]))

    def dated(self, children: list[Any]) -> ast.Not:
        _phrased()
        pos = _start(children[0])
        return ast.Not(ast.Undated(pos=pos), pos=pos)

    def status_word(self, children: list[Any]) -> ast.Status:
        _phrased()
        (token,) = children
        return ast.Status(ast.Name(_STATUSES[token.value.lower()], pos=_start(token)), pos=_start(token))

    def relative(self, children: list[Any]) -> ast.With:
        _phrased()
        (name,) = _names(children)
        return ast.With(name, pos=_start(children[0]))

    # -- names
    def loose_subquery(self, children: list[Any]) -> ast.Subquery:
        _phrased()
        return self.subquery(children)

    def subquery(self, children: list[Any]) -> ast.Subquery:
        subject = _tokens(children, "SUBJECT")[0]
        query = ast.Select(subject=subject.value.lower(), where=_where(children), pos=_start(subject))
        return _check_depth(ast.Subquery(query, pos=_start(subject)))

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

    def month_date(self, children: list[Token]) -> ast.Date | _Partial:
        month, number = children
        if len(number.value) <= 2:  # December 7: a day whose year a range may give
            return _Partial(
                _month(month), int(number.value), f"{month.value} {number.value}", _start(month), number.end_pos or 0
            )
        if len(number.value) != 4:
            raise _date_error(f"{number.value!r} is not a year: a year has four digits", _start(number))
        return _date(_start(month), int(number.value), _month(month))

    def month_day_date(self, children: list[Token]) -> ast.Date:
        month, day, *_comma, year = children
        return _date(_start(month), _year(year), _month(month), int(day.value))

    def day_month_date(self, children: list[Token]) -> ast.Date:
        day, month, year = children
        return _date(_start(day), _year(year), _month(month), int(day.value))

    def month_only(self, children: list[Token]) -> _Partial:
        (month,) = children
        return _Partial(_month(month), None, month.value, _start(month), month.end_pos or 0)

    def day_month_only(self, children: list[Token]) -> _Partial:
        day, month = children
        return _Partial(_month(month), int(day.value), f"{day.value} {month.value}", _start(day), month.end_pos or 0)

    def relative_date(self, children: list[Token]) -> _Span:
        return _relative(children[0])

    def relative_day(self, children: list[Token]) -> _Span:
        return _relative(children[0])


def _merge_about_of(clauses: list[Any]) -> list[Any]:
    """``about the invasion of Ukraine``, ``with the Secretary of State``: an ``of`` that
    belongs to the phrase before it.

    ``of`` names the organisation convening a meeting. Written straight after an ``about``
    phrase, or after a name that ends with a title (``Secretary``, ``Minister``,
    ``President``... as the title tables know them), it is read as part of that phrase
    (``about "the invasion of Ukraine"``, ``with "the US Secretary of State"``), and said
    so. Who means the convening organisation writes ``and of ...``.
    """
    out: list[Any] = []
    for clause in clauses:
        previous = out[-1] if out else None
        last = previous.items[-1] if isinstance(previous, ast.And) else previous
        if (
            isinstance(clause, ast.Of)
            and isinstance(last, ast.NameFilter)
            and not isinstance(last, ast.Of)
            and isinstance(clause.name, ast.Name)
            and isinstance(last.name, ast.Name)
            and (isinstance(last, ast.About) or _ends_with_title(last.name.text))
        ):
            phrase = ast.Name(f"{last.name.text} of {clause.name.text}", pos=last.name.pos)
            merged = type(last)(phrase, pos=last.pos)
            _note(f"`of {clause.name.text}` is part of the phrase: `{merged.render()}`")
            out[-1] = ast.And((*previous.items[:-1], merged), pos=previous.pos) if previous is not last else merged
            continue
        out.append(clause)
    return out


def _ends_with_title(text: str) -> bool:
    from eventgraph.query.lexicon import lexicon, normal

    words = normal(text).split()
    return bool(words) and words[-1] in lexicon().title_heads


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
    interactive = build_parser(_BUILD).parse_interactive("")
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
