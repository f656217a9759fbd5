"""Which actors are most central in the meeting network?

    python examples/central_actors.py [GRAPH]

Works on ``graph.nx``, the networkx view of the graph: every node has ``kind`` and
``value`` attributes, every edge ``kind`` and ``value``. Two actors are linked when they
took part in the same meeting (weighted by how many); degree centrality says who met
the most others, betweenness who connects otherwise separate groups, and modularity
communities who meets whom.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from itertools import combinations
from typing import TextIO

import networkx as nx
from example_graph import example_graph

from eventgraph import EdgeKind, EventGraph, NodeKind


def meeting_network(graph: EventGraph) -> nx.Graph:
    """Actors linked by the meetings they shared; ``weight`` counts the meetings, ``name`` names the actor."""
    view = graph.nx
    network = nx.Graph()
    for meeting, data in view.nodes(data=True):
        if data["kind"] is not NodeKind.MEETING:
            continue
        parties = sorted(u for u, _, edge in view.in_edges(meeting, data=True) if edge["kind"] is EdgeKind.PARTICIPANT)
        for actor in parties:
            network.add_node(actor, name=view.nodes[actor]["value"].name)
        for a, b in combinations(parties, 2):
            weight = network.get_edge_data(a, b, {"weight": 0})["weight"]
            network.add_edge(a, b, weight=weight + 1)
    return network


def answer(graph: EventGraph, out: TextIO = sys.stdout, top: int = 5) -> list[tuple[str, float]]:
    """The ``top`` actors by degree centrality, as (actor id, centrality), printed with betweenness and communities."""
    network = meeting_network(graph)
    degree = nx.degree_centrality(network)
    betweenness = nx.betweenness_centrality(network)
    ranked = sorted(degree.items(), key=lambda item: (-item[1], -betweenness[item[0]], item[0]))[:top]
    name = nx.get_node_attributes(network, "name")
    print(
        f"Which actors are most central in the meeting network? "
        f"{network.number_of_nodes()} actors, {network.number_of_edges()} pairs who met.\n",
        file=out,
    )
    print(f"  {'actor':<28} {'met':>4} {'degree':>7} {'betweenness':>12}", file=out)
    for actor, centrality in ranked:
        print(
            f"  {name[actor]:<28} {network.degree(actor):>4} {centrality:>7.2f} {betweenness[actor]:>12.2f}", file=out
        )
    communities = nx.community.greedy_modularity_communities(network, weight="weight")
    print("\nWho meets whom (communities by modularity):", file=out)
    for number, members in enumerate(communities, 1):
        print(f"  {number}. {', '.join(sorted(name[m] for m in members))}", file=out)
    return ranked


def main(argv: Sequence[str] = ()) -> None:
    answer(example_graph(argv))


if __name__ == "__main__":
    main(sys.argv[1:])
