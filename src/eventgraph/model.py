"""The typed values of the event graph: frozen, comparable, hashable.

Nodes are documents, entities (people, organisations, countries, places), meetings,
claims and topics; edges are typed links between them. Every value is immutable so the
graph can share them freely and two graphs compare equal exactly when their facts do.
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

__all__ = [
    "ALLOWED_EDGES",
    "Claim",
    "DateInterval",
    "Document",
    "Edge",
    "EdgeKind",
    "Entity",
    "EntityKind",
    "Meeting",
    "Mention",
    "Node",
    "NodeKind",
    "Span",
    "Topic",
    "node_kind",
]


class NodeKind(enum.StrEnum):
    """Every kind of node, as shown to users and written in saved graphs."""

    DOCUMENT = "document"
    PERSON = "person"
    ORGANISATION = "organisation"
    COUNTRY = "country"
    PLACE = "place"
    MEETING = "meeting"
    CLAIM = "claim"
    TOPIC = "topic"


class EntityKind(enum.StrEnum):
    """The kinds of named actor or location an entity can be."""

    PERSON = "person"
    ORGANISATION = "organisation"
    COUNTRY = "country"
    PLACE = "place"


class EdgeKind(enum.StrEnum):
    """Every kind of edge; ``ALLOWED_EDGES`` says which node kinds each may join."""

    SAID = "said"
    ABOUT = "about"
    MENTIONS = "mentions"
    SOURCE = "source"
    PARTICIPANT = "participant"
    HELD_IN = "held_in"
    CONVENED_BY = "convened_by"
    ROLE = "role"
    LOCATED_IN = "located_in"


_ACTORS = frozenset({NodeKind.PERSON, NodeKind.ORGANISATION, NodeKind.COUNTRY})
_ENTITIES = _ACTORS | {NodeKind.PLACE}
_LOCATIONS = frozenset({NodeKind.PLACE, NodeKind.COUNTRY})

ALLOWED_EDGES: dict[EdgeKind, tuple[frozenset[NodeKind], frozenset[NodeKind]]] = {
    EdgeKind.SAID: (_ACTORS, frozenset({NodeKind.CLAIM})),
    EdgeKind.ABOUT: (frozenset({NodeKind.CLAIM}), _ENTITIES | {NodeKind.TOPIC}),
    EdgeKind.MENTIONS: (frozenset({NodeKind.DOCUMENT}), _ENTITIES),
    EdgeKind.SOURCE: (frozenset({NodeKind.CLAIM, NodeKind.MEETING}), frozenset({NodeKind.DOCUMENT})),
    EdgeKind.PARTICIPANT: (_ACTORS, frozenset({NodeKind.MEETING})),
    EdgeKind.HELD_IN: (frozenset({NodeKind.MEETING}), _LOCATIONS),
    EdgeKind.CONVENED_BY: (frozenset({NodeKind.MEETING}), frozenset({NodeKind.ORGANISATION})),
    EdgeKind.ROLE: (frozenset({NodeKind.PERSON}), frozenset({NodeKind.ORGANISATION, NodeKind.COUNTRY})),
    EdgeKind.LOCATED_IN: (frozenset({NodeKind.PLACE}), _LOCATIONS),
}
"""For each edge kind: the node kinds allowed at its source and at its target."""


@attrs.frozen(order=True)
class DateInterval:
    """A closed interval of days: "February 2023" is 2023-02-01..2023-02-28.

    ``how`` records how the date was obtained (``explicit``, ``relative``, ``heading``,
    ``context``, ``inferred-year``...), so a reader can judge how far to trust it.
    """

    start: dt.date
    end: dt.date
    how: str = attrs.field(default="explicit", order=False)

    def __attrs_post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"date interval starts after it ends: {self.start} > {self.end}")

    @classmethod
    def day(cls, day: dt.date, how: str = "explicit") -> DateInterval:
        return cls(day, day, how)

    def overlaps(self, other: DateInterval) -> bool:
        return self.start <= other.end and other.start <= self.end

    def within(self, other: DateInterval) -> bool:
        return other.start <= self.start and self.end <= other.end

    def __str__(self) -> str:
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


@attrs.frozen(order=True)
class Span:
    """Character offsets ``[start, end)`` into a document's original text."""

    start: int
    end: int

    def __attrs_post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def slice(self, text: str) -> str:
        return text[self.start : self.end]

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@attrs.frozen(order=True)
class Mention:
    """One surface form of an entity at a place in a document. ``by_role`` marks a mention by
    title alone ("the minister"): it refers to the entity there, but is not one of its names."""

    surface: str
    start: int
    end: int
    by_role: bool = False

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@attrs.frozen
class Document:
    """A source text; its id is a hash of the text, so a copy under another name is one document."""

    id: str
    path: str
    text: str
    title: str = ""
    published: DateInterval | None = None

    @property
    def kind(self) -> NodeKind:
        return NodeKind.DOCUMENT


@attrs.frozen
class Entity:
    """A person, organisation, country or place: one real-world actor across documents.

    ``aliases`` holds every surface form seen for it (sorted, without duplicates).
    """

    id: str
    kind: EntityKind = attrs.field(converter=EntityKind)
    name: str
    aliases: tuple[str, ...] = attrs.field(default=(), converter=lambda v: tuple(sorted(set(v))))


@attrs.frozen
class Meeting:
    """An encounter of two or more parties that a document reports as held or scheduled."""

    id: str
    document: str
    kind: str
    span: Span
    text: str
    date: DateInterval | None = None
    status: str = "held"


@attrs.frozen
class Claim:
    """A statement attributed to a speaker: a direct quote or reported speech.

    ``text`` is the statement's content, verbatim: ``document.text[span]``. ``date`` is
    when it was made; ``period`` the time it is about, where the text says so.
    """

    id: str
    document: str
    text: str
    form: str
    cue: str
    span: Span
    sentence: Span
    date: DateInterval | None = None
    period: DateInterval | None = None


@attrs.frozen
class Topic:
    """A lower-case subject label, with the words that signalled it."""

    id: str
    label: str
    signals: tuple[str, ...] = attrs.field(default=(), converter=lambda v: tuple(sorted(set(v))))


Node = Document | Entity | Meeting | Claim | Topic


def node_kind(node: Node) -> NodeKind:
    """The kind of a node value."""
    if isinstance(node, Entity):
        return NodeKind(node.kind.value)
    if isinstance(node, Document):
        return NodeKind.DOCUMENT
    if isinstance(node, Claim):
        return NodeKind.CLAIM
    if isinstance(node, Meeting):
        return NodeKind.MEETING
    if isinstance(node, Topic):
        return NodeKind.TOPIC
    raise TypeError(f"not a node: {node!r}")


@attrs.frozen
class Edge:
    """A typed link; ``documents`` are the documents that support it.

    ``mentions`` are surface forms with spans (on ``mentions`` edges: where the document
    names the entity; on ``about`` edges: the words that signalled the topic). ``name`` is
    the name a ``mentions`` edge's document gives the entity, or, on an ``about`` edge,
    ``"context"`` when the topic was carried from the passage the statement continues
    rather than found in its words; ``title`` and ``interval`` describe a ``role``.
    """

    kind: EdgeKind = attrs.field(converter=EdgeKind)
    source: str
    target: str
    documents: tuple[str, ...] = attrs.field(default=(), converter=lambda v: tuple(sorted(set(v))))
    mentions: tuple[Mention, ...] = attrs.field(default=(), converter=lambda v: tuple(sorted(set(v))))
    name: str | None = None
    title: str | None = None
    interval: DateInterval | None = None

    @property
    def key(self) -> str:
        """Edges of one kind between two nodes are one edge, except roles with other titles."""
        return f"{self.kind.value}|{self.title}" if self.kind is EdgeKind.ROLE else self.kind.value
