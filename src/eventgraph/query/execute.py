"""Running a query: bind its filters, plan, produce the matching nodes, shape the rows.

Each statement (a subject query, ``count``, ``who met``, ``who met whom``, ``who said``,
``path``) is a small function over the same steps; the planner's steps record how many
rows each one left, and undated facts that only a date filter kept out are counted. A
query without ``limit`` that would return more than ``MAX_ROWS`` rows stops, before any
row is built, with a ``QueryLimitError`` that asks for a ``limit``. What binding read
into the query (an office per date, a name spelt otherwise, ``from`` read as ``by``)
comes back as the result's notes and its canonical text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from eventgraph.codec import date_to_dict
from eventgraph.collection import paused_collection
from eventgraph.columns import NO_DAY, FactColumns
from eventgraph.model import Claim, Document, Entity, Meeting, Topic
from eventgraph.query import ast
from eventgraph.query.actors import Actors, fact_date
from eventgraph.query.context import Context, context
from eventgraph.query.errors import QueryLimitError, UnsupportedQueryError
from eventgraph.query.groups import group_counts
from eventgraph.query.met import LazyPairs, met_pairs
from eventgraph.query.paths import shortest_path
from eventgraph.query.plan import Plan, make_plan
from eventgraph.query.predicates import (
    AllOf,
    Binder,
    Domain,
    IdSet,
    Pred,
    Readings,
    bind,
    date_of,
    domain_for,
    member,
    select_ids,
)
from eventgraph.query.resolve import ENTITIES, resolve_entity
from eventgraph.query.result import Result
from eventgraph.query.rows import LazyRows, document_ref, entity_ref, entity_row, node_row, topic_row

if TYPE_CHECKING:
    from eventgraph.graph import EventGraph
    from eventgraph.query.lexicon import Lexicon
    from eventgraph.query.parse import Reading

__all__ = ["MAX_ROWS", "execute"]

MAX_ROWS = 100_000
"""The most rows a query without ``limit`` may return (rows are dicts of about 1 kB each).

Read at each run, so a program may raise or lower it: ``eventgraph.query.execute.MAX_ROWS``.
"""


class _Run:
    """What one run produced: the nodes (or, over claims and meetings, their numbers, in the
    order rows are listed), the plan with its counts, the undated left out."""

    def __init__(
        self,
        nodes: list[Any] | None,
        plan: Plan | None,
        undated: int,
        *,
        numbers: np.ndarray | None = None,
        columns: FactColumns | None = None,
    ) -> None:
        self._nodes = nodes
        self.plan = plan
        self.undated = undated
        self.numbers = numbers
        self.columns = columns
        self.matched: int | None = None  # rows before the limit, when rows were built only up to it

    @property
    def nodes(self) -> list[Any]:
        if self._nodes is None:
            self._nodes = self.columns.nodes_of(self.numbers)  # type: ignore[union-attr,arg-type]
        return self._nodes

    @property
    def count(self) -> int:
        return len(self.numbers) if self.numbers is not None else len(self.nodes)


@attrs.frozen
class _Scope:
    """What a run binds its filters with: the graph's lookups, the lexicon, the readings."""

    ctx: Context
    readings: Readings
    data: Lexicon | None

    def bind(self, where: Any, domain: Domain) -> Pred | None:
        return bind(where, self.ctx, domain, self.readings, self.data)

    def binder(self, domain: Domain) -> Binder:
        return Binder(self.ctx, domain, self.readings, self.data)


def execute(
    query: ast.Query,
    graph: EventGraph,
    text: str = "",
    *,
    reading: Reading | None = None,
    data: Lexicon | None = None,
) -> Result:
    """Run a parsed query over a graph.

    ``reading`` is what parsing read into the text (a question form, relative dates);
    ``data`` the lexicon of titles, offices and topics (the shipped tables by default).
    """
    with paused_collection():  # the first query on a graph builds its indexes: millions of objects
        ctx = context(graph)
        scope = _Scope(ctx, Readings(), data)
        runner = _RUNNERS[type(query)]
        rows, shape, run = runner(query, scope, MAX_ROWS if query.limit is None else None)
    limited = rows if query.limit is None else rows[: query.limit]
    matched = run.matched if run.matched is not None else len(rows)
    shown = len(limited)
    explanation = lambda: _explain(query, run, matched, shown)  # noqa: E731 - written when asked for
    canonical = ast.substitute(query, scope.readings.rewrites).render()
    phrased = bool(reading and reading.phrased) or bool(scope.readings.rewrites)
    notes = list(dict.fromkeys([*(reading.notes if reading else ()), *scope.readings.notes]))

    def explain_empty() -> str:
        from eventgraph.query.empty import explain_empty as explain

        return explain(query, graph, len(limited), run.undated, data)

    return Result(
        limited,
        shape,
        undated_excluded=run.undated,
        explanation=explanation,
        query=text or query.render(),
        canonical=canonical,
        understood_as=canonical if phrased else None,
        notes=notes,
        why_empty=explain_empty,
        graph=graph,
    )


# -- the statements ----------------------------------------------------------------------------
def _select(query: ast.Select, scope: _Scope, most: int | None) -> tuple[list[dict[str, Any]], str, _Run]:
    ctx = scope.ctx
    domain = domain_for(query.subject, ctx)
    _check_order(query.order, domain.family, query)
    run = _run(ctx, domain, [scope.bind(query.where, domain)])
    _check_size(run.count, most)
    shape = "entity" if domain.family == "entities" else domain.family.rstrip("s")
    if run.numbers is not None and (query.order is None or query.order.key == "date"):
        numbers = _ordered_numbers(run.columns, run.numbers, query.order)  # type: ignore[arg-type]
        run.matched = len(numbers)
        nodes = run.columns.nodes  # type: ignore[union-attr]
        return LazyRows(numbers[: query.limit], lambda n: node_row(ctx, nodes[n])), shape, run  # type: ignore[return-value]
    nodes = _ordered(ctx, run.nodes, query.order)
    run.matched = len(nodes)
    if query.limit is not None:
        nodes = nodes[: query.limit]
    if domain.family == "topics" and query.where is not None:
        scoped = select_ids(ctx, ast.Select(subject="claims", where=query.where), scope.readings, scope.data)
        return [topic_row(ctx, n, scoped) for n in nodes], shape, run
    return LazyRows(nodes, lambda n: node_row(ctx, n)), shape, run  # type: ignore[return-value]


def _count(query: ast.Count, scope: _Scope, most: int | None) -> tuple[list[dict[str, Any]], str, _Run]:
    ctx = scope.ctx
    domain = domain_for(query.subject, ctx)
    if query.order is not None:
        raise UnsupportedQueryError(
            "a count has no order: its groups come largest first",
            position=query.order.pos,
            hint="drop `order by`; `limit` keeps the largest groups",
        )
    run = _run(ctx, domain, [scope.bind(query.where, domain)])
    if query.group is None:
        return [{"kind": "count", "group": None, "count": run.count}], "count", run
    key = _group_key(query.group, query, domain, ctx)
    if query.subgroup is None and run.numbers is not None:
        counted = group_counts(ctx, query.group, run.columns, run.numbers)  # type: ignore[arg-type]
        if counted is not None:
            _check_size(len(counted), most)
            ordered = sorted(counted.items(), key=lambda kv: (-kv[1], kv[0] is None, kv[0] or ""))
            return [{"kind": "count", "group": g, "count": n} for g, n in ordered], "count", run
    if query.subgroup is not None:
        second = _group_key(query.subgroup, query, domain, ctx)
        pairs: Counter[tuple[str | None, str | None]] = Counter()
        for node in run.nodes:
            pairs.update((a, b) for a in key(node) for b in second(node))
        _check_size(len(pairs), most)
        ordered2 = sorted(pairs.items(), key=lambda kv: (-kv[1], _none_last(kv[0][0]), _none_last(kv[0][1])))
        rows = [{"kind": "count", "group": a, "subgroup": b, "count": n} for (a, b), n in ordered2]
        return rows, "count2", run
    counts: Counter[str | None] = Counter()
    for node in run.nodes:
        counts.update(key(node))
    _check_size(len(counts), most)
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0] is None, kv[0] or ""))
    return [{"kind": "count", "group": g, "count": n} for g, n in ordered], "count", run


def _none_last(value: str | None) -> tuple[bool, str]:
    return (value is None, value or "")


def _who_met(query: ast.WhoMet, scope: _Scope, most: int | None) -> tuple[list[dict[str, Any]], str, _Run]:
    ctx = scope.ctx
    domain = domain_for("meetings", ctx)
    _check_order(query.order, "meetings", query)
    binder = scope.binder(domain)
    actors: Actors = binder._actors(query.name)
    took_part = binder._meetings_with(ast.With(query.name, pos=query.name.pos))
    run = _run(ctx, domain, [took_part, scope.bind(query.where, domain)])
    if ctx.packed is not None and actors.exact and run.numbers is not None and run.columns is not None:
        numbered = met_pairs(ctx, _ordered_numbers(run.columns, run.numbers, query.order), actors.candidates)
        node = ctx.packed.node
        pairs: Any = LazyPairs(numbered, node)
    else:
        pairs = [
            (m, o)
            for m in _ordered(ctx, run.nodes, query.order)
            for o in _counterparts(ctx, m, _present(ctx, m, actors))
        ]
    _check_size(len(pairs), most)
    run.matched = len(pairs)

    def row(pair: tuple[Meeting, Entity]) -> dict[str, Any]:
        return _with_source(ctx, entity_row(ctx, pair[1]), "meeting", pair[0])

    return LazyRows(pairs[: query.limit], row), "met", run  # type: ignore[return-value]


def _present(ctx: Context, meeting: Meeting, actors: Actors) -> set[str]:
    """The parties of a meeting that the actors stand for (on its date, for an office)."""
    date = fact_date(ctx.graph, meeting.date, meeting.document)
    return {p for p in ctx.parties.get(meeting.id, ()) if actors.admits(p, date, meeting.document)}


def _who_met_whom(query: ast.WhoMetWhom, scope: _Scope, most: int | None) -> tuple[list[dict[str, Any]], str, _Run]:
    ctx = scope.ctx
    domain = domain_for("meetings", ctx)
    _check_order(query.order, "meetings", query)
    run = _run(ctx, domain, [scope.bind(query.where, domain)])
    pairs: list[tuple[Meeting, Entity, Entity]] = []
    for meeting in _ordered(ctx, run.nodes, query.order):
        parties = [ctx.graph.node(p) for p in ctx.parties.get(meeting.id, ())]
        people = [p for p in parties if p.kind.value == "person"]  # type: ignore[union-attr]
        chosen = sorted(people if len(people) >= 2 else parties, key=lambda e: (e.name.lower(), e.id))  # type: ignore[union-attr]
        pairs += [(meeting, a, b) for i, a in enumerate(chosen) for b in chosen[i + 1 :]]  # type: ignore[misc]
    _check_size(len(pairs), most)
    run.matched = len(pairs)
    rows = []
    for meeting, a, b in pairs[: query.limit]:
        row = {"kind": "pair", "a": entity_ref(a), "b": entity_ref(b), "meeting": meeting.id}
        row.update(
            date=date_to_dict(meeting.date), document=document_ref(ctx.graph.get(meeting.document)), text=meeting.text
        )
        rows.append(row)
    return rows, "pair", run


def _with_source(ctx: Context, row: dict[str, Any], key: str, fact: Meeting | Claim) -> dict[str, Any]:
    """An entity row that carries the fact answering for it: id, date, source and text."""
    row.update(
        {key: fact.id, "date": date_to_dict(fact.date), "document": document_ref(ctx.graph.get(fact.document))},
        text=fact.text,
    )
    return row


def _counterparts(ctx: Context, meeting: Meeting, party: set[str]) -> list[Entity]:
    """Who ``party`` met at a meeting: the other people there, or, when the report names no
    other person, the other participants (organisations, countries)."""
    others = [ctx.graph.node(p) for p in ctx.parties.get(meeting.id, ()) if p not in party]
    people = [e for e in others if e.kind.value == "person"]  # type: ignore[union-attr]
    return sorted(people or others, key=lambda e: (e.name.lower(), e.id))  # type: ignore[arg-type,union-attr]


def _who_said(query: ast.WhoSaid, scope: _Scope, most: int | None) -> tuple[list[dict[str, Any]], str, _Run]:
    ctx = scope.ctx
    domain = domain_for("claims", ctx)
    _check_order(query.order, "claims", query)
    said = IdSet("has a speaker", "said", frozenset(ctx.speaker_of) & domain.ids)
    preds: list[Pred | None] = [said, scope.bind(query.where, domain)]
    if query.phrase is not None:
        bound = scope.bind(ast.Quoting(query.phrase, pos=query.phrase.pos), domain)
        preds.insert(1, bound)
    run = _run(ctx, domain, preds)
    _check_size(run.count, most)
    claims = _ordered(ctx, run.nodes, query.order)
    if query.order is None:
        claims.sort(key=lambda c: (_speaker_name(ctx, c) or "", _default_key(c, ctx)))
    run.matched = len(claims)
    rows = []
    for claim in claims[: query.limit]:
        speaker = ctx.graph.node(ctx.speaker_of[claim.id])
        rows.append(_with_source(ctx, entity_row(ctx, speaker), "claim", claim))  # type: ignore[arg-type]
    return rows, "said", run


def _path(query: ast.Path, scope: _Scope, most: int | None) -> tuple[list[dict[str, Any]], str, _Run]:
    ctx = scope.ctx
    if query.order is not None:
        raise UnsupportedQueryError(
            "the steps of a path come in order already",
            position=query.order.pos,
            hint="drop `order by`",
        )
    lexicon = scope.binder(domain_for("actors", ctx)).lexicon
    source = resolve_entity(ctx.graph, query.source, ENTITIES, lexicon, scope.readings.notes)
    target = resolve_entity(ctx.graph, query.target, ENTITIES, lexicon, scope.readings.notes)
    return shortest_path(ctx, source.id, target.id), "step", _Run([], None, 0)


_RUNNERS: dict[type, Callable[[Any, _Scope, int | None], tuple[list[dict[str, Any]], str, _Run]]] = {
    ast.Select: _select,
    ast.Count: _count,
    ast.WhoMet: _who_met,
    ast.WhoMetWhom: _who_met_whom,
    ast.WhoSaid: _who_said,
    ast.Path: _path,
}


def _check_size(rows: int, most: int | None) -> None:
    """Stop a query without ``limit`` before it builds more than ``most`` rows in memory."""
    if most is not None and rows > most:
        raise QueryLimitError(
            f"the query would return {rows:,} rows; without `limit` the most is {most:,}",
            hint="add `limit N` to take the first N, narrow it with more filters, or `count` them",
        )


# -- running a plan --------------------------------------------------------------------------------
def _run(ctx: Context, domain: Domain, preds: list[Pred | None]) -> _Run:
    clauses: list[Pred] = []
    for pred in preds:
        if isinstance(pred, AllOf):
            clauses.extend(pred.items)
        elif pred is not None:
            clauses.append(pred)
    pred = None if not clauses else clauses[0] if len(clauses) == 1 else AllOf(clauses)
    plan = make_plan(pred, domain)
    first = plan.driver
    columns = plan.domain.columns  # a plan may choose to go node by node (a plain scan has no columns)
    found = None
    if columns is not None and first.action != "scan":
        found = first.pred.numbers(columns)  # type: ignore[union-attr]
    elif columns is not None:
        found = np.arange(len(columns), dtype=np.int32)
    if found is not None:
        numbers = found
        if domain.numbers is not None:
            numbers = numbers[member(numbers, domain.numbers)]
        if first.pred is not None and not first.pred.exact:
            numbers = first.pred.keep(columns, numbers)  # type: ignore[arg-type]
        first.actual = len(numbers)
        for step in plan.checks:
            numbers = step.pred.keep(columns, numbers)  # type: ignore[union-attr,arg-type]
            step.actual = len(numbers)
        undated = _undated_excluded(ctx, plan.domain, pred)
        return _Run(None, plan, undated, numbers=numbers, columns=columns)
    if first.action == "scan":
        nodes = list(domain.nodes)
    else:
        ids = first.pred.lookup() & domain.ids  # type: ignore[operator,union-attr]
        nodes = [ctx.graph.node(i) for i in sorted(ids)]
        if not first.pred.exact:  # type: ignore[union-attr]
            nodes = [n for n in nodes if first.pred.test(n)]  # type: ignore[union-attr]
    first.actual = len(nodes)
    for step in plan.checks:
        nodes = [n for n in nodes if step.pred.test(n)]  # type: ignore[union-attr]
        step.actual = len(nodes)
    return _Run(nodes, plan, _undated_excluded(ctx, plan.domain, pred))


def _undated_excluded(ctx: Context, domain: Domain, pred: Pred | None) -> int:
    """Undated nodes the query would have kept had their dates satisfied its date filters.

    Over claims and meetings filtered on their own dates, only the undated ones can be,
    so only those are tested.
    """
    if pred is None:
        return 0
    temporal = pred.temporal()
    if not temporal:
        return 0
    nodes: Any = domain.nodes
    if domain.columns is not None and all(w.clock == "date" for w in temporal):
        undated = domain.columns.undated
        if domain.numbers is not None:
            undated = undated[member(undated, domain.numbers)]
        nodes = domain.columns.nodes_of(undated)
    count = 0
    for node in nodes:
        if any(w.date(node) is None for w in temporal) and not pred.test(node) and pred.test(node, undated_ok=True):
            count += 1
    return count


# -- ordering and grouping -------------------------------------------------------------------------
def _default_key(node: Any, ctx: Context) -> tuple:
    if isinstance(node, (Claim, Meeting)):
        document = ctx.graph.get(node.document)
        path = document.path if isinstance(document, Document) else ""
        return (path, node.span.start, node.id)
    if isinstance(node, Entity):
        return (node.name.lower(), node.id)
    if isinstance(node, Document):
        return (node.path, node.id)
    if isinstance(node, Topic):
        return (node.label, node.id)
    return (node.id,)


def _speaker_name(ctx: Context, claim: Claim) -> str | None:
    speaker = ctx.speaker_of.get(claim.id)
    return ctx.graph.node(speaker).name.lower() if speaker else None  # type: ignore[union-attr]


def _ordered_numbers(columns: FactColumns, numbers: np.ndarray, order: ast.Order | None) -> np.ndarray:
    """Claims or meetings in the order rows list them: their numbers are in the default
    order already; by date, dated facts by (start, end), stably, then the undated."""
    if order is None:
        return numbers
    start, end = columns.start[numbers], columns.end[numbers]
    dated = start != NO_DAY
    known, unknown = numbers[dated], numbers[~dated]
    if order.descending:
        ranked = known[np.lexsort((-end[dated], -start[dated]))]
    else:
        ranked = known[np.lexsort((end[dated], start[dated]))]
    return np.concatenate((ranked, unknown))


def _ordered(ctx: Context, nodes: list[Any], order: ast.Order | None) -> list[Any]:
    nodes = sorted(nodes, key=lambda n: _default_key(n, ctx))
    if order is None:
        return nodes
    if order.key == "date":
        value: Callable[[Any], Any] = lambda n: date_of(ctx, n, "date")  # noqa: E731
        sort_key: Callable[[Any], Any] = lambda n: (value(n).start, value(n).end)  # noqa: E731
    else:
        value = lambda n: _speaker_name(ctx, n)  # noqa: E731
        sort_key = value
    known = [n for n in nodes if value(n) is not None]
    unknown = [n for n in nodes if value(n) is None]
    known.sort(key=sort_key, reverse=order.descending)
    return known + unknown


_ORDERS = {"date": ("claims", "meetings", "documents"), "speaker": ("claims",)}


def _check_order(order: ast.Order | None, family: str, query: ast.Query) -> None:
    if order is not None and family not in _ORDERS[order.key]:
        raise UnsupportedQueryError(
            f"{family} cannot be ordered by {order.key}",
            position=order.pos,
            hint=f"`order by {order.key}` applies to {', '.join(_ORDERS[order.key])}",
        )


_GROUPS = {
    "speaker": ("claims",),
    "topic": ("claims",),
    "form": ("claims",),
    "month": ("claims", "meetings", "documents"),
    "year": ("claims", "meetings", "documents"),
    "document": ("claims", "meetings"),
    "place": ("meetings",),
    "participant": ("meetings",),
    "type": ("meetings",),
    "status": ("meetings",),
}


def _group_key(group: str, query: ast.Count, domain: Domain, ctx: Context) -> Callable[[Any], list[str | None]]:
    if domain.family not in _GROUPS[group]:
        raise UnsupportedQueryError(
            f"{domain.subject} cannot be counted by {group}",
            position=query.pos,
            hint=f"`by {group}` groups {', '.join(_GROUPS[group])}",
        )
    if group == "speaker":
        return lambda c: [_speaker_entity_name(ctx, c)]
    if group == "topic":
        return lambda c: sorted(ctx.graph.node(t).label for t in ctx.topics_of.get(c.id, ())) or [None]  # type: ignore[attr-defined]
    if group in ("month", "year"):
        width = 7 if group == "month" else 4

        def period(node: Any) -> list[str | None]:
            date = date_of(ctx, node, "date")
            if date is None:
                return [None]
            start, end = date.start.isoformat()[:width], date.end.isoformat()[:width]
            return [start if start == end else None]

        return period
    if group == "document":
        return lambda n: [ctx.graph.node(n.document).path]  # type: ignore[attr-defined]
    if group == "participant":
        return lambda m: sorted(ctx.graph.node(p).name for p in ctx.parties.get(m.id, ())) or [None]  # type: ignore[attr-defined]
    if group in ("type", "status", "form"):
        field = {"type": "kind", "status": "status", "form": "form"}[group]
        return lambda n: [getattr(n, field)]
    return lambda m: [p.name if (p := ctx.graph.place(m.id)) else None]


def _speaker_entity_name(ctx: Context, claim: Claim) -> str | None:
    speaker = ctx.speaker_of.get(claim.id)
    return ctx.graph.node(speaker).name if speaker else None  # type: ignore[union-attr]


# -- explaining ------------------------------------------------------------------------------------
def _explain(query: ast.Query, run: _Run, matched: int, shown: int) -> str:
    lines = [f"query: {query.render()}", "ast:", f"  {type(query).__name__}"]
    for field in ("subject", "group", "name", "phrase", "source", "target"):
        value = getattr(query, field, None)
        if value is not None:
            lines.append(f"    {field}: {value.render() if isinstance(value, ast.Name) else value}")
    where = getattr(query, "where", None)
    if where is not None:
        lines.append("    where:")
        lines.append(ast.describe(where, 3))
    lines.append("plan:")
    if run.plan is None:
        lines.append("  breadth-first search over meetings, then documents naming both")
    else:
        lines.append("  " + run.plan.describe().replace("\n", "\n  "))
    if query.order is not None:
        lines.append(f"  then {query.order.render()}")
    if query.limit is not None:
        lines.append(f"  then limit {query.limit}: {matched} -> {shown} rows")
    lines.append(f"rows: {shown}" + (f" ({run.undated} undated left out by a date filter)" if run.undated else ""))
    return "\n".join(lines)
