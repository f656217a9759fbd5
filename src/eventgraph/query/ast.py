"""The typed syntax tree of a query: frozen values that render back to query text.

Every node carries ``pos``, the offset in the query where it starts, so later stages can
point at it in an error; ``pos`` takes no part in equality, so two queries that say the
same thing compare equal wherever their words stand. ``render()`` gives the canonical
text, and ``parse(node.render()) == node`` for every node the parser can produce.

>>> from eventgraph.query import parse
>>> parse("claims BY Lavrov  about expansion").render()
'claims by Lavrov about expansion'
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any, ClassVar

import attrs

from eventgraph.model import DateInterval

__all__ = [
    "GROUP_KEYS",
    "RESERVED_WORDS",
    "SORT_KEYS",
    "SUBJECTS",
    "TEMPORAL_OPS",
    "About",
    "And",
    "Between",
    "By",
    "Count",
    "Date",
    "Filter",
    "Form",
    "From",
    "In",
    "Mentioning",
    "Name",
    "NameFilter",
    "Not",
    "Of",
    "Or",
    "Order",
    "Path",
    "Query",
    "Quoting",
    "Select",
    "Status",
    "Subquery",
    "Temporal",
    "Type",
    "Undated",
    "WhoMet",
    "WhoMetWhom",
    "WhoSaid",
    "With",
    "Without",
    "describe",
    "render_filter",
    "substitute",
    "walk",
]

SUBJECTS: dict[str, str] = {
    "statement": "claims",
    "statements": "claims",
    "claim": "claims",
    "claims": "claims",
    "quote": "quotes",
    "quotes": "quotes",
    "meeting": "meetings",
    "meetings": "meetings",
    "person": "people",
    "persons": "people",
    "people": "people",
    "organisation": "organisations",
    "organisations": "organisations",
    "organization": "organisations",
    "organizations": "organisations",
    "country": "countries",
    "countries": "countries",
    "place": "places",
    "places": "places",
    "actor": "actors",
    "actors": "actors",
    "document": "documents",
    "documents": "documents",
    "topic": "topics",
    "topics": "topics",
}
"""Every subject word the grammar accepts, mapped to the subject it means."""

GROUP_KEYS = ("speaker", "topic", "month", "year", "document", "place", "participant", "type", "status", "form")
SORT_KEYS = ("date", "speaker")
TEMPORAL_OPS = ("before", "after", "since", "until", "in", "at", "on", "during")
CLOCKS = ("date", "published", "period")

_MONTHS = [
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
]

_FILTER_WORDS = (
    "and",
    "or",
    "not",
    "by",
    "about",
    "with",
    "without",
    "in",
    "at",
    "of",
    "before",
    "after",
    "since",
    "until",
    "on",
    "during",
    "between",
    "mentioning",
    "from",
    "quoting",
    "published",
    "period",
    "order",
    "limit",
)
"""Words that join or open a filter clause."""

RESERVED_WORDS: frozenset[str] = frozenset(
    [
        *_FILTER_WORDS,
        "count",
        "who",
        "met",
        "said",
        "path",
        "to",
        "asc",
        "desc",
        "ascending",
        "descending",
        # question words and the phrases that may follow a name (newest first, last year...)
        "regarding",
        "concerning",
        "status",
        "type",
        "form",
        "undated",
        "dated",
        "scheduled",
        "planned",
        "upcoming",
        "held",
        "sort",
        "sorted",
        "ordered",
        "newest",
        "latest",
        "most",
        "oldest",
        "earliest",
        "reverse",
        "chronologically",
        "last",
        "past",
        "previous",
        "this",
        "current",
        "recently",
        "day",
        "days",
        "week",
        "weeks",
        "today",
        "yesterday",
    ]
    + list(SUBJECTS)
    + [k + s for k in GROUP_KEYS for s in ("", "s", "es")]
    + list(SORT_KEYS)
    + _MONTHS
)
"""Words a bare name never renders with: a name holding one is written in quotes."""

_BARE_WORD = re.compile(r"[^\W_\d][\w'’&/:+.-]*")
_NEVER_NAMES = frozenset(_FILTER_WORDS)
"""Words that start a filter, so a bare name never begins with one."""
_RESERVED = re.compile("(?:" + "|".join(sorted(RESERVED_WORDS, key=len, reverse=True)) + r")\.?", re.IGNORECASE)


def _pos() -> attrs.Attribute:
    return attrs.field(default=0, eq=False, kw_only=True, repr=False)


# -- names and dates -----------------------------------------------------------------------
@attrs.frozen
class Name:
    """A name or phrase as the query wrote it: ``Jens Stoltenberg``, ``"Nord Stream 2"``."""

    text: str
    pos: int = _pos()

    def render(self) -> str:
        if self.is_bare():
            return self.text
        escaped = self.text.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}"'

    def is_bare(self) -> bool:
        """Whether the text reads back as the same name without quotes."""
        words = self.text.split(" ")
        return bool(self.text) and all(_BARE_WORD.fullmatch(w) and not _RESERVED.fullmatch(w) for w in words)

    def render_value(self) -> str:
        """The name as the value of ``status``, ``type`` or ``form``: right after such a
        keyword only a name may stand, so its first word needs quotes only if it is one
        of the words that never begin a name (``and``, ``by``...)."""
        first, _, rest = self.text.partition(" ")
        if _BARE_WORD.fullmatch(first) and first.lower() not in _NEVER_NAMES and (not rest or Name(rest).is_bare()):
            return self.text
        return self.render()


@attrs.frozen
class Date:
    """A calendar year, month or day; ``interval()`` gives the days it covers."""

    year: int
    month: int | None = None
    day: int | None = None
    pos: int = _pos()

    def __attrs_post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        self.interval()  # raises ValueError for a day or month that does not exist

    def interval(self) -> DateInterval:
        if self.month is None:
            return DateInterval(dt.date(self.year, 1, 1), dt.date(self.year, 12, 31))
        if self.day is None:
            last = calendar.monthrange(self.year, self.month)[1]
            return DateInterval(dt.date(self.year, self.month, 1), dt.date(self.year, self.month, last))
        return DateInterval.day(dt.date(self.year, self.month, self.day))

    def render(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text


@attrs.frozen
class Subquery:
    """``(people in Russia)``: a nested query standing where a name may, for the set it returns."""

    query: Select
    pos: int = _pos()
    depth: int = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "depth", 1 + _depth(self.query.where))

    @property
    def text(self) -> str:
        return self.query.render()

    def render(self) -> str:
        return f"({self.query.render()})"


# -- filters ---------------------------------------------------------------------------------
@attrs.frozen
class NameFilter:
    """A filter keyword followed by a name (or a nested query); subclasses say which keyword."""

    keyword: ClassVar[str] = ""
    name: Name | Subquery
    pos: int = _pos()

    @property
    def depth(self) -> int:
        return _depth(self.name)

    def render(self) -> str:
        return f"{self.keyword} {self.name.render()}"


@attrs.frozen
class By(NameFilter):
    """``by Lavrov``: claims whose speaker is this actor."""

    keyword: ClassVar[str] = "by"


@attrs.frozen
class About(NameFilter):
    """``about expansion``: a topic, an entity, or words of the claim's text."""

    keyword: ClassVar[str] = "about"


@attrs.frozen
class With(NameFilter):
    """``with Lavrov``: a meeting participant, or a co-mention."""

    keyword: ClassVar[str] = "with"


@attrs.frozen
class Without(NameFilter):
    """``without Lavrov``: the opposite of ``with``."""

    keyword: ClassVar[str] = "without"


@attrs.frozen
class In(NameFilter):
    """``in Riga`` / ``at Riga``: a place (and the places inside it) or an organisation."""

    keyword: ClassVar[str] = "in"


@attrs.frozen
class Of(NameFilter):
    """``of the NATO-Russia Council``: the organisation that convened a meeting."""

    keyword: ClassVar[str] = "of"


@attrs.frozen
class Mentioning(NameFilter):
    """``mentioning "Nord Stream"``: text that contains the words, or names the entity."""

    keyword: ClassVar[str] = "mentioning"


@attrs.frozen
class From(NameFilter):
    """``from 003.txt``: the source document, by path, file name, stem or id."""

    keyword: ClassVar[str] = "from"


@attrs.frozen
class Quoting(NameFilter):
    """``quoting "red line"``: claims whose text contains the phrase."""

    keyword: ClassVar[str] = "quoting"


@attrs.frozen
class _ValueFilter(NameFilter):
    """A keyword whose name is a value of a field (``status scheduled``, ``type call``)."""

    def render(self) -> str:
        value = self.name.render_value() if isinstance(self.name, Name) else self.name.render()
        return f"{self.keyword} {value}"


@attrs.frozen
class Status(_ValueFilter):
    """``status scheduled``: meetings the text reports as held, or as scheduled."""

    keyword: ClassVar[str] = "status"


@attrs.frozen
class Type(_ValueFilter):
    """``type call``: meetings of one kind (talks, call, summit, visit...)."""

    keyword: ClassVar[str] = "type"


@attrs.frozen
class Form(_ValueFilter):
    """``form quote``: claims quoted word for word, or ``form reported``: reported speech."""

    keyword: ClassVar[str] = "form"


def _clock_prefix(clock: str) -> str:
    return "" if clock == "date" else f"{clock} "


@attrs.frozen
class Temporal:
    """``before 2022``, ``in December 2021``, ``published since 2021-06``."""

    op: str = attrs.field(validator=attrs.validators.in_(TEMPORAL_OPS))
    date: Date
    clock: str = attrs.field(default="date", validator=attrs.validators.in_(CLOCKS))
    pos: int = _pos()

    def render(self) -> str:
        return f"{_clock_prefix(self.clock)}{self.op} {self.date.render()}"


@attrs.frozen
class Between:
    """``between 2021-11 and 2022-02``: overlaps the span from the first's start to the second's end."""

    start: Date
    end: Date
    clock: str = attrs.field(default="date", validator=attrs.validators.in_(CLOCKS))
    pos: int = _pos()

    def render(self) -> str:
        return f"{_clock_prefix(self.clock)}between {self.start.render()} and {self.end.render()}"


@attrs.frozen
class Undated:
    """``undated``: facts without a date (``published undated``: sources without one)."""

    clock: str = attrs.field(default="date", validator=attrs.validators.in_(CLOCKS))
    pos: int = _pos()

    def render(self) -> str:
        return f"{_clock_prefix(self.clock)}undated"


def _flatten(kind: type, items: object) -> tuple:
    out: list = []
    for item in items:  # type: ignore[attr-defined]
        out.extend(item.items if isinstance(item, kind) else (item,))
    return tuple(out)


def _depth(node: object) -> int:
    return getattr(node, "depth", 0)


@attrs.frozen
class And:
    """Every item holds. Nested ``And`` items are flattened into one."""

    items: tuple[Filter, ...] = attrs.field(converter=lambda items: _flatten(And, items))
    pos: int = _pos()
    depth: int = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if len(self.items) < 2:
            raise ValueError("`and` joins at least two filters")
        object.__setattr__(self, "depth", 1 + max(_depth(i) for i in self.items))

    def render(self) -> str:
        return " and ".join(_wrap(i, (Or,)) for i in self.items)

    def render_clauses(self) -> str:
        """The top-level form: juxtaposed clauses, as an analyst writes them.

        An ``of`` right after another name's clause is joined with ``and``: written side by
        side, the parser reads it as part of the name before (``about the invasion of
        Ukraine``, ``with the Secretary of State``).
        """
        text = ""
        for index, item in enumerate(self.items):
            previous = self.items[index - 1] if index else None
            joined = isinstance(item, Of) and isinstance(previous, NameFilter) and not isinstance(previous, Of)
            text += ("" if not index else " and " if joined else " ") + _wrap(item, ())
        return text


@attrs.frozen
class Or:
    """At least one item holds. Nested ``Or`` items are flattened into one."""

    items: tuple[Filter, ...] = attrs.field(converter=lambda items: _flatten(Or, items))
    pos: int = _pos()
    depth: int = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if len(self.items) < 2:
            raise ValueError("`or` joins at least two filters")
        object.__setattr__(self, "depth", 1 + max(_depth(i) for i in self.items))

    def render(self) -> str:
        return " or ".join(_wrap(i, ()) for i in self.items)


@attrs.frozen
class Not:
    """The item does not hold."""

    item: Filter
    pos: int = _pos()
    depth: int = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "depth", 1 + _depth(self.item))

    def render(self) -> str:
        return "not " + _wrap(self.item, (And, Or))


Filter = NameFilter | Temporal | Between | Undated | And | Or | Not


def _wrap(node: Filter, parenthesise: tuple[type, ...]) -> str:
    text = node.render()
    return f"({text})" if isinstance(node, parenthesise) else text


def render_filter(node: Filter | None) -> str:
    """A query's filters as clauses: top-level conjuncts side by side."""
    if node is None:
        return ""
    return " " + (node.render_clauses() if isinstance(node, And) else node.render())


# -- statements --------------------------------------------------------------------------------
@attrs.frozen
class Order:
    """``order by date desc``."""

    key: str = attrs.field(validator=attrs.validators.in_(SORT_KEYS))
    descending: bool = False
    pos: int = _pos()

    def render(self) -> str:
        return f"order by {self.key}" + (" desc" if self.descending else "")


def _modifiers(order: Order | None, limit: int | None) -> str:
    text = f" {order.render()}" if order else ""
    return text + (f" limit {limit}" if limit is not None else "")


def _check_limit(_: object, __: object, value: int | None) -> None:
    if value is not None and value < 0:
        raise ValueError("a limit is a number of rows, 0 or more")


@attrs.frozen(kw_only=True)
class _Statement:
    order: Order | None = None
    limit: int | None = attrs.field(default=None, validator=_check_limit)
    pos: int = _pos()


@attrs.frozen(kw_only=True)
class Select(_Statement):
    """``claims by Lavrov about expansion``: the rows of one subject that pass the filters."""

    subject: str = attrs.field(validator=attrs.validators.in_(SUBJECTS))
    where: Filter | None = None

    def render(self) -> str:
        return f"{self.subject}{render_filter(self.where)}{_modifiers(self.order, self.limit)}"


@attrs.frozen(kw_only=True)
class Count(_Statement):
    """``count claims about sanctions by speaker``: how many rows, maybe per group."""

    subject: str = attrs.field(validator=attrs.validators.in_(SUBJECTS))
    where: Filter | None = None
    group: str | None = attrs.field(default=None, validator=attrs.validators.optional(attrs.validators.in_(GROUP_KEYS)))
    subgroup: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.in_(GROUP_KEYS))
    )

    def __attrs_post_init__(self) -> None:
        if self.subgroup is not None and self.group in (None, self.subgroup):
            raise ValueError("a second grouping needs a first, and another")

    def render(self) -> str:
        group = "".join(f" by {g}" for g in (self.group, self.subgroup) if g)
        return f"count {self.subject}{render_filter(self.where)}{group}{_modifiers(self.order, self.limit)}"


@attrs.frozen(kw_only=True)
class WhoMet(_Statement):
    """``who met Lavrov``: the counterparts of the meetings an actor took part in."""

    name: Name
    where: Filter | None = None

    def render(self) -> str:
        return f"who met {self.name.render()}{render_filter(self.where)}{_modifiers(self.order, self.limit)}"


@attrs.frozen(kw_only=True)
class WhoMetWhom(_Statement):
    """``who met whom in 2021``: every pair of counterparts at the meetings that pass the filters."""

    where: Filter | None = None

    def render(self) -> str:
        return f"who met whom{render_filter(self.where)}{_modifiers(self.order, self.limit)}"


@attrs.frozen(kw_only=True)
class WhoSaid(_Statement):
    """``who said "red line"``, ``who said about sanctions``: the speakers of the claims."""

    phrase: Name | None = None
    where: Filter | None = None

    def render(self) -> str:
        phrase = f" {self.phrase.render()}" if self.phrase else ""
        return f"who said{phrase}{render_filter(self.where)}{_modifiers(self.order, self.limit)}"


@attrs.frozen(kw_only=True)
class Path(_Statement):
    """``path from Stoltenberg to Lavrov``: the shortest chain of meetings and co-mentions."""

    source: Name
    target: Name

    def render(self) -> str:
        return f"path from {self.source.render()} to {self.target.render()}{_modifiers(self.order, self.limit)}"


Query = Select | Count | WhoMet | WhoMetWhom | WhoSaid | Path


def substitute(node: Any, replacements: dict[int, Any]) -> Any:
    """``node`` with the filters whose ``id()`` is a key replaced by their values (the
    filters binding read otherwise); the same node when nothing under it is replaced."""
    if not replacements:
        return node
    if id(node) in replacements:
        return replacements[id(node)]
    if isinstance(node, (And, Or)):
        items = tuple(substitute(i, replacements) for i in node.items)
        return (
            type(node)(items, pos=node.pos) if any(a is not b for a, b in zip(items, node.items, strict=True)) else node
        )
    if isinstance(node, Not):
        item = substitute(node.item, replacements)
        return Not(item, pos=node.pos) if item is not node.item else node
    where = getattr(node, "where", None)
    if where is not None and not isinstance(node, Subquery):
        replaced = substitute(where, replacements)
        return attrs.evolve(node, where=replaced) if replaced is not where else node
    return node


def walk(node: object) -> list[object]:
    """Every filter node under ``node`` (itself included), left to right."""
    out: list[object] = []
    todo = [node]
    while todo:
        current = todo.pop()
        out.append(current)
        if isinstance(current, (And, Or)):
            todo.extend(reversed(current.items))
        elif isinstance(current, Not):
            todo.append(current.item)
    return out


def describe(node: object, indent: int = 0) -> str:
    """An indented outline of a query's tree, for ``explain``."""
    pad = "  " * indent
    if isinstance(node, (And, Or)):
        head = f"{pad}{type(node).__name__.lower()}"
        return "\n".join([head, *(describe(i, indent + 1) for i in node.items)])
    if isinstance(node, Not):
        return f"{pad}not\n{describe(node.item, indent + 1)}"
    if isinstance(node, NameFilter):
        return f"{pad}{node.keyword} {node.name.render()}"
    if isinstance(node, (Temporal, Between, Undated)):
        return f"{pad}{node.render()}"
    return f"{pad}{node!r}"
