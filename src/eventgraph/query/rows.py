"""Graph values as result rows: plain dicts that follow the JSON contract.

The contract (documented in ``docs/query-language.md`` and read by the evaluation's
``score.py``) is stable: every row has ``kind``; claims, meetings, entities, documents
and topics have ``id``; facts carry their source document and span.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, overload

from eventgraph.codec import date_to_dict
from eventgraph.model import Claim, Document, Entity, Meeting, Topic
from eventgraph.query.context import Context

__all__ = [
    "COLUMNS",
    "LazyRows",
    "claim_row",
    "document_row",
    "entity_ref",
    "entity_row",
    "meeting_row",
    "topic_row",
]

_ENTITY = ["kind", "id", "name", "aliases", "documents"]

COLUMNS: dict[str, list[str]] = {
    "claim": [
        "kind",
        "id",
        "text",
        "form",
        "cue",
        "speaker",
        "date",
        "topics",
        "about",
        "document",
        "span",
        "sentence_span",
    ],
    "meeting": [
        "kind",
        "id",
        "type",
        "status",
        "participants",
        "organisations",
        "place",
        "date",
        "document",
        "span",
        "text",
    ],
    "entity": _ENTITY,
    "document": ["kind", "id", "path", "title", "published"],
    "topic": ["kind", "id", "label", "claims"],
    "met": [*_ENTITY, "meeting", "date", "document", "text"],
    "said": [*_ENTITY, "claim", "date", "document", "text"],
    "count": ["kind", "group", "count"],
    "count2": ["kind", "group", "subgroup", "count"],
    "pair": ["kind", "a", "b", "meeting", "date", "document", "text"],
    "step": ["kind", "step", "from", "to", "via"],
}
"""The keys of each shape of row, in order: what ``Result.columns`` and CSV headers show."""


def entity_ref(entity: Entity | None) -> dict[str, str] | None:
    if entity is None:
        return None
    return {"id": entity.id, "name": entity.name, "kind": entity.kind.value}


def document_ref(document: Any) -> dict[str, str] | None:
    if not isinstance(document, Document):
        return None
    return {"id": document.id, "path": document.path, "title": document.title}


def _refs(ctx: Context, ids: Any) -> list[dict[str, str]]:
    entities = [ctx.graph.get(i) for i in ids]
    ordered = sorted((e for e in entities if isinstance(e, Entity)), key=lambda e: (e.name.lower(), e.id))
    return [entity_ref(e) for e in ordered]  # type: ignore[misc]


def claim_row(ctx: Context, claim: Claim) -> dict[str, Any]:
    speaker = ctx.speaker_of.get(claim.id)
    topics = sorted(ctx.node(t).label for t in ctx.topics_of.get(claim.id, ()))  # type: ignore[attr-defined]
    return {
        "kind": "claim",
        "id": claim.id,
        "text": claim.text,
        "form": claim.form,
        "cue": claim.cue,
        "speaker": entity_ref(ctx.graph.get(speaker)) if speaker else None,  # type: ignore[arg-type]
        "date": date_to_dict(claim.date),
        "topics": topics,
        "about": _refs(ctx, ctx.entities_of.get(claim.id, ())),
        "document": document_ref(ctx.graph.get(claim.document)),
        "span": [claim.span.start, claim.span.end],
        "sentence_span": [claim.sentence.start, claim.sentence.end],
    }


def meeting_row(ctx: Context, meeting: Meeting) -> dict[str, Any]:
    return {
        "kind": "meeting",
        "id": meeting.id,
        "type": meeting.kind,
        "status": meeting.status,
        "participants": _refs(ctx, ctx.parties.get(meeting.id, ())),
        "organisations": _refs(ctx, (e.id for e in ctx.graph.conveners(meeting.id))),
        "place": entity_ref(ctx.graph.place(meeting.id)),
        "date": date_to_dict(meeting.date),
        "document": document_ref(ctx.graph.get(meeting.document)),
        "span": [meeting.span.start, meeting.span.end],
        "text": meeting.text,
    }


def entity_row(ctx: Context, entity: Entity) -> dict[str, Any]:
    return {
        "kind": entity.kind.value,
        "id": entity.id,
        "name": entity.name,
        "aliases": list(entity.aliases),
        "documents": list(ctx.documents_naming(entity.id)),
    }


def document_row(document: Document) -> dict[str, Any]:
    return {
        "kind": "document",
        "id": document.id,
        "path": document.path,
        "title": document.title,
        "published": date_to_dict(document.published),
    }


def topic_row(ctx: Context, topic: Topic, among: set[str] | None = None) -> dict[str, Any]:
    """A topic with how many claims it tags: of all claims, or of those ``among`` (a speaker's)."""
    claims = [c for c in ctx.index.about.get(topic.id, ()) if isinstance(ctx.graph.get(c), Claim)]
    if among is not None:
        claims = [c for c in claims if c in among]
    return {"kind": "topic", "id": topic.id, "label": topic.label, "claims": len(claims)}


def node_row(ctx: Context, node: Any) -> dict[str, Any]:
    """The row of any node a subject query returns."""
    if isinstance(node, Claim):
        return claim_row(ctx, node)
    if isinstance(node, Meeting):
        return meeting_row(ctx, node)
    if isinstance(node, Entity):
        return entity_row(ctx, node)
    if isinstance(node, Document):
        return document_row(node)
    return topic_row(ctx, node)


class LazyRows(Sequence[dict[str, Any]]):
    """Rows built when they are first read: a query over a large graph builds only the rows
    that are shown. Compares equal to the list of the same rows."""

    def __init__(self, items: Sequence[Any], build: Callable[[Any], dict[str, Any]]) -> None:
        self._items = items
        self._build = build
        self._rows: list[dict[str, Any] | None] = [None] * len(items)

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> LazyRows: ...
    def __getitem__(self, index: int | slice) -> dict[str, Any] | LazyRows:
        if isinstance(index, slice):
            part = LazyRows(self._items[index], self._build)
            part._rows = self._rows[index]
            return part
        row = self._rows[index]
        if row is None:
            row = self._rows[index] = self._build(self._items[index])
        return row

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for i in range(len(self._items)):
            yield self[i]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, LazyRows)):
            return len(self) == len(other) and list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(list(self))
