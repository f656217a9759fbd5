"""The REPL on a real (pseudo-)terminal: completion, history, Ctrl-C, multi-line entries, leaving.

Each test runs ``python -m eventgraph repl news.eg`` under pexpect with its history in
``tmp_path`` and checks what the terminal shows, escape sequences removed. The checks
look at what a query prints once it runs, so they do not depend on how prompt_toolkit
redraws the line or on colours.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from test_repl_support import Terminal, environment, save_graph

pytest.importorskip("pexpect")
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")

UP, TAB, CTRL_C, CTRL_D = "\x1b[A", "\t", "\x03", "\x04"


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Callable[..., Terminal]]:
    """Start the REPL on the test graph in a terminal (as often as a test likes)."""
    graph = save_graph(tmp_path)
    started: list[Terminal] = []

    def spawn(*args: str) -> Terminal:
        terminal = Terminal([*(args or [str(graph)])], environment(tmp_path), tmp_path)
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
