"""A document's entity mentions: candidates, role mentions and the table of entities.

The table maps every mention span to the entity it names; later stages (speakers, roles,
meetings) look entities up by position.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict

import attrs

from eventgraph.ids import fold, slug

__all__ = ["POSSESSIVE", "Candidate", "EntityTable", "LocalEntity", "RoleMention", "strip_article"]

POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_ARTICLES = ("the ", "The ", "THE ")
_PRIORITY = {
    "label": 6,
    "body": 5,
    "title": 5,
    "byline": 5,
    "honorific": 4,
    "gazetteer": 4,
    "acronym": 3,
    "generic": 2,
    "ner": 1,
}


@attrs.define
class Candidate:
    """A possible entity mention before clustering."""

    start: int
    end: int
    surface: str
    kind: str
    name: str
    source: str
    title: str | None = None
    function: str | None = None
    of: str | None = None
    modifier: str | None = None
    how: str = "name"

    @property
    def priority(self) -> int:
        if self.source == "ner" and self.how == "head":
            return _PRIORITY["gazetteer"]
        return _PRIORITY[self.source]


@attrs.define
class RoleMention:
    """A title without a name ("the NATO Secretary General"), resolved later by date."""

    start: int
    end: int
    surface: str
    title: str
    function: str | None
    of: str | None
    modifier: str | None
    written: str = ""


@attrs.define
class LocalEntity:
    """One entity of one document with every mention of it."""

    key: str
    kind: str
    name: str
    mentions: list[tuple[str, int, int]] = attrs.field(factory=list)
    titles: set[tuple[str, str | None, str | None]] = attrs.field(factory=set)

    @property
    def affiliations(self) -> set[str]:
        """The organisations and countries a person's titles tie them to."""
        return {of for _, _, of in self.titles if of}


@attrs.define
class EntityTable:
    """A document's entities, its mention spans (sorted), and its unresolved role mentions.

    Lookups by position only look at mentions that start near it: no mention is longer
    than the longest one seen, so a bisection over the starts bounds each search. Each
    entity's own spans are kept sorted too, and entities are found by kind and name, so
    a question about one entity never walks the whole document's mentions.
    """

    entities: dict[str, LocalEntity] = attrs.field(factory=dict)
    spans: list[tuple[int, int, str]] = attrs.field(factory=list)
    roles: list[RoleMention] = attrs.field(factory=list)
    role_spans: set[tuple[int, int]] = attrs.field(factory=set)
    _starts: list[int] = attrs.field(factory=list, init=False)
    _longest: int = attrs.field(default=0, init=False)
    _spans_of: defaultdict[str, list[tuple[int, int]]] = attrs.field(factory=lambda: defaultdict(list), init=False)
    _named: defaultdict[tuple[str, str], list[str]] = attrs.field(factory=lambda: defaultdict(list), init=False)
    _mentioned: set[tuple[str, str, int, int]] = attrs.field(factory=set, init=False)

    def add_mention(self, key: str, surface: str, start: int, end: int) -> None:
        entity = self.entities[key]
        if (key, surface, start, end) not in self._mentioned:
            self._mentioned.add((key, surface, start, end))
            entity.mentions.append((surface, start, end))
            where = bisect.bisect_right(self.spans, (start, end, key))
            self.spans.insert(where, (start, end, key))
            self._starts.insert(where, start)
            self._longest = max(self._longest, end - start)
            bisect.insort(self._spans_of[key], (start, end))

    def add_role_mention(self, key: str, surface: str, start: int, end: int) -> None:
        """A mention by title alone ("the Minister"): it refers to the person here, but is not their name."""
        self.add_mention(key, surface, start, end)
        self.role_spans.add((start, end))

    def absorb(self, source: str, target: str) -> None:
        """Make every mention of ``source`` a mention of ``target`` and drop ``source``."""
        moved = self.entities.pop(source)
        self.spans = [(s, e, target if k == source else k) for s, e, k in self.spans]
        for mention in moved.mentions:
            if mention not in self.entities[target].mentions:
                self.entities[target].mentions.append(mention)

    def ensure(self, kind: str, name: str) -> LocalEntity:
        key = f"{kind}:{slug(name)}"
        if key not in self.entities:
            self.entities[key] = LocalEntity(key, kind, name)
            self._named[(kind, fold(name))].append(key)
        return self.entities[key]

    def spans_of(self, key: str) -> list[tuple[int, int]]:
        """The ``(start, end)`` of an entity's mentions, in text order."""
        return self._spans_of.get(key, [])

    def named(self, kind: str, name: str) -> list[str]:
        """Keys of the entities of ``kind`` whose name folds to ``fold(name)``, oldest first."""
        return self._named.get((kind, fold(name)), [])

    def _near(self, first: int, last: int) -> list[tuple[int, int, str]]:
        """Mentions that start in ``[first, last)``."""
        return self.spans[bisect.bisect_left(self._starts, first) : bisect.bisect_left(self._starts, last)]

    def covering(self, start: int, end: int) -> list[str]:
        """Keys of mentions that overlap ``[start, end)``, innermost-first."""
        hits = [(e - s, k) for s, e, k in self._near(start - self._longest, end) if start < e]
        return [k for _, k in sorted(hits)]

    def at(self, start: int, end: int) -> str | None:
        """The key of the smallest mention that contains ``[start, end)``."""
        inside = [(e - s, k) for s, e, k in self._near(start - self._longest, start + 1) if end <= e]
        return min(inside)[1] if inside else None

    def within(self, start: int, end: int) -> list[str]:
        """Keys of mentions lying inside ``[start, end)``, in text order, without repeats."""
        out: list[str] = []
        for _, e, k in self._near(start, end):
            if e <= end and k not in out:
                out.append(k)
        return out


def strip_article(name: str) -> str:
    """A name without a leading "the" ("The Guardian" is indexed as "Guardian" too)."""
    for article in _ARTICLES:
        if name.startswith(article):
            return name[len(article) :]
    return name
