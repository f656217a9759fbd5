"""The words of a text as searches read them: folded, possessives off, runs of letters and digits."""

from __future__ import annotations

import re

from eventgraph.ids import fold

__all__ = ["text_words"]

_WORD = re.compile(r"[a-z0-9]+")
_POSSESSIVE = re.compile(r"'s\b")


def text_words(text: str) -> tuple[str, ...]:
    """``"NATO's cyber-attacks"`` -> ``("nato", "cyber", "attacks")``."""
    return tuple(_WORD.findall(_POSSESSIVE.sub("", fold(text))))
