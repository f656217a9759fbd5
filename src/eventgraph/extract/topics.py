"""Topics of a statement: lexicon terms found in its words or their lemmas.

The lexicon (``topics.json``, extendable) maps a label to the terms that signal it.
Matching runs on the folded text and on its lemmas, so "sanctions" and "sanctioned"
both find "sanction", and "build-up", "build up" and "buildup" are one term.
"""

from __future__ import annotations

import re

import attrs

from eventgraph.extract.knowledge import Knowledge
from eventgraph.ids import fold

__all__ = ["TopicHit", "TopicMatcher"]


@attrs.frozen
class TopicHit:
    label: str
    signal: str


def _term_pattern(term: str) -> str:
    parts = [re.escape(p) for p in re.split(r"[\s-]+", fold(term)) if p]
    return r"[\s-]*".join(parts)


class TopicMatcher:
    """Finds lexicon topics in text; build once per knowledge base."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.patterns: list[tuple[str, re.Pattern[str]]] = []
        for label, terms in sorted(knowledge.topics.items()):
            alternatives = "|".join(sorted({_term_pattern(t) for t in (label, *terms)}, key=len, reverse=True))
            self.patterns.append((label, re.compile(rf"(?<![\w-])(?:{alternatives})(?:e?s)?(?![\w])")))

    def find(self, text: str, lemmas: str = "") -> list[TopicHit]:
        """Topic labels whose terms occur in ``text`` (or in its lemma form), with the signal."""
        hits = []
        folded = fold(text)
        lemma_text = fold(lemmas)
        for label, pattern in self.patterns:
            match = pattern.search(folded) or (pattern.search(lemma_text) if lemma_text else None)
            if match:
                hits.append(TopicHit(label, match.group()))
        return hits
