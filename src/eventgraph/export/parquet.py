"""The graph as Parquet tables, for engines that query files on disk (DuckDB, Spark, pandas).

``write_parquet`` writes a folder with one sub-folder per table, each holding files of
at most ``ROWS_PER_FILE`` rows (``claims/part-00000.parquet``...), so a table of
millions of rows is many files that readers scan in parallel and in pieces:

- ``documents``: id, path, title, published (start, end, how), text
- ``claims``: id, document, text, form, cue, span and sentence offsets, date and period
  (start, end, how), speaker (the entity id of its ``said`` edge, or null)
- ``meetings``: id, document, type, status, text, span offsets, date (start, end, how),
  participants (the entity ids of its ``participant`` edges, a list)
- ``entities``: id, kind, name; ``aliases``: entity, alias (one row per alias)
- ``topics``: id, label, signals (a list)
- ``edges``: kind, source, target, documents (a list), name, title, interval (start, end, how)

Dates are Parquet dates. Every node and edge of the graph is in a table (the character
offsets of each mention are not), so ``eventgraph query DIR --engine duckdb`` answers
from the folder alone. Each file is written under a temporary name and renamed when
complete; files of an earlier export that this one did not write are removed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from eventgraph.errors import ExportError
from eventgraph.export.files import atomic_file, export_folder, remove_stale
from eventgraph.graph import EventGraph
from eventgraph.model import Claim, DateInterval, Document, EdgeKind, Meeting, Topic

__all__ = ["PARQUET_TABLES", "ROWS_PER_FILE", "ROWS_PER_GROUP", "write_parquet"]

ROWS_PER_FILE = 1_000_000
"""The most rows one Parquet file holds; a bigger table is split over numbered files."""

ROWS_PER_GROUP = 65_536
"""Rows per row group: readers skip a group whose statistics rule it out, and edges are
sorted by source, so a lookup of some facts' edges reads few groups."""


def _schemas() -> dict[str, Any]:
    import pyarrow as pa

    def interval(prefix: str) -> list[tuple[str, Any]]:
        return [(f"{prefix}_start", pa.date32()), (f"{prefix}_end", pa.date32()), (f"{prefix}_how", pa.string())]

    text, integer = pa.string(), pa.int64()
    return {
        "documents": pa.schema([("id", text), ("path", text), ("title", text), *interval("published"), ("text", text)]),
        "claims": pa.schema(
            [
                ("id", text),
                ("document", text),
                ("text", text),
                ("form", text),
                ("cue", text),
                ("span_start", integer),
                ("span_end", integer),
                ("sentence_start", integer),
                ("sentence_end", integer),
                *interval("date"),
                *interval("period"),
                ("speaker", text),
            ]
        ),
        "meetings": pa.schema(
            [
                ("id", text),
                ("document", text),
                ("type", text),
                ("status", text),
                ("text", text),
                ("span_start", integer),
                ("span_end", integer),
                *interval("date"),
                ("participants", pa.list_(text)),
            ]
        ),
        "entities": pa.schema([("id", text), ("kind", text), ("name", text)]),
        "aliases": pa.schema([("entity", text), ("alias", text)]),
        "topics": pa.schema([("id", text), ("label", text), ("signals", pa.list_(text))]),
        "edges": pa.schema(
            [
                ("kind", text),
                ("source", text),
                ("target", text),
                ("documents", pa.list_(text)),
                ("name", text),
                ("title", text),
                *interval("interval"),
            ]
        ),
    }


PARQUET_TABLES = ("documents", "claims", "meetings", "entities", "aliases", "topics", "edges")
"""The tables (sub-folders) a Parquet export writes."""


def _dates(value: DateInterval | None) -> tuple[dt.date | None, dt.date | None, str | None]:
    return (value.start, value.end, value.how) if value is not None else (None, None, None)


def _rows(graph: EventGraph) -> dict[str, Callable[[], Iterator[tuple[Any, ...]]]]:
    speakers = {e.target: e.source for e in graph.edges(EdgeKind.SAID)}
    parties: dict[str, list[str]] = {}
    for edge in graph.edges(EdgeKind.PARTICIPANT):
        parties.setdefault(edge.target, []).append(edge.source)

    def documents() -> Iterator[tuple[Any, ...]]:
        for d in graph.nodes("document"):
            assert isinstance(d, Document)
            yield (d.id, d.path, d.title, *_dates(d.published), d.text)

    def claims() -> Iterator[tuple[Any, ...]]:
        for c in graph.nodes("claim"):
            assert isinstance(c, Claim)
            yield (
                c.id,
                c.document,
                c.text,
                c.form,
                c.cue,
                c.span.start,
                c.span.end,
                c.sentence.start,
                c.sentence.end,
                *_dates(c.date),
                *_dates(c.period),
                speakers.get(c.id),
            )

    def meetings() -> Iterator[tuple[Any, ...]]:
        for m in graph.nodes("meeting"):
            assert isinstance(m, Meeting)
            parts = sorted(parties.get(m.id, ()))
            yield (m.id, m.document, m.kind, m.status, m.text, m.span.start, m.span.end, *_dates(m.date), parts)

    def entities() -> Iterator[tuple[Any, ...]]:
        for e in graph.entities():
            yield (e.id, e.kind.value, e.name)

    def aliases() -> Iterator[tuple[Any, ...]]:
        for e in graph.entities():
            for alias in e.aliases:
                yield (e.id, alias)

    def topics() -> Iterator[tuple[Any, ...]]:
        for t in graph.nodes("topic"):
            assert isinstance(t, Topic)
            yield (t.id, t.label, list(t.signals))

    def edges() -> Iterator[tuple[Any, ...]]:
        ordered = sorted(graph.edges(), key=lambda e: (e.source, e.target, e.kind.value, e.title or ""))
        for e in ordered:
            yield (e.kind.value, e.source, e.target, list(e.documents), e.name, e.title, *_dates(e.interval))

    return {
        "documents": documents,
        "claims": claims,
        "meetings": meetings,
        "entities": entities,
        "aliases": aliases,
        "topics": topics,
        "edges": edges,
    }


def write_parquet(graph: EventGraph, out: Path, *, rows_per_file: int = ROWS_PER_FILE) -> list[Path]:
    """Write the graph's tables under the folder ``out``; returns the files written."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ExportError(out, "Parquet needs pyarrow: pip install 'eventgraph[scale]'") from None
    folder = export_folder(out)
    schemas = _schemas()
    written: list[Path] = []
    for table, rows in _rows(graph).items():
        place = folder / table
        if place.exists() and not place.is_dir():
            raise ExportError(place, "is a file; a Parquet export writes a folder per table")
        place.mkdir(exist_ok=True)
        schema = schemas[table]
        mine: list[Path] = []
        for number, chunk in enumerate(_chunks(rows(), rows_per_file, always_one=True)):
            columns = list(zip(*chunk, strict=True)) if chunk else [[] for _ in schema.names]
            data = pa.Table.from_arrays(
                [pa.array(list(c), type=f.type) for c, f in zip(columns, schema, strict=True)], schema=schema
            )
            path = place / f"part-{number:05d}.parquet"
            with atomic_file(path, binary=True) as handle:
                pq.write_table(data, handle, compression="zstd", row_group_size=ROWS_PER_GROUP)
            mine.append(path)
        remove_stale(place, ["part-*.parquet"], mine)
        written += mine
    return written


def _chunks(rows: Iterable[tuple[Any, ...]], size: int, *, always_one: bool) -> Iterator[list[tuple[Any, ...]]]:
    """Lists of at most ``size`` rows; one empty list for no rows, so every table has a file."""
    iterator = iter(rows)
    first = True
    while chunk := list(islice(iterator, size)):
        first = False
        yield chunk
    if first and always_one:
        yield []
