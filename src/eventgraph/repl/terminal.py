"""The REPL on a terminal: a prompt_toolkit prompt around a ``Session``.

Completion (Tab), highlighting, history kept in the user's data folder, multi-line
entries (Enter continues an unfinished one), Ctrl-C cancels the line, Ctrl-D leaves.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from eventgraph.repl.session import Session, continues

__all__ = ["HISTORY_ENV", "history_path", "key_bindings", "prompt_session", "run_terminal"]

HISTORY_ENV = "EVENTGRAPH_HISTORY"
PROMPT = "eventgraph> "


def history_path() -> Path | None:
    """Where entries are remembered: ``$EVENTGRAPH_HISTORY`` (empty: nowhere), else
    ``$XDG_DATA_HOME/eventgraph/history``, else ``~/.local/share/eventgraph/history``."""
    chosen = os.environ.get(HISTORY_ENV)
    if chosen is not None:
        return Path(chosen).expanduser() if chosen.strip() else None
    base = os.environ.get("XDG_DATA_HOME", "").strip()
    folder = Path(base) if base and Path(base).is_absolute() else Path.home() / ".local" / "share"
    return folder / "eventgraph" / "history"


_NOT_KEPT = frozenset({":quit", ":q", ":exit"})


def _history(session: Session) -> Any:
    """The entries of earlier sessions, and a place to keep this one's (``:quit`` is not kept)."""
    from prompt_toolkit.history import FileHistory, InMemoryHistory

    class History(FileHistory):
        def append_string(self, string: str) -> None:
            if string.strip().lower() not in _NOT_KEPT:
                super().append_string(string)

    path = history_path()
    if path is None:
        return InMemoryHistory()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            raise IsADirectoryError(21, "is a folder")
        path.touch(exist_ok=True)
    except OSError as exc:
        session.note(f"history is not kept: {path}: {exc.strerror or exc}")
        return InMemoryHistory()
    return History(str(path))


def key_bindings() -> Any:
    """Enter runs a finished entry and continues an unfinished one; Alt-Enter always continues."""
    from prompt_toolkit.filters import is_searching
    from prompt_toolkit.key_binding import KeyBindings

    bindings = KeyBindings()

    # Not while searching the history (Ctrl-R): there Enter accepts the entry found.
    @bindings.add("enter", filter=~is_searching)
    def _enter(event: Any) -> None:
        buffer = event.current_buffer
        state = buffer.complete_state
        if state is not None and state.current_completion is not None:
            buffer.apply_completion(state.current_completion)
            return
        document = buffer.document
        unfinished = continues(document.text)
        if unfinished and document.current_line.strip():
            buffer.cursor_position = len(document.text)
            buffer.insert_text("\n")
        else:
            buffer.validate_and_handle()

    @bindings.add("escape", "enter")
    def _newline(event: Any) -> None:
        event.current_buffer.insert_text("\n")

    return bindings


def prompt_session(session: Session, **options: Any) -> Any:
    """The prompt_toolkit ``PromptSession`` for a REPL session (options passed through)."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
    from prompt_toolkit.shortcuts import CompleteStyle

    from eventgraph.repl.completion import QueryCompleter
    from eventgraph.repl.highlight import STYLE, QueryLexer

    def continuation(width: int, line_number: int, wrap_count: int) -> Any:
        return [("class:continuation", "... ".rjust(width))]

    settings: dict[str, Any] = {
        "message": [("class:prompt", PROMPT)],
        "multiline": True,
        "prompt_continuation": continuation,
        "completer": QueryCompleter(lambda: session.graph),
        "complete_while_typing": False,
        "complete_style": CompleteStyle.COLUMN,
        "lexer": QueryLexer(),
        "style": STYLE,
        "include_default_pygments_style": False,
        "history": _history(session),
        "auto_suggest": AutoSuggestFromHistory(),
        "key_bindings": key_bindings(),
        "enable_history_search": False,
    }
    settings.update(options)
    return PromptSession(**settings)


def run_terminal(session: Session) -> None:
    """Prompt for entries and run them until ``:quit`` or Ctrl-D."""
    prompt = prompt_session(session)
    session.note(session.banner())
    in_thread = _loop_running()
    while not session.finished:
        try:
            text = prompt.prompt(in_thread=in_thread)
        except KeyboardInterrupt:
            continue
        except EOFError:
            break
        session.execute(text)


def _loop_running() -> bool:
    """Inside a running event loop (IPython, an async app) the prompt must run in a thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
