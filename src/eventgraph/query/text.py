"""Matching a query's words against a fact's text, as people write words.

Texts become sequences of word stems (Snowball's English stemmer, and ``-ship`` folded
so *membership* meets *member*): ``"NATO’s sanctions"`` -> ``nato sanction``. A phrase
matches when its stems occur side by side, or when its words run together match words
of the text run together, so *cyberattacks*, *cyber attacks* and *cyber-attacks* are one
phrase. A phrase of several words may also be asked for as a bag of its content words
(``oxygen supplies for hospitals`` finds "hospitals' supplies of oxygen"): each of two
content words, or all but one of three or more ("the supply of oxygen to clinics"). Short
all-capital aliases (``US``) match only in capitals, so the pronoun "us" is not the
United States.

>>> Phrase("cyberattacks").found_in("condemned the cyber-attacks on Ukraine")
True
>>> Phrase("NATO membership").found_in("Ukraine's bid for membership of NATO")
False
>>> Phrase("NATO membership", words=True).found_in("Ukraine's bid for membership of NATO")
True
"""

from __future__ import annotations

import functools
import re
from typing import Any

from eventgraph.words import text_words

__all__ = ["Phrase", "compact_initial", "compact_key", "stem", "stems"]

_RUN = 3
"""Words of a text run together to meet a phrase written as one word, and back."""

_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "for",
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "and",
        "or",
        "from",
        "about",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "its",
        "it",
        "their",
        "his",
        "her",
        "this",
        "that",
        "these",
        "those",
        "our",
        "your",
        "my",
        "we",
        "they",
        "he",
        "she",
        "against",
        "over",
        "into",
        "between",
    ]
)


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The stem of a lower-case word: inflections off (``attacks``, ``attacked`` ->
    ``attack``), ``-ship`` too (``membership`` -> ``member``)."""
    if len(word) <= 2 or not word.isalpha():  # numbers and short words have no inflection to take off
        return word
    if len(word) > 7 and word.endswith("ship"):
        word = word[:-4]
    return _stemmer().stemWord(word)


@functools.cache
def _stemmer() -> Any:
    """Snowball's English stemmer, made on the first word to stem: its package loads the
    stemmers of every language, which a query without words to match never needs."""
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    return text_words(text)


@functools.lru_cache(maxsize=65536)
def stems(text: str, *, stemmed: bool = True) -> str:
    """The text's word stems, space-separated and padded with a space at each end."""
    words = _words(text)
    return " " + " ".join(stem(w) if stemmed else w for w in words) + " "


@functools.lru_cache(maxsize=65536)
def _runs(text: str) -> frozenset[str]:
    """Stems of every run of up to ``_RUN`` words of the text written as one word."""
    words = _words(text)
    found = set()
    for start in range(len(words)):
        joined = ""
        for word in words[start : start + _RUN]:
            joined += word
            found.add(stem(joined))
    return frozenset(found)


@functools.lru_cache(maxsize=65536)
def _joined(text: str) -> str:
    """The text's words with nothing between them: a quick test before stemming runs."""
    return "".join(_words(text))


@functools.lru_cache(maxsize=65536)
def _stem_set(text: str) -> frozenset[str]:
    return frozenset(stems(text).split())


@functools.lru_cache(maxsize=65536)
def compact_key(text: str) -> str:
    """A phrase's words run together and stemmed: one key for ``cyber-attacks`` and ``cyberattack``."""
    return stem("".join(_words(text)))


def compact_initial(text: str) -> str:
    """The first letter of ``compact_key(text)``, found without stemming: a stem keeps the
    first letter of its word."""
    return _joined(text)[:1]


class Phrase:
    """Words to look for in a text.

    ``exact`` turns off stemming and joining (for ``quoting``); ``words`` asks only that
    the content words occur somewhere in the text, in any order (both of two, all but
    one of three or more).
    """

    def __init__(self, text: str, *, exact: bool = False, words: bool = False) -> None:
        self.text = text
        self.exact = exact
        self.words = words and not exact
        self.key = stems(text, stemmed=not exact)
        written = _words(text)
        self.compact = compact_key(text) if not exact and 0 < len(written) <= _RUN else None
        self.content = [w for w in written if w not in _STOP] or written
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
        if self.key in stems(text, stemmed=not self.exact):
            return True
        # a stem keeps its word's first letters (a letter or two at its end may change)
        if self.compact is not None and self.compact[:-2] in _joined(text) and self.compact in _runs(text):
            return True
        if self.words and len(self.content) > 1:
            joined = _joined(text)
            if sum(stem(w)[:-2] in joined for w in self.content) < len(self.content) - 1:
                return False
            present = _stem_set(text)
            runs = _runs(text)
            found = sum(stem(w) in present or stem(w) in runs for w in self.content)
            return found >= (len(self.content) if len(self.content) == 2 else len(self.content) - 1)
        return False
