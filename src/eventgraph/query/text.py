"""Matching a query's words against a fact's text: case-, accent- and plural-insensitive.

Texts become sequences of word stems (``"NATO’s sanctions"`` -> ``nato sanction``), and a
phrase matches when its stems occur side by side. Short all-capital aliases (``US``)
match only in capitals, so the pronoun "us" is not the United States.
"""

from __future__ import annotations

import functools
import re

from eventgraph.ids import fold

__all__ = ["Phrase", "stem", "stems"]

_WORD = re.compile(r"[a-z0-9]+")
_POSSESSIVE = re.compile(r"'s\b")


def stem(word: str) -> str:
    """A light English stem: plurals become singular (``attacks`` -> ``attack``)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@functools.lru_cache(maxsize=65536)
def stems(text: str, *, stemmed: bool = True) -> str:
    """The text's word stems, space-separated and padded with a space at each end."""
    words = _WORD.findall(_POSSESSIVE.sub("", fold(text)))
    return " " + " ".join(stem(w) if stemmed else w for w in words) + " "


class Phrase:
    """Words to look for in a text; ``exact`` turns off stemming (for ``quoting``)."""

    def __init__(self, text: str, *, exact: bool = False) -> None:
        self.text = text
        self.exact = exact
        self.key = stems(text, stemmed=not exact)
        stripped = text.strip()
        self._capitals = (
            re.compile(rf"(?<!\w){re.escape(stripped)}(?!\w)")
            if stripped.isupper() and stripped.isalpha() and len(stripped) <= 4
            else None
        )

    def __bool__(self) -> bool:
        return self.key.strip() != ""

    def __repr__(self) -> str:
        return f"Phrase({self.text!r})"

    def found_in(self, text: str) -> bool:
        if not self:
            return False
        if self._capitals is not None:
            return self._capitals.search(text) is not None
        return self.key in stems(text, stemmed=not self.exact)
