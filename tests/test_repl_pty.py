"""The REPL on a real (pseudo-)terminal: completion, history, Ctrl-C, multi-line entries, leaving.

Each test runs ``python -m eventgraph repl news.eg`` under pexpect with its history in
``tmp_path`` and checks what the terminal shows, escape sequences removed. The checks
look at what a query prints once it runs, so they do not depend on how prompt_toolkit
redraws the line or on colours.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from test_repl_support import Terminal, environment, save_graph

pytest.importorskip("pexpect")
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")

UP, TAB, CTRL_C, CTRL_D, CTRL_R = "\x1b[A", "\t", "\x03", "\x04", "\x12"


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Callable[..., Terminal]]:
    """Start the REPL on the test graph in a terminal (as often as a test likes), with
    other terminal dimensions or environment variables when asked."""
    graph = save_graph(tmp_path)
    started: list[Terminal] = []

    def spawn(*args: str, dimensions: tuple[int, int] = (40, 140), **env: str) -> Terminal:
        terminal = Terminal([*(args or [str(graph)])], environment(tmp_path, **env), tmp_path, dimensions)
        started.append(terminal)
        terminal.expect("Type a query")  # the banner
        terminal.prompt()
        return terminal

    yield spawn
    for terminal in started:
        terminal.close()


def test_quit_leaves_with_status_0(start) -> None:
    terminal = start()
    terminal.line(":quit")
    assert terminal.finish() == 0


def test_ctrl_d_leaves_too(start) -> None:
    terminal = start()
    terminal.send(CTRL_D)
    assert terminal.finish() == 0


def test_tab_completes_an_entity_name(start) -> None:
    terminal = start()
    terminal.send("meetings in Ri" + TAB)
    terminal.expect("ga")  # the rest of the name, drawn after the prefix
    terminal.send("\r")
    shown = terminal.expect("1 row")
    assert "NATO foreign ministers met in Riga" in shown
    terminal.prompt()
    terminal.send("claims by Jens St" + TAB)
    terminal.expect("oltenberg")
    terminal.send("\r")
    assert "unprovoked" in terminal.expect("1 row")
    terminal.prompt()
    terminal.line(":quit")
    assert terminal.finish() == 0


def test_history_is_recalled_with_up_after_a_restart(start, tmp_path: Path) -> None:
    first = start()
    first.line("claims by Blinken")
    assert "Moscow would face severe sanctions" in first.expect("1 row")
    first.prompt()
    first.line(":quit")
    assert first.finish() == 0
    kept = (tmp_path / "history").read_text(encoding="utf-8")
    assert "claims by Blinken" in kept
    assert ":quit" not in kept, ":quit is not worth recalling"

    second = start()
    second.send(UP)
    second.expect("claims by Blinken")  # drawn on the prompt line
    second.send("\r")
    assert "Moscow would face severe sanctions" in second.expect("1 row")
    second.prompt()
    second.line(":quit")
    assert second.finish() == 0


def test_ctrl_c_cancels_the_line_and_the_session_goes_on(start) -> None:
    terminal = start()
    terminal.send("claims by Bli")
    terminal.expect("Bli")
    terminal.send(CTRL_C)
    terminal.prompt()
    terminal.line("meetings in Riga")
    shown = terminal.expect("1 row")
    assert "error" not in shown, "the cancelled text must not be run or kept"
    assert "NATO foreign ministers met in Riga" in shown
    terminal.prompt()
    terminal.line(":quit")
    assert terminal.finish() == 0


def test_an_open_parenthesis_continues_the_entry(start) -> None:
    terminal = start()
    terminal.line("meetings with (Blinken")
    terminal.expect("...")  # the continuation prompt
    terminal.line("or Lavrov)")
    assert "Antony Blinken, Sergey Lavrov" in terminal.expect("1 row")
    terminal.prompt()
    terminal.line(":quit")
    assert terminal.finish() == 0


def test_an_error_shows_the_caret_and_the_session_goes_on(start) -> None:
    terminal = start()
    terminal.line("claims by Lavorv")
    shown = terminal.expect("hint:")
    assert "did you mean Lavrov" in shown
    assert "            ^" in shown
    assert "Traceback" not in shown
    terminal.prompt()
    terminal.line(":format json")
    terminal.expect("format: json")
    terminal.prompt()
    terminal.line(":quit")
    assert terminal.finish() == 0


def test_a_question_says_what_it_was_understood_as_and_an_empty_result_why(start, tmp_path: Path) -> None:
    terminal = start("--as-of", "2022-06-30", str(tmp_path / "news.eg"))
    terminal.line("what did Lavrov say this year?")
    shown = terminal.expect("2 rows")
    assert "understood as: statements by Lavrov in 2022" in shown
    assert "note: `this year` is `in 2022` (as of 2022-06-30)" in shown
    assert "run out of patience" in shown
    terminal.prompt()
    terminal.line("claims by Lavrov and Blinken")
    shown = terminal.expect("gives 3 rows")
    assert "why: a claim has one speaker: `claims by Lavrov or by Blinken`" in shown
    terminal.prompt()
    terminal.line(":quit")
    assert terminal.finish() == 0


def test_ctrl_r_then_enter_takes_the_entry_found_and_enter_runs_it(start) -> None:
    terminal = start()
    terminal.line("claims by Blinken")
    terminal.expect("1 row")
    terminal.prompt()
    terminal.line("meetings in Riga")
    terminal.expect("1 row")
    terminal.prompt()
    terminal.send(CTRL_R)
    terminal.send("by Bli")
    terminal.expect("by Bli")
    terminal.send("\r")  # leaves the search with the entry found on the prompt
    terminal.send("\r")  # runs it
    assert "Moscow would face severe sanctions" in terminal.expect("1 row")
    terminal.prompt()
    terminal.line(":quit")
    assert terminal.finish() == 0


@pytest.mark.skipif(shutil.which("less") is None, reason="the pager is less")
def test_a_tall_result_opens_in_the_pager(start) -> None:
    terminal = start(dimensions=(12, 100), EVENTGRAPH_PAGER="less -R -PPAGER-HERE")
    terminal.line("claims")
    shown = terminal.expect("PAGER-HERE")
    assert "speaker" in shown
    terminal.send("q")
    terminal.prompt()
    terminal.line(":pager off")
    terminal.expect("pager: off")
    terminal.prompt()
    terminal.line("claims")
    shown = terminal.expect("5 rows")
    assert "PAGER-HERE" not in shown
    terminal.prompt()
    terminal.line(":quit")
    assert terminal.finish() == 0


def test_at_80_columns_every_column_keeps_its_place(start) -> None:
    terminal = start(dimensions=(40, 80), EVENTGRAPH_PAGER="")
    terminal.line("meetings with Blinken")
    shown = terminal.expect("1 row")
    table = [line for line in shown.splitlines() if line.startswith(("┃", "│", "┏", "└"))]
    assert table and all(len(line) <= 80 for line in table)
    header = next(line for line in table if "date" in line)
    for column in ("date", "participants", "place", "text", "source"):
        assert column in header, header
    terminal.prompt()
    terminal.line(":quit")
    assert terminal.finish() == 0


def test_a_narrow_terminal_shows_records(start) -> None:
    terminal = start(dimensions=(40, 48), EVENTGRAPH_PAGER="")
    terminal.line("meetings in Riga")
    shown = terminal.expect("1 row")
    assert "-[ row 1 ]" in shown
    assert "participants  NATO" in shown
    terminal.prompt()
    terminal.line(":quit")
    assert terminal.finish() == 0


@pytest.mark.skipif(shutil.which("sed") is None, reason="the editor is sed")
def test_edit_opens_the_editor_and_runs_what_it_leaves(start) -> None:
    terminal = start(EDITOR="sed -i s/Blinken/Lavrov/")
    terminal.line(":edit claims by Blinken")
    shown = terminal.expect("2 rows")
    assert "> claims by Lavrov" in shown
    assert "run out of patience" in shown
    terminal.prompt()
    terminal.line(":quit")
    assert terminal.finish() == 0


def test_tab_offers_one_entry_per_entity_under_its_name(start) -> None:
    terminal = start()
    terminal.send("claims by Lav" + TAB)
    shown = terminal.expect("person, as Lavrov")  # one entry: the entity's own name, and the alias that matched
    assert "claims by Sergey Lavrov" in shown, "the only entry is taken: the name replaces what was typed"
    menu = [line for line in shown.splitlines() if "person" in line]
    assert menu == [" Sergey Lavrov  person, as Lavrov"], shown
    terminal.send("\r")  # closes the menu
    terminal.send("\r")  # runs the query
    assert "run out of patience" in terminal.expect("2 rows")
    terminal.prompt()
    terminal.line(":quit")
    assert terminal.finish() == 0
