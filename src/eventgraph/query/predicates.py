"""What each filter means for each subject, as predicates over the graph's nodes.

``bind`` turns a filter AST into a tree of predicates: ``IdSet`` (the exact ids an index
gives, as ``by Lavrov`` -> the ``said`` index), ``Check`` (a test per node, maybe with an
index-given superset to start from), ``When`` (a temporal filter) and the logic nodes
``AllOf``, ``AnyOf``, ``NoneOf``. The planner reads their lookups and sizes; the
executor calls ``test``. Names are resolved here, so unknown or ambiguous names and
filters that do not apply to a subject are reported before anything runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs
import numpy as np

from eventgraph.columns import DayBounds, FactColumns
from eventgraph.model import Claim, DateInterval, Document, Entity, Meeting, NodeKind
from eventgraph.packed import LazyNodes
from eventgraph.query import ast
from eventgraph.query.about import (
    AboutMatch,
    about_entities,
    claim_about,
    claim_postings,
    document_about,
    meeting_about,
    resolve_about,
)
from eventgraph.query.actors import Actors, fact_date, resolve_actors
from eventgraph.query.context import Context
from eventgraph.query.errors import UnknownNameError, UnsupportedQueryError
from eventgraph.query.lexicon import Lexicon, lexicon
from eventgraph.query.resolve import (
    ACTORS,
    ENTITIES,
    LOCATIONS,
    find_entities,
    find_named,
    resolve_document,
    resolve_entity,
)
from eventgraph.query.text import Phrase

__all__ = [
    "AllOf",
    "AnyOf",
    "Check",
    "Domain",
    "IdSet",
    "NoneOf",
    "Pred",
    "Readings",
    "When",
    "bind",
    "date_of",
    "domain_for",
    "member",
    "select_ids",
]

_ENTITY_SUBJECTS = {
    "people": frozenset({NodeKind.PERSON}),
    "organisations": frozenset({NodeKind.ORGANISATION}),
    "countries": frozenset({NodeKind.COUNTRY}),
    "places": frozenset({NodeKind.PLACE}),
    "actors": ACTORS,
}


# -- domains -------------------------------------------------------------------------------------
@attrs.frozen
class Domain:
    """The nodes a query ranges over: ``family`` is claims, meetings, entities, documents or topics."""

    family: str
    subject: str
    nodes: Sequence[Any] = attrs.field(repr=False)
    columns: FactColumns | None = attrs.field(default=None, repr=False, eq=False)
    """Claims or meetings as numbered columns (``eventgraph.columns``), for the other families None."""
    numbers: np.ndarray | None = attrs.field(init=False, repr=False, eq=False)
    """The sorted numbers of the nodes, when they are only part of their columns (quotes); else None."""
    _ids: frozenset[str] | None = attrs.field(init=False, default=None, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        lazy = isinstance(self.nodes, LazyNodes)  # a snapshot's: ids and numbers read without decoding
        partial = self.columns is not None and len(self.nodes) < len(self.columns)
        numbers = None
        if partial:
            assert self.columns is not None
            numbers = self.columns.of_nodes(self.nodes.numbers) if lazy else self.columns.postings(self.ids)  # type: ignore[attr-defined]
        object.__setattr__(self, "numbers", numbers)

    @property
    def ids(self) -> frozenset[str]:
        """The nodes' ids, made when first asked for: a snapshot's planned queries work on
        numbers and never need the set (a million ids the collector would walk)."""
        if self._ids is None:
            lazy = isinstance(self.nodes, LazyNodes)
            object.__setattr__(self, "_ids", frozenset(self.nodes.ids() if lazy else (n.id for n in self.nodes)))  # type: ignore[attr-defined]
        return self._ids  # type: ignore[return-value]


def domain_for(subject: str, ctx: Context) -> Domain:
    """The nodes a subject word (``statements``, ``people``...) ranges over, built once per graph version."""
    canonical = ast.SUBJECTS[subject]
    found = ctx.domains.get(canonical)
    if found is None:
        found = ctx.domains[canonical] = _domain(canonical, ctx)
    return found


def _domain(canonical: str, ctx: Context) -> Domain:
    if canonical in ("claims", "quotes"):
        claims = ctx.claims()
        if canonical == "quotes":
            claims = ctx.quotes() if isinstance(claims, LazyNodes) else tuple(c for c in claims if c.form == "quote")
        return Domain("claims", canonical, _kept(claims), ctx.columns("claims"))
    if canonical == "meetings":
        return Domain("meetings", canonical, _kept(ctx.meetings()), ctx.columns("meetings"))
    if canonical == "documents":
        return Domain("documents", canonical, _kept(ctx.documents()))
    if canonical == "topics":
        return Domain("topics", canonical, tuple(ctx.topics()))
    kinds = _ENTITY_SUBJECTS[canonical]
    if ctx.packed is not None:  # a snapshot's, undecoded
        return Domain("entities", canonical, LazyNodes(ctx.packed, ctx.packed.numbers_of(sorted(kinds))))
    return Domain("entities", canonical, tuple(e for e in ctx.entities() if NodeKind(e.kind.value) in kinds))


def _kept(nodes: Sequence[Any]) -> Sequence[Any]:
    """Nodes as a domain holds them: a snapshot's stay undecoded, others become a tuple."""
    return nodes if isinstance(nodes, LazyNodes) else tuple(nodes)


def date_of(ctx: Context, node: Any, clock: str) -> DateInterval | None:
    """The date a temporal filter reads: the fact's own date, its period, or its source's publication."""
    if isinstance(node, Document):
        return node.published
    if clock == "published":
        document = ctx.graph.get(node.document)
        return document.published if isinstance(document, Document) else None
    if clock == "period":
        return getattr(node, "period", None)
    return node.date


# -- predicates ----------------------------------------------------------------------------------
class Pred:
    """A condition on one node; ``lookup`` is an index-given superset of the ids it admits.

    Over claims and meetings a predicate may also work on their numbers
    (``eventgraph.columns``): ``numbers`` gives the sorted numbers it admits (a superset
    unless ``exact``), ``estimate`` how many without listing them, and ``keep`` filters
    candidate numbers, testing node by node only what no index decides.
    """

    label: str
    source: str = "scan"
    exact: bool = False

    def lookup(self) -> frozenset[str] | None:
        return None

    def test(self, node: Any, undated_ok: bool = False) -> bool:
        raise NotImplementedError

    def temporal(self) -> list[When]:
        return []

    def estimate(self, columns: FactColumns | None) -> int | None:
        """How many nodes the index admits (an upper bound), or None without an index."""
        found = self.lookup()
        return None if found is None else len(found)

    def numbers(self, columns: FactColumns) -> np.ndarray | None:
        """The sorted numbers the index admits (a superset unless ``exact``), or None."""
        found = self.lookup()
        return None if found is None else columns.postings(found)

    def keep(self, columns: FactColumns, numbers: np.ndarray) -> np.ndarray:
        """Those of the candidate ``numbers`` whose nodes pass."""
        found = self.numbers(columns)
        if found is not None:
            numbers = numbers[member(numbers, found)]
            if self.exact:
                return numbers
        nodes = columns.nodes
        return numbers[np.fromiter((self.test(nodes[n]) for n in numbers.tolist()), dtype=bool, count=len(numbers))]


def member(numbers: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """A mask of the ``numbers`` that are in ``sorted_set``."""
    if not len(sorted_set) or not len(numbers):
        return np.zeros(len(numbers), dtype=bool)
    at = np.searchsorted(sorted_set, numbers)
    at[at == len(sorted_set)] = 0
    return sorted_set[at] == numbers


class IdSet(Pred):
    """Exactly the nodes whose ids an index gives (as ids, or as numbers of claims or meetings)."""

    exact = True

    def __init__(
        self,
        label: str,
        source: str,
        ids: frozenset[str] | None = None,
        *,
        numbers: np.ndarray | None = None,
        columns: FactColumns | None = None,
    ) -> None:
        self.label = label
        self.source = source
        self._ids = ids
        self._numbers = numbers
        self._columns = columns

    def __repr__(self) -> str:
        return f"IdSet({self.label!r}, {self.source!r})"

    @property
    def ids(self) -> frozenset[str]:
        if self._ids is None:
            self._ids = frozenset(self._columns.ids_of(self._numbers))  # type: ignore[union-attr,arg-type]
        return self._ids

    def lookup(self) -> frozenset[str]:
        return self.ids

    def estimate(self, columns: FactColumns | None) -> int:
        return len(self._numbers) if self._numbers is not None else len(self.ids)

    def numbers(self, columns: FactColumns) -> np.ndarray:
        if self._numbers is None or self._columns is not columns:
            self._numbers, self._columns = columns.postings(self.ids), columns
        return self._numbers

    def test(self, node: Any, undated_ok: bool = False) -> bool:
        if self._ids is None and self._columns is not None:
            number = self._columns.number_of(node.id)
            if number is None:
                return False
            at = int(np.searchsorted(self._numbers, np.int32(number)))  # type: ignore[arg-type]
            return at < len(self._numbers) and int(self._numbers[at]) == number  # type: ignore[arg-type,index]
        return node.id in self.ids


@attrs.define
class Check(Pred):
    """A test run on each node, starting from an index-given superset when there is one.

    ``postings`` gives, for claims or meetings, the numbers the test may admit and those it
    surely admits (so only the rest are tested node by node).
    """

    label: str
    fn: Callable[[Any], bool] = attrs.field(repr=False)
    superset: frozenset[str] | None = None
    source: str = "scan"
    postings: Callable[[FactColumns], tuple[np.ndarray | None, np.ndarray | None]] | None = attrs.field(
        default=None, repr=False
    )
    _found: dict[int, tuple[np.ndarray | None, np.ndarray | None]] = attrs.field(factory=dict, repr=False)

    def lookup(self) -> frozenset[str] | None:
        return self.superset

    def test(self, node: Any, undated_ok: bool = False) -> bool:
        if self.superset is not None and node.id not in self.superset:
            return False
        return self.fn(node)

    def _postings(self, columns: FactColumns) -> tuple[np.ndarray | None, np.ndarray | None]:
        if self.postings is None:
            return None, None
        key = id(columns)
        if key not in self._found:
            self._found[key] = self.postings(columns)
        return self._found[key]

    def estimate(self, columns: FactColumns | None) -> int | None:
        if columns is not None:
            maybe, _ = self._postings(columns)
            if maybe is not None:
                return len(maybe)
        return super().estimate(columns)

    def numbers(self, columns: FactColumns) -> np.ndarray | None:
        maybe, _ = self._postings(columns)
        return maybe if maybe is not None else super().numbers(columns)

    def keep(self, columns: FactColumns, numbers: np.ndarray) -> np.ndarray:
        maybe, sure = self._postings(columns)
        if maybe is None:
            return super().keep(columns, numbers)
        if numbers is not maybe:  # the driver's own postings need no test against themselves
            numbers = numbers[member(numbers, maybe)]
        known = member(numbers, sure) if sure is not None else np.zeros(len(numbers), dtype=bool)
        nodes = columns.nodes
        for i in np.flatnonzero(~known).tolist():
            known[i] = self.test(nodes[int(numbers[i])])
        return numbers[known]


_RULES: dict[str, Callable[[DateInterval, DateInterval], bool]] = {
    "before": lambda d, q: d.end < q.start,
    "after": lambda d, q: d.start > q.end,
    "since": lambda d, q: d.start >= q.start,
    "until": lambda d, q: d.end <= q.end,
    "overlaps": lambda d, q: d.overlaps(q),
}


@attrs.define
class When(Pred):
    """A temporal filter: ``rule`` compares the node's interval on ``clock`` with ``interval``."""

    label: str
    rule: str
    interval: DateInterval
    clock: str
    ctx: Context = attrs.field(repr=False)
    indexed: bool = False

    def __attrs_post_init__(self) -> None:
        self.source = "dated_between" if self.indexed else "scan"
        self.exact = self.indexed and self.rule == "overlaps"
        self._found: frozenset[str] | None = None

    def lookup(self) -> frozenset[str] | None:
        if not self.indexed:
            return None
        if self._found is None:
            self._found = self._lookup()
        return self._found

    def _lookup(self) -> frozenset[str]:
        q = self.interval
        bounds = {
            "before": (None, _shift(q.start, -1)),
            "after": (_shift(q.end, 1), None),
            "since": (q.start, None),
            "until": (None, q.end),
            "overlaps": (q.start, q.end),
        }[self.rule]
        if any(b is False for b in bounds):
            return frozenset()
        return frozenset(self.ctx.index.dated_between(*bounds))  # type: ignore[arg-type]

    def bounds(self) -> DayBounds:
        """The rule as bounds on a fact's first and last day numbers."""
        first, last = self.interval.start.toordinal(), self.interval.end.toordinal()
        return {
            "before": (None, None, None, first - 1),
            "after": (last + 1, None, None, None),
            "since": (first, None, None, None),
            "until": (None, None, None, last),
            "overlaps": (None, last, first, None),
        }[self.rule]

    def estimate(self, columns: FactColumns | None) -> int | None:
        if not self.indexed:
            return None
        if columns is None:
            return super().estimate(columns)
        return columns.count_dated(self.bounds())

    def numbers(self, columns: FactColumns) -> np.ndarray | None:
        return columns.dated(self.bounds()) if self.indexed else None

    def keep(self, columns: FactColumns, numbers: np.ndarray) -> np.ndarray:
        if self.indexed:
            return columns.keep_dated(numbers, self.bounds())
        return super().keep(columns, numbers)

    def date(self, node: Any) -> DateInterval | None:
        return date_of(self.ctx, node, self.clock)

    def test(self, node: Any, undated_ok: bool = False) -> bool:
        date = self.date(node)
        if date is None:
            return undated_ok
        return _RULES[self.rule](date, self.interval)

    def temporal(self) -> list[When]:
        return [self]


def _shift(day: dt.date, days: int) -> dt.date | bool:
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return False


@attrs.define
class AllOf(Pred):
    """Every item holds; the smallest item lookup bounds the candidates."""

    items: list[Pred]
    label: str = "all of"

    def lookup(self) -> frozenset[str] | None:
        sets = [s for s in (i.lookup() for i in self.items) if s is not None]
        return min(sets, key=len) if sets else None

    def test(self, node: Any, undated_ok: bool = False) -> bool:
        return all(i.test(node, undated_ok) for i in self.items)

    def estimate(self, columns: FactColumns | None) -> int | None:
        sizes = [s for s in (i.estimate(columns) for i in self.items) if s is not None]
        return min(sizes) if sizes else None

    def numbers(self, columns: FactColumns) -> np.ndarray | None:
        sized = [(s, i) for i in self.items if (s := i.estimate(columns)) is not None]
        return min(sized, key=lambda p: p[0])[1].numbers(columns) if sized else None

    def keep(self, columns: FactColumns, numbers: np.ndarray) -> np.ndarray:
        for item in sorted(self.items, key=lambda i: (i.estimate(columns) is None, i.estimate(columns) or 0)):
            numbers = item.keep(columns, numbers)
        return numbers

    def temporal(self) -> list[When]:
        return [w for i in self.items for w in i.temporal()]


@attrs.define
class AnyOf(Pred):
    """At least one item holds; an index lookup when every item has one."""

    items: list[Pred]
    label: str = "any of"

    def __attrs_post_init__(self) -> None:
        self.exact = all(i.exact for i in self.items)
        self.source = "union of indexes" if all(i.lookup() is not None for i in self.items) else "scan"

    def lookup(self) -> frozenset[str] | None:
        sets = [i.lookup() for i in self.items]
        if any(s is None for s in sets):
            return None
        return frozenset().union(*sets)  # type: ignore[arg-type]

    def test(self, node: Any, undated_ok: bool = False) -> bool:
        return any(i.test(node, undated_ok) for i in self.items)

    def estimate(self, columns: FactColumns | None) -> int | None:
        sizes = [i.estimate(columns) for i in self.items]
        return None if any(s is None for s in sizes) else sum(sizes)  # type: ignore[misc]

    def numbers(self, columns: FactColumns) -> np.ndarray | None:
        found = [i.numbers(columns) for i in self.items]
        if any(f is None for f in found):
            return None
        return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int32)  # type: ignore[arg-type]

    def keep(self, columns: FactColumns, numbers: np.ndarray) -> np.ndarray:
        passed = np.zeros(len(numbers), dtype=bool)
        for item in self.items:
            left = np.flatnonzero(~passed)
            if not len(left):
                break
            kept = item.keep(columns, numbers[left])
            passed[left[member(numbers[left], kept)]] = True
        return numbers[passed]

    def temporal(self) -> list[When]:
        return [w for i in self.items for w in i.temporal()]


@attrs.define
class NoneOf(Pred):
    """The item does not hold (so no index can say which nodes do)."""

    item: Pred
    label: str = "not"

    def test(self, node: Any, undated_ok: bool = False) -> bool:
        return not self.item.test(node, undated_ok)

    def keep(self, columns: FactColumns, numbers: np.ndarray) -> np.ndarray:
        return numbers[~member(numbers, self.item.keep(columns, numbers))]

    def temporal(self) -> list[When]:
        return self.item.temporal()


def describe(pred: Pred) -> str:
    """A one-line account of a predicate, for ``explain``."""
    if isinstance(pred, AllOf):
        return "(" + " and ".join(describe(i) for i in pred.items) + ")"
    if isinstance(pred, AnyOf):
        return "(" + " or ".join(describe(i) for i in pred.items) + ")"
    if isinstance(pred, NoneOf):
        return pred.label if pred.label != "not" else "not " + describe(pred.item)
    return pred.label


# -- binding -------------------------------------------------------------------------------------
_HINTS = {
    ("meetings", "by"): "meetings have participants, not speakers: `meetings with Lavrov`",
    ("claims", "of"): "`of` names the organisation that convened a meeting (`meetings of NATO`); "
    "for a speaker's organisation use `in`: `claims in NATO`",
    ("claims", "status"): "`status` and `type` are a meeting's: `meetings status scheduled`, `meetings type call`",
    ("claims", "type"): "`status` and `type` are a meeting's: `meetings status scheduled`, `meetings type call`",
    ("meetings", "form"): "`form` is a claim's: `claims form quote`, `claims form reported`",
    ("entities", "by"): "to find who said something: `who said about sanctions`",
    ("entities", "about"): "to find who said something: `who said about sanctions`",
    ("entities", "quoting"): 'to find who said something: `who said "red line"`',
    ("entities", "mentioning"): "use `from DOCUMENT` for the entities a document names",
    ("entities", "date"): "dates apply to claims, meetings and documents: `who met Lavrov in 2022`",
    ("documents", "in"): "`documents mentioning Riga` finds documents that name a place",
    ("documents", "of"): "`documents with NATO` finds documents that name an organisation",
    ("documents", "period"): "documents have one date, when they were published: `documents published in 2022`",
    ("topics", "date"): "to count topics in a period: `count claims in 2022 by topic`",
}


def _unsupported(keyword: str, domain: Domain, pos: int) -> UnsupportedQueryError:
    temporal = keyword in ast.TEMPORAL_OPS or keyword in ("between", "undated")
    hint = _HINTS.get((domain.family, keyword)) or _HINTS.get((domain.family, "date" if temporal else ""))
    if hint is None and domain.family == "topics":
        hint = "topics take `by` (the speakers of their claims) and `from` (a document)"
    return UnsupportedQueryError(
        f"`{keyword}` does not apply to {domain.subject}",
        position=pos,
        hint=hint,
        expected=("a filter that applies to " + domain.subject,),
    )


@attrs.define
class Readings:
    """What binding read into a query: notes for the reader, and filters it rewrote
    (``quotes from Lavrov`` when no document is called Lavrov: ``quotes by Lavrov``)."""

    notes: list[str] = attrs.Factory(list)
    rewrites: dict[int, Any] = attrs.Factory(dict)
    nodes: list[Any] = attrs.Factory(list)  # the rewritten nodes, kept alive while their ids are keys

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def rewrite(self, old: Any, new: Any) -> None:
        self.rewrites[id(old)] = new
        self.nodes.append(old)

    def from_as_actor(self, node: ast.From, actor_filter: type[ast.NameFilter]) -> ast.NameFilter:
        """``from X`` where no document is X but an actor is: the actor filter it is read as, noted."""
        assert isinstance(node.name, ast.Name)
        rewritten = actor_filter(node.name, pos=node.pos)
        self.note(
            f"no document is called {node.name.text!r}, but an actor is: `from {node.name.render()}` "
            f"read as `{rewritten.render()}`"
        )
        self.rewrite(node, rewritten)
        return rewritten


_FORMS = {"quote": "quote", "quotes": "quote", "quoted": "quote", "direct": "quote"}
_FORMS |= {"reported": "reported", "report": "reported", "indirect": "reported"}
_STATUSES = {"scheduled": "scheduled", "planned": "scheduled", "upcoming": "scheduled", "held": "held", "past": "held"}


@attrs.define
class Binder:
    """Binds filters for one domain of one graph."""

    ctx: Context
    domain: Domain
    readings: Readings = attrs.Factory(Readings)
    data: Lexicon | None = None

    @property
    def lexicon(self) -> Lexicon:
        if self.data is None:
            self.data = lexicon()
        return self.data

    def bind(self, node: Any) -> Pred:
        if isinstance(node, ast.And):
            return AllOf([self.bind(i) for i in node.items])
        if isinstance(node, ast.Or):
            return AnyOf([self.bind(i) for i in node.items])
        if isinstance(node, ast.Not):
            return NoneOf(self.bind(node.item))
        if isinstance(node, ast.Temporal):
            return self._when(node, node.op, node.date.interval(), node.clock)
        if isinstance(node, ast.Between):
            span = DateInterval(node.start.interval().start, node.end.interval().end)
            return self._when(node, "between", span, node.clock)
        if isinstance(node, ast.Undated):
            return self._undated(node)
        method = getattr(self, f"_{self.domain.family}_{node.keyword}", None)
        if method is None:
            raise _unsupported(node.keyword, self.domain, node.pos)
        if isinstance(node.name, ast.Subquery) and node.keyword in _NAMES_ONLY:
            raise UnsupportedQueryError(
                f"`{node.keyword}` takes a name or a phrase, not a nested query",
                position=node.name.pos,
                hint="a nested query stands for entities or documents: `with (people in Russia)`",
                expected=("a name or a quoted phrase",),
            )
        return method(node)

    # -- time
    def _when(self, node: Any, op: str, interval: DateInterval, clock: str) -> When:
        family = self.domain.family
        if family in ("entities", "topics"):
            raise _unsupported(op, self.domain, node.pos)
        if family == "documents" and clock == "period":
            raise _unsupported("period", self.domain, node.pos)
        rule = op if op in ("before", "after", "since", "until") else "overlaps"
        indexed = clock == "date" and family in ("claims", "meetings")
        return When(node.render(), rule, interval, clock, self.ctx, indexed=indexed)

    def _undated(self, node: ast.Undated) -> Pred:
        family = self.domain.family
        if family in ("entities", "topics"):
            raise _unsupported("undated", self.domain, node.pos)
        if family == "documents" and node.clock == "period":
            raise _unsupported("period", self.domain, node.pos)
        ctx, clock = self.ctx, node.clock
        superset = (
            frozenset(self.ctx.index.undated) & self.domain.ids if clock == "date" and family != "documents" else None
        )
        return Check(
            node.render(),
            lambda n: date_of(ctx, n, clock) is None,
            superset,
            "undated" if superset is not None else "scan",
        )

    # -- helpers
    def _entity(self, name: ast.Name, kinds: frozenset[NodeKind]) -> Entity:
        return resolve_entity(self.ctx.graph, name, kinds, self.lexicon, self.readings.notes)

    def _entities(self, name: ast.Name | ast.Subquery, kinds: frozenset[NodeKind]) -> tuple[str, set[str]]:
        """A name's entity, or a nested query's entities of these kinds: a label and the ids."""
        if isinstance(name, ast.Subquery):
            ids = select_ids(self.ctx, name.query, self.readings, self.data)
            wanted = {e.id for e in self.ctx.entities() if NodeKind(e.kind.value) in kinds and e.id in ids}
            if ids and not wanted and domain_for(name.query.subject, self.ctx).family != "entities":
                raise UnsupportedQueryError(
                    f"a nested query of {name.query.subject} stands for no {'/'.join(sorted(k.value for k in kinds))}",
                    position=name.pos,
                    hint="nest people, organisations, countries, places or actors: `with (people in Russia)`",
                    expected=("a nested query of entities",),
                )
            return name.render(), wanted
        entity = self._entity(name, kinds)
        return entity.name, {entity.id}

    def _actors(self, name: ast.Name | ast.Subquery) -> Actors:
        if isinstance(name, ast.Subquery):
            label, ids = self._entities(name, ACTORS)
            return Actors(name.text, label, frozenset(ids))
        return resolve_actors(self.ctx.graph, name, self.lexicon, self.readings.notes)

    def _numbered(self, label: str, source: str, relation: str, keys: Iterable[str]) -> IdSet:
        """The claims or meetings an index relation gives for the keys, as numbers (the
        domain's own subset, such as quotes among claims, is kept to when the plan runs)."""
        family = self.domain.family
        columns = self.ctx.columns(family)
        if columns is None:
            index = getattr(self.ctx.index, relation)
            return self._ids(label, source, {i for k in keys for i in index.get(k, ())})
        return IdSet(label, source, numbers=self.ctx.union(family, relation, keys), columns=columns)

    def _ids(self, label: str, source: str, ids: Iterable[str]) -> IdSet:
        return IdSet(label, source, frozenset(ids) & self.domain.ids)

    def _speakers(self, speakers: Iterable[str]) -> set[str]:
        return {c for s in speakers for c in self.ctx.index.said.get(s, ())}

    def _claims_naming(self, entities: Iterable[str]) -> frozenset[str]:
        index = self.ctx.index
        claims: set[str] = set()
        for entity in entities:
            claims.update(index.about.get(entity, ()))
            for document in index.mentioned_in.get(entity, ()):
                claims.update(self.ctx.claims_of(document))
        return frozenset(claims)

    def _mentioned(self, name: ast.Name | ast.Subquery) -> tuple[Phrase | None, set[str]]:
        if isinstance(name, ast.Subquery):
            return None, self._entities(name, ENTITIES)[1]
        return Phrase(name.text), {e.id for e in find_entities(self.ctx.graph, name.text)}

    def _about(self, name: ast.Name | ast.Subquery) -> AboutMatch:
        if isinstance(name, ast.Subquery):
            _, ids = self._entities(name, ENTITIES)
            return about_entities(self.ctx, name.render(), [self.ctx.node(i) for i in sorted(ids)], self.lexicon)  # type: ignore[misc]
        return resolve_about(self.ctx, name.text, self.lexicon)

    def _document_or_actors(self, node: ast.From, actor_filter: type[ast.NameFilter]) -> Pred | None:
        """``from X`` where no document is X but an actor is: read as ``by X`` (``with X``), and said so."""
        if not isinstance(node.name, ast.Name):
            return None
        try:
            resolve_document(self.ctx.graph, node.name)
        except UnknownNameError:
            if not find_named(self.ctx.graph, node.name.text, ACTORS, self.lexicon).entities:
                raise
            return self.bind(self.readings.from_as_actor(node, actor_filter))
        return None

    def _said_by(self, actors: Actors) -> Pred:
        if actors.exact:
            return self._numbered(f"by {actors.label}", "said", "said", actors.candidates)
        claims = self._speakers(actors.candidates)
        ctx = self.ctx

        def test(claim: Claim) -> bool:
            speaker = ctx.speaker_of.get(claim.id)
            date = fact_date(ctx.graph, claim.date, claim.document)
            return speaker is not None and actors.admits(speaker, date, claim.document)

        return Check(
            f"by {actors.label}",
            test,
            frozenset(claims) & self.domain.ids,
            "said",
            postings=lambda _columns: (ctx.union("claims", "said", actors.candidates), None),
        )

    # -- claims
    def _claims_by(self, node: ast.By) -> Pred:
        return self._said_by(self._actors(node.name))

    def _claims_about(self, node: ast.About) -> Pred:
        about = self._about(node.name)
        return Check(
            f"about {about.describe(self.ctx)}",
            lambda c: claim_about(self.ctx, c, about),
            source="about+words",
            postings=lambda _columns: claim_postings(self.ctx, about),
        )

    def _claims_with(self, node: ast.With) -> Pred:
        label, entities = self._entities(node.name, ENTITIES)
        ctx = self.ctx

        def test(claim: Claim) -> bool:
            return bool(entities & ctx.entities_of.get(claim.id, set())) or bool(
                entities & ctx.mentioned_within(claim.document, claim.sentence)
            )

        return Check(f"with {label} (named in the sentence)", test, self._claims_naming(entities), "mentioned_in")

    def _claims_without(self, node: ast.Without) -> Pred:
        pred = NoneOf(self._claims_with(ast.With(node.name, pos=node.pos)))
        pred.label = f"without {node.name.text}"
        return pred

    def _claims_in(self, node: ast.In) -> Pred:
        label, groups = self._entities(node.name, frozenset({NodeKind.ORGANISATION, NodeKind.COUNTRY}))
        speakers = set(groups)
        for group in groups:
            speakers |= self.ctx.index.members.get(group, set())
        return self._numbered(f"speaker in {label} ({len(speakers)} actors)", "members+said", "said", speakers)

    def _claims_mentioning(self, node: ast.Mentioning) -> Pred:
        phrase, entities = self._mentioned(node.name)
        ctx = self.ctx

        def test(claim: Claim) -> bool:
            return bool(phrase and phrase.found_in(claim.text)) or bool(
                entities & ctx.mentioned_within(claim.document, claim.span)
            )

        return Check(f"mentioning {node.name.text!r}", test)

    def _claims_from(self, node: ast.From) -> Pred:
        read = self._document_or_actors(node, ast.By)
        if read is not None:
            return read
        return self._from_documents(node)

    def _from_documents(self, node: ast.From) -> IdSet:
        documents = self._documents(node.name)
        facts = {f for d in documents for f in self.ctx.index.by_document.get(d.id, ())}
        label = ", ".join(d.path for d in documents) if len(documents) < 4 else f"{len(documents)} documents"
        return self._ids(f"from {label}", "by_document", facts)

    def _documents(self, name: ast.Name | ast.Subquery) -> list[Document]:
        if isinstance(name, ast.Subquery):
            if domain_for(name.query.subject, self.ctx).family != "documents":
                raise UnsupportedQueryError(
                    "`from` takes a document, or a nested query of documents",
                    position=name.pos,
                    hint="`claims from (documents mentioning Riga)`",
                    expected=("a document, or a nested query of documents",),
                )
            ids = select_ids(self.ctx, name.query, self.readings, self.data)
            return [d for d in self.ctx.documents() if d.id in ids]
        return [resolve_document(self.ctx.graph, name)]

    def _claims_quoting(self, node: ast.Quoting) -> Pred:
        phrase = Phrase(node.name.text, exact=True)
        return Check(f"quoting {node.name.text!r}", lambda c: phrase.found_in(c.text))

    def _claims_form(self, node: ast.Form) -> Pred:
        value = _FORMS.get(node.name.text.strip().lower())
        if value is None:
            raise UnknownNameError(
                f"no claim form {node.name.text!r}; a claim is a `quote` or `reported`",
                position=node.name.pos,
                hint="`claims form quote` are direct quotations, `claims form reported` reported speech",
                expected=("quote or reported",),
            )
        return self._ids(f"form {value}", "form", (c.id for c in self.domain.nodes if c.form == value))

    # -- meetings
    def _meetings_about(self, node: ast.About) -> Pred:
        about = self._about(node.name)
        return Check(f"about {about.describe(self.ctx)}", lambda m: meeting_about(self.ctx, m, about))

    def _meetings_with(self, node: ast.With) -> Pred:
        actors = self._actors(node.name)
        if actors.exact:
            return self._numbered(f"with {actors.label}", "participants", "participants", actors.candidates)
        participants = self.ctx.index.participants
        meetings = {m for a in actors.candidates for m in participants.get(a, ())}
        ctx = self.ctx

        def test(meeting: Meeting) -> bool:
            date = fact_date(ctx.graph, meeting.date, meeting.document)
            return any(actors.admits(p, date, meeting.document) for p in ctx.parties.get(meeting.id, ()))

        return Check(
            f"with {actors.label}",
            test,
            frozenset(meetings) & self.domain.ids,
            "participants",
            postings=lambda _columns: (ctx.union("meetings", "participants", actors.candidates), None),
        )

    def _meetings_without(self, node: ast.Without) -> Pred:
        pred = NoneOf(self._meetings_with(ast.With(node.name, pos=node.pos)))
        pred.label = f"without {node.name.text}"
        return pred

    def _meetings_in(self, node: ast.In) -> Pred:
        label, found = self._entities(node.name, LOCATIONS)
        places = {p for place in found for p in self.ctx.index.places_within(place)}
        meetings = {m for p in places for m in self.ctx.index.held_in.get(p, ())}
        inside = f" and {len(places) - len(found)} places inside" if len(places) > len(found) else ""
        return self._ids(f"in {label}{inside}", "held_in+located_in", meetings)

    def _meetings_of(self, node: ast.Of) -> Pred:
        label, found = self._entities(node.name, frozenset({NodeKind.ORGANISATION}))
        meetings = {m for o in found for m in self.ctx.index.convened_by.get(o, ())}
        return self._ids(f"of {label}", "convened_by", meetings)

    def _meetings_mentioning(self, node: ast.Mentioning) -> Pred:
        phrase, entities = self._mentioned(node.name)
        ctx = self.ctx

        def test(meeting: Meeting) -> bool:
            return bool(phrase and phrase.found_in(meeting.text)) or bool(
                entities & ctx.mentioned_within(meeting.document, meeting.span)
            )

        return Check(f"mentioning {node.name.text!r}", test)

    def _meetings_from(self, node: ast.From) -> Pred:
        read = self._document_or_actors(node, ast.With)
        if read is not None:
            return read
        return self._from_documents(node)

    def _meetings_quoting(self, node: ast.Quoting) -> Pred:
        phrase = Phrase(node.name.text, exact=True)
        return Check(f"quoting {node.name.text!r}", lambda m: phrase.found_in(m.text))

    def _meetings_status(self, node: ast.Status) -> Pred:
        written = node.name.text.strip().lower()
        known = sorted({m.status for m in self.domain.nodes})
        value = _STATUSES.get(written, written)
        if value not in known and value not in _STATUSES.values():
            raise UnknownNameError(
                f"no meeting status {node.name.text!r}; the graph's meetings are {', '.join(known) or 'none'}",
                position=node.name.pos,
                hint="`meetings status held`, `meetings status scheduled` (or `scheduled meetings`)",
                expected=("a meeting status",),
            )
        return self._ids(f"status {value}", "status", (m.id for m in self.domain.nodes if m.status == value))

    def _meetings_type(self, node: ast.Type) -> Pred:
        written = node.name.text.strip()
        known = sorted({m.kind for m in self.domain.nodes})
        kinds = self.lexicon.meeting_types(written) | {k for k in known if k.lower() == written.lower()}
        if not kinds:
            raise UnknownNameError(
                f"no meeting type {written!r}; the graph's meetings are of type {', '.join(known) or 'none'}",
                position=node.name.pos,
                hint="`meetings type call`, `meetings type talks`, or the nouns: `calls`, `talks`, `summits`, `visits`",
                expected=("a meeting type",),
            )
        shown = ", ".join(sorted(kinds))
        return self._ids(f"type {shown}", "type", (m.id for m in self.domain.nodes if m.kind in kinds))

    # -- entities
    def _entities_with(self, node: ast.With) -> Pred:
        actors = self._actors(node.name)
        ctx = self.ctx
        met: set[str] = set()
        for party in actors.candidates:
            for meeting_id in ctx.index.participants.get(party, ()):
                meeting = ctx.node(meeting_id)
                date = fact_date(ctx.graph, meeting.date, meeting.document)  # type: ignore[attr-defined]
                if actors.admits(party, date, meeting.document):  # type: ignore[attr-defined]
                    met |= ctx.parties.get(meeting_id, set()) - {party}
        return self._ids(f"met {actors.label}", "participants", met - actors.always)

    def _entities_without(self, node: ast.Without) -> Pred:
        met = self._entities_with(ast.With(node.name, pos=node.pos))
        assert isinstance(met, IdSet)
        excluded = met.ids | self._actors(node.name).candidates
        return Check(f"never met {node.name.text}", lambda e: e.id not in excluded)

    def _entities_in(self, node: ast.In) -> Pred:
        label, groups = self._entities(node.name, frozenset({NodeKind.ORGANISATION, NodeKind.COUNTRY, NodeKind.PLACE}))
        inside: set[str] = set()
        for group in groups:
            inside |= self.ctx.index.members.get(group, set()) | (self.ctx.index.places_within(group) - {group})
        return self._ids(f"in {label}", "members+located_in", inside)

    _entities_of = _entities_in

    def _entities_from(self, node: ast.From) -> Pred:
        documents = self._documents(node.name)
        named = {e for d in documents for e in self.ctx.entities_in.get(d.id, ())}
        return self._ids(f"named in {', '.join(d.path for d in documents)}", "mentioned_in", named)

    # -- documents
    def _documents_by(self, node: ast.By) -> Pred:
        said = self._claims_pred(self._actors(node.name))
        return self._ids(f"has claims by {node.name.text}", "said", {self.ctx.node(c).document for c in said})  # type: ignore[attr-defined]

    def _claims_pred(self, actors: Actors) -> set[str]:
        """The claims said by the actors (on each claim's date, for an office)."""
        claims = Binder(self.ctx, domain_for("claims", self.ctx), self.readings, self.data)._said_by(actors)
        if isinstance(claims, IdSet):
            return set(claims.ids)
        return {c for c in claims.lookup() or () if claims.test(self.ctx.node(c))}

    def _documents_about(self, node: ast.About) -> Pred:
        about = self._about(node.name)
        return Check(f"about {about.describe(self.ctx)}", lambda d: document_about(self.ctx, d, about))

    def _documents_with(self, node: ast.With) -> Pred:
        label, entities = self._entities(node.name, ENTITIES)
        documents = {d for e in entities for d in self.ctx.index.mentioned_in.get(e, ())}
        return self._ids(f"names {label}", "mentioned_in", documents)

    def _documents_without(self, node: ast.Without) -> Pred:
        pred = NoneOf(self._documents_with(ast.With(node.name, pos=node.pos)))
        pred.label = f"does not name {node.name.text}"
        return pred

    def _documents_mentioning(self, node: ast.Mentioning) -> Pred:
        phrase, entities = self._mentioned(node.name)
        ctx = self.ctx

        def test(document: Document) -> bool:
            return bool(phrase and phrase.found_in(document.text)) or bool(
                entities & ctx.entities_in.get(document.id, set())
            )

        return Check(f"mentioning {node.name.text!r}", test)

    def _documents_from(self, node: ast.From) -> Pred:
        documents = self._documents(node.name)
        return self._ids(f"is {', '.join(d.path for d in documents)}", "id", {d.id for d in documents})

    def _documents_quoting(self, node: ast.Quoting) -> Pred:
        phrase = Phrase(node.name.text, exact=True)
        return Check(f"quoting {node.name.text!r}", lambda d: phrase.found_in(d.text))

    # -- topics
    def _topics_by(self, node: ast.By) -> Pred:
        claims = self._claims_pred(self._actors(node.name))
        topics = {t for c in claims for t in self.ctx.topics_of.get(c, ())}
        return self._ids(f"of claims by {node.name.text}", "said+about", topics)

    def _topics_from(self, node: ast.From) -> Pred:
        documents = self._documents(node.name)
        topics = {t for d in documents for c in self.ctx.claims_of(d.id) for t in self.ctx.topics_of.get(c, ())}
        return self._ids(f"of claims in {', '.join(d.path for d in documents)}", "by_document+about", topics)


_NAMES_ONLY = frozenset({"quoting", "status", "type", "form"})


def bind(
    node: Any, ctx: Context, domain: Domain, readings: Readings | None = None, data: Lexicon | None = None
) -> Pred | None:
    """The predicate a filter AST means over a domain (``None`` for no filter).

    ``readings`` collects what was read into names and filters; ``data`` is the lexicon
    of titles, offices and topics (the shipped tables by default).
    """
    if node is None:
        return None
    return Binder(ctx, domain, readings if readings is not None else Readings(), data).bind(node)


def select_ids(
    ctx: Context, query: ast.Select, readings: Readings | None = None, data: Lexicon | None = None
) -> set[str]:
    """The ids of the nodes a subject query selects (for nested queries and counts)."""
    domain = domain_for(query.subject, ctx)
    pred = bind(query.where, ctx, domain, readings, data)
    if pred is None:
        return set(domain.ids)
    candidates = pred.lookup()
    nodes = domain.nodes if candidates is None else [ctx.graph.node(i) for i in sorted(candidates & domain.ids)]
    return {n.id for n in nodes if pred.test(n)}
