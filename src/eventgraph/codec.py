"""Plain-data forms of graph values, for saving and for JSON output.

Each node becomes a dict tagged with its ``type``; reading checks every field, so a
damaged file is reported with the path of the bad field instead of a deep traceback.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from eventgraph.model import (
    Claim,
    DateInterval,
    Document,
    Edge,
    EdgeKind,
    Entity,
    EntityKind,
    Meeting,
    Mention,
    Node,
    Span,
    Topic,
)

__all__ = [
    "CodecError",
    "date_from_dict",
    "date_to_dict",
    "edge_from_dict",
    "edge_to_dict",
    "node_from_dict",
    "node_to_dict",
]


class CodecError(ValueError):
    """A field that does not hold what it should; ``where`` is a path like ``nodes[3].date``."""

    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        super().__init__(f"{where}: {reason}")


def date_to_dict(interval: DateInterval | None) -> dict[str, str] | None:
    if interval is None:
        return None
    return {"start": interval.start.isoformat(), "end": interval.end.isoformat(), "how": interval.how}


def date_from_dict(data: Any, where: str) -> DateInterval | None:
    if data is None:
        return None
    _expect(isinstance(data, dict), where, "a date interval must be an object or null")
    try:
        start = dt.date.fromisoformat(data["start"])
        end = dt.date.fromisoformat(data["end"])
        return DateInterval(start, end, str(data.get("how", "explicit")))
    except (KeyError, TypeError, ValueError) as exc:
        raise CodecError(where, f"bad date interval ({exc})") from None


def _span_from(data: Any, where: str) -> Span:
    _expect(
        isinstance(data, list) and len(data) == 2 and all(isinstance(x, int) for x in data),
        where,
        "a span is [start, end]",
    )
    try:
        return Span(data[0], data[1])
    except ValueError as exc:
        raise CodecError(where, str(exc)) from None


def node_to_dict(node: Node) -> dict[str, Any]:
    """A node as JSON-ready data."""
    if isinstance(node, Document):
        return {
            "type": "document",
            "id": node.id,
            "path": node.path,
            "title": node.title,
            "published": date_to_dict(node.published),
            "text": node.text,
        }
    if isinstance(node, Entity):
        return {
            "type": "entity",
            "id": node.id,
            "kind": node.kind.value,
            "name": node.name,
            "aliases": list(node.aliases),
        }
    if isinstance(node, Claim):
        return {
            "type": "claim",
            "id": node.id,
            "document": node.document,
            "text": node.text,
            "form": node.form,
            "cue": node.cue,
            "span": [node.span.start, node.span.end],
            "sentence": [node.sentence.start, node.sentence.end],
            "date": date_to_dict(node.date),
            "period": date_to_dict(node.period),
        }
    if isinstance(node, Meeting):
        return {
            "type": "meeting",
            "id": node.id,
            "document": node.document,
            "kind": node.kind,
            "span": [node.span.start, node.span.end],
            "text": node.text,
            "date": date_to_dict(node.date),
            "status": node.status,
        }
    if isinstance(node, Topic):
        return {"type": "topic", "id": node.id, "label": node.label, "signals": list(node.signals)}
    raise TypeError(f"not a node: {node!r}")


def node_from_dict(data: Any, where: str) -> Node:
    """Read a node written by ``node_to_dict``; ``CodecError`` names the bad field."""
    _expect(isinstance(data, dict), where, "a node must be an object")
    kind = data.get("type")
    try:
        if kind == "document":
            return Document(
                id=_str(data, "id", where),
                path=_str(data, "path", where),
                text=_str(data, "text", where),
                title=_str(data, "title", where),
                published=date_from_dict(data.get("published"), f"{where}.published"),
            )
        if kind == "entity":
            return Entity(
                id=_str(data, "id", where),
                kind=_enum(data, "kind", where, EntityKind),
                name=_str(data, "name", where),
                aliases=_strs(data, "aliases", where),
            )
        if kind == "claim":
            return Claim(
                id=_str(data, "id", where),
                document=_str(data, "document", where),
                text=_str(data, "text", where),
                form=_str(data, "form", where),
                cue=_str(data, "cue", where),
                span=_span_from(data.get("span"), f"{where}.span"),
                sentence=_span_from(data.get("sentence"), f"{where}.sentence"),
                date=date_from_dict(data.get("date"), f"{where}.date"),
                period=date_from_dict(data.get("period"), f"{where}.period"),
            )
        if kind == "meeting":
            return Meeting(
                id=_str(data, "id", where),
                document=_str(data, "document", where),
                kind=_str(data, "kind", where),
                span=_span_from(data.get("span"), f"{where}.span"),
                text=_str(data, "text", where),
                date=date_from_dict(data.get("date"), f"{where}.date"),
                status=_str(data, "status", where),
            )
        if kind == "topic":
            return Topic(
                id=_str(data, "id", where), label=_str(data, "label", where), signals=_strs(data, "signals", where)
            )
    except ValueError as exc:
        if isinstance(exc, CodecError):
            raise
        raise CodecError(where, str(exc)) from None
    raise CodecError(f"{where}.type", f"unknown node type {kind!r}")


def edge_to_dict(edge: Edge) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": edge.kind.value,
        "source": edge.source,
        "target": edge.target,
        "documents": list(edge.documents),
    }
    if edge.mentions:
        out["mentions"] = [[m.surface, m.start, m.end, *(["role"] if m.by_role else [])] for m in edge.mentions]
    if edge.name is not None:
        out["name"] = edge.name
    if edge.title is not None:
        out["title"] = edge.title
    if edge.interval is not None:
        out["interval"] = date_to_dict(edge.interval)
    return out


def edge_from_dict(data: Any, where: str) -> Edge:
    if type(data) is dict and len(data) == 4:  # most edges: kind, ends and documents, checked at once
        kind, source, target, documents = (
            data.get("kind"),
            data.get("source"),
            data.get("target"),
            data.get("documents"),
        )
        if (
            kind in _KNOWN[EdgeKind]
            and type(source) is str
            and type(target) is str
            and type(documents) is list
            and all(type(d) is str for d in documents)
        ):
            return Edge(kind=kind, source=source, target=target, documents=documents)
    _expect(isinstance(data, dict), where, "an edge must be an object")
    mentions = []
    raw = data.get("mentions", [])
    _expect(isinstance(raw, list), f"{where}.mentions", "must be a list")
    for i, item in enumerate(raw):
        ok = isinstance(item, list) and len(item) in (3, 4) and isinstance(item[0], str)
        ok = ok and isinstance(item[1], int) and isinstance(item[2], int) and item[3:] in ([], ["role"])
        _expect(ok, f"{where}.mentions[{i}]", 'a mention is [surface, start, end] or [surface, start, end, "role"]')
        mentions.append(Mention(item[0], item[1], item[2], by_role=len(item) == 4))
    try:
        return Edge(
            kind=_enum(data, "kind", where, EdgeKind),
            source=_str(data, "source", where),
            target=_str(data, "target", where),
            documents=_strs(data, "documents", where),
            mentions=tuple(mentions),
            name=_opt_str(data, "name", where),
            title=_opt_str(data, "title", where),
            interval=date_from_dict(data.get("interval"), f"{where}.interval"),
        )
    except ValueError as exc:
        if isinstance(exc, CodecError):
            raise
        raise CodecError(where, str(exc)) from None


def _expect(ok: bool, where: str, reason: str) -> None:
    if not ok:
        raise CodecError(where, reason)


def _str(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    _expect(isinstance(value, str), f"{where}.{key}", "must be a string")
    return value  # type: ignore[return-value]


_KNOWN: dict[type, frozenset[str]] = {kinds: frozenset(k.value for k in kinds) for kinds in (EntityKind, EdgeKind)}
"""The values of each enum, read once: a large graph's load checks millions of them."""


def _enum(data: dict[str, Any], key: str, where: str, kinds: type[EntityKind] | type[EdgeKind]) -> str:
    value = _str(data, key, where)
    if value not in _KNOWN[kinds]:
        raise CodecError(f"{where}.{key}", f"{value!r} is none of {', '.join(sorted(_KNOWN[kinds]))}")
    return value


def _opt_str(data: dict[str, Any], key: str, where: str) -> str | None:
    value = data.get(key)
    _expect(value is None or isinstance(value, str), f"{where}.{key}", "must be a string or absent")
    return value


def _strs(data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    _expect(
        isinstance(value, list) and all(isinstance(v, str) for v in value),
        f"{where}.{key}",
        "must be a list of strings",
    )
    return tuple(value)
