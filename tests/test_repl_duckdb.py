"""The REPL over a Parquet export (``eventgraph repl DIR --engine duckdb``) on a real pseudo-terminal.

The example corpus is ingested once (a session fixture), saved and exported to Parquet;
each test runs ``python -m eventgraph repl pq --engine duckdb`` under pexpect and checks
what the shell prints, or writes with ``:output``, against the in-memory shell on the
same graph.
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from test_repl_support import Terminal, environment

import eventgraph
from eventgraph.cli import main
from eventgraph.graph import EventGraph
from eventgraph.query import compile_query

pytest.importorskip("pexpect")
pytest.importorskip("duckdb")
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


@pytest.fixture(scope="module")
def parquet(example_graph: EventGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("repl-parquet")
    example_graph.save(folder / "news.eg")
    code = main(["export", str(folder / "news.eg"), "--format", "parquet", "-o", str(folder / "pq"), "-q"])
    assert code == 0
    return folder / "pq"


@pytest.fixture
def start(parquet: Path, tmp_path: Path) -> Iterator[Callable[[], Terminal]]:
    """Start the duckdb shell on the export, and wait for its first prompt."""
    started: list[Terminal] = []

    def spawn() -> Terminal:
        terminal = Terminal([str(parquet), "--engine", "duckdb"], environment(tmp_path), tmp_path)
        started.append(terminal)
        terminal.expect("(Parquet, duckdb engine)")  # the banner names the engine
        terminal.expect("Type a query")
        terminal.prompt()
        return terminal

    yield spawn
    for terminal in started:
        terminal.close()


def _in_memory_json(graph: EventGraph, query: str, tmp_path: Path) -> list[dict[str, object]]:
    """What the in-memory shell writes for ``query`` with ``:format json`` and ``:output``."""
    target = tmp_path / "memory.json"
    script = f":format json\n:output {target}\n{query}\n"
    eventgraph.repl(graph, input=script, output=io.StringIO())
    return json.loads(target.read_text(encoding="utf-8"))


@pytest.mark.parametrize("query", ["meetings with Blinken", "count statements by speaker"])
def test_a_query_gives_the_rows_of_the_in_memory_shell(
    start, example_graph: EventGraph, tmp_path: Path, query: str
) -> None:
    expected = _in_memory_json(example_graph, query, tmp_path)
    assert expected  # the example corpus answers both queries
    terminal = start()
    target = tmp_path / "duckdb.json"
    terminal.line(":format json")
    terminal.expect("format: json")
    terminal.line(f":output {target}")
    terminal.expect("output: ")
    terminal.line(query)
    terminal.expect(f"{len(expected)} row")  # the count note, once the rows are written
    terminal.line(":quit")
    assert terminal.finish() == 0
    assert json.loads(target.read_text(encoding="utf-8")) == expected


def test_the_table_on_screen_shows_the_rows(start, example_graph: EventGraph, tmp_path: Path) -> None:
    rows = _in_memory_json(example_graph, "statements by Lavrov limit 2", tmp_path)
    assert [row["speaker"]["name"] for row in rows] == ["Sergey Lavrov"] * 2  # type: ignore[index]
    terminal = start()
    terminal.line("statements by Lavrov limit 2")
    shown = terminal.expect("2 rows")
    assert "Sergey Lavrov" in shown and "speaker" in shown


def test_explain_shows_the_sql_it_runs(start) -> None:
    terminal = start()
    terminal.line(":explain meetings with Blinken limit 2")
    shown = terminal.expect(re.compile(r"rows: \d+"))
    assert "engine: duckdb" in shown
    assert "SELECT n.id" in shown and "FROM meeting_facts n" in shown and "LIMIT 2" in shown


def test_refused_forms_and_in_memory_commands_are_errors_not_tracebacks(start, tmp_path: Path) -> None:
    terminal = start()
    terminal.line("claims about sanctions")
    shown = terminal.expect("docs/scale-out.md")  # the end of the engine's hint
    assert "error: the duckdb engine does not answer this form: `about`" in shown and "^" in shown
    terminal.prompt()
    terminal.line(f":save {tmp_path / 'copy.eg'}")
    shown = terminal.expect("eventgraph repl GRAPH")
    assert ":save needs the graph in memory; it is not available over Parquet" in shown
    terminal.line(":quit")
    assert terminal.finish() == 0
    assert "Traceback" not in terminal.seen
    assert not (tmp_path / "copy.eg").exists()


def test_tab_completes_names_from_the_export(start) -> None:
    terminal = start()
    terminal.send("meetings with Blin\t")
    shown = terminal.expect("person, as Blinken")  # the entity and the alias that matched, from the export
    assert "meetings with Antony Blinken" in shown, "the only entry is taken: the name replaces what was typed"
    terminal.send("\r")  # closes the menu
    terminal.send("\r")  # runs the query
    assert "Blinken" in terminal.expect(re.compile(r"\d+ rows?"))


def test_from_python_the_shell_takes_the_engine_too(parquet: Path, example_graph: EventGraph, tmp_path: Path) -> None:
    out = io.StringIO()
    names = eventgraph.repl(
        parquet, engine="duckdb", input=":format csv\nmeetings with Blinken\n:load x.eg\n", output=out
    )
    expected = compile_query("meetings with Blinken").run(example_graph).to_csv().rstrip("\n")
    assert expected in out.getvalue()
    assert "error: :load needs the graph in memory" in out.getvalue()
    assert names.entities() and not names.claims()  # the export's names, no facts loaded
    with pytest.raises(ValueError, match="engine is one of memory, duckdb"):
        eventgraph.repl(parquet, engine="spark", input="")


def test_the_command_line_wants_one_parquet_folder(parquet: Path, tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["repl", str(parquet), str(parquet), "--engine", "duckdb"], out, err) == 2
    assert "--engine duckdb needs one folder" in err.getvalue()
    err = io.StringIO()
    assert main(["repl", str(tmp_path), "--engine", "duckdb"], out, err) == 2
    assert "no documents table" in err.getvalue() and "Traceback" not in err.getvalue()
