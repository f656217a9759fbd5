"""How two values for the same id become one, the same way whatever the order.

Every rule here is commutative and associative (a union, or the least element of a
total order), so merging graphs in any order and grouping gives one result.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TypeVar

import attrs

from eventgraph.model import DateInterval, Document, Edge, Entity, Node, Topic

__all__ = ["hull", "merge_edges", "merge_nodes", "name_rank", "pick_name"]

T = TypeVar("T")


def _least(a: T, b: T) -> T:
    """The smaller of two values of one class, by their fields' text: a total order."""
    return a if _order_key(a) <= _order_key(b) else b


def _order_key(value: object) -> str:
    return repr(attrs.astuple(value, recurse=True)) if attrs.has(type(value)) else repr(value)


def hull(a: DateInterval | None, b: DateInterval | None) -> DateInterval | None:
    """The smallest interval holding both (None counts as nothing known)."""
    if a is None or b is None:
        return a or b
    if a == b:
        return a
    return DateInterval(min(a.start, b.start), max(a.end, b.end), "observed")


def name_rank(name: str) -> tuple[int, int, str]:
    """Sort key of candidate names, best first: full names, then longer, then alphabetical."""
    return (-min(len(name.split()), 3), -len(name), name)


def pick_name(names: Iterable[str]) -> str:
    """The canonical name: the one most documents use, then by ``name_rank``."""
    counts = Counter(names)
    return min(counts, key=lambda n: (-counts[n], *name_rank(n)))


def merge_nodes(a: Node, b: Node) -> Node:
    """One value from two with the same id."""
    if a == b:
        return a
    if type(a) is not type(b):
        raise TypeError(f"two kinds of node share the id {a.id!r}")
    if isinstance(a, Entity) and isinstance(b, Entity):
        name = min((a.name, b.name), key=name_rank)
        return attrs.evolve(a, name=name, aliases=(*a.aliases, *b.aliases, a.name, b.name))
    if isinstance(a, Topic) and isinstance(b, Topic):
        return attrs.evolve(a, signals=(*a.signals, *b.signals))
    if isinstance(a, Document) and isinstance(b, Document):
        return Document(
            id=a.id,
            path=min(a.path, b.path),
            text=a.text,
            title=min((a.title, b.title), key=lambda t: (not t, t)),
            published=_least_date(a.published, b.published),
        )
    return _least(a, b)


def _least_date(a: DateInterval | None, b: DateInterval | None) -> DateInterval | None:
    if a is None or b is None:
        return a or b
    return _least(a, b)


def merge_edges(a: Edge, b: Edge) -> Edge:
    """One edge from two of the same kind between the same nodes: support and forms united."""
    if a == b:
        return a
    return attrs.evolve(
        a,
        documents=(*a.documents, *b.documents),
        mentions=(*a.mentions, *b.mentions),
        name=min((n for n in (a.name, b.name) if n is not None), key=name_rank, default=None),
        interval=hull(a.interval, b.interval),
    )
