"""Which claims can hold a phrase: an index from the words of claim texts to claim numbers.

``Phrase.found_in`` matches stems, words run together and bags of words
(``eventgraph.query.text``); testing it on every claim of a large graph takes seconds.
This index answers with a superset of the claims a phrase can match, from the words the
match needs, so only those claims are tested:

- the stems of the phrase side by side need, for the first stem, a word with that stem;
- a phrase matching words run together (*cyber-attacks* for *cyberattacks*) needs a run
  of words that starts like the phrase's stem, so a word that begins it or that it begins;
- a bag of content words needs one of them (by stem, or as words run together);
- a short capital alias (``US``) needs that word.

A stem keeps its word's first letters but for its last two (``Phrase`` relies on this
too), so the words with a given stem are found among those starting with its letters
but the last two.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence

import numpy as np

from eventgraph.query.text import Phrase, _words, stem

__all__ = ["WordIndex"]


class WordIndex:
    """Words of texts (folded, as ``Phrase`` reads them) to the sorted numbers of the texts holding them."""

    def __init__(self, texts: Sequence[str]) -> None:
        holders: dict[str, list[int]] = defaultdict(list)
        for number, text in enumerate(texts):
            for word in set(_words(text)):
                holders[word].append(number)
        self.postings: dict[str, np.ndarray] = {w: np.array(n, dtype=np.int32) for w, n in holders.items()}
        self.vocabulary: list[str] = sorted(self.postings)
        self._by_stem: dict[str, list[str]] | None = None

    @classmethod
    def from_postings(cls, postings: dict[str, np.ndarray]) -> WordIndex:
        index = cls.__new__(cls)
        index.postings = postings
        index.vocabulary = sorted(postings)
        index._by_stem = None
        return index

    def candidates(self, phrase: Phrase) -> np.ndarray | None:
        """The numbers of the texts ``phrase`` may be found in; None when any text may hold it."""
        if not phrase:
            return np.zeros(0, dtype=np.int32)
        if phrase.exact:
            return self._all_of(_words(phrase.text))
        if phrase._capitals is not None:
            return self._all_of(_words(phrase.text))
        parts: list[np.ndarray] = []
        key = phrase.key.split()
        if key:
            parts.append(self._stemmed(key[0]))
        if phrase.compact is not None:
            found = self._run_of(phrase.compact)
            if found is None:
                return None
            parts.append(found)
        if phrase.words and len(phrase.content) > 1:
            for word in phrase.content:
                found = self._run_of(stem(word))
                if found is None:
                    return None
                parts.extend((self._stemmed(stem(word)), found))
        return _union(parts)

    def _all_of(self, words: Iterable[str]) -> np.ndarray | None:
        found: np.ndarray | None = None
        for word in words:
            held = self.postings.get(word, np.zeros(0, dtype=np.int32))
            found = held if found is None else np.intersect1d(found, held, assume_unique=True)
        return found

    def stems(self) -> dict[str, list[str]]:
        """The vocabulary's words by stem, found on first use."""
        if self._by_stem is None:
            by_stem: dict[str, list[str]] = defaultdict(list)
            for word in self.vocabulary:
                by_stem[stem(word)].append(word)
            self._by_stem = dict(by_stem)
        return self._by_stem

    def _stemmed(self, wanted: str) -> np.ndarray:
        """Texts with a word whose stem is ``wanted``."""
        return _union([self.postings[w] for w in self.stems().get(wanted, ())])

    def _run_of(self, compact: str) -> np.ndarray | None:
        """Texts with a run of up to ``_RUN`` words whose joined stem may be ``compact``: its
        first word starts with the stem's letters but the last two, or begins them."""
        head = compact[:-2]
        if not head:
            return None
        words = [head[:end] for end in range(1, len(head)) if head[:end] in self.postings]
        low = bisect.bisect_left(self.vocabulary, head)
        high = bisect.bisect_left(self.vocabulary, head + "\uffff")
        words += self.vocabulary[low:high]
        return _union([self.postings[w] for w in words])


def _union(parts: list[np.ndarray]) -> np.ndarray:
    if not parts:
        return np.zeros(0, dtype=np.int32)
    if len(parts) == 1:
        return parts[0]
    return np.unique(np.concatenate(parts))
