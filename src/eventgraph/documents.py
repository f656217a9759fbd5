"""How people name a document: by id, path, end of path, file name or file name without extension.

One rule for every place that takes a document's name (``from`` in queries,
``graph.remove_document``), so a name that works in one works in all.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

from eventgraph.model import Document

__all__ = ["close_document_names", "documents_named"]


def _tests(text: str) -> list[Callable[[Document], bool]]:
    folded = text.lower()
    return [
        lambda d: d.id == text,
        lambda d: d.path == text,
        lambda d: d.path.endswith("/" + text),
        lambda d: PurePosixPath(d.path).name.lower() == folded,
        lambda d: PurePosixPath(d.path).stem.lower() == folded,
    ]


def documents_named(documents: Iterable[Document], text: str) -> list[Document]:
    """The documents the first matching rule finds (id, path, end of path, file name, stem).

    One document is an answer; several mean the name is ambiguous; none, unknown.
    """
    text = text.strip()
    candidates = list(documents)
    for test in _tests(text):
        found = [d for d in candidates if test(d)]
        if found:
            return found
    return []


def close_document_names(documents: Iterable[Document], text: str) -> list[str]:
    """Up to three file names close to ``text``, to suggest when it names no document."""
    names = list(dict.fromkeys(PurePosixPath(d.path).name for d in documents))
    return difflib.get_close_matches(text.strip(), names, n=3, cutoff=0.5)
