"""Word-level matching of known phrases, without one giant regular expression.

The gazetteer and the title list hold thousands of phrases. Matching them as n-grams of
words looked up in a dictionary costs a few lookups per word, however long the lists.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import attrs

__all__ = ["PhraseHit", "Word", "edit_distance", "find_phrases", "words"]

_WORD = re.compile(r"[^\W_]+")
MAX_WORDS = 7


@attrs.frozen
class Word:
    start: int
    end: int
    text: str


@attrs.frozen
class PhraseHit:
    start: int
    end: int
    surface: str
    first: int
    last: int


def words(text: str) -> list[Word]:
    """Runs of letters and digits with their offsets."""
    return [Word(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def find_phrases(
    text: str, tokens: list[Word], known: Callable[[str], bool], max_words: int = MAX_WORDS
) -> Iterator[PhraseHit]:
    """The longest known phrases, without overlaps, in text order.

    Every word start is tried with its longest known phrase; overlapping hits are then
    settled longest first, so "the United Nations General Assembly" is one hit, not "the
    United Nations" and "General Assembly". A phrase ends at a word's end, or just after
    a final period when that is part of the phrase ("U.S.").
    """
    hits: list[PhraseHit] = []
    for i in range(len(tokens)):
        for j in range(min(len(tokens), i + max_words) - 1, i - 1, -1):
            start, end = tokens[i].start, tokens[j].end
            if "\n" in text[start:end]:
                continue
            if end < len(text) and text[end] == "." and known(text[start : end + 1]):
                hits.append(PhraseHit(start, end + 1, text[start : end + 1], i, j))
                break
            if known(text[start:end]):
                hits.append(PhraseHit(start, end, text[start:end], i, j))
                break
    chosen: list[PhraseHit] = []
    taken: set[int] = set()  # the words of the hits chosen so far: an overlap test costs a phrase's length
    for hit in sorted(hits, key=lambda h: (-(h.last - h.first), -(h.end - h.start), h.start)):
        words_ = range(hit.first, hit.last + 1)
        if taken.isdisjoint(words_):
            chosen.append(hit)
            taken.update(words_)
    yield from sorted(chosen, key=lambda h: h.start)


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance, stopping early once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]
