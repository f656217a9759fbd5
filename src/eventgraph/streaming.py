"""Ingestion in bounded batches, and updates of a saved graph: add new documents, remove old ones.

``ingest_stream`` reads documents one at a time (``eventgraph.io.stream``), extracts them
``batch_size`` at a time and merges each batch into the graph before reading on, so
peak memory follows the graph being built, not the size of the input: a folder that
holds every article ten times costs what one copy does. Entities are resolved once, at
the end. The result equals ``eventgraph.ingest.ingest`` of the same paths.

``update_graph`` does the same for a saved graph and saves the result: only documents
whose text the graph does not hold yet are extracted (ids come from content, so what
was there keeps its ids), then, under the graph's lock, the graph is read again, the new
documents merged and the graph saved atomically. ``remove_documents`` takes documents
out, with every fact only they supported, under the same lock. Nothing is written when
anything fails, so an update that stops half way leaves the saved graph as it was.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from pathlib import Path

import attrs

from eventgraph.documents import documents_named
from eventgraph.errors import DocumentError, IngestError
from eventgraph.extract.budget import DEFAULT_BUDGET, Budget
from eventgraph.extract.knowledge import Knowledge
from eventgraph.extract.resolve import resolve_entities
from eventgraph.graph import EventGraph
from eventgraph.ingest import IngestReport, Progress, extract_all
from eventgraph.io import DEFAULT_MAX_BYTES
from eventgraph.io.stream import stream_documents
from eventgraph.locking import LOCK_TIMEOUT, locked
from eventgraph.model import Document

__all__ = ["DEFAULT_BATCH", "Removal", "clash", "ingest_stream", "remove_documents", "update_graph"]

DEFAULT_BATCH = 256
"""Documents extracted together before their facts join the graph: large enough to keep
worker processes busy, small enough that a batch's texts and fragments are little memory."""


@attrs.define
class _Collector:
    """What a streamed ingestion has met so far: new facts, and what to report."""

    known: set[str]
    fresh: EventGraph = attrs.Factory(EventGraph)
    seen: dict[str, str] = attrs.Factory(dict)  # document id -> the least path it was read from
    added: list[str] = attrs.Factory(list)
    problems: list[tuple[str, str]] = attrs.Factory(list)
    skipped: list[tuple[str, str]] = attrs.Factory(list)
    duplicates: list[tuple[str, str]] = attrs.Factory(list)

    def report(self) -> IngestReport:
        return IngestReport(tuple(self.added), tuple(self.problems), tuple(self.skipped), tuple(self.duplicates))


def ingest_stream(
    paths: Iterable[str | os.PathLike[str]],
    graph: EventGraph | None = None,
    *,
    data: Sequence[str | os.PathLike[str]] = (),
    workers: int | None = None,
    progress: Progress | None = None,
    strict: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    budget: Budget = DEFAULT_BUDGET,
    today: dt.date | None = None,
    batch_size: int = DEFAULT_BATCH,
) -> tuple[EventGraph, IngestReport]:
    """Like ``eventgraph.ingest.ingest``, reading and extracting ``batch_size`` documents at a time.

    Documents ``graph`` holds already are passed over. ``IngestError`` with ``strict`` when
    any document could not be read or extracted.
    """
    known = {d.id for d in graph.documents()} if graph is not None else set()
    collector = _collect(paths, known, data, workers, progress, max_bytes, budget, today, batch_size)
    report = collector.report()
    if strict and report.problems:
        raise IngestError(list(report.problems))
    return _combine(graph, collector.fresh, bool(report.added)), report


def update_graph(
    target: str | os.PathLike[str],
    paths: Iterable[str | os.PathLike[str]],
    *,
    create: bool = True,
    replace: bool = False,
    data: Sequence[str | os.PathLike[str]] = (),
    workers: int | None = None,
    progress: Progress | None = None,
    strict: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    budget: Budget = DEFAULT_BUDGET,
    today: dt.date | None = None,
    batch_size: int = DEFAULT_BATCH,
    lock_timeout: float = LOCK_TIMEOUT,
    engine: str = "local",
    scheduler: str | None = None,
) -> tuple[EventGraph, IngestReport]:
    """Add the new documents under ``paths`` to the graph saved at ``target`` and save it.

    With ``replace`` the saved graph is ignored and overwritten (``eventgraph ingest -o``);
    without ``create``, a missing graph is an ``IngestError`` (``eventgraph ingest --into``).
    ``engine="dask"`` extracts on a Dask cluster (``eventgraph.dask_ingest``): the one at
    ``scheduler``, or a local one of ``workers`` processes.
    Extraction runs without the lock; then, under it, the saved graph is read again, so
    documents another process added meanwhile are kept. Nothing is written when ``strict``
    finds a problem or the graph would hold no document at all.
    """
    from eventgraph.store import load, save

    target, paths = Path(target), list(paths)
    if not replace and not create and not target.exists():
        raise IngestError([], f"{target}: no graph there to add to (make one with 'eventgraph ingest -o {target}')")
    saved = load(target) if not replace and target.exists() else None
    known = {d.id for d in saved.documents()} if saved is not None else set()
    del saved  # read again under the lock; not kept through the extraction
    if engine == "dask":
        collector = _collect_dask(paths, known, data, workers, scheduler, max_bytes, budget, today)
    else:
        collector = _collect(paths, known, data, workers, progress, max_bytes, budget, today, batch_size)
    report = collector.report()
    if strict and report.problems:
        raise IngestError(list(report.problems))
    with locked(target, lock_timeout):
        current = load(target) if not replace and target.exists() else None
        if current is not None:
            held = {d.id for d in current.documents()}
            late = [d.id for d in collector.fresh.documents() if d.id in held and d.id not in known]
            for document_id in late:  # another writer added it meanwhile: its copy stays
                collector.fresh.remove_document(document_id)
        graph = _combine(current, collector.fresh, bool(report.added))
        if not graph.documents():
            raise IngestError(
                list(report.problems), "no documents could be read from " + ", ".join(str(p) for p in paths)
            )
        save(graph, target, lock_timeout=lock_timeout)
    return graph, report


@attrs.frozen
class Removal:
    """What ``remove_documents`` took out: the documents (by path) and every node id removed."""

    documents: tuple[str, ...]
    removed: frozenset[str]


def remove_documents(
    target: str | os.PathLike[str], names: Sequence[str], *, lock_timeout: float = LOCK_TIMEOUT
) -> tuple[EventGraph, Removal]:
    """Remove documents, and what only they supported, from the graph saved at ``target``.

    Documents are named as ``from`` names them in a query (id, path, end of path, file
    name, file name without extension). Every name is checked before anything changes:
    ``KeyError`` for one that names no document or several, and the file stays as it was.
    """
    from eventgraph.store import load, save

    with locked(target, lock_timeout):
        graph = load(target)
        held = graph.documents()
        chosen: dict[str, str] = {}
        for name in names:
            found = documents_named(held, name)
            if len(found) != 1:
                graph.remove_document(name)  # raises the KeyError that says why; nothing is saved
            chosen.setdefault(found[0].id, found[0].path)
        removed: set[str] = set()
        for document_id in chosen:
            removed |= graph.remove_document(document_id, reobserve=True)
        save(graph, target, lock_timeout=lock_timeout)
    return graph, Removal(tuple(chosen.values()), frozenset(removed))


# -- the stream ------------------------------------------------------------------------------------
def _collect(
    paths: Iterable[str | os.PathLike[str]],
    known: set[str],
    data: Sequence[str | os.PathLike[str]],
    workers: int | None,
    progress: Progress | None,
    max_bytes: int,
    budget: Budget,
    today: dt.date | None,
    batch_size: int,
) -> _Collector:
    """Read, extract and merge (unresolved) every new document, ``batch_size`` at a time."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be 1 or more, not {batch_size}")
    Knowledge.load(data)  # a bad data file fails here, before any work
    names = tuple(str(p) for p in data)
    day = today or dt.date.today()
    collector = _Collector(known=set(known))
    documents = _new_documents(
        stream_documents(paths, max_bytes=max_bytes, problems=collector.problems, skipped=collector.skipped),
        collector,
    )
    done = 0
    while batch := sorted(islice(documents, batch_size), key=lambda d: d.path):
        for document, fragment, error in extract_all(batch, names, workers, day, budget):
            done += 1
            if error is None:
                assert fragment is not None
                error = clash(collector.fresh, fragment)
            if error is not None:
                collector.problems.append((document.path, error))
            else:
                collector.fresh.update(fragment)
                collector.added.append(document.path)
            if progress is not None:
                progress(done, done, document.path)
    name_by_least_path(collector.fresh, collector.seen)
    return collector


def name_by_least_path(graph: EventGraph, paths: Mapping[str, str]) -> None:
    """Each document under the least path it was read at (``paths``: document id to that path):
    a copy read later under a lesser path names it."""
    for document in graph.documents():
        least = paths.get(document.id, document.path)
        if least < document.path:
            graph.add(attrs.evolve(document, path=least))


def _collect_dask(
    paths: Iterable[str | os.PathLike[str]],
    known: set[str],
    data: Sequence[str | os.PathLike[str]],
    workers: int | None,
    scheduler: str | None,
    max_bytes: int,
    budget: Budget,
    today: dt.date | None,
) -> _Collector:
    from eventgraph.dask_ingest import extract_with_dask, settle

    total, problems, skipped = extract_with_dask(
        paths,
        known=known,
        scheduler=scheduler,
        workers=workers,
        data=data,
        max_bytes=max_bytes,
        budget=budget,
        today=today,
    )
    graph, report = settle(total, problems, skipped)
    return _Collector(
        known=known,
        fresh=graph,
        added=list(report.added),
        problems=list(report.problems),
        skipped=list(report.skipped),
        duplicates=list(report.duplicates),
    )


def _new_documents(items: Iterator[Document | DocumentError], collector: _Collector) -> Iterator[Document]:
    """The documents not held yet and not read before in this stream; problems and duplicates noted."""
    for item in items:
        if isinstance(item, DocumentError):
            where = f"{item.path}:{item.line}" if item.line is not None else item.path
            collector.problems.append((where, item.reason))
            continue
        first = collector.seen.get(item.id)
        if first is not None:
            kept, second = sorted((first, item.path))
            collector.duplicates.append((second, kept))
            collector.seen[item.id] = kept
            continue
        collector.seen[item.id] = item.path
        if item.id in collector.known:
            continue
        yield item


def _combine(graph: EventGraph | None, fresh: EventGraph, changed: bool) -> EventGraph:
    """The new facts merged into (a copy of) the graph, entities resolved once."""
    if graph is None:
        return resolve_entities(fresh)
    if not changed:
        return graph
    merged = graph.copy()
    reason = clash(merged, fresh)
    if reason is not None:
        raise IngestError([], reason)
    merged.update(fresh)
    return resolve_entities(merged)


def clash(graph: EventGraph, fragment: EventGraph) -> str | None:
    """Why merging ``fragment`` into ``graph`` would fail half way (two kinds of node under one id), or None."""
    for node in fragment.nodes():
        held = graph.get(node.id)
        if held is not None and type(held) is not type(node):
            return f"extraction made a {type(node).__name__} {node.id!r} where the graph has a {type(held).__name__}"
    return None
