"""Ingestion: documents in, one resolved event graph out.

Load every document (reporting files that cannot be read), extract each one on its own
(in worker processes for large batches), merge the per-document graphs, then resolve
entities across documents. A failure inside one document's extraction is reported with
that document and never leaves half of it in the graph; so is a document over its
budget (``Budget``: characters, and seconds of extraction). On Linux the worker
processes are forked once this process has loaded the spaCy pipeline and the knowledge
tables, so they share them rather than each loading its own.

``ingest_into`` does the same for a saved graph: it extracts without holding the
graph's lock, then takes the lock, reads the graph again, merges and saves, so two
processes adding to one graph at the same time both keep their documents.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from pathlib import Path

import attrs

from eventgraph.collection import paused_collection
from eventgraph.errors import BudgetError, IngestError
from eventgraph.extract.budget import DEFAULT_BUDGET, Budget, time_limit
from eventgraph.extract.document import extract_document
from eventgraph.extract.knowledge import Knowledge
from eventgraph.extract.nlp import pipeline
from eventgraph.extract.resolve import resolve_entities
from eventgraph.graph import EventGraph
from eventgraph.io import DEFAULT_MAX_BYTES, load_documents
from eventgraph.locking import LOCK_TIMEOUT, locked
from eventgraph.model import Document

__all__ = ["Budget", "IngestReport", "Progress", "extract_all", "ingest", "ingest_documents", "ingest_into"]

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
    budget: Budget = DEFAULT_BUDGET,
    today: dt.date | None = None,
) -> tuple[EventGraph, IngestReport]:
    """Read the files and folders in ``paths`` and add their facts to ``graph`` (or a new one).

    ``data`` names extra knowledge files (roles, topics, gazetteer entries). Files over
    ``max_bytes`` and documents over ``budget`` are reported, not extracted. With
    ``strict``, any document that could not be read or extracted raises ``IngestError``.
    """
    loaded = load_documents(paths, max_bytes=max_bytes)
    graph, added, failures = ingest_documents(
        loaded.documents, graph, data=data, workers=workers, progress=progress, budget=budget, today=today
    )
    report = IngestReport(tuple(added), (*loaded.problems, *failures), loaded.skipped, loaded.duplicates)
    if strict and report.problems:
        raise IngestError(list(report.problems))
    return graph, report


def ingest_into(
    target: str | os.PathLike[str],
    paths: Iterable[str | os.PathLike[str]],
    *,
    append: bool = False,
    data: Sequence[str | os.PathLike[str]] = (),
    workers: int | None = None,
    progress: Progress | None = None,
    strict: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    budget: Budget = DEFAULT_BUDGET,
    today: dt.date | None = None,
    lock_timeout: float = LOCK_TIMEOUT,
) -> tuple[EventGraph, IngestReport]:
    """Ingest ``paths`` and save the graph at ``target``; with ``append``, into the graph saved there.

    Documents are extracted without holding the graph's lock; then, under the lock, the
    saved graph is read again, the new documents are merged into it and it is saved, so
    documents another process added meanwhile are kept. Nothing is written, and
    ``IngestError`` says why, when ``strict`` finds a problem or no document at all could
    be read. ``GraphLockedError`` when another writer keeps the lock for over
    ``lock_timeout`` seconds; ``GraphFormatError`` when the saved graph cannot be read.
    """
    from eventgraph.store import load, save

    target, paths = Path(target), list(paths)
    saved = load(target) if append and target.exists() else None
    known = {d.id for d in saved.documents()} if saved is not None else set()
    loaded = load_documents(paths, max_bytes=max_bytes)
    todo = sorted((d for d in loaded.documents if d.id not in known), key=lambda d: d.path)
    Knowledge.load(data)  # a bad data file fails here, before any work
    extracted = list(
        extract_all(todo, tuple(str(p) for p in data), workers, today or dt.date.today(), budget, progress)
    )
    with locked(target, lock_timeout):
        current = load(target) if append and target.exists() else None
        graph, added, failures = _merge(current, extracted)
        report = IngestReport(tuple(added), (*loaded.problems, *failures), loaded.skipped, loaded.duplicates)
        if strict and report.problems:
            raise IngestError(list(report.problems))
        if not graph.documents():
            raise IngestError(
                list(report.problems), "no documents could be read from " + ", ".join(str(p) for p in paths)
            )
        save(graph, target, lock_timeout=lock_timeout)
    return graph, report


def ingest_documents(
    documents: Sequence[Document],
    graph: EventGraph | None = None,
    *,
    data: Sequence[str | os.PathLike[str]] = (),
    workers: int | None = None,
    progress: Progress | None = None,
    budget: Budget = DEFAULT_BUDGET,
    today: dt.date | None = None,
) -> tuple[EventGraph, list[str], list[tuple[str, str]]]:
    """Extract already-loaded documents and merge them; returns (graph, added paths, failures)."""
    Knowledge.load(data)  # a bad data file fails here, before any work
    known = {d.id for d in graph.documents()} if graph is not None else set()
    todo = sorted((d for d in documents if d.id not in known), key=lambda d: d.path)
    extracted = extract_all(todo, tuple(str(p) for p in data), workers, today or dt.date.today(), budget, progress)
    return _merge(graph, extracted)


def _merge(
    graph: EventGraph | None, extracted: Iterable[tuple[Document, EventGraph | None, str | None]]
) -> tuple[EventGraph, list[str], list[tuple[str, str]]]:
    """The fragments added to (a copy of) ``graph``, entities resolved; documents it holds are passed over."""
    result = graph.copy() if graph is not None else EventGraph()
    known = {d.id for d in result.documents()}
    added: list[str] = []
    failures: list[tuple[str, str]] = []
    for document, fragment, error in extracted:
        if document.id in known:  # another writer added it meanwhile
            continue
        if error is None:
            assert fragment is not None
            error = _clash(result, fragment)
        if error is not None:
            failures.append((document.path, error))
        else:
            result.update(fragment)  # cannot fail half way: the fragment is valid and clashes with nothing
            added.append(document.path)
            known.add(document.id)
    if added or graph is None:
        result = resolve_entities(result)
    return result, added, failures


def extract_all(
    documents: Sequence[Document],
    data: tuple[str, ...],
    workers: int | None,
    today: dt.date,
    budget: Budget = DEFAULT_BUDGET,
    progress: Progress | None = None,
) -> Iterator[tuple[Document, EventGraph | None, str | None]]:
    """Each document with its fragment or the reason it failed, in input order."""
    for done, outcome in enumerate(_extract_each(documents, data, workers, today, budget), start=1):
        yield outcome
        if progress is not None:
            progress(done, len(documents), outcome[0].path)


def _extract_each(
    documents: Sequence[Document], data: tuple[str, ...], workers: int | None, today: dt.date, budget: Budget
) -> Iterator[tuple[Document, EventGraph | None, str | None]]:
    count = workers if workers is not None else (min(os.cpu_count() or 1, 4) if len(documents) >= _PARALLEL_FROM else 1)
    count = min(count, len(documents))
    if count <= 1:
        for document in documents:
            yield (document, *_extract_one(document, data, today, budget))
        return
    context = _worker_context(data)
    pending = list(documents)
    while pending:  # a worker that dies (killed, out of memory) breaks the pool: start a new one
        done = 0
        with ProcessPoolExecutor(min(count, len(pending)), mp_context=context, initializer=_settle_worker) as pool:
            futures = [pool.submit(_extract_one, d, data, today, budget) for d in pending]
            for document, future in zip(pending, futures, strict=True):
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    break
                yield (document, *outcome)
                done += 1
        pending = pending[done:]
        if pending:  # the first unfinished document may be the one that killed its worker, or not
            yield (pending[0], *_extract_alone(pending[0], data, today, budget, context))
            pending = pending[1:]


def _worker_context(data: tuple[str, ...]) -> BaseContext | None:
    """Forked workers where the platform forks safely (Linux), after this process loaded the
    knowledge and the pipeline, so each worker starts with them instead of loading its own
    copy; elsewhere the platform's default, whose workers load them on their first document."""
    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return None
    Knowledge.load(data)
    pipeline()
    return multiprocessing.get_context("fork")


def _settle_worker() -> None:
    """Leave what a forked worker inherited out of its garbage collections: the pipeline and
    the knowledge live as long as the worker, and scanning them again and again is wasted work."""
    gc.freeze()


def _extract_alone(
    document: Document, data: tuple[str, ...], today: dt.date, budget: Budget, context: BaseContext | None = None
) -> tuple[EventGraph | None, str | None]:
    """Extract one document in a process of its own, so a death there is its own doing."""
    with ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_settle_worker) as pool:
        try:
            return pool.submit(_extract_one, document, data, today, budget).result()
        except BrokenProcessPool:
            return None, "extraction failed: its process died (killed, or out of memory)"


def _extract_one(
    document: Document, data: tuple[str, ...], today: dt.date, budget: Budget
) -> tuple[EventGraph | None, str | None]:
    refusal = budget.refusal(document.text)
    if refusal is not None:
        return None, refusal
    try:
        knowledge = Knowledge.load(data)
        pipeline()  # loaded before the clock starts: the first document's time is its own
        with time_limit(budget.max_seconds), paused_collection():  # no passes mid-document; cycles go after
            fragment = extract_document(document, knowledge, today)
        broken = fragment.validate()
    except BudgetError as exc:
        return None, str(exc)
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
