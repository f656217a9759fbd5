"""The parser's callbacks: each production of the grammar to the typed AST it means.

The LALR parser calls ``Build``'s methods as it reduces each production, so no parse tree
is ever built. Question forms (``what did Lavrov say``, ``Lavrov's statements``,
``meetings between A and B``, ``top 5 speakers``...) build the tree of the canonical
query they ask for, and report that they were phrased otherwise (``eventgraph.query.reading``).
"""

from __future__ import annotations

import re
from typing import Any

import attrs
from lark import Token, Transformer

from eventgraph.query import ast
from eventgraph.query.dates import (
    DATE,
    Partial,
    Span,
    date_error,
    date_range,
    make_date,
    month_number,
    relative,
    temporal,
    year_of,
)
from eventgraph.query.errors import QueryLimitError, QuerySyntaxError
from eventgraph.query.reading import note, phrased

__all__ = ["BUILD", "MAX_DEPTH", "NAME", "Build"]

MAX_DEPTH = 32
"""How deeply ``not``, ``and``, ``or``, parentheses and nested queries may nest."""

NAME = "a name or a quoted phrase"

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
        expected=(DATE,),
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


def _possessive(name: ast.Name) -> ast.Name:
    """``Lavrov's`` -> ``Lavrov``; ``the Allies'`` -> ``the Allies``."""
    text = re.sub(r"(?:['’]s|(?<=s)['’])$", "", name.text)
    return attrs.evolve(name, text=text) if text and text != name.text else name


def _clock(children: list[Any]) -> str:
    found = _tokens(children, "PUBLISHED", "PERIOD")
    return found[0].value.lower() if found else "date"


class Build(Transformer):
    """Callbacks the parser runs as it reduces each production; they return AST nodes."""

    # -- statements
    def start(self, children: list[Any]) -> ast.Query:
        if _tokens(children, "LEAD", "QMARK"):
            phrased()
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
            phrased()
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
                phrased()
            elif token.type == "UNDATED":
                implied.append(ast.Undated(pos=at))
                phrased()
            elif token.type == "STATUS_WORD":
                implied.append(ast.Status(ast.Name(_STATUSES[word], pos=at), pos=at))
                phrased()
            else:
                implied.append(ast.Form(ast.Name(_FORMS[word], pos=at), pos=at))
                phrased()
        if subject in ("quote", "quotes"):
            implied = [i for i in implied if not (isinstance(i, ast.Form) and i.name.text == "quote")]
        return subject, implied, pos if words else 0

    def count(self, children: list[Any]) -> ast.Count:
        opener = _tokens(children, "COUNT", "HOW_MANY")[0]
        if opener.type == "HOW_MANY":
            phrased()
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
        phrased()
        opener = children[0]
        number = _tokens(children, "INT")
        key = _GROUPS[_tokens(children, "GROUP_KEY")[0].value.lower()]
        group = _Group(key, _start(_tokens(children, "GROUP_KEY")[0]))
        clauses = [c for c in _nodes(children)]
        limit = int(number[0].value) if number else 10
        return self._make_count(_TOP_SUBJECTS[key], clauses, [group], opener, limit)

    def who_met(self, children: list[Any]) -> ast.WhoMet:
        if _tokens(children, "DID", "SPOKE", "WITH", "TO"):
            phrased()
        (name,) = _names(children)
        return ast.WhoMet(name=name, where=_where(children), pos=_start(children[0]))

    def who_met_whom(self, children: list[Any]) -> ast.WhoMetWhom:
        return ast.WhoMetWhom(where=_where(children), pos=_start(children[0]))

    def who_said(self, children: list[Any]) -> ast.WhoSaid:
        who = children[0]
        if _tokens(children, "SPOKE"):
            phrased()
            about_at = _tokens(children, "ABOUT")[0]
            topic, *rest = children[children.index(about_at) + 1 :]
            about = _distribute(ast.About, topic, _start(about_at))
            return ast.WhoSaid(where=_conj([about, *rest]), pos=_start(who))
        names = _names(children)
        return ast.WhoSaid(phrase=names[0] if names else None, where=_where(children), pos=_start(who))

    def path(self, children: list[Any]) -> ast.Path:
        if _tokens(children, "HOW"):
            phrased()
        source, target = _names(children)
        return ast.Path(source=source, target=target, pos=_start(children[0]))

    def what_said(self, children: list[Any]) -> ast.Select:
        phrased()
        names = _names(children)
        by = [ast.By(names[0], pos=names[0].pos)] if names else []
        return ast.Select(subject="statements", where=_conj([*by, _where(children)]), pos=_start(children[0]))

    def when_met(self, children: list[Any]) -> ast.Select:
        phrased()
        parties = [ast.With(n, pos=n.pos) for n in _names(children)]
        return ast.Select(subject="meetings", where=_conj([*parties, _where(children)]), pos=_start(children[0]))

    def speaker_select(self, children: list[Any]) -> ast.Select:
        phrased()
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
        phrased()
        return self.modifiers(children)

    def order(self, children: list[Any]) -> ast.Order:
        opener = children[0]
        key = _tokens(children, "SORT_KEY")[0]
        direction = _tokens(children, "ASC", "DESC", "NEWEST", "OLDEST")
        if opener.type == "SORTED" or (direction and direction[0].type in ("NEWEST", "OLDEST")):
            phrased()
        descending = bool(direction) and direction[0].type in ("DESC", "NEWEST")
        return ast.Order(key.value.lower(), descending, pos=_start(opener))

    def newest_first(self, children: list[Any]) -> ast.Order:
        phrased()
        return ast.Order("date", True, pos=_start(children[0]))

    def oldest_first(self, children: list[Any]) -> ast.Order:
        phrased()
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
            phrased()
        return _distribute(_FILTERS[keyword.type], names, _start(keyword))

    def date_filter(self, children: list[Any]) -> Any:
        op, date = children[-2], children[-1]
        return temporal(op.value.lower(), date, _clock(children), _start(children[0]))

    def between_filter(self, children: list[Any]) -> ast.Between:
        start, end = _nodes(children)
        first, last = date_range(start, end)
        return ast.Between(first, last, _clock(children), pos=_start(children[0]))

    def between_names(self, children: list[Any]) -> ast.And:
        phrased()
        parties = [ast.With(n, pos=n.pos) for n in _names(children)]
        return _check_depth(ast.And(tuple(parties), pos=_start(children[0])))

    def from_date(self, children: list[Any]) -> Any:
        dates = _nodes(children)
        pos = _start(children[0])
        clock = _clock(children)
        shown = " ".join(t.value for t in _tokens(children, "FROM"))
        if len(dates) == 2:
            first, last = date_range(*dates)
            node: Any = ast.Between(first, last, clock, pos=pos)
        else:
            node = temporal("in", dates[0], clock, pos)
        note(f"`{shown.lower()}` before a date is a period: `{node.render()}` (before a name, a source document)")
        return node

    def recent(self, children: list[Any]) -> Any:
        span = relative(_tokens(children, "REL_DATE")[0])
        return temporal("in", span, _clock(children), _start(children[0]))

    def undated(self, children: list[Any]) -> ast.Undated:
        if _tokens(children, "NO_DATE"):
            phrased()
        return ast.Undated(_clock(children), pos=_start(children[0]))

    def dated(self, children: list[Any]) -> ast.Not:
        phrased()
        pos = _start(children[0])
        return ast.Not(ast.Undated(pos=pos), pos=pos)

    def status_word(self, children: list[Any]) -> ast.Status:
        phrased()
        (token,) = children
        return ast.Status(ast.Name(_STATUSES[token.value.lower()], pos=_start(token)), pos=_start(token))

    def relative(self, children: list[Any]) -> ast.With:
        phrased()
        (name,) = _names(children)
        return ast.With(name, pos=_start(children[0]))

    # -- names
    def loose_subquery(self, children: list[Any]) -> ast.Subquery:
        phrased()
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
                "an empty name", position=_start(token), expected=(NAME,), hint="write a name between the quotes"
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
        return make_date(_start(token), *parts)

    def year_date(self, children: list[Token]) -> ast.Date:
        (token,) = children
        return make_date(_start(token), year_of(token))

    def month_date(self, children: list[Token]) -> ast.Date | Partial:
        month, number = children
        if len(number.value) <= 2:  # December 7: a day whose year a range may give
            return Partial(
                month_number(month),
                int(number.value),
                f"{month.value} {number.value}",
                _start(month),
                number.end_pos or 0,
            )
        if len(number.value) != 4:
            raise date_error(f"{number.value!r} is not a year: a year has four digits", _start(number))
        return make_date(_start(month), int(number.value), month_number(month))

    def month_day_date(self, children: list[Token]) -> ast.Date:
        month, day, *_comma, year = children
        return make_date(_start(month), year_of(year), month_number(month), int(day.value))

    def day_month_date(self, children: list[Token]) -> ast.Date:
        day, month, year = children
        return make_date(_start(day), year_of(year), month_number(month), int(day.value))

    def month_only(self, children: list[Token]) -> Partial:
        (month,) = children
        return Partial(month_number(month), None, month.value, _start(month), month.end_pos or 0)

    def day_month_only(self, children: list[Token]) -> Partial:
        day, month = children
        return Partial(
            month_number(month), int(day.value), f"{day.value} {month.value}", _start(day), month.end_pos or 0
        )

    def relative_date(self, children: list[Token]) -> Span:
        return relative(children[0])

    def relative_day(self, children: list[Token]) -> Span:
        return relative(children[0])


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
            note(f"`of {clause.name.text}` is part of the phrase: `{merged.render()}`")
            out[-1] = ast.And((*previous.items[:-1], merged), pos=previous.pos) if previous is not last else merged
            continue
        out.append(clause)
    return out


def _ends_with_title(text: str) -> bool:
    from eventgraph.query.lexicon import lexicon, normal

    words = normal(text).split()
    return bool(words) and words[-1] in lexicon().title_heads


BUILD = Build()
