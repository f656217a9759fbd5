"""Running queries with DuckDB over a Parquet export, without loading the graph.

``run_parquet(compile_query("statements by Lavrov before 2022"), "news-parquet/")``
answers over the folder ``eventgraph export news.eg --format parquet -o news-parquet/``
wrote. The filters, the order, the limit and counts run as SQL over the files
(``duckdb_sql``); only the rows returned are read back, into a graph of those facts and
their neighbours, and shaped by the in-memory engine's own row functions, so the rows
and the JSON contract are the same. ``result.explain()`` shows the SQL. Forms the
engine does not translate raise ``UnsupportedQueryError`` naming the form.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from eventgraph.errors import QueryError
from eventgraph.graph import EventGraph
from eventgraph.model import Claim, Edge, Meeting, Span, Topic
from eventgraph.query import ast
from eventgraph.query import execute as in_memory
from eventgraph.query.compiler import CompiledQuery
from eventgraph.query.context import context
from eventgraph.query.duckdb_sql import FAMILIES, Translator, literal, refuse
from eventgraph.query.duckdb_tables import ParquetGraph, interval, open_parquet
from eventgraph.query.errors import QueryLimitError, UnsupportedQueryError, finish
from eventgraph.query.lexicon import lexicon
from eventgraph.query.result import Result
from eventgraph.query.rows import document_row, node_row

__all__ = ["run_parquet"]

_ORDERS = {"date": ("claims", "meetings", "documents"), "speaker": ("claims",)}
_GROUPS = {
    "speaker": ("claims",),
    "form": ("claims",),
    "month": ("claims", "meetings", "documents"),
    "year": ("claims", "meetings", "documents"),
    "document": ("claims", "meetings"),
    "type": ("meetings",),
    "status": ("meetings",),
}


def run_parquet(
    query: CompiledQuery,
    source: str | os.PathLike[str] | ParquetGraph,
    *,
    data: Sequence[str] = (),
) -> Result:
    """The rows ``query`` selects from a Parquet export (a folder, or one already opened)."""
    tables = source if isinstance(source, ParquetGraph) else open_parquet(source)
    try:
        return _run(query, tables, data)
    except QueryError as exc:
        raise finish(exc, query.text) from None
    except RecursionError:
        raise QueryLimitError("the query is too complex to run", query.text, 0) from None


def _run(query: CompiledQuery, tables: ParquetGraph, data: Sequence[str]) -> Result:
    tree = query.ast
    if not isinstance(tree, (ast.Select, ast.Count)):
        raise refuse("statement", tree.pos)
    subject = ast.SUBJECTS[tree.subject]
    if subject not in FAMILIES:
        raise refuse("subject", tree.pos)
    words = Translator(tables, subject, lexicon(data) if data else lexicon())
    family = words.family
    where = [words.domain()]
    if tree.where is not None:
        where.append(words.condition(tree.where))
    found = " AND ".join(where)
    view = FAMILIES[subject]
    undated = _undated(tables, words, tree.where, view)
    if isinstance(tree, ast.Count):
        rows, sql, shape = _count(tree, tables, words, view, found, family)
        matched = len(rows)
    else:
        rows, sql, matched = _select(tree, tables, view, found, family)
        shape = family.rstrip("s")
    canonical = ast.substitute(tree, words.readings.rewrites).render()
    phrased = bool(query.reading and query.reading.phrased) or bool(words.readings.rewrites)
    notes = list(dict.fromkeys([*query.notes, *words.readings.notes]))
    explanation = "\n".join(
        [
            f"query: {tree.render()}",
            f"engine: duckdb over {tables.folder}",
            "sql:",
            *(f"  {line}" for line in sql.splitlines()),
            *([f"  then limit {tree.limit}: {matched} -> {len(rows)} rows"] if tree.limit is not None else []),
            f"rows: {len(rows)}" + (f" ({undated} undated left out by a date filter)" if undated else ""),
        ]
    )
    return Result(
        rows,
        shape,
        undated_excluded=undated,
        explanation=explanation,
        query=query.text or tree.render(),
        canonical=canonical,
        understood_as=canonical if phrased else None,
        notes=notes,
        why_empty=lambda: "",
    )


def _undated(tables: ParquetGraph, words: Translator, where: object, view: str) -> int:
    """Rows a date filter alone left out because the date it reads is missing."""
    if where is None:
        return 0
    strict = words.condition(where, undated_ok=False)
    if not words.temporal:
        return 0
    lenient = words.condition(where, undated_ok=True)
    missing = " OR ".join(words.temporal)
    sql = f"SELECT count(*) FROM {view} n WHERE {words.domain()} AND ({missing}) AND NOT {strict} AND {lenient}"
    return int(tables.rows(sql)[0][0])


# -- subject queries --------------------------------------------------------------------------------
def _order_by(tree: ast.Select, family: str) -> str:
    default = "n.path, n.id" if family == "documents" else "n.doc_path, n.span_start, n.id"
    order = tree.order
    if order is not None and family not in _ORDERS[order.key]:
        raise UnsupportedQueryError(
            f"{family} cannot be ordered by {order.key}",
            position=order.pos,
            hint=f"`order by {order.key}` applies to {', '.join(_ORDERS[order.key])}",
        )
    if order is None:
        return default
    way = " DESC" if order.descending else ""
    if order.key == "speaker":
        return f"(s.name IS NULL), lower(s.name){way}, {default}"
    start, end = ("n.published_start", "n.published_end") if family == "documents" else ("n.date_start", "n.date_end")
    return f"({start} IS NULL), {start}{way}, {end}{way}, {default}"


def _select(
    tree: ast.Select, tables: ParquetGraph, view: str, found: str, family: str
) -> tuple[list[dict[str, Any]], str, int]:
    order = _order_by(tree, family)
    speaker = " LEFT JOIN entities s ON s.id = n.speaker" if "s.name" in order else ""
    matched = int(tables.rows(f"SELECT count(*) FROM {view} n WHERE {found}")[0][0])
    most = in_memory.MAX_ROWS
    if tree.limit is None and matched > most:
        raise QueryLimitError(
            f"the query would return {matched:,} rows; without `limit` the most is {most:,}",
            hint="add `limit N` to take the first N, narrow it with more filters, or `count` them",
        )
    limit = f"\nLIMIT {tree.limit}" if tree.limit is not None else ""
    sql = f"SELECT n.id\nFROM {view} n{speaker}\nWHERE {found}\nORDER BY {order}{limit}"
    ids = [row[0] for row in tables.rows(sql)]
    return _rows(tables, family, ids), sql, matched


def _rows(tables: ParquetGraph, family: str, ids: list[str]) -> list[dict[str, Any]]:
    """The rows of these facts, shaped as the in-memory engine shapes them."""
    if not ids:
        return []
    if family == "documents":
        documents = {d.id: d for d in tables.documents(ids)}
        return [document_row(documents[i]) for i in ids]
    graph = _neighbourhood(tables, family, ids)
    ctx = context(graph)
    return [node_row(ctx, graph.node(i)) for i in ids]


def _neighbourhood(tables: ParquetGraph, family: str, ids: list[str]) -> EventGraph:
    """A graph of these claims or meetings, their documents and what their rows need.

    Speakers and participants come from the fact tables; ``about``, ``held_in`` and
    ``convened_by`` edges are found by their source, by which the edge files are sorted,
    so DuckDB reads only the row groups that can hold them.
    """
    nodes: list[Any] = []
    edges: list[Edge] = []
    chosen, given = _among(ids)
    if family == "claims":
        for r in tables.rows(
            "SELECT id, document, text, form, cue, span_start, span_end, sentence_start, sentence_end, date_start, "
            f"date_end, date_how, period_start, period_end, period_how, speaker FROM claims WHERE id {chosen}",
            given,
        ):
            span, sentence = Span(r[5], r[6]), Span(r[7], r[8])
            nodes.append(Claim(*r[:5], span, sentence, interval(*r[9:12]), interval(*r[12:15])))
            if r[15] is not None:
                edges.append(Edge("said", r[15], r[0]))
        kinds = ("about",)
    else:
        for r in tables.rows(
            "SELECT id, document, type, span_start, span_end, text, date_start, date_end, date_how, status, "
            f"participants FROM meetings WHERE id {chosen}",
            given,
        ):
            nodes.append(Meeting(r[0], r[1], r[2], Span(r[3], r[4]), r[5], interval(*r[6:9]), r[9]))
            edges += [Edge("participant", party, r[0]) for party in r[10] or ()]
        kinds = ("held_in", "convened_by")
    edges += [
        Edge(kind, source, target, tuple(documents or ()), (), name, title, interval(start, stop, how))
        for kind, source, target, documents, name, title, start, stop, how in tables.rows(
            "SELECT kind, source, target, documents, name, title, interval_start, interval_end, interval_how "
            f"FROM edges WHERE source {chosen} AND kind IN ({', '.join(literal(k) for k in kinds)}) "
            "ORDER BY source, target, kind, title",
            given,
        )
    ]
    reached = {e.source for e in edges} | {e.target for e in edges}
    names = tables.names
    documents = EventGraph(tables.documents(sorted({n.document for n in nodes})))
    among, values = _among(sorted(reached))
    topics = [
        Topic(i, label, tuple(signals or ()))
        for i, label, signals in tables.rows(f"SELECT id, label, signals FROM topics WHERE id {among}", values)
    ]
    for node_id in sorted(reached | {n.document for n in nodes}):
        value = names.get(node_id) or documents.get(node_id)
        if value is not None:
            nodes.append(value)
    return EventGraph([*nodes, *topics], edges)


_LISTED = 2000
"""Up to this many ids are written into the SQL (DuckDB then skips row groups by their
statistics); more are joined from the parameter list."""


def _among(ids: list[str]) -> tuple[str, list[Any]]:
    """``IN (...)`` for these ids, and the parameters it needs: a literal list when short,
    else a join with the list given as ``$1``."""
    if len(ids) <= _LISTED:
        return "IN (" + (", ".join(literal(i) for i in ids) or "NULL") + ")", []
    return "IN (SELECT unnest($1))", [ids]


# -- counts ---------------------------------------------------------------------------------------
def _count(
    tree: ast.Count, tables: ParquetGraph, words: Translator, view: str, found: str, family: str
) -> tuple[list[dict[str, Any]], str, str]:
    if tree.order is not None:
        raise UnsupportedQueryError(
            "a count has no order: its groups come largest first",
            position=tree.order.pos,
            hint="drop `order by`; `limit` keeps the largest groups",
        )
    if tree.group is None:
        sql = f"SELECT count(*) FROM {view} n WHERE {found}"
        total = [{"kind": "count", "group": None, "count": int(tables.rows(sql)[0][0])}]
        return total[: tree.limit], sql, "count"
    if tree.subgroup is not None or tree.group not in _GROUPS:
        raise refuse("group", tree.pos)
    if family not in _GROUPS[tree.group]:
        raise UnsupportedQueryError(
            f"{tree.subject} cannot be counted by {tree.group}",
            position=tree.pos,
            hint=f"`by {tree.group}` groups {', '.join(_GROUPS[tree.group])}",
        )
    key, join = _group_key(tree.group, family)
    sql = (
        f"SELECT {key} AS grp, count(*) AS n\nFROM {view} n{join}\nWHERE {found}\nGROUP BY grp\n"
        "ORDER BY n DESC, (grp IS NULL), grp"
    )
    groups = tables.rows(sql)
    most = in_memory.MAX_ROWS
    if tree.limit is None and len(groups) > most:
        raise QueryLimitError(
            f"the query would return {len(groups):,} rows; without `limit` the most is {most:,}",
            hint="add `limit N` to take the first N, narrow it with more filters, or `count` them",
        )
    rows = [{"kind": "count", "group": g, "count": int(n)} for g, n in groups]
    return (rows if tree.limit is None else rows[: tree.limit]), sql, "count"


def _group_key(group: str, family: str) -> tuple[str, str]:
    if group == "speaker":
        return "s.name", " LEFT JOIN entities s ON s.id = n.speaker"
    if group in ("form", "type", "status"):
        return f"n.{group}", ""
    if group == "document":
        return "n.doc_path", ""
    start, end = ("n.published_start", "n.published_end") if family == "documents" else ("n.date_start", "n.date_end")
    width = 4 if group == "year" else 7

    def text(column: str) -> str:
        year = f"lpad(CAST(year({column}) AS VARCHAR), 4, '0')"
        return year if width == 4 else f"{year} || '-' || lpad(CAST(month({column}) AS VARCHAR), 2, '0')"

    return f"CASE WHEN {text(start)} = {text(end)} THEN {text(start)} END", ""
