"""The REPL's ``:commands``: one table of name, usage, summary and handler.

Each handler takes the session and the rest of the line; a mistake raises ``ReplError``,
which the session reports as one line. Commands marked ``in_memory`` read or replace the
graph in memory; over a Parquet export (``--engine duckdb``) they say so instead of running.
``docs/repl.md`` documents every command (a test
checks), and ``:help`` is generated from this table.
"""

from __future__ import annotations

import difflib
import shlex
from collections.abc import Callable
from pathlib import Path

import attrs

from eventgraph.repl.session import FORMATS, MODES, ReplError, Session

__all__ = ["COMMANDS", "KEYS", "Command", "command_named", "edit", "run_command"]


@attrs.frozen
class Command:
    """One ``:command``: its usage line, what it does, an example, and its handler."""

    name: str
    usage: str
    summary: str
    example: str
    run: Callable[[Session, str], None] = attrs.field(repr=False)
    aliases: tuple[str, ...] = ()
    in_memory: bool = False


KEYS = (
    ("Enter", "run the entry; on an unfinished one (ending with \\, or an open ( or quote) start a new line"),
    ("Enter on an empty line", "run an unfinished entry as it is"),
    ("Alt-Enter", "always start a new line"),
    ("Tab", "complete keywords, names, topics, ids, commands and paths"),
    ("Up, Down", "recall earlier entries (history is kept between sessions)"),
    ("Ctrl-R", "search the history (Enter takes the entry found)"),
    ("Ctrl-C", "cancel the line (or a running query) and stay"),
    ("Ctrl-D", "leave, on an empty line (like :quit)"),
)


# -- handlers ----------------------------------------------------------------------------------
def _help(session: Session, arg: str) -> None:
    from eventgraph.repl import helptext

    topic = arg.strip()
    if not topic:
        session.show(_overview())
        return
    command = command_named(topic.lstrip(":"))
    language = helptext.find_topic(topic)
    if command is None and language is None:
        keys = [k for t in helptext.topics() for k in t.keys]
        raise ReplError(f"no help on {topic!r}; topics: {', '.join(keys)} (or a command name)")
    parts = []
    if command is not None:
        aliases = f" (also :{', :'.join(command.aliases)})" if command.aliases else ""
        parts.append(f"{command.usage}{aliases}\n  {command.summary}\nexample:\n  {command.example}")
    if language is not None and (command is None or command.name in language.keys):
        parts.append(language.render())
    session.show("\n\n".join(parts))


def _overview() -> str:
    from eventgraph.repl import helptext

    width = max(len(c.usage) for c in COMMANDS.values())
    lines = ["Type a query, or a command:"]
    lines += [f"  {c.usage:<{width}}  {c.summary}" for c in COMMANDS.values()]
    lines.append("Keys:")
    key_width = max(len(k) for k, _ in KEYS)
    lines += [f"  {key:<{key_width}}  {what}" for key, what in KEYS]
    examples = helptext.examples()
    if examples:
        lines.append("Example queries:")
        lines += [f"  {e}" for e in examples]
    keys = [t.key for t in helptext.topics()]
    if keys:
        lines.append("More: :help TOPIC, with TOPIC one of " + ", ".join(keys) + ", or a command.")
    return "\n".join(lines)


def _schema(session: Session, arg: str) -> None:
    from eventgraph.repl.render import schema

    _no_argument("schema", arg)
    session.show(schema(session.graph))


def _explain(session: Session, arg: str) -> None:
    from eventgraph.query import compile_query

    if not arg.strip():
        raise ReplError("give a query to explain: :explain claims by Lavrov")
    if session.parquet is not None:  # the duckdb engine explains by running: the SQL and its row counts
        session.show(session.answer(compile_query(arg.strip(), today=session.as_of)).explain().rstrip("\n"))
        return
    session.show(compile_query(arg.strip()).explain(session.graph).rstrip("\n"))


def _show(session: Session, arg: str) -> None:
    from eventgraph.repl.render import describe_node

    wanted = arg.strip()
    if not wanted:
        raise ReplError("give a node id (or a row number of the last result, or a name): :show claim:1a2b3c")
    session.show(describe_node(session.graph, resolve_node(session, wanted)))


def resolve_node(session: Session, wanted: str) -> str:
    """A node id from an id, a row number of the last result, or an entity's name."""
    graph = session.graph
    if wanted in graph:
        return wanted
    if wanted.isdigit():
        rows = session.last.rows if session.last is not None else []
        number = int(wanted)
        if not 1 <= number <= len(rows):
            raise ReplError(f"no row {number} in the last result ({len(rows)} rows)")
        node_id = rows[number - 1].get("id")
        if not node_id:
            raise ReplError(f"row {number} of the last result is not a node (it has no id)")
        return str(node_id)
    named = graph.find(wanted.strip('"'))
    if len(named) == 1:
        return named[0].id
    if len(named) > 1:
        raise ReplError(f"{wanted!r} names {len(named)} nodes: {', '.join(e.id for e in named)}")
    ids = graph.node_ids()
    close = [i for i in ids if i.startswith(wanted)][:5] or difflib.get_close_matches(wanted, ids, n=3)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    raise ReplError(f"no node {wanted!r}{hint}")


def _load(session: Session, arg: str) -> None:
    from eventgraph.repl.loading import open_paths

    paths = _paths(arg, "load")
    loaded = open_paths(paths, session.graph, data=session.data, progress=session.err if session.interactive else None)
    session.graph = loaded.graph
    session.source = loaded.source or (session.source if not loaded.added else None)
    session.last = None
    for note in loaded.notes:
        session.note(note)


def _save(session: Session, arg: str) -> None:
    paths = _paths(arg, "save", default=session.source)
    if len(paths) != 1:
        raise ReplError("give one file to save the graph to: :save news.eg")
    target = Path(paths[0]).expanduser()
    if target.is_dir():
        raise ReplError(f"{target}: is a folder; give a file name for the graph")
    session.graph.save(target)
    session.source = target
    session.note(f"saved {len(session.graph)} nodes to {target}")


def _format(session: Session, arg: str) -> None:
    value = arg.strip().lower()
    if value:
        if value not in FORMATS:
            raise ReplError(f"unknown format {value!r}; choose one of {', '.join(FORMATS)}")
        session.format = value
    session.note(f"format: {session.format}")


def _timing(session: Session, arg: str) -> None:
    value = arg.strip().lower()
    if value:
        if value not in ("on", "off"):
            raise ReplError(f"timing is 'on' or 'off', not {value!r}")
        session.timing = value == "on"
    session.note(f"timing: {'on' if session.timing else 'off'}")


def _mode(name: str, attribute: str, what: str) -> Callable[[Session, str], None]:
    def handler(session: Session, arg: str) -> None:
        value = arg.strip().lower()
        if value:
            if value not in MODES:
                raise ReplError(f":{name} is {', '.join(MODES)}, not {value!r}")
            setattr(session, attribute, value)
        session.note(f"{name}: {getattr(session, attribute)} ({what})")

    return handler


def _output(session: Session, arg: str) -> None:
    paths = _paths(arg, "output", default=None) if arg.strip() else []
    if not paths:
        session.output = None
        session.note("output: the screen")
        return
    if len(paths) != 1:
        raise ReplError("give one file: :output results.txt")
    target = Path(paths[0]).expanduser()
    if target.is_dir():
        raise ReplError(f"{target}: is a folder; give a file name")
    try:
        target.write_text("", encoding="utf-8")
    except OSError as exc:
        raise ReplError(f"{target}: cannot write ({exc.strerror or exc})") from None
    session.output = target
    session.note(f"output: {target} (results are written there; :output alone brings them back)")


def _edit(session: Session, arg: str) -> None:
    text = edit(arg.strip() or session.last_entry)
    if not text:
        session.note("nothing to run: the file was left empty")
        return
    session.note(f"> {text}")
    session.execute(text)


def edit(text: str) -> str:
    """``text`` after the user edited it in ``$VISUAL``/``$EDITOR`` (``vi`` by default)."""
    import os
    import subprocess
    import tempfile

    from eventgraph.repl.session import join_entry

    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        editor = shlex.split(command)
    except ValueError as exc:
        raise ReplError(f"cannot read the editor command {command!r}: {exc}") from None
    with tempfile.TemporaryDirectory(prefix="eventgraph-") as folder:
        path = Path(folder) / "query.eg.txt"
        path.write_text(text + "\n", encoding="utf-8")
        try:
            done = subprocess.run([*editor, str(path)], check=False)
        except OSError as exc:
            raise ReplError(f"the editor {editor[0]!r} does not run: {exc.strerror or exc}; set $EDITOR") from None
        if done.returncode != 0:
            raise ReplError(f"the editor {editor[0]!r} stopped with status {done.returncode}; nothing run")
        lines = path.read_text(encoding="utf-8").splitlines()
    return join_entry("\n".join(line for line in lines if not line.lstrip().startswith("#")))


def _quit(session: Session, arg: str) -> None:
    _no_argument("quit", arg)
    session.finished = True


def _no_argument(name: str, arg: str) -> None:
    if arg.strip():
        raise ReplError(f":{name} takes no argument")


def _paths(arg: str, name: str, default: Path | None = None) -> list[str]:
    try:
        paths = shlex.split(arg)
    except ValueError as exc:
        raise ReplError(f":{name}: {exc}") from None
    if not paths and default is not None:
        return [str(default)]
    if not paths:
        raise ReplError(f"give a path: :{name} news.eg")
    return paths


# -- the table ----------------------------------------------------------------------------------
COMMANDS: dict[str, Command] = {
    c.name: c
    for c in (
        Command(
            "help",
            ":help [TOPIC]",
            "this help; TOPIC is a command or a part of the query language",
            ":help dates",
            _help,
            ("?",),
        ),
        Command("schema", ":schema", "node and edge kinds with their counts", ":schema", _schema, in_memory=True),
        Command(
            "explain",
            ":explain QUERY",
            "the query's tree and plan, with estimated and actual rows (--engine duckdb: the SQL it runs)",
            ":explain claims by Lavrov before 2022",
            _explain,
        ),
        Command(
            "show",
            ":show ID",
            "one node with its edges and source sentence (ID: an id, a row number of the last result, or a name)",
            ":show 1",
            _show,
            in_memory=True,
        ),
        Command(
            "load",
            ":load PATH...",
            "a saved graph (replaces the graph) or documents to ingest (added to it)",
            ":load examples/corpus",
            _load,
            in_memory=True,
        ),
        Command(
            "save",
            ":save [PATH]",
            "save the graph (by default to the file it was loaded from)",
            ":save news.eg",
            _save,
            in_memory=True,
        ),
        Command(
            "format",
            ":format [table|json|csv]",
            "how results are printed (without argument: the current one)",
            ":format json",
            _format,
        ),
        Command("timing", ":timing [on|off]", "print how long each query took", ":timing on", _timing),
        Command(
            "output",
            ":output [FILE]",
            "write results to FILE (in the current format) instead of the screen; alone: back to the screen",
            ":output results.csv",
            _output,
        ),
        Command(
            "edit",
            ":edit [QUERY]",
            "edit QUERY (or the last query) in $VISUAL or $EDITOR, then run it",
            ":edit",
            _edit,
        ),
        Command(
            "pager",
            ":pager [auto|on|off]",
            "show results through $EVENTGRAPH_PAGER, $PAGER or less: when taller than the terminal (auto)",
            ":pager off",
            _mode("pager", "pager", "results taller than the terminal are paged when auto"),
        ),
        Command(
            "vertical",
            ":vertical [auto|on|off]",
            "show each row as a record, one field a line: when a table would not fit (auto)",
            ":vertical on",
            _mode("vertical", "vertical", "rows too wide for the terminal become records when auto"),
        ),
        Command(
            "quit", ":quit", "leave the REPL (so do Ctrl-D and the end of piped input)", ":quit", _quit, ("q", "exit")
        ),
    )
}


def command_named(name: str) -> Command | None:
    """The command with this name or alias (case-insensitive)."""
    wanted = name.lower()
    for command in COMMANDS.values():
        if wanted == command.name or wanted in command.aliases:
            return command
    return None


def run_command(session: Session, text: str) -> None:
    """Run a ``:name argument`` line."""
    name, _, arg = text[1:].strip().partition(" ")
    command = command_named(name)
    if command is None:
        names = [c.name for c in COMMANDS.values()]
        close = difflib.get_close_matches(name.lower(), names, n=1)
        hint = f"; did you mean :{close[0]}?" if close else ""
        raise ReplError(f"unknown command :{name}{hint} (:help lists the commands)")
    if command.in_memory and session.parquet is not None:
        raise ReplError(
            f":{command.name} needs the graph in memory; it is not available over Parquet "
            f"({session.parquet.folder}, --engine duckdb). Load the graph file to use it: eventgraph repl GRAPH"
        )
    command.run(session, arg)
