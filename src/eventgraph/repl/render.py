"""What the REPL prints: result tables, the schema, one node with its edges, notes.

Functions return plain text (what a pipe gets) or rich renderables (what a terminal
gets); the session decides which to print. Query results are laid out by
``eventgraph.query.Result`` itself; this module only trims long texts for the terminal.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from eventgraph.model import ALLOWED_EDGES, Claim, Document, Edge, EdgeKind, Entity, Meeting, NodeKind, Topic

if TYPE_CHECKING:
    from eventgraph.graph import EventGraph
    from eventgraph.query import Result

__all__ = ["count_note", "describe_node", "elapsed", "label", "rich_json", "rich_table", "schema", "trim"]

_EDGES_SHOWN = 12
"""Edges of one kind and direction listed by ``:show`` before "... and N more"."""


def trim(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: max(1, limit - 1)]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def count_note(result: Result) -> str:
    """``3 rows``, and how many undated facts a date filter left out."""
    rows = len(result)
    note = f"{rows} row{'' if rows == 1 else 's'}"
    if result.undated_excluded:
        note += f"; {result.undated_excluded} undated left out by a date filter"
    return note


def elapsed(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


# -- results on a terminal ------------------------------------------------------------------------
def rich_table(result: Result, width: int) -> Any:
    """``result.to_rich(width)`` (every column kept, cells wrapped), its wide text column
    trimmed to about four lines at a word."""
    from rich.table import Table

    table = result.to_rich(width)
    wide = [i for i in (result.text_column(),) if i is not None]
    if not wide:
        return table
    limit = max(120, 2 * width)
    try:
        trimmed = Table(caption=table.caption, show_lines=table.show_lines)
        for column in table.columns:
            trimmed.add_column(
                column.header,
                overflow=column.overflow,
                ratio=column.ratio,
                no_wrap=column.no_wrap,
                justify=column.justify,
                style=column.style,
                width=column.width,
            )
        for row in zip(*(list(column.cells) for column in table.columns), strict=True):
            trimmed.add_row(*(trim(c, limit) if i in wide and isinstance(c, str) else c for i, c in enumerate(row)))
    except (AttributeError, TypeError, ValueError):  # a table shaped otherwise: show it as it is
        return table
    return trimmed


def rich_json(result: Result) -> Any:
    """The rows as highlighted JSON, written by ``Result.to_json`` (``rich.json.JSON`` would re-encode
    the values and print a document's control characters raw)."""
    from rich.highlighter import JSONHighlighter
    from rich.text import Text

    return JSONHighlighter()(Text(result.to_json(indent=True)))


# -- :schema -------------------------------------------------------------------------------------
def schema(graph: EventGraph) -> str:
    """Node kinds and edge kinds with their counts, and which node kinds each edge joins."""
    counts = graph.stats()
    width = max(len(k.value) for k in [*NodeKind, *EdgeKind]) + 2
    lines = [f"{'nodes':<{width}}{'count':>7}"]
    lines += [f"  {k.value:<{width - 2}}{counts.get(k.value, 0):>7}" for k in NodeKind]
    lines.append(f"{'edges':<{width}}{'count':>7}  joins")
    for kind in EdgeKind:
        sources, targets = ALLOWED_EDGES[kind]
        joins = f"{_kinds(sources)} -> {_kinds(targets)}"
        lines.append(f"  {kind.value:<{width - 2}}{counts.get(f'{kind.value} edges', 0):>7}  {joins}")
    return "\n".join(lines)


def _kinds(kinds: frozenset[NodeKind]) -> str:
    order = list(NodeKind)
    return "|".join(k.value for k in sorted(kinds, key=order.index))


# -- :show ---------------------------------------------------------------------------------------
def label(graph: EventGraph, node_id: str, limit: int = 60) -> str:
    """A short human label for a node: a name, a label, a path, or the start of a text."""
    node = graph.get(node_id)
    if isinstance(node, Entity):
        return node.name
    if isinstance(node, Topic):
        return node.label
    if isinstance(node, Document):
        return node.path
    if isinstance(node, (Claim, Meeting)):
        return trim(node.text, limit)
    return node_id


def describe_node(graph: EventGraph, node_id: str) -> str:
    """One node: its fields, its source and sentence, and its edges in both directions."""
    node = graph.node(node_id)
    lines = [f"{node_id}  ({_kind_line(node)})"]
    lines += [f"  {key}: {value}" for key, value in _fields(graph, node) if value not in (None, "", ())]
    lines.append("edges:")
    lines += _edges(graph, node_id) or ["  (none)"]
    return "\n".join(lines)


def _kind_line(node: Any) -> str:
    if isinstance(node, Claim):
        return f"claim, {node.form}, cue {node.cue!r}"
    if isinstance(node, Meeting):
        return f"meeting, {node.kind}, {node.status}"
    if isinstance(node, Entity):
        return node.kind.value
    return "document" if isinstance(node, Document) else "topic"


def _date(interval: Any) -> str | None:
    if interval is None:
        return None
    return f"{interval} ({interval.how})"


def _fields(graph: EventGraph, node: Any) -> list[tuple[str, Any]]:
    if isinstance(node, Claim):
        speaker = graph.speaker(node.id)
        return [
            ("text", node.text),
            ("speaker", f"{speaker.name} ({speaker.id})" if speaker else "unknown"),
            ("date", _date(node.date) or "undated"),
            ("period", _date(node.period)),
            *_source(graph, node, node.sentence.start, node.sentence.end),
        ]
    if isinstance(node, Meeting):
        return [("date", _date(node.date) or "undated"), *_source(graph, node, node.span.start, node.span.end)]
    if isinstance(node, Entity):
        return [
            ("name", node.name),
            ("aliases", ", ".join(a for a in node.aliases if a != node.name)),
            *_first_mention(graph, node),
        ]
    if isinstance(node, Document):
        return [
            ("path", node.path),
            ("title", node.title),
            ("published", _date(node.published)),
            ("text", trim(node.text, 300)),
        ]
    if isinstance(node, Topic):
        return [("label", node.label), ("signals", ", ".join(node.signals))]
    return []


def _source(graph: EventGraph, fact: Claim | Meeting, start: int, end: int) -> list[tuple[str, Any]]:
    document = graph.get(fact.document)
    if not isinstance(document, Document):
        return [("source", fact.document)]
    title = f'  "{document.title}"' if document.title else ""
    return [
        ("source", f"{document.path}{title}  [chars {fact.span.start}-{fact.span.end}]"),
        ("sentence", " ".join(document.text[start:end].split())),
    ]


def _first_mention(graph: EventGraph, entity: Entity) -> list[tuple[str, Any]]:
    """Where the entity is first mentioned, with a little context."""
    for edge in sorted(graph.edges(EdgeKind.MENTIONS, target=entity.id), key=lambda e: e.source):
        document = graph.get(edge.source)
        if isinstance(document, Document) and edge.mentions:
            mention = edge.mentions[0]
            text = document.text
            start, end = max(0, mention.start - 70), min(len(text), mention.end + 70)
            before, after = text[start : mention.start], text[mention.end : end]
            if start > 0:
                before = "…" + before.split(" ", 1)[-1] if " " in before else "…" + before
            if end < len(text):
                after = after.rsplit(" ", 1)[0] + "…" if " " in after else after + "…"
            snippet = " ".join(f"{before}{mention.surface}{after}".split())
            return [("first mention", f"{document.path}: {snippet}")]
    return []


def _edges(graph: EventGraph, node_id: str) -> list[str]:
    groups: dict[tuple[str, str], list[tuple[str, Edge]]] = defaultdict(list)
    for edge in graph.edges(source=node_id):
        groups[("->", edge.kind.value)].append((edge.target, edge))
    for edge in graph.edges(target=node_id):
        groups[("<-", edge.kind.value)].append((edge.source, edge))
    width = max((len(kind) for _, kind in groups), default=0)
    shown = {key: sorted(items, key=lambda item: item[0])[:_EDGES_SHOWN] for key, items in groups.items()}
    id_width = max((len(other) for items in shown.values() for other, _ in items), default=0)
    lines = []
    for (arrow, kind), items in sorted(groups.items(), key=lambda item: (item[0][1], item[0][0])):
        for other, edge in shown[(arrow, kind)]:
            extra = _edge_extra(edge)
            lines.append(f"  {arrow} {kind:<{width}}  {other:<{id_width}}  {label(graph, other)}{extra}")
        if len(items) > _EDGES_SHOWN:
            lines.append(f"  {arrow} {kind:<{width}}  ... and {len(items) - _EDGES_SHOWN} more")
    return lines


def _edge_extra(edge: Edge) -> str:
    if edge.kind is EdgeKind.ROLE:
        when = f", {edge.interval}" if edge.interval else ""
        return f"  [{edge.title or 'role'}{when}]"
    if edge.kind is EdgeKind.MENTIONS and edge.mentions:
        surfaces = sorted({m.surface for m in edge.mentions})
        return f"  [{len(edge.mentions)}x: {', '.join(surfaces[:3])}{', ...' if len(surfaces) > 3 else ''}]"
    return ""
