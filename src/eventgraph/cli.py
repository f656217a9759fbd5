"""The ``eventgraph`` command: a thin layer over the library that formats and reports.

Exit codes: 0 success; 1 a query returned no rows and ``--fail-empty`` was given;
2 a user error (bad query, bad file, bad option), shown as one line; 3 an internal error
(run with ``--debug`` for the traceback). Every message passes
``eventgraph.display.visible``, so a file name or document cannot send the terminal a
control sequence.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import math
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from eventgraph.display import visible
from eventgraph.errors import EventGraphError, IngestError

__all__ = ["EXIT_EMPTY", "EXIT_INTERNAL", "EXIT_OK", "EXIT_USER", "build_parser", "main", "run"]

EXIT_OK, EXIT_EMPTY, EXIT_USER, EXIT_INTERNAL = 0, 1, 2, 3

_EPILOG_INGEST = """examples:
  eventgraph ingest examples/corpus -o news.eg
  eventgraph ingest new-articles/ -o news.eg --append
  eventgraph ingest feed.jsonl -o news.eg --data my-roles.json --strict
  eventgraph ingest book.txt -o news.eg --max-chars 5000000 --max-seconds 1800
  eventgraph ingest --into news.eg today/              (only documents news.eg does not hold)
  eventgraph ingest corpus/ -o news.eg --engine dask --workers 2
  eventgraph ingest /shared/corpus -o news.eg --engine dask --scheduler tcp://10.0.0.5:8786
Several processes may --append to one graph at once: each saves under the graph's lock
and keeps the documents the others added. Documents are read and extracted in batches
(--batch-size), so memory follows the graph, not the size of the input.
"""
_EPILOG_QUERY = """examples:
  eventgraph query news.eg "statements by Lavrov about expansion before 2022"
  eventgraph query news.eg "what did Lavrov say about expansion?"
  eventgraph query news.eg "meetings with Stoltenberg in 2015" --format json
  eventgraph query news.eg "claims last year" --as-of 2023-06-30
  eventgraph query news.eg - < queries.txt            (one query per line)
  eventgraph query news.eg --file queries.txt --format csv
  eventgraph query news-parquet/ "claims by Lavrov in 2022" --engine duckdb
  eventgraph query news-parquet/ "meetings with Blinken" --engine duckdb --explain
With several queries, json prints one array per line; table output separates them with
"> query" lines. Standard output has only the rows. Standard error (not with --quiet)
has the row counts, "understood as: ..." with the canonical query when the question was
asked in other words, notes on what was read into it, and, for a query that found
nothing, why.
"""
_EPILOG_REMOVE = """examples:
  eventgraph remove news.eg 2021-12-01-riga.txt
  eventgraph remove news.eg old/a.txt old/b.txt
Documents are named by id, path, end of path, file name or file name without extension.
Their claims and meetings go, and every actor, topic and link no other document supports.
"""
_EPILOG_STATS = """examples:
  eventgraph stats news.eg
"""
_EPILOG_VALIDATE = """examples:
  eventgraph validate news.eg
"""
_EPILOG_EXPORT = """examples:
  eventgraph export news.eg --format gexf -o news.gexf                (open in Gephi)
  eventgraph export news.eg --format graphml -o news.graphml
  eventgraph export news.eg --format neo4j -o neo4j-import/           (see its README.md)
  eventgraph export news.eg --format cypher -o news.cypher            (cypher-shell -f news.cypher)
  eventgraph export news.eg --format csv -o tables/ "statements about sanctions"
  eventgraph export news.eg --format jsonl -o news.jsonl "meetings in 2021"
  eventgraph export news.eg --format parquet -o news-parquet/   (for --engine duckdb)
With QUERY, the export holds what the query selects: its rows, the actors, topics and
places they name, and the documents they come from. csv, neo4j and parquet write a folder.
"""
_EPILOG_EVALUATE = """examples:
  eventgraph evaluate gold.json corpus/                      (ingests corpus/, then scores)
  eventgraph evaluate gold.json corpus/ --graph news.eg      (scores a graph made of corpus/)
  eventgraph evaluate gold.json corpus/ --json > scores.json
  eventgraph evaluate gold.json corpus/ --html report.html   (every miss, with its text)
  eventgraph evaluate --check gold.json corpus/              (is the gold file right for corpus/?)
Scores per layer: entities, entity_kinds, claims, speakers, claim_dates, topics, meetings,
participants, meeting_dates, queries; then each query, then every miss, false positive and
wrong attribute with its document and text. The gold format is documented in
docs/evaluation.md. --check reports each problem with its line and JSON path and exits
with 2 when there is one.
"""
_EPILOG_ANNOTATE = """examples:
  eventgraph annotate corpus/ -o gold.json
  eventgraph annotate corpus/ -o gold.json --graph news.eg   (from a graph made of corpus/)
The draft holds what eventgraph extracts (every entity with every alias, every claim with its
speaker, form, date and topics, every meeting, a question per frequent speaker and party),
and its notes say it is a draft: correct it against the texts, then check it with
'eventgraph evaluate --check gold.json corpus/'.
"""
_EPILOG_PLOT = """examples:
  eventgraph plot news.eg "statements by Lavrov" -o lavrov.png           (a timeline)
  eventgraph plot news.eg "meetings in 2022" -o meetings.svg --kind network
  eventgraph plot news.eg "who met Blinken" -o blinken.html              (drag and zoom, offline)
  eventgraph plot news.eg "count claims by month" -o months.png --title "Statements per month"
The kind defaults to what the rows suit: a timeline for statements and meetings, a network
for who met, who met whom and path, a chart for count ... by. PNG is 1920 x 1080 pixels.
"""
_EPILOG_SERVE = """examples:
  eventgraph serve news.eg                     (then open http://127.0.0.1:8000/)
  eventgraph serve news.eg --port 0            (a free port; the address is printed)
  eventgraph serve news.eg --host 0.0.0.0      (other machines may connect: read-only, no login)
The explorer is read-only and loads nothing from the network. Ctrl-C stops it.
"""
_EPILOG_REPL = """examples:
  eventgraph repl news.eg
  eventgraph repl examples/corpus          (ingests first)
  echo "meetings in Riga" | eventgraph repl news.eg
  eventgraph repl news-parquet/ --engine duckdb   (SQL over 'export --format parquet'; :explain shows it)
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


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a day such as 2023-06-30: {text!r}") from None


def _positive(unit: str) -> Callable[[str], float]:
    """An argument type for a positive, finite amount of ``unit``."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if not (math.isfinite(value) and value > 0):
            raise argparse.ArgumentTypeError(f"must be a positive number of {unit}, not {text!r}")
        return value

    return parse


_seconds = _positive("seconds")
_megabytes = _positive("megabytes")


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 0 to 65535, not {value}")
    return value


def _as_of_option(
    parser: argparse.ArgumentParser,
    help: str = "the day relative dates count from ('last year', 'the past 6 months'); default today",
) -> None:
    parser.add_argument("--as-of", type=_day, default=None, metavar="DATE", help=help)


def _data_option(
    parser: argparse.ArgumentParser,
    help: str = "extra knowledge file (roles, titles, topics) for names, offices and topics; may be repeated",
) -> None:
    parser.add_argument("--data", action="append", default=[], metavar="FILE", help=help)


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
    target = ingest.add_mutually_exclusive_group(required=True)
    target.add_argument("-o", "--output", metavar="GRAPH", help="graph file to write")
    target.add_argument(
        "--into", metavar="GRAPH", help="add the documents GRAPH does not hold yet to the existing graph GRAPH"
    )
    ingest.add_argument("-a", "--append", action="store_true", help="add to GRAPH if it exists instead of replacing it")
    ingest.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local: worker processes on this machine (default); dask: a Dask cluster",
    )
    ingest.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask, the scheduler to use (default: a local cluster of --workers processes)",
    )
    ingest.add_argument(
        "--batch-size",
        type=_count,
        default=None,
        metavar="N",
        help="documents read and extracted at a time before they join the graph (default 256)",
    )
    _data_option(ingest, "extra knowledge file (roles, topics, countries...); may be repeated")
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
    query.add_argument(
        "graph",
        metavar="GRAPH",
        help="graph file written by 'eventgraph ingest' (--engine duckdb: a folder from 'export --format parquet')",
    )
    query.add_argument("query", nargs="?", metavar="QUERY", help="the query; '-' reads queries from standard input")
    query.add_argument(
        "--engine",
        choices=("memory", "duckdb"),
        default="memory",
        help="memory: load the graph (default); duckdb: run SQL over a Parquet export without loading it",
    )
    query.add_argument("--explain", action="store_true", help="print how each query runs (the plan, or the SQL)")
    query.add_argument("--file", metavar="FILE", help="read queries from FILE, one per line ('#' starts a comment)")
    query.add_argument("--format", choices=("table", "json", "jsonl", "csv"), default="table", help="output format")
    query.add_argument("--fail-empty", action="store_true", help="exit with 1 when a query returns no rows")
    _as_of_option(query)
    _data_option(query)

    remove = command(
        "remove",
        "remove documents, and what only they supported, from a graph",
        _EPILOG_REMOVE,
    )
    remove.add_argument("graph", metavar="GRAPH", help="graph file written by 'eventgraph ingest'")
    remove.add_argument("documents", nargs="+", metavar="DOC", help="documents to remove")

    stats = command("stats", "count the nodes and edges of a graph", _EPILOG_STATS)
    stats.add_argument("graph", metavar="GRAPH")

    validate = command("validate", "check a graph's invariants", _EPILOG_VALIDATE)
    validate.add_argument("graph", metavar="GRAPH")

    export = command(
        "export",
        "write a graph for Gephi, Neo4j, spreadsheets or pipelines",
        _EPILOG_EXPORT,
        description="Write a graph, or the part a query selects, as GraphML, GEXF, JSON lines, CSV tables, "
        "Neo4j import files or a Cypher script.",
    )
    export.add_argument("graph", metavar="GRAPH", help="graph file written by 'eventgraph ingest'")
    export.add_argument("query", nargs="?", metavar="QUERY", help="export only what this query selects")
    export.add_argument("--format", required=True, choices=_export_formats(), help="what to write")
    export.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="file to write (a folder for csv, neo4j and parquet)"
    )

    evaluate = command(
        "evaluate",
        "score the extraction against a gold file",
        _EPILOG_EVALUATE,
        description="Score what eventgraph extracts from CORPUS against the gold annotation GOLD: precision, "
        "recall and F1 per layer, and every miss and false positive.",
    )
    evaluate.add_argument("gold", metavar="GOLD", help="gold file (format eventgraph-gold/1)")
    evaluate.add_argument("corpus", metavar="CORPUS", help="the folder of documents the gold file annotates")
    evaluate.add_argument("--graph", metavar="G", help="score this graph (made of CORPUS) instead of ingesting CORPUS")
    evaluate.add_argument("--json", action="store_true", help="print the report as JSON instead of tables")
    evaluate.add_argument("--html", metavar="OUT", help="also write the report as a self-contained HTML page")
    evaluate.add_argument(
        "--check", action="store_true", help="only check the gold file against CORPUS and list its problems"
    )
    _as_of_option(evaluate, "the day relative dates count from, in the documents and the gold queries; default today")
    _data_option(evaluate, "extra knowledge file (roles, titles, topics) for ingestion and queries; may be repeated")

    annotate = command(
        "annotate",
        "draft a gold file from the extraction",
        _EPILOG_ANNOTATE,
        description="Write a draft gold file for CORPUS from what eventgraph extracts, for a person to correct.",
    )
    annotate.add_argument("corpus", metavar="CORPUS", help="the folder of documents to annotate")
    annotate.add_argument("-o", "--output", required=True, metavar="GOLD", help="gold file to write")
    annotate.add_argument("--graph", metavar="G", help="draft from this graph (made of CORPUS) instead of ingesting")
    annotate.add_argument("--force", action="store_true", help="replace GOLD if it exists")
    _as_of_option(annotate, "the day relative dates count from; default today")
    _data_option(annotate, "extra knowledge file (roles, titles, topics) for ingestion and queries; may be repeated")

    plot = command(
        "plot",
        "draw a query's result as a timeline, an actor network or a chart",
        _EPILOG_PLOT,
        description="Draw a query's result: a timeline (statements, meetings), an actor network (meetings, who met, "
        "who met whom, path) or a count chart (count ... by ...), as PNG, SVG or a self-contained HTML page.",
    )
    plot.add_argument("graph", metavar="GRAPH", help="graph file written by 'eventgraph ingest'")
    plot.add_argument("query", metavar="QUERY", help="the query whose rows to draw")
    plot.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="picture to write: FILE.png, FILE.svg or FILE.html"
    )
    plot.add_argument(
        "--kind",
        choices=("timeline", "network", "counts"),
        default=None,
        help="what to draw (default: what the rows suit)",
    )
    plot.add_argument("--title", default=None, metavar="TEXT", help="the picture's title (default: the query)")
    _as_of_option(plot)
    _data_option(plot)

    serve = command(
        "serve",
        "explore a graph in a web browser",
        _EPILOG_SERVE,
        description="Serve a local, read-only web explorer of a graph: queries with completion, result tables "
        "linked to their source passages, timelines, networks and charts.",
    )
    serve.add_argument("graph", metavar="GRAPH", help="graph file written by 'eventgraph ingest'")
    serve.add_argument(
        "--port", type=_port, default=8000, metavar="N", help="port to listen on (default 8000; 0: a free one)"
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="ADDRESS",
        help="address to listen on (default 127.0.0.1: this machine only)",
    )
    _as_of_option(serve)
    _data_option(serve)

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
        help="a saved graph, and/or documents and folders to ingest (none: start empty, :load later); "
        "--engine duckdb: the folder of a Parquet export",
    )
    repl.add_argument(
        "--engine",
        choices=("memory", "duckdb"),
        default="memory",
        help="memory: load the graph (default); duckdb: run SQL over one folder from 'export --format parquet'",
    )
    _data_option(
        repl, "extra knowledge file (roles, titles, topics) for ingestion and for names, offices and topics in queries"
    )
    _as_of_option(repl)
    return parser


def _export_formats() -> tuple[str, ...]:
    from eventgraph.export_formats import FORMATS

    return FORMATS


def _version() -> str:
    from eventgraph import __version__

    return __version__


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = build_parser()
    try:
        args = _parse(parser, argv)
    except SystemExit as exc:
        return EXIT_USER if exc.code not in (0, None) else EXIT_OK
    try:
        handler = {
            "ingest": _ingest,
            "remove": _remove,
            "query": _query,
            "stats": _stats,
            "validate": _validate,
            "export": _export,
            "evaluate": _evaluate,
            "annotate": _annotate,
            "plot": _plot,
            "serve": _serve,
            "repl": _repl,
        }[args.command]
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


def run() -> int:
    """The ``eventgraph`` program (and ``python -m eventgraph``): ``main``, for a process that ends next.

    Python's last cyclic collection, as a process exits, walks every object still held:
    the graph, its indexes, the knowledge tables. After a query on a small graph that took
    as long again as the query; frozen, they are left to go back with the process's memory.
    """
    code = main()
    gc.freeze()
    return code


def _parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """The arguments, with a QUERY that follows the options (``export G --format F -o O QUERY``) taken too.

    argparse fills an optional positional from the first run of positionals only, so a
    query after the options would otherwise be refused as unrecognised.
    """
    args, extras = parser.parse_known_args(argv)
    if len(extras) == 1 and not extras[0].startswith("-") and getattr(args, "query", "") is None:
        args.query = extras[0]
    elif extras:
        parser.error(f"unrecognized arguments: {' '.join(extras)}")
    return args


def _load(path: str):  # type: ignore[no-untyped-def]
    from eventgraph.graph import EventGraph

    return EventGraph.load(path)


def _ingest(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from eventgraph.extract.budget import Budget
    from eventgraph.streaming import DEFAULT_BATCH, update_graph

    target = Path(args.output or args.into)
    if args.scheduler and args.engine != "dask":
        raise UserError("--scheduler needs --engine dask")
    if target.is_dir():
        raise UserError(f"{target}: is a folder; give a file name for the graph")
    if not target.parent.is_dir():  # said now, not after minutes of extraction
        raise UserError(f"{target}: the folder {target.parent} does not exist")
    started = time.perf_counter()
    try:
        with _progress(err, enabled=not args.quiet and err.isatty()) as progress:
            graph, report = update_graph(
                target,
                args.paths,
                create=args.into is None,
                replace=args.into is None and not args.append,
                batch_size=args.batch_size or DEFAULT_BATCH,
                engine=args.engine,
                scheduler=args.scheduler,
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


def _remove(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from eventgraph.streaming import remove_documents

    if not Path(args.graph).is_file():
        raise UserError(f"{args.graph}: no graph there")
    try:
        graph, removal = remove_documents(args.graph, args.documents)
    except KeyError as exc:  # a name that fits no document, or several: nothing written
        raise UserError(f"{args.graph}: {exc.args[0]}; nothing removed") from None
    if not args.quiet:
        print(
            visible(
                f"{args.graph}: {len(removal.documents)} document(s) removed with {len(removal.removed)} node(s); "
                f"{len(graph.documents())} documents left"
            ),
            file=err,
        )
    if args.verbose:
        for path in removal.documents:
            print(visible(f"  {path}"), file=err)
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
    from eventgraph.collection import paused_collection

    queries = _read_queries(args)
    with paused_collection():  # importing the engine, reading the grammar and the graph: objects that stay
        from eventgraph.query import compile_query

        compiled = [compile_query(q, today=args.as_of) for q in queries]
        run = _engine(args)
    empty = False
    for number, query in enumerate(compiled):
        result = run(query)
        if args.explain:
            out.write(visible(result.explain(), newlines=True) + "\n")
            continue
        empty = empty or len(result) == 0
        table = args.format not in ("json", "jsonl", "csv")
        if table and len(compiled) > 1:
            out.write(("\n" if number else "") + f"> {visible(queries[number])}\n")
        if not args.quiet:
            _say(out, err, _reading(result))
        if args.format == "json":
            out.write(result.to_json() + "\n")
        elif args.format == "jsonl":
            out.write(result.to_jsonl())
        elif args.format == "csv":
            out.write(result.to_csv())
        else:
            out.write(result.to_table(footer=False) + "\n")
        if not args.quiet:
            footer = [result.footer()] if table else []
            _say(out, err, [*footer, *(f"why: {line}" for line in result.explain_empty().splitlines())])
    return EXIT_EMPTY if args.fail_empty and empty else EXIT_OK


def _engine(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The function that runs a compiled query: over the loaded graph, or with DuckDB over Parquet files."""
    if args.engine == "duckdb":
        from eventgraph.query.duckdb_engine import run_parquet
        from eventgraph.query.duckdb_tables import open_parquet

        tables = open_parquet(args.graph)
        return lambda query: run_parquet(query, tables, data=args.data)
    graph = _load(args.graph)
    return lambda query: query.run(graph, data=args.data)


def _say(out: TextIO, err: TextIO, lines: list[str]) -> None:
    """Lines on standard error, after what standard output has so far (one terminal shows both)."""
    if lines:
        out.flush()
        err.write("".join(f"{visible(line)}\n" for line in lines))
        err.flush()


def _reading(result) -> list[str]:  # type: ignore[no-untyped-def]
    """What the query was read as: the canonical query, and the readings taken."""
    lines = [f"understood as: {result.understood_as}"] if result.understood_as else []
    return lines + [f"note: {note}" for note in result.notes]


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


def _export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from eventgraph.export import export
    from eventgraph.query import compile_query

    if args.query is not None:
        compile_query(args.query)  # a bad query is reported before the graph is read
    graph = _load(args.graph)
    chosen = graph.subgraph(args.query) if args.query is not None else graph
    written = export(chosen, args.output, args.format)
    if not args.quiet:
        counts = chosen.stats()
        nodes = sum(v for k, v in counts.items() if not k.endswith(" edges"))
        edges = sum(v for k, v in counts.items() if k.endswith(" edges"))
        files = f" ({len(written)} files)" if len(written) > 1 else ""
        print(f"{args.output}: {nodes} nodes and {edges} edges written as {args.format}{files}", file=err)
    if args.verbose:
        for path in written:
            print(f"  {path}", file=err)
    return EXIT_OK


def _corpus(path: str) -> Path:
    corpus = Path(path)
    if not corpus.exists():
        raise UserError(f"{corpus}: no such corpus folder or file")
    return corpus


def _evaluate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from eventgraph.evaluation import check_gold, evaluate

    corpus = _corpus(args.corpus)
    if args.check:
        problems = check_gold(args.gold, corpus)
        for problem in problems:
            out.write(visible(str(problem)) + "\n")
        if problems:
            print(f"{args.gold}: {len(problems)} problem(s) with {corpus}", file=err)
            return EXIT_USER
        if not args.quiet:
            print(f"{args.gold}: no problems with {corpus}", file=err)
        return EXIT_OK
    if args.html and Path(args.html).is_dir():
        raise UserError(f"{args.html}: is a folder; give a file name for the HTML report")
    report = evaluate(args.gold, corpus, graph=args.graph, today=args.as_of, data=args.data)
    out.write((report.to_json() if args.json else report.to_table()) + "\n")
    if args.html:
        _write_text(Path(args.html), report.to_html())
    if not args.quiet:
        _say(out, err, [report.summary(), *([f"{args.html}: the report as HTML"] if args.html else [])])
    return EXIT_OK


def _annotate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from eventgraph.evaluation import draft_gold
    from eventgraph.ingest import ingest

    corpus = _corpus(args.corpus)
    target = Path(args.output)
    if target.is_dir():
        raise UserError(f"{target}: is a folder; give a file name for the gold file")
    if target.exists() and not args.force:
        raise UserError(f"{target}: exists; a draft would replace what is in it (--force replaces it)")
    if args.graph:
        graph = _load(args.graph)
    else:
        graph, report = ingest([corpus], data=args.data, today=args.as_of)
        for path, reason in report.problems:
            print(visible(f"warning: {path}: {reason}"), file=err)
    if not graph.documents():
        raise UserError(f"no documents could be read from {corpus}")
    draft = draft_gold(graph, corpus, today=args.as_of, data=args.data)
    _write_text(target, draft.to_json())
    if not args.quiet:
        print(
            f"{target}: draft of {len(draft.documents)} documents, {len(draft.entities)} entities, "
            f"{len(draft.claims)} claims, {len(draft.meetings)} meetings, {len(draft.queries)} queries; "
            "correct it against the texts, then check it with 'eventgraph evaluate --check'",
            file=err,
        )
    return EXIT_OK


def _write_text(target: Path, text: str) -> None:
    """Write ``text`` whole or not at all: an existing file is replaced only once the new one is complete."""
    import os
    import tempfile

    if not target.parent.is_dir():
        raise UserError(f"{target}: the folder {target.parent} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except OSError as exc:
        raise UserError(f"{target}: cannot write ({exc.strerror or exc}); nothing written") from exc


def _plot(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from eventgraph.plot import FORMATS, plot
    from eventgraph.query import compile_query

    target = Path(args.output)
    if target.suffix.lower() not in FORMATS:  # said before the graph is read
        raise UserError(f"{target}: a picture is written as {', '.join(FORMATS)}, not {target.suffix or 'no suffix'}")
    query = compile_query(args.query, today=args.as_of)
    result = query.run(_load(args.graph), data=args.data)
    if not args.quiet:
        _say(out, err, _reading(result))
    written = plot(result, target, kind=args.kind, title=args.title)
    if not args.quiet:
        print(f"{written}: {len(result)} row{'s' if len(result) != 1 else ''} drawn", file=err)
    return EXIT_OK


def _serve(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from eventgraph.serve import is_loopback, serve

    graph = _load(args.graph)

    def ready(address: str) -> None:
        print(f"serving {args.graph} at {address} (read-only; Ctrl-C stops)", file=out, flush=True)
        if not is_loopback(args.host):
            print(f"warning: listening on {args.host}: other machines can read this graph", file=err, flush=True)

    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how the explorer stops
        serve(
            graph,
            host=args.host,
            port=args.port,
            name=Path(args.graph).name,
            today=args.as_of,
            data=args.data,
            access_log=args.verbose,
            ready=ready,
        )
    return EXIT_OK


def _repl(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from eventgraph.repl import run_from_cli

    return run_from_cli(args, out, err)
