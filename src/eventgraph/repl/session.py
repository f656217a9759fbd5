"""A REPL session: the graph in use, the output settings, and what to do with each entry.

The session knows nothing of terminals: ``execute`` takes one entry (a query or a
``:command``) and writes to the session's streams. ``run_lines`` drives it from any
iterable of lines (a pipe, a file, a ``StringIO``); ``eventgraph.repl.terminal`` drives
it from a prompt_toolkit prompt. With ``parquet`` set, queries run with the duckdb engine
over a Parquet export instead of the graph in memory (``session.graph`` is then the
export's small names graph, which completion reads). Entries span lines while a line
ends with a backslash or leaves a parenthesis or a quote open; a blank line ends an
unfinished entry.
Everything the session prints passes ``eventgraph.display.visible``: text from a
document cannot send the terminal a control sequence.
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
import subprocess
import sys
import time
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from eventgraph.display import visible
from eventgraph.errors import EventGraphError

if TYPE_CHECKING:
    from eventgraph.graph import EventGraph
    from eventgraph.query import CompiledQuery, Result
    from eventgraph.query.duckdb_tables import ParquetGraph

__all__ = ["FORMATS", "MODES", "ReplError", "Session", "continues", "entries", "join_entry", "pager_command"]

FORMATS = ("table", "json", "csv")
MODES = ("auto", "on", "off")
PAGER_ENV = "EVENTGRAPH_PAGER"

EXIT_OK, EXIT_USER, EXIT_INTERNAL = 0, 2, 3


class ReplError(EventGraphError, ValueError):
    """A command the REPL cannot carry out (bad argument, unknown id, missing file)."""


# -- entries ------------------------------------------------------------------------------------
def _open_groups(text: str) -> tuple[int, str | None]:
    """How many parentheses are open at the end of ``text``, and the quote left open, if any."""
    depth = 0
    quote: str | None = None
    escaped = False
    for char in text:
        if quote is not None:
            if escaped:
                escaped = False
            elif char == "\\" and quote == '"':
                escaped = True
            elif char == {'"': '"', "“": "”"}[quote]:
                quote = None
        elif char in '"“':
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
    return depth, quote


def continues(text: str) -> bool:
    """Whether an entry goes on on the next line: a trailing backslash, an open ``(`` or quote.

    Commands other than ``:explain`` continue only after a backslash (their arguments are
    paths and words, where a parenthesis means nothing).
    """
    if text.rstrip(" \t").endswith("\\"):
        return True
    stripped = text.lstrip()
    if stripped.startswith(":") and not stripped[1:].lower().startswith("explain"):
        return False
    depth, quote = _open_groups(text)
    return depth > 0 or quote is not None


def join_entry(text: str) -> str:
    """One line from a multi-line entry: continuation backslashes and line breaks become spaces."""
    lines = text.split("\n")
    joined = []
    for line in lines:
        stripped = line.rstrip(" \t")
        joined.append(stripped[:-1] if stripped.endswith("\\") else line)
    return " ".join(part.strip() for part in joined if part.strip()).strip()


def entries(lines: Iterable[str]) -> Iterator[str]:
    """Complete entries from lines: blank lines and ``#`` comments between entries are skipped."""
    pending: list[str] = []
    for raw in lines:
        line = raw.rstrip("\r\n")
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if pending and not line.strip():
            yield join_entry("\n".join(pending))
            pending = []
            continue
        pending.append(line)
        if not continues("\n".join(pending)):
            yield join_entry("\n".join(pending))
            pending = []
    if pending:
        yield join_entry("\n".join(pending))


# -- the session --------------------------------------------------------------------------------
class Session:
    """The state of one REPL: graph, output format, timing, and what went wrong so far."""

    def __init__(
        self,
        graph: EventGraph | None = None,
        *,
        out: TextIO | None = None,
        err: TextIO | None = None,
        interactive: bool = False,
        quiet: bool = False,
        debug: bool = False,
        data: Iterable[str] = (),
        source: str | Path | None = None,
        as_of: dt.date | None = None,
        parquet: ParquetGraph | None = None,
    ) -> None:
        from eventgraph.graph import EventGraph

        self.parquet = parquet
        if parquet is not None:
            graph = parquet.names
        self.graph: EventGraph = graph if graph is not None else EventGraph()
        self.out: TextIO = out or sys.stdout
        self.err: TextIO = err or sys.stderr
        self.interactive = interactive
        self.quiet = quiet
        self.debug = debug
        self.data = tuple(str(d) for d in data)
        self.source = Path(source) if source is not None else None
        self.format = "table"
        self.timing = False
        self.as_of = as_of
        self.pager = "auto"  # page results taller than the terminal
        self.vertical = "auto"  # one field a line, for rows too wide for a table
        self.output: Path | None = None  # results go to this file instead of the screen
        self.last_entry = ""
        self.failures = 0
        self.internal_errors = 0
        self.finished = False
        self.last: Result | None = None
        self._console: Any = None

    # -- output ---------------------------------------------------------------------------------
    @property
    def console(self) -> Any:
        """The rich console results are printed on (interactive sessions only)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(file=self.out, highlight=False, soft_wrap=False)
        return self._console

    def show(self, text: str) -> None:
        """Write a result: a table, JSON, CSV, a node, a plan, help."""
        text = visible(text, newlines=True)
        if self.interactive:
            self.console.print(text, markup=False, highlight=False, soft_wrap=True)
        else:
            self._write(self.out, text)

    def note(self, text: str) -> None:
        """Say something about what happened (counts, settings, time): stderr when not interactive."""
        if self.quiet:
            return
        text = visible(text, newlines=True)
        if self.interactive:
            self.console.print(text, style="dim", markup=False, highlight=False)
        else:
            self._write(self.err, text)

    def fail(self, text: str) -> None:
        """Report a user error; counts towards the exit status."""
        self.failures += 1
        text = visible(text, newlines=True)
        if self.interactive:
            self.console.print(f"error: {text}", style="red", markup=False, highlight=False)
        else:
            self._write(self.err, f"error: {text}")

    def _write(self, stream: TextIO, text: str) -> None:
        stream.write(text if text.endswith("\n") else text + "\n")
        stream.flush()

    # -- entries --------------------------------------------------------------------------------
    def execute(self, entry: str) -> None:
        """Run one entry: a ``:command`` or a query. Errors are reported, never raised."""
        text = join_entry(entry)
        if not text or text.startswith("#"):
            return
        try:
            if text.startswith(":"):
                from eventgraph.repl.commands import run_command

                run_command(self, text)
            else:
                self.run_query(text)
        except (EventGraphError, OSError) as exc:  # QueryError among them: its text has the caret
            self.fail(str(exc))
        except KeyboardInterrupt:
            if not self.interactive:
                raise
            self.note("interrupted")
        except Exception as exc:
            self.internal_errors += 1
            if self.debug:
                self._write(self.err, visible(traceback.format_exc(), newlines=True))
            self.fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)")

    def run_query(self, text: str) -> None:
        from eventgraph.query import compile_query
        from eventgraph.repl import render

        if text.lower() in _NOT_QUERIES:
            raise ReplError(f"{text!r} is not a query; commands start with a colon: :{_NOT_QUERIES[text.lower()]}")
        self.last_entry = text
        started = time.perf_counter()
        result = self.answer(compile_query(text, today=self.as_of))
        elapsed = time.perf_counter() - started
        self.last = result
        if result.understood_as:
            self.note(f"understood as: {result.understood_as}")
        for note in result.notes:
            self.note(f"note: {note}")
        if self.output is not None:
            self.write_output(result)
        elif self.format == "csv":
            self.show(result.to_csv().rstrip("\n"))
        elif not self.interactive:
            vertical = self.vertical == "on" and self.format == "table"
            self.show(
                result.to_json() if self.format == "json" else result.to_vertical() if vertical else result.to_table()
            )
        else:
            self.show_result(result)
        if self.format != "table" or self.output is not None:
            self.note(render.count_note(result))
        for line in result.explain_empty().splitlines():
            self.note(f"why: {line}")
        if self.timing:
            self.note(f"time: {render.elapsed(elapsed)}")

    def answer(self, query: CompiledQuery) -> Result:
        """The rows of a compiled query: from the graph in memory, or by SQL over the Parquet export."""
        if self.parquet is not None:
            from eventgraph.query.duckdb_engine import run_parquet

            return run_parquet(query, self.parquet, data=self.data)
        return query.run(self.graph, data=self.data)

    def write_output(self, result: Result) -> None:
        """A result into the ``:output`` file, in the current format, without colours."""
        assert self.output is not None
        text = {"json": result.to_json, "csv": result.to_csv}.get(self.format, result.to_table)()
        with self.output.open("a", encoding="utf-8") as handle:
            handle.write(text if text.endswith("\n") else text + "\n")

    def show_result(self, result: Result) -> None:
        """A result on the terminal: a table that fits its width (wrapping, not dropping
        columns), records when even that would not fit, and a pager when it is taller."""
        from eventgraph.repl import render

        width = self.console.width
        if self.format == "json":
            renderable: Any = render.rich_json(result)
        elif self.vertical == "on" or (self.vertical == "auto" and result.rows and result.min_width() > width):
            renderable = result.to_vertical(width)
        else:
            renderable = render.rich_table(result, width)
        with self.console.capture() as captured:
            self.console.print(renderable, markup=False, highlight=False, soft_wrap=isinstance(renderable, str))
        text = captured.get()
        if self.pager != "off" and (self.pager == "on" or text.count("\n") > self.console.height - 2):
            command = pager_command()
            if command and self._page(command, text):
                return
        self.out.write(text)
        self.out.flush()

    def _page(self, command: list[str], text: str) -> bool:
        """Show ``text`` through a pager; False when it cannot run (then the text is printed)."""
        try:
            subprocess.run(command, input=text, text=True, check=False)
        except OSError as exc:
            self.note(f"the pager {command[0]!r} does not run ({exc.strerror or exc}); :pager off stops asking")
            return False
        return True

    def exit_code(self) -> int:
        """0 when every entry worked, 2 when one failed, 3 after an internal error."""
        if self.internal_errors:
            return EXIT_INTERNAL
        return EXIT_USER if self.failures else EXIT_OK

    # -- driving --------------------------------------------------------------------------------
    def run_lines(self, lines: Iterable[str]) -> None:
        """Execute the entries in ``lines`` until they end or ``:quit``."""
        for entry in entries(lines):
            self.execute(entry)
            if self.finished:
                break

    def banner(self) -> str:
        counts = self.graph.stats() if self.parquet is None else _parquet_counts(self.parquet)
        entities = sum(counts.get(k, 0) for k in ("person", "organisation", "country", "place"))
        where = f"{self.source.name}: " if self.source is not None else ""
        if self.parquet is not None:
            where = f"{self.parquet.folder.name} (Parquet, duckdb engine): "
        return (
            f"eventgraph {_version()} · {where}{counts.get('document', 0)} documents, {counts.get('claim', 0)} claims, "
            f"{counts.get('meeting', 0)} meetings, {entities} entities, {counts.get('topic', 0)} topics\n"
            "Type a query, :help for help, Tab to complete, :quit or Ctrl-D to leave."
        )


def _parquet_counts(tables: ParquetGraph) -> dict[str, int]:
    """The banner's counts, read from the Parquet tables' metadata rather than the graph."""
    counts = {
        kind: int(tables.rows(f"SELECT count(*) FROM {table}")[0][0])
        for kind, table in (
            ("document", "documents"),
            ("claim", "claims"),
            ("meeting", "meetings"),
            ("topic", "topics"),
        )
    }
    for kind, number in tables.rows("SELECT kind, count(*) FROM entities GROUP BY kind"):
        counts[str(kind)] = int(number)
    return counts


_NOT_QUERIES = {"quit": "quit", "exit": "quit", "q": "quit", "help": "help", "?": "help"}


def pager_command() -> list[str] | None:
    """The pager: ``$EVENTGRAPH_PAGER``, else ``$PAGER``, else ``less -FRX`` (empty: none)."""
    chosen = os.environ.get(PAGER_ENV)
    if chosen is None:
        chosen = os.environ.get("PAGER")
    if chosen is None:
        chosen = "less -FRX"
    try:
        return shlex.split(chosen) or None
    except ValueError:
        return None


def _version() -> str:
    from eventgraph import __version__

    return __version__


def prompt_lines(prompt: str = "eventgraph> ", more: str = "       ... ") -> Iterator[str]:
    """Lines read with ``input()``: the way to ask in a notebook, whose kernel answers ``input``."""
    pending = ""
    while True:
        try:
            line = input(more if pending else prompt)
        except EOFError:
            return
        yield line
        pending = f"{pending}\n{line}" if pending and line.strip() else line
        if not line.strip() or not continues(pending):
            pending = ""
