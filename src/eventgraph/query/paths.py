"""The shortest connection between two entities, through meetings and documents.

Two entities are one step apart when they took part in one meeting, or when one
document names both. The search goes breadth first; among the shortest paths it prefers
the one with the fewest document links (a meeting is the stronger tie), and breaks the
remaining ties by id, so the same graph always gives the same path.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from eventgraph.model import Document, Entity, Meeting
from eventgraph.packed import Relation
from eventgraph.query.context import Context
from eventgraph.query.rows import entity_ref

__all__ = ["shortest_path"]

Link = tuple[str, str, str]  # (previous entity, "meeting" or "document", via id)


def shortest_path(ctx: Context, source: str, target: str) -> list[dict[str, Any]]:
    """Step rows from ``source`` to ``target``; none when they are one entity or unconnected.

    Among the paths with fewest steps, the one with fewest document links wins; then the
    one whose entities and links sort first.
    """
    if source == target:
        return []
    came_from: dict[str, Link | None] = {source: None}
    cost: dict[str, int] = {source: 0}
    frontier = [source]
    while frontier and target not in came_from:
        reached = _reaching(ctx, frontier, target, cost)
        if reached is not None:  # the target is in the next level: the rest of that level is not needed
            cost[target], came_from[target] = reached
            break
        best: dict[str, tuple[int, Link]] = {}
        for entity in frontier:
            for via_kind in ("meeting", "document"):
                for via, other in _links(ctx, entity, via_kind):
                    if other in came_from:
                        continue
                    candidate = (cost[entity] + (via_kind == "document"), (entity, via_kind, via))
                    if other not in best or candidate < best[other]:
                        best[other] = candidate
        for other, (documents, link) in best.items():
            came_from[other] = link
            cost[other] = documents
        frontier = sorted(best)
    if target not in came_from:
        return []
    chain: list[tuple[str, Link]] = []
    current = target
    while (link := came_from[current]) is not None:
        chain.append((current, link))
        current = link[0]
    chain.reverse()
    return [_step(ctx, i, link, entity) for i, (entity, link) in enumerate(chain, 1)]


def _reaching(ctx: Context, frontier: list[str], target: str, cost: dict[str, int]) -> tuple[int, Link] | None:
    """The best link from the frontier to ``target`` (as the full search would rank it), or
    None when no frontier entity shares a meeting or a document with it. The links are
    looked for from whichever side has fewer meetings and documents."""
    index = ctx.index
    found: list[tuple[int, Link]] = []

    def degree(entity: str) -> int:
        return _size(index.participants, entity) + _size(index.mentioned_in, entity)

    if degree(target) < sum(degree(e) for e in frontier):
        near = set(frontier)
        for meeting in index.participants.get(target, ()):
            found.extend((cost[e], (e, "meeting", meeting)) for e in ctx.parties.get(meeting, ()) if e in near)
        for document in index.mentioned_in.get(target, ()):
            named = ctx.entities_in.get(document, ())
            found.extend((cost[e] + 1, (e, "document", document)) for e in named if e in near)
    else:
        for entity in frontier:
            for meeting in index.participants.get(entity, ()):
                if target in ctx.parties.get(meeting, ()):
                    found.append((cost[entity], (entity, "meeting", meeting)))
            for document in index.mentioned_in.get(entity, ()):
                if target in ctx.entities_in.get(document, ()):
                    found.append((cost[entity] + 1, (entity, "document", document)))
    return min(found) if found else None


def _size(relation: Mapping[str, Collection[str]], key: str) -> int:
    """How many values a key has (a snapshot's relation counts them without listing them)."""
    return relation.count(key) if isinstance(relation, Relation) else len(relation.get(key, ()))


def _links(ctx: Context, entity: str, via_kind: str) -> list[tuple[str, str]]:
    index = ctx.index
    out: list[tuple[str, str]] = []
    if via_kind == "meeting":
        for meeting in sorted(index.participants.get(entity, ())):
            out.extend((meeting, other) for other in sorted(ctx.parties.get(meeting, ())) if other != entity)
    else:
        for document in sorted(index.mentioned_in.get(entity, ())):
            out.extend((document, other) for other in sorted(ctx.entities_in.get(document, ())) if other != entity)
    return out


def _step(ctx: Context, number: int, link: Link, entity: str) -> dict[str, Any]:
    previous, via_kind, via_id = link
    via_node = ctx.graph.node(via_id)
    via: dict[str, Any] = {"kind": via_kind, "id": via_id}
    if isinstance(via_node, Meeting):
        via["text"] = via_node.text
    elif isinstance(via_node, Document):
        via["path"] = via_node.path
    start, end = ctx.graph.node(previous), ctx.graph.node(entity)
    assert isinstance(start, Entity) and isinstance(end, Entity)
    return {"kind": "step", "step": number, "from": entity_ref(start), "to": entity_ref(end), "via": via}
