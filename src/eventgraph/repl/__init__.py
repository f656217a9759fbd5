"""The interactive query shell: ``eventgraph.repl(graph)`` and ``eventgraph repl GRAPH|PATH...``.

On a terminal it is a prompt_toolkit session (completion of keywords, names and topics,
history kept between sessions, highlighting, multi-line entries); reading from a pipe,
a file or a ``StringIO`` it runs one entry per line and prints plain results, so it can
be scripted. Entries are queries or ``:commands`` (``:help`` lists them). With
``engine="duckdb"`` (``eventgraph repl DIR --engine duckdb``) the shell answers over a
Parquet export with DuckDB, without loading the graph.

>>> import io, eventgraph
>>> out = io.StringIO()
>>> graph = eventgraph.repl(eventgraph.EventGraph(), input=io.StringIO(":format json\\n:quit\\n"), output=out)
>>> out.getvalue()
'format: json\\n'

This module imports nothing heavy: prompt_toolkit and rich load when a session starts.
"""

from __future__ import annotations

import builtins
import io
import os
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    import argparse

    from eventgraph.graph import EventGraph

__all__ = ["ENGINES", "repl", "run_from_cli"]

ENGINES = ("memory", "duckdb")
"""memory: the graph is loaded; duckdb: SQL over a Parquet export, nothing loaded but names."""


def repl(
    graph: EventGraph | str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None,
    *,
    input: Iterable[str] | str | None = None,  # as in subprocess.run
    output: TextIO | None = None,
    engine: str = "memory",
) -> EventGraph:
    """Query ``graph`` interactively; return the graph in use when the session ends.

    ``graph`` is an ``EventGraph``, a saved graph file, documents to ingest, or None
    (start empty and ``:load`` later). With a terminal on both ends this is the full
    prompt; otherwise entries are read from ``input`` (lines, a file, a string), from
    ``input()`` in a notebook, or from standard input, and plain results are written to
    ``output`` (standard output; with ``output`` given, messages and errors go there too).
    ``:quit``, Ctrl-D or the end of the input return to the caller; the graph returned
    is the one ``:load`` left in place, if any.

    ``engine="duckdb"`` answers with the duckdb engine over ``graph``, a folder written by
    ``eventgraph export GRAPH --format parquet``; ``:explain`` then prints the SQL, commands
    that need the graph in memory (``:load``, ``:save``, ``:show``, ``:schema``) say they are
    not available, and the graph returned holds the export's entities and names only.
    """
    from eventgraph.graph import EventGraph
    from eventgraph.repl.session import Session, prompt_lines

    source = None
    parquet = None
    if engine not in ENGINES:
        raise ValueError(f"engine is one of {', '.join(ENGINES)}, not {engine!r}")
    if engine == "duckdb":
        if not isinstance(graph, (str, os.PathLike)):
            raise TypeError("engine='duckdb' needs the folder of a Parquet export, not " + type(graph).__name__)
        from eventgraph.query.duckdb_tables import open_parquet

        parquet = open_parquet(graph)
        current = parquet.names
    elif graph is None or isinstance(graph, EventGraph):
        current = graph if graph is not None else EventGraph()
    else:
        from eventgraph.repl.loading import open_paths

        paths = [graph] if isinstance(graph, (str, os.PathLike)) else list(graph)
        loaded = open_paths(paths, progress=sys.stderr)
        current, source = loaded.graph, loaded.source
    interactive = input is None and output is None and _isatty(sys.stdin) and _isatty(sys.stdout)
    session = Session(
        current,
        out=output or sys.stdout,
        err=output or sys.stderr,
        interactive=interactive,
        source=source,
        parquet=parquet,
    )
    if interactive:
        from eventgraph.repl.terminal import run_terminal

        run_terminal(session)
    elif input is not None:
        session.run_lines(io.StringIO(input) if isinstance(input, str) else input)
    elif _input_is_patched():
        session.run_lines(prompt_lines())
    else:
        session.run_lines(sys.stdin)
    return session.graph


def run_from_cli(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``eventgraph repl [GRAPH|PATH...]``: load or ingest the paths, then run a session
    (``--engine duckdb``: open the one Parquet folder given instead).

    Returns the exit status: 0, or (reading from a pipe) 2 when an entry failed and 3
    after an internal error.
    """
    from eventgraph.display import visible
    from eventgraph.graph import EventGraph
    from eventgraph.repl.loading import open_paths
    from eventgraph.repl.session import Session

    quiet = getattr(args, "quiet", False)
    data = getattr(args, "data", None) or []
    interactive = _isatty(sys.stdin) and _isatty(out)
    parquet = None
    if getattr(args, "engine", "memory") == "duckdb":
        from eventgraph.query.duckdb_tables import open_parquet
        from eventgraph.repl.session import ReplError

        if len(args.paths) != 1:
            raise ReplError("--engine duckdb needs one folder, written by 'eventgraph export GRAPH --format parquet'")
        parquet = open_parquet(args.paths[0])
        graph, source = parquet.names, None
    elif args.paths:
        loaded = open_paths(args.paths, data=data, progress=None if quiet else err)
        graph, source = loaded.graph, loaded.source
        verbose = getattr(args, "verbose", False)
        for note in loaded.notes:  # on a terminal the banner gives the counts of a loaded graph
            if verbose or note.startswith("warning:") or (interactive and not quiet and note.startswith("ingested")):
                print(visible(note), file=err)
    else:
        graph, source = EventGraph(), None
    session = Session(
        graph,
        out=out,
        err=err,
        interactive=interactive,
        quiet=quiet,
        debug=getattr(args, "debug", False),
        data=data,
        source=source,
        as_of=getattr(args, "as_of", None),
        parquet=parquet,
    )
    if interactive:
        from eventgraph.repl.terminal import run_terminal

        run_terminal(session)
        return session.exit_code() if session.internal_errors else 0
    session.run_lines(sys.stdin)
    return session.exit_code()


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _input_is_patched() -> bool:
    """Whether ``input()`` is answered by someone else than stdin (a Jupyter kernel asks its front end)."""
    return getattr(builtins.input, "__module__", "builtins") != "builtins"
