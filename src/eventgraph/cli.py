"""The ``eventgraph`` command: a thin layer over the library that formats and reports.

Exit codes: 0 success; 1 a query returned no rows and ``--fail-empty`` was given;
2 a user error (bad query, bad file, bad option), shown as one line; 3 an internal error
(run with ``--debug`` for the traceback). Every message passes
``eventgraph.display.visible``, so a file name or document cannot send the terminal a
control sequence.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from eventgraph.display import visible
from eventgraph.errors import EventGraphError, IngestError

__all__ = ["EXIT_EMPTY", "EXIT_INTERNAL", "EXIT_OK", "EXIT_USER", "build_parser", "main"]

EXIT_OK, EXIT_EMPTY, EXIT_USER, EXIT_INTERNAL = 0, 1, 2, 3

_EPILOG_INGEST = """examples:
  eventgraph ingest examples/corpus -o news.eg
  eventgraph ingest new-articles/ -o news.eg --append
  eventgraph ingest feed.jsonl -o news.eg --data my-roles.json --strict
  eventgraph ingest book.txt -o news.eg --max-chars 5000000 --max-seconds 1800
Several processes may --append to one graph at once: each saves under the graph's lock
and keeps the documents the others added.
"""
_EPILOG_QUERY = """examples:
  eventgraph query news.eg "statements by Lavrov about expansion before 2022"
  eventgraph query news.eg "meetings with Stoltenberg in 2015" --format json
  eventgraph query news.eg - < queries.txt            (one query per line)
  eventgraph query news.eg --file queries.txt --format csv
With several queries, json prints one array per line; table output separates them with
"> query" lines. Row counts go to standard error (not with --quiet).
"""
_EPILOG_STATS = """examples:
  eventgraph stats news.eg
"""
_EPILOG_VALIDATE = """examples:
  eventgraph validate news.eg
"""
_EPILOG_REPL = """examples:
  eventgraph repl news.eg
  eventgraph repl examples/corpus          (ingests first)
  echo "meetings in Riga" | eventgraph repl news.eg
"""


class UserError(EventGraphError):
    """A problem the user can fix, reported in one line with exit code 2."""


class _Parser(argparse.ArgumentParser):
    """Reports a bad option in one line that says where to look, not a usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USER, visible(f"error: {message} (see '{self.prog} --help')") + "\n")


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, not {text!r}")
    return value


def _megabytes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"must be a positive number of megabytes, not {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    from eventgraph.extract.budget import DEFAULT_MAX_CHARS, DEFAULT_MAX_SECONDS

    parser = _Parser(
        prog="eventgraph",
        description="Turn news documents into a queryable graph of who said what, about what, when, and who met whom.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="exit codes: 0 ok, 1 no results (with --fail-empty), 2 user error, 3 internal error",
    )
    parser.add_argument("--version", action="version", version=f"eventgraph {_version()}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-q", "--quiet", action="store_true", help="print only results and errors")
    common.add_argument("-v", "--verbose", action="store_true", help="say more about what is done")
    common.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    def command(name: str, summary: str, epilog: str, description: str | None = None) -> argparse.ArgumentParser:
        return sub.add_parser(
            name,
            parents=[common],
            help=summary,
            description=description or summary[0].upper() + summary[1:] + ".",
            epilog=epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    ingest = command(
        "ingest",
        "read documents into a graph file",
        _EPILOG_INGEST,
        description="Read documents (.txt, .md, .html, .jsonl; folders recursively) and save their graph.",
    )
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to read")
    ingest.add_argument("-o", "--output", required=True, metavar="GRAPH", help="graph file to write")
    ingest.add_argument("-a", "--append", action="store_true", help="add to GRAPH if it exists instead of replacing it")
    ingest.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="FILE",
        help="extra knowledge file (roles, topics, countries...); may be repeated",
    )
    ingest.add_argument(
        "--workers", type=_count, default=None, metavar="N", help="extraction processes (default: automatic)"
    )
    ingest.add_argument(
        "--strict", action="store_true", help="fail (exit 2) if any document cannot be read or extracted"
    )
    ingest.add_argument(
        "--max-mb", type=_megabytes, default=20.0, metavar="MB", help="skip (and report) larger files (default 20)"
    )
    ingest.add_argument(
        "--max-chars",
        type=_count,
        default=DEFAULT_MAX_CHARS,
        metavar="N",
        help=f"report, not extract, documents longer than N characters (default {DEFAULT_MAX_CHARS:,})",
    )
    ingest.add_argument(
        "--max-seconds",
        type=_seconds,
        default=DEFAULT_MAX_SECONDS,
        metavar="S",
        help=f"stop and report a document whose extraction takes over S seconds (default {DEFAULT_MAX_SECONDS:g})",
    )

    query = command(
        "query",
        "ask a graph a question",
        _EPILOG_QUERY,
        description="Run queries in the eventgraph language against a saved graph.",
    )
    query.add_argument("graph", metavar="GRAPH", help="graph file written by 'eventgraph ingest'")
    query.add_argument("query", nargs="?", metavar="QUERY", help="the query; '-' reads queries from standard input")
    query.add_argument("--file", metavar="FILE", help="read queries from FILE, one per line ('#' starts a comment)")
    query.add_argument("--format", choices=("table", "json", "jsonl", "csv"), default="table", help="output format")
    query.add_argument("--fail-empty", action="store_true", help="exit with 1 when a query returns no rows")

    stats = command("stats", "count the nodes and edges of a graph", _EPILOG_STATS)
    stats.add_argument("graph", metavar="GRAPH")

    validate = command("validate", "check a graph's invariants", _EPILOG_VALIDATE)
    validate.add_argument("graph", metavar="GRAPH")

    repl = command(
        "repl",
        "interactive query shell",
        _EPILOG_REPL,
        description="Query a graph interactively; paths that are not graph files are ingested first.",
    )
    repl.add_argument(
        "paths",
        nargs="*",
        metavar="GRAPH|PATH",
        help="a saved graph, and/or documents and folders to ingest (none: start empty, :load later)",
    )
    repl.add_argument("--data", action="append", default=[], metavar="FILE", help="extra knowledge file for ingestion")
    return parser


def _version() -> str:
    from eventgraph import __version__

    return __version__


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USER if exc.code not in (0, None) else EXIT_OK
    try:
        handler = {"ingest": _ingest, "query": _query, "stats": _stats, "validate": _validate, "repl": _repl}[
            args.command
        ]
        return handler(args, out, err)
    except (EventGraphError, OSError) as exc:  # QueryError among them: its text has the caret
        if args.debug:  # the traceback, then the same message and exit code as without --debug
            print(visible(traceback.format_exc(), newlines=True), file=err, end="")
        print(visible(f"error: {exc}", newlines=True), file=err)
        return EXIT_USER
    except KeyboardInterrupt:
        print("interrupted", file=err)
        return EXIT_USER
    except Exception as exc:
        if args.debug:
            print(visible(traceback.format_exc(), newlines=True), file=err, end="")
            print(visible(f"internal error: {type(exc).__name__}: {exc}", newlines=True), file=err)
        else:
            message = f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)"
            print(visible(message, newlines=True), file=err)
        return EXIT_INTERNAL


def _load(path: str):  # type: ignore[no-untyped-def]
    from eventgraph.graph import EventGraph

    return EventGraph.load(path)


def _ingest(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from eventgraph.extract.budget import Budget
    from eventgraph.ingest import ingest_into

    target = Path(args.output)
    if target.is_dir():
        raise UserError(f"{target}: is a folder; give a file name for the graph")
    if not target.parent.is_dir():  # said now, not after minutes of extraction
        raise UserError(f"{target}: the folder {target.parent} does not exist")
    started = time.perf_counter()
    try:
        with _progress(err, enabled=not args.quiet and err.isatty()) as progress:
            graph, report = ingest_into(
                target,
                args.paths,
                append=args.append,
                data=args.data,
                workers=args.workers,
                progress=progress,
                strict=args.strict,
                max_bytes=int(args.max_mb * 1024 * 1024),
                budget=Budget(max_chars=args.max_chars, max_seconds=args.max_seconds),
            )
    except IngestError as exc:  # nothing written
        for path, reason in exc.problems:
            print(visible(f"warning: {path}: {reason}"), file=err)
        if args.strict and exc.problems:
            print(f"error: {len(exc.problems)} document(s) could not be ingested; nothing written (--strict)", file=err)
            return EXIT_USER
        raise UserError(exc.reason) from exc
    except OSError as exc:  # a full disk, a folder we may not write to: the old file is untouched
        raise UserError(f"{target}: cannot write the graph ({exc.strerror or exc}); nothing written") from exc
    for path, reason in report.problems:
        print(visible(f"warning: {path}: {reason}"), file=err)
    if args.verbose:
        for path, reason in report.skipped:
            print(visible(f"skipped: {path}: {reason}"), file=err)
        for path, kept in report.duplicates:
            print(visible(f"duplicate: {path} has the same text as {kept}"), file=err)
    if not args.quiet:
        seconds = time.perf_counter() - started
        counts = graph.stats()
        summary = (
            f"{target}: {len(report.added)} document(s) added in {seconds:.1f} s; "
            f"{counts['document']} documents, {counts['claim']} claims, {counts['meeting']} meetings, "
            f"{sum(counts[k] for k in ('person', 'organisation', 'country', 'place'))} entities"
            + (f"; {len(report.problems)} problem(s)" if report.problems else "")
        )
        print(visible(summary), file=err)
    return EXIT_OK


class _progress:
    """A progress bar on a terminal (documents, rate, time left); nothing in a pipe."""

    def __init__(self, stream: TextIO, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self.bar = None
        self.task = None

    def __enter__(self):  # type: ignore[no-untyped-def]
        if not self.enabled:
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(
            TextColumn("ingesting"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(),
            console=Console(file=self.stream),
            transient=True,
        )
        self.bar.__enter__()
        self.task = self.bar.add_task("ingest", total=None, rate="")
        started = time.perf_counter()

        def update(done: int, total: int, path: str) -> None:
            rate = done / max(1e-6, time.perf_counter() - started)
            self.bar.update(self.task, completed=done, total=total, rate=f"{rate:.1f} docs/s")  # type: ignore[union-attr]

        return update

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def _read_queries(args: argparse.Namespace) -> list[str]:
    if args.file:
        try:
            lines = Path(args.file).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise UserError(f"{args.file}: cannot read queries ({exc.strerror or exc})") from None
    elif args.query == "-":
        lines = sys.stdin.read().splitlines()
    elif args.query:
        return [args.query]
    else:
        raise UserError("give a QUERY, '-' to read queries from standard input, or --file FILE")
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _query(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from eventgraph.query import compile_query

    queries = _read_queries(args)
    compiled = [compile_query(q) for q in queries]
    graph = _load(args.graph)
    empty = False
    for number, query in enumerate(compiled):
        result = query.run(graph)
        empty = empty or len(result) == 0
        if args.format == "json":
            out.write(result.to_json() + "\n")
        elif args.format == "jsonl":
            out.write(result.to_jsonl())
        elif args.format == "csv":
            out.write(result.to_csv())
        else:
            if len(compiled) > 1:
                out.write(("\n" if number else "") + f"> {visible(queries[number])}\n")
            out.write(result.to_table(footer=False) + "\n")
            if not args.quiet:
                print(result.footer(), file=err)
    return EXIT_EMPTY if args.fail_empty and empty else EXIT_OK


def _stats(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    graph = _load(args.graph)
    counts = graph.stats()
    width = max(len(k) for k in counts)
    out.write("nodes\n")
    for key, value in counts.items():
        if not key.endswith("edges"):
            out.write(f"  {key:<{width}}  {value}\n")
    out.write("edges\n")
    for key, value in counts.items():
        if key.endswith("edges"):
            out.write(f"  {key[:-6]:<{width}}  {value}\n")
    return EXIT_OK


def _validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    graph = _load(args.graph)
    problems = graph.validate()
    for problem in problems:
        out.write(visible(f"{problem}") + "\n")
    if problems:
        print(visible(f"{args.graph}: {len(problems)} invariant violation(s)"), file=err)
        return EXIT_USER
    if not args.quiet:
        print(visible(f"{args.graph}: valid ({len(graph)} nodes)"), file=err)
    return EXIT_OK


def _repl(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from eventgraph.repl import run_from_cli

    return run_from_cli(args, out, err)
