"""Ingestion: documents in, one resolved event graph out.

Load every document (reporting files that cannot be read), extract each one on its own
(in worker processes for large batches), merge the per-document graphs, then resolve
entities across documents. A failure inside one document's extraction is reported with
that document and never leaves half of it in the graph.
"""

from __future__ import annotations

import datetime as dt
import os
import traceback
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import attrs

from eventgraph.errors import IngestError
from eventgraph.extract.document import extract_document
from eventgraph.extract.knowledge import Knowledge
from eventgraph.extract.resolve import resolve_entities
from eventgraph.graph import EventGraph
from eventgraph.io import DEFAULT_MAX_BYTES, load_documents
from eventgraph.model import Document

__all__ = ["IngestReport", "Progress", "extract_all", "ingest", "ingest_documents"]

Progress = Callable[[int, int, str], None]
"""Called after each document: (documents done, documents in all, path)."""

_PARALLEL_FROM = 24


@attrs.frozen
class IngestReport:
    """What an ingestion did: documents added, files that failed and files skipped."""

    added: tuple[str, ...]
    problems: tuple[tuple[str, str], ...]
    skipped: tuple[tuple[str, str], ...]
    duplicates: tuple[tuple[str, str], ...]


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    graph: EventGraph | None = None,
    *,
    data: Sequence[str | os.PathLike[str]] = (),
    workers: int | None = None,
    progress: Progress | None = None,
    strict: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    today: dt.date | None = None,
) -> tuple[EventGraph, IngestReport]:
    """Read the files and folders in ``paths`` and add their facts to ``graph`` (or a new one).

    ``data`` names extra knowledge files (roles, topics, gazetteer entries). With
    ``strict``, any document that could not be read or extracted raises ``IngestError``.
    """
    loaded = load_documents(paths, max_bytes=max_bytes)
    graph, added, failures = ingest_documents(
        loaded.documents, graph, data=data, workers=workers, progress=progress, today=today
    )
    report = IngestReport(tuple(added), (*loaded.problems, *failures), loaded.skipped, loaded.duplicates)
    if strict and report.problems:
        raise IngestError(list(report.problems))
    return graph, report


def ingest_documents(
    documents: Sequence[Document],
    graph: EventGraph | None = None,
    *,
    data: Sequence[str | os.PathLike[str]] = (),
    workers: int | None = None,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> tuple[EventGraph, list[str], list[tuple[str, str]]]:
    """Extract already-loaded documents and merge them; returns (graph, added paths, failures)."""
    Knowledge.load(data)  # a bad data file fails here, before any work
    result = graph.copy() if graph is not None else EventGraph()
    known = {d.id for d in result.documents()}
    todo = sorted((d for d in documents if d.id not in known), key=lambda d: d.path)
    added: list[str] = []
    failures: list[tuple[str, str]] = []
    for done, (document, fragment, error) in enumerate(
        extract_all(todo, tuple(str(p) for p in data), workers, today or dt.date.today()), start=1
    ):
        if error is None:
            assert fragment is not None
            error = _clash(result, fragment)
        if error is not None:
            failures.append((document.path, error))
        else:
            result.update(fragment)  # cannot fail half way: the fragment is valid and clashes with nothing
            added.append(document.path)
        if progress is not None:
            progress(done, len(todo), document.path)
    if added or graph is None:
        result = resolve_entities(result)
    return result, added, failures


def extract_all(
    documents: Sequence[Document], data: tuple[str, ...], workers: int | None, today: dt.date
) -> Iterable[tuple[Document, EventGraph | None, str | None]]:
    """Each document with its fragment or the reason it failed, in input order."""
    count = workers if workers is not None else (min(os.cpu_count() or 1, 4) if len(documents) >= _PARALLEL_FROM else 1)
    count = min(count, len(documents))
    if count <= 1:
        for document in documents:
            yield (document, *_extract_one(document, data, today))
        return
    pending = list(documents)
    while pending:  # a worker that dies (killed, out of memory) breaks the pool: start a new one
        done = 0
        with ProcessPoolExecutor(max_workers=min(count, len(pending))) as pool:
            futures = [pool.submit(_extract_one, d, data, today) for d in pending]
            for document, future in zip(pending, futures, strict=True):
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    break
                yield (document, *outcome)
                done += 1
        pending = pending[done:]
        if pending:  # the first unfinished document may be the one that killed its worker, or not
            yield (pending[0], *_extract_alone(pending[0], data, today))
            pending = pending[1:]


def _extract_alone(document: Document, data: tuple[str, ...], today: dt.date) -> tuple[EventGraph | None, str | None]:
    """Extract one document in a process of its own, so a death there is its own doing."""
    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(_extract_one, document, data, today).result()
        except BrokenProcessPool:
            return None, "extraction failed: its process died (killed, or out of memory)"


def _extract_one(document: Document, data: tuple[str, ...], today: dt.date) -> tuple[EventGraph | None, str | None]:
    try:
        fragment = extract_document(document, Knowledge.load(data), today)
        broken = fragment.validate()
    except Exception as exc:  # one document's failure must not stop the batch
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return None, f"extraction failed: {type(exc).__name__}: {exc} ({Path(where.filename).name}:{where.lineno})"
    if broken:  # checked here, in the worker, so nothing inconsistent reaches the graph
        more = f" (and {len(broken) - 1} more)" if len(broken) > 1 else ""
        return None, f"extraction made an inconsistent graph: {broken[0]}{more}"
    return fragment, None


def _clash(graph: EventGraph, fragment: EventGraph) -> str | None:
    """Why merging ``fragment`` into ``graph`` would fail half way (two kinds of node under one id)."""
    for node in fragment.nodes():
        held = graph.get(node.id)
        if held is not None and type(held) is not type(node):
            return f"extraction made a {type(node).__name__} {node.id!r} where the graph has a {type(held).__name__}"
    return None
