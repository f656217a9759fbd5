"""Ingestion on a Dask cluster: files partitioned into a bag, partial graphs merged in a tree.

The client lists the files (as ``discover`` does); a ``dask.bag`` splits the list into
partitions; each partition, on a worker, reads its files, extracts each new document
and merges the fragments into one partial graph; partial graphs are merged pairwise up
a tree (``Bag.reduction``), and entities are resolved once, on the client, at the end.
Merging is associative and commutative and ids come from content, so the graph equals,
node for node, what a single process makes of the same files.

Workers read the files and the ``data`` files by their paths, so on several machines
those paths must name the same files everywhere (a shared or synchronised folder).
Without a scheduler address a ``LocalCluster`` of one single-threaded worker process per
core runs on this machine.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Iterable, Sequence

import attrs

from eventgraph.errors import DocumentError, IngestError
from eventgraph.extract.budget import DEFAULT_BUDGET, Budget
from eventgraph.extract.knowledge import Knowledge
from eventgraph.extract.resolve import resolve_entities
from eventgraph.graph import EventGraph
from eventgraph.ingest import IngestReport, extract_all
from eventgraph.io import DEFAULT_MAX_BYTES, discover
from eventgraph.io.stream import stream_documents
from eventgraph.streaming import clash, name_by_least_path

__all__ = ["DEFAULT_PARTITION", "Partial", "dask_client", "extract_with_dask", "ingest_dask", "settle"]

DEFAULT_PARTITION = 64
"""Files per partition: one task of extraction on one worker."""


@attrs.frozen
class Partial:
    """What one partition, or a subtree of partitions, made: an unresolved graph and its report."""

    graph: EventGraph
    paths: dict[str, str]  # document id -> the least path it was read from
    added: frozenset[str]  # ids of documents extracted into the graph
    problems: tuple[tuple[str, str], ...]
    duplicates: tuple[tuple[str, str], ...]


def extract_partition(
    files: Iterable[str],
    known: frozenset[str],
    data: tuple[str, ...],
    today: dt.date,
    budget: Budget,
    max_bytes: int,
) -> Partial:
    """Read, extract and merge the documents of some files (on a worker)."""
    graph = EventGraph()
    paths: dict[str, str] = {}
    problems: list[tuple[str, str]] = []
    duplicates: list[tuple[str, str]] = []
    todo = []
    for item in stream_documents(list(files), max_bytes=max_bytes):
        if isinstance(item, DocumentError):
            problems.append((f"{item.path}:{item.line}" if item.line is not None else item.path, item.reason))
            continue
        first = paths.get(item.id)
        if first is not None:
            duplicates.append((max(first, item.path), min(first, item.path)))
            paths[item.id] = min(first, item.path)
            continue
        paths[item.id] = item.path
        if item.id not in known:
            todo.append(item)
    added = set()
    for document, fragment, error in extract_all(sorted(todo, key=lambda d: d.path), data, 1, today, budget):
        if error is None:
            assert fragment is not None
            error = clash(graph, fragment)
        if error is not None:
            problems.append((document.path, error))
        else:
            graph.update(fragment)
            added.add(document.id)
    return Partial(graph, paths, frozenset(added), tuple(problems), tuple(duplicates))


def merge_partials(partials: Iterable[Partial]) -> Partial:
    """One partial from several: graphs merged, reports joined (a step of the tree reduction)."""
    parts = list(partials)
    graph = EventGraph()
    paths: dict[str, str] = {}
    problems: list[tuple[str, str]] = []
    duplicates: list[tuple[str, str]] = []
    added: set[str] = set()
    for part in parts:
        reason = clash(graph, part.graph)
        if reason is not None:
            problems.append(("(merge)", reason))
            continue
        graph.update(part.graph)
        added |= part.added
        problems += part.problems
        duplicates += part.duplicates
        for document_id, path in part.paths.items():
            first = paths.get(document_id)
            if first is not None and first != path:
                duplicates.append((max(first, path), min(first, path)))
            paths[document_id] = min(first, path) if first is not None else path
    return Partial(graph, paths, frozenset(added), tuple(problems), tuple(duplicates))


def dask_client(scheduler: str | None = None, workers: int | None = None):  # type: ignore[no-untyped-def]
    """A client of the scheduler at ``scheduler``, or of a new ``LocalCluster`` (``workers`` processes)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise IngestError([], "--engine dask needs dask: pip install 'eventgraph[scale]'") from None
    if scheduler is not None:
        try:
            return Client(scheduler, timeout=10)
        except (OSError, TimeoutError, ValueError) as exc:
            raise IngestError([], f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
    count = workers or os.cpu_count() or 1
    cluster = LocalCluster(n_workers=count, threads_per_worker=1, processes=True, dashboard_address=None)
    return Client(cluster)


def extract_with_dask(
    paths: Iterable[str | os.PathLike[str]],
    *,
    known: Iterable[str] = (),
    client=None,  # type: ignore[no-untyped-def]
    scheduler: str | None = None,
    workers: int | None = None,
    data: Sequence[str | os.PathLike[str]] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    budget: Budget = DEFAULT_BUDGET,
    today: dt.date | None = None,
    partition_size: int = DEFAULT_PARTITION,
) -> tuple[Partial, list[tuple[str, str]], list[tuple[str, str]]]:
    """The merged, unresolved partial graph of the new documents under ``paths``, with the
    problems and skipped files of discovery; ``client`` (or one made for ``scheduler``) runs it."""
    import dask.bag as db

    Knowledge.load(data)  # a bad data file fails here, before any work
    files, problems, skipped = discover(paths)
    own = client is None
    if own:
        client = dask_client(scheduler, workers)
    try:
        if not files:
            return merge_partials([]), problems, skipped
        cores = max(1, len(client.scheduler_info().get("workers", {})))
        count = max(math.ceil(len(files) / partition_size), min(len(files), 2 * cores))
        bag = db.from_sequence([str(f) for f in files], npartitions=count)
        args = (frozenset(known), tuple(str(p) for p in data), today or dt.date.today(), budget, max_bytes)
        tree = bag.reduction(lambda part: extract_partition(part, *args), merge_partials, split_every=4)
        total = client.compute(tree).result()
    finally:
        if own:
            cluster = client.cluster
            client.close()
            if cluster is not None:
                cluster.close()
    return total, problems, skipped


def settle(
    total: Partial, problems: list[tuple[str, str]], skipped: list[tuple[str, str]]
) -> tuple[EventGraph, IngestReport]:
    """The partial graph with each document under the least of its paths, and the report of it all."""
    graph = total.graph
    name_by_least_path(graph, total.paths)
    added = tuple(sorted(total.paths[i] for i in total.added))
    report = IngestReport(added, (*problems, *total.problems), tuple(skipped), tuple(sorted(set(total.duplicates))))
    return graph, report


def ingest_dask(
    paths: Iterable[str | os.PathLike[str]],
    *,
    client=None,  # type: ignore[no-untyped-def]
    scheduler: str | None = None,
    workers: int | None = None,
    data: Sequence[str | os.PathLike[str]] = (),
    strict: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    budget: Budget = DEFAULT_BUDGET,
    today: dt.date | None = None,
    partition_size: int = DEFAULT_PARTITION,
) -> tuple[EventGraph, IngestReport]:
    """Like ``eventgraph.ingest.ingest``, with extraction on a Dask cluster; entities resolved at the end."""
    total, problems, skipped = extract_with_dask(
        paths,
        client=client,
        scheduler=scheduler,
        workers=workers,
        data=data,
        max_bytes=max_bytes,
        budget=budget,
        today=today,
        partition_size=partition_size,
    )
    graph, report = settle(total, problems, skipped)
    if strict and report.problems:
        raise IngestError(list(report.problems))
    return resolve_entities(graph), report
