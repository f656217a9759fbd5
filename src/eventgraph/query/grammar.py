"""Where the grammar lives, and the one LALR parser built from it.

The grammar is package data (``eventgraph/grammar/eventgraph.lark`` in the wheel); an
editable install reads it from the source tree's ``grammar/`` directory instead.
"""

from __future__ import annotations

import functools
import importlib.resources
from pathlib import Path

from lark import Lark, Transformer

from eventgraph.collection import paused_collection

__all__ = ["build_parser", "grammar_path", "grammar_text"]


def grammar_path() -> Path:
    """The grammar file: the installed package's copy, else the source tree's."""
    packaged = importlib.resources.files("eventgraph") / "grammar" / "eventgraph.lark"
    if packaged.is_file():
        return Path(str(packaged))
    source = Path(__file__).resolve().parents[3] / "grammar" / "eventgraph.lark"
    if source.is_file():
        return source
    raise FileNotFoundError(f"the query grammar is missing: looked for {packaged} and {source}")


@functools.cache
def grammar_text() -> str:
    return grammar_path().read_text(encoding="utf-8")


@functools.cache
def build_parser(transformer: Transformer | None = None) -> Lark:
    """The LALR parser (built once per transformer); with one, it returns AST nodes directly.

    Built without cyclic collections: its tables are many small objects, and each
    collection would also walk a large graph already loaded. The analysed tables are kept
    in Lark's cache file in the temporary folder, so a new process (each CLI call) skips
    the analysis; Lark rebuilds them when that file is missing or unreadable."""
    with paused_collection():
        return Lark(
            grammar_text(),
            parser="lalr",
            lexer="contextual",
            transformer=transformer,
            maybe_placeholders=False,
            cache=True,
        )
