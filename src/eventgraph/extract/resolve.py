"""One entity per real-world actor across documents.

Documents are extracted one by one, so one person may arrive under several ids: a
surname alone ("Stoltenberg"), a transliteration ("Sergei"/"Sergey"), a typo. Resolution
clusters entity nodes of the whole graph and renames each cluster to the id of its best
name. It is a function of the set of entities, so it does not depend on the order the
documents came in, and running it twice changes nothing.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from eventgraph.extract.lexical import edit_distance
from eventgraph.graph import EventGraph
from eventgraph.ids import fold
from eventgraph.merging import name_rank
from eventgraph.model import ALLOWED_EDGES, Edge, EdgeKind, Entity, EntityKind, node_kind

__all__ = ["resolve_entities"]


def resolve_entities(graph: EventGraph) -> EventGraph:
    """A graph in which entities that name the same actor are one node."""
    mapping = _clusters(graph)
    if all(old == new for old, new in mapping.items()):
        return graph
    return _renamed(graph, mapping)


def _clusters(graph: EventGraph) -> dict[str, str]:
    people = graph.entities(EntityKind.PERSON)
    links = nx.Graph()
    links.add_nodes_from(e.id for e in graph.entities())
    full = [p for p in people if len(p.name.split()) >= 2 and "(" not in p.name]
    by_last: dict[str, list[Entity]] = defaultdict(list)
    for person in full:
        by_last[fold(person.name.split()[-1])].append(person)
    for i, a in enumerate(full):
        for b in full[i + 1 :]:
            if _variants(a.name, b.name):
                links.add_edge(a.id, b.id)
    # a surname alone joins the one full name that ends with it; an "organisation" that is only a
    # person's surname is that person, typed wrongly by the tagger in the document that named it so
    single = [p for p in people if len(p.name.split()) == 1]
    single += [o for o in graph.entities(EntityKind.ORGANISATION) if len(o.name.split()) == 1 and not o.name.isupper()]
    for entity in single:
        owners = by_last.get(fold(entity.name), [])
        if owners and len({_cluster_key(links, o.id) for o in owners}) == 1:
            links.add_edge(entity.id, owners[0].id)
    mapping: dict[str, str] = {}
    for component in nx.connected_components(links):
        members = [graph.node(i) for i in component]
        best = min(  # a person over a mistyped organisation, then the name most documents use
            members,
            key=lambda e: (e.kind is not EntityKind.PERSON, -_documents(graph, e.id), *name_rank(e.name)),  # type: ignore[union-attr]
        )
        for member in component:
            mapping[member] = best.id  # type: ignore[union-attr]
    return mapping


def _cluster_key(links: nx.Graph, node: str) -> frozenset[str]:
    return frozenset(nx.node_connected_component(links, node))


def _variants(a: str, b: str) -> bool:
    """Two full names of one person: same surname and a first name spelt alike, or a one-letter surname slip."""
    pa, pb = fold(a).split(), fold(b).split()
    if pa == pb:
        return True
    first_a, first_b, last_a, last_b = pa[0], pb[0], pa[-1], pb[-1]
    if last_a == last_b:
        return first_a == first_b or (first_a[:3] == first_b[:3] and edit_distance(first_a, first_b, 2) <= 2)
    if first_a == first_b and min(len(last_a), len(last_b)) >= 5 and last_a[:3] == last_b[:3]:
        return edit_distance(last_a, last_b, 2) <= 2
    return False


def _documents(graph: EventGraph, entity_id: str) -> int:
    return sum(1 for _ in graph.edges(EdgeKind.MENTIONS, target=entity_id))


def _renamed(graph: EventGraph, mapping: dict[str, str]) -> EventGraph:
    out = EventGraph()
    for node in graph.nodes():
        if isinstance(node, Entity) and mapping.get(node.id, node.id) != node.id:
            target = graph.node(mapping[node.id])
            node = Entity(target.id, target.kind, target.name, aliases=(*node.aliases, node.name))  # type: ignore[union-attr]
        out.add(node)
    for edge in graph.edges():
        source = mapping.get(edge.source, edge.source)
        target = mapping.get(edge.target, edge.target)
        if source == target and edge.kind is not EdgeKind.SAID:
            continue
        allowed_from, allowed_to = ALLOWED_EDGES[edge.kind]
        if node_kind(out.node(source)) not in allowed_from or node_kind(out.node(target)) not in allowed_to:
            continue  # e.g. a role "in" an organisation that turned out to be a person
        out.link(Edge(edge.kind, source, target, edge.documents, edge.mentions, edge.name, edge.title, edge.interval))
    return out
