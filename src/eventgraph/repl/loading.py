"""Graphs from paths: saved graph files are loaded, anything else is ingested.

``eventgraph repl news.eg``, ``eventgraph repl examples/corpus`` and ``:load PATH`` all
come here. A saved graph is recognised by its header line (or the ``.eg`` suffix, so a
damaged graph file is reported as such rather than read as a document); several graph
files are merged, and documents and folders are ingested into the result, with a
progress bar when the stream for it is a terminal.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import attrs
import orjson

from eventgraph.repl.session import ReplError

if TYPE_CHECKING:
    from eventgraph.graph import EventGraph

__all__ = ["Loaded", "is_graph_file", "open_paths"]

GRAPH_SUFFIX = ".eg"
_HEADER_LIMIT = 4096


@attrs.frozen
class Loaded:
    """The graph built from some paths, the one graph file it came from (if so), and notes."""

    graph: EventGraph
    source: Path | None
    notes: tuple[str, ...]
    added: tuple[str, ...] = ()


def is_graph_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a saved graph (header line), or meant to be one (``.eg``)."""
    from eventgraph.store import FORMAT

    target = Path(path)
    if not target.is_file():
        return False
    if target.suffix.lower() == GRAPH_SUFFIX:
        return True
    try:
        with target.open("rb") as handle:
            head = handle.read(_HEADER_LIMIT)
    except OSError:
        return False
    if head.startswith(b'{"format":"' + FORMAT.encode()):  # even a damaged one: the loader says what is wrong
        return True
    line = head.split(b"\n", 1)[0]
    try:
        header = orjson.loads(line)
    except orjson.JSONDecodeError:
        return False
    return isinstance(header, dict) and header.get("format") == FORMAT


def open_paths(
    paths: Sequence[str | os.PathLike[str]],
    graph: EventGraph | None = None,
    *,
    data: Sequence[str] = (),
    progress: TextIO | None = None,
) -> Loaded:
    """Load the graph files among ``paths`` and ingest the rest, into ``graph`` if given.

    Graph files replace ``graph`` (several are merged); documents are added to the result.
    ``progress`` is the stream a progress bar is drawn on, when it is a terminal.
    """
    from eventgraph.graph import EventGraph

    expanded = [Path(os.path.expanduser(str(p))) for p in paths]
    for path in expanded:
        if not path.exists():
            raise ReplError(f"{path}: no such file or folder")
    graphs = [p for p in expanded if is_graph_file(p)]
    documents = [p for p in expanded if p not in graphs]
    notes: list[str] = []
    source: Path | None = None
    if graphs:
        result = EventGraph()
        for path in graphs:
            loaded = EventGraph.load(path)
            result.update(loaded)
            notes.append(f"loaded {path}: {_size(loaded)}")
        source = graphs[0] if len(graphs) == 1 else None
    else:
        result = graph if graph is not None else EventGraph()
    added: tuple[str, ...] = ()
    if documents:
        from eventgraph.ingest import ingest

        started = time.perf_counter()
        with _progress_bar(progress) as callback:
            result, report = ingest(documents, result, data=list(data), progress=callback)
        added = report.added
        notes += [f"warning: {path}: {reason}" for path, reason in report.problems]
        seconds = time.perf_counter() - started
        notes.append(f"ingested {len(report.added)} document(s) in {seconds:.1f} s: {_size(result)}")
        if not report.added and not graphs and not result.documents():
            raise ReplError("no documents could be read from " + ", ".join(str(p) for p in documents))
        source = None
    return Loaded(result, source, tuple(notes), added)


def _size(graph: EventGraph) -> str:
    counts = graph.stats()
    entities = sum(counts.get(k, 0) for k in ("person", "organisation", "country", "place"))
    return (
        f"{counts.get('document', 0)} documents, {counts.get('claim', 0)} claims, "
        f"{counts.get('meeting', 0)} meetings, {entities} entities"
    )


@contextmanager
def _progress_bar(stream: TextIO | None) -> Iterator[Any]:
    """A progress callback drawing a bar (documents, rate, time left) on a terminal; else None."""
    if stream is None or not _isatty(stream):
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=Console(file=stream),
        transient=True,
    )
    started = time.perf_counter()
    with bar:
        task = bar.add_task("ingest", total=None, rate="")

        def update(done: int, total: int, path: str) -> None:
            rate = done / max(1e-6, time.perf_counter() - started)
            bar.update(task, completed=done, total=total, rate=f"{rate:.1f} docs/s")

        yield update


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False
