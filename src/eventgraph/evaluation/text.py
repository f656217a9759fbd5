"""How gold evidence is compared with extracted text: folded words, counted as a bag.

A gold item names its statement or meeting by a few verbatim words ("evidence"); an
extracted row matches it when it contains at least half of them. Words are folded as
names are (case, accents, typographic quotes), so a curly apostrophe in the document
and a straight one in the gold file still agree.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from eventgraph.ids import fold

__all__ = ["MATCH_THRESHOLD", "coverage", "row_text", "words"]

MATCH_THRESHOLD = 0.5
"""The share of the evidence's words a row must contain to match it."""

_WORD = re.compile(r"[a-z0-9]+")
_TEXT_FIELDS = ("text", "evidence", "sentence", "context")


def words(text: str) -> list[str]:
    """The folded words of ``text``, in order, with repeats."""
    return _WORD.findall(fold(text))


def coverage(evidence: str, text: str) -> float:
    """The share of the evidence's words (repeats counted) that occur anywhere in ``text``."""
    wanted = words(evidence)
    if not wanted:
        return 0.0
    present = set(words(text))
    return sum(word in present for word in wanted) / len(wanted)


def row_text(row: Mapping[str, Any]) -> str:
    """All the text a result row carries: its statement or sentence and any context."""
    return " ".join(str(row.get(field) or "") for field in _TEXT_FIELDS)
