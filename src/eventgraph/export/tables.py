"""Spreadsheet tables: claims, meetings, entities and documents as CSV files in a folder.

One row per fact, with names next to ids (``speaker``, ``speaker_id``), dates as ISO
days (``date_start``, ``date_end``), lists joined with ``"; "`` and each claim's sentence
for context. Files are UTF-8 with a byte-order mark and CRLF line ends, which Excel,
LibreOffice and Google Sheets all open as UTF-8; a cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return gets a leading apostrophe so that a spreadsheet
shows it as text and never runs it as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from eventgraph.export.files import atomic_file, export_folder, remove_stale
from eventgraph.graph import EventGraph
from eventgraph.model import Claim, DateInterval, Document, EdgeKind, Entity, Meeting

__all__ = ["TABLES", "cell", "write_tables"]

TABLES: dict[str, list[str]] = {
    "claims": [
        "id",
        "date_start",
        "date_end",
        "date_how",
        "speaker",
        "speaker_id",
        "speaker_kind",
        "form",
        "cue",
        "text",
        "sentence",
        "topics",
        "about",
        "about_ids",
        "document",
        "document_id",
        "document_title",
        "span_start",
        "span_end",
    ],
    "meetings": [
        "id",
        "date_start",
        "date_end",
        "date_how",
        "type",
        "status",
        "participants",
        "participants_ids",
        "organisations",
        "organisations_ids",
        "place",
        "place_id",
        "text",
        "document",
        "document_id",
        "document_title",
        "span_start",
        "span_end",
    ],
    "entities": ["id", "kind", "name", "aliases", "documents", "statements", "meetings"],
    "documents": ["id", "path", "title", "published_start", "published_end", "claims", "meetings"],
}
"""Each table's columns, in order."""

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    """A value as spreadsheet text: lists joined with ``"; "``, formula-like text quoted with ``'``."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return "'" + text if isinstance(value, str) and text.startswith(_FORMULA_STARTS) else text


def write_tables(graph: EventGraph, folder: str | Path) -> list[Path]:
    """Write ``claims.csv``, ``meetings.csv``, ``entities.csv`` and ``documents.csv`` into ``folder``."""
    target = export_folder(Path(folder))
    builders = {"claims": _claims, "meetings": _meetings, "entities": _entities, "documents": _documents}
    written = []
    for name, columns in TABLES.items():
        path = target / f"{name}.csv"
        _write(path, columns, builders[name](graph))
        written.append(path)
    remove_stale(target, [f"{name}.csv" for name in TABLES], written)
    return written


def _write(path: Path, columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> None:
    with atomic_file(path, encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([cell(row.get(c)) for c in columns])


def _dates(name: str, interval: DateInterval | None) -> dict[str, Any]:
    if interval is None:
        return {}
    return {f"{name}_start": interval.start, f"{name}_end": interval.end, f"{name}_how": interval.how}


def _document(graph: EventGraph, document_id: str) -> dict[str, Any]:
    document = graph.get(document_id)
    if not isinstance(document, Document):
        return {"document_id": document_id}
    return {"document": document.path, "document_id": document.id, "document_title": document.title}


def _names(entities: Iterable[Entity], key: str) -> dict[str, list[str]]:
    ordered = sorted(entities, key=lambda e: (e.name.lower(), e.id))
    return {key: [e.name for e in ordered], f"{key}_ids": [e.id for e in ordered]}


def _by_date(facts: Iterable[Claim | Meeting]) -> list[Claim | Meeting]:
    """Oldest first, undated last, then by document and position: the order a reader follows."""
    return sorted(facts, key=lambda f: (f.date is None, f.date.start if f.date else dt.date.min, f.document, f.span))


def _claims(graph: EventGraph) -> Iterable[dict[str, Any]]:
    for claim in _by_date(graph.claims()):
        assert isinstance(claim, Claim)
        speaker = graph.speaker(claim.id)
        about = graph.about(claim.id)
        document = graph.get(claim.document)
        yield {
            "id": claim.id,
            **_dates("date", claim.date),
            "speaker": speaker.name if speaker else None,
            "speaker_id": speaker.id if speaker else None,
            "speaker_kind": speaker.kind.value if speaker else None,
            "form": claim.form,
            "cue": claim.cue,
            "text": claim.text,
            "sentence": claim.sentence.slice(document.text) if isinstance(document, Document) else None,
            "topics": sorted(t.label for t in about if not isinstance(t, Entity)),
            **_names((e for e in about if isinstance(e, Entity)), "about"),
            **_document(graph, claim.document),
            "span_start": claim.span.start,
            "span_end": claim.span.end,
        }


def _meetings(graph: EventGraph) -> Iterable[dict[str, Any]]:
    for meeting in _by_date(graph.meetings()):
        assert isinstance(meeting, Meeting)
        place = graph.place(meeting.id)
        yield {
            "id": meeting.id,
            **_dates("date", meeting.date),
            "type": meeting.kind,
            "status": meeting.status,
            **_names(graph.participants(meeting.id), "participants"),
            **_names(graph.conveners(meeting.id), "organisations"),
            "place": place.name if place else None,
            "place_id": place.id if place else None,
            "text": meeting.text,
            **_document(graph, meeting.document),
            "span_start": meeting.span.start,
            "span_end": meeting.span.end,
        }


def _entities(graph: EventGraph) -> Iterable[dict[str, Any]]:
    for entity in sorted(graph.entities(), key=lambda e: (e.kind.value, e.name.lower(), e.id)):
        yield {
            "id": entity.id,
            "kind": entity.kind.value,
            "name": entity.name,
            "aliases": [a for a in entity.aliases if a != entity.name],
            "documents": sum(1 for _ in graph.edges(EdgeKind.MENTIONS, target=entity.id)),
            "statements": sum(1 for _ in graph.edges(EdgeKind.SAID, source=entity.id)),
            "meetings": sum(1 for _ in graph.edges(EdgeKind.PARTICIPANT, source=entity.id)),
        }


def _documents(graph: EventGraph) -> Iterable[dict[str, Any]]:
    facts: dict[str, list[int]] = {d.id: [0, 0] for d in graph.documents()}
    for claim in graph.claims():
        facts.setdefault(claim.document, [0, 0])[0] += 1
    for meeting in graph.meetings():
        facts.setdefault(meeting.document, [0, 0])[1] += 1
    for document in sorted(graph.documents(), key=lambda d: d.path):
        published = document.published
        yield {
            "id": document.id,
            "path": document.path,
            "title": document.title,
            "published_start": published.start if published else None,
            "published_end": published.end if published else None,
            "claims": facts[document.id][0],
            "meetings": facts[document.id][1],
        }
