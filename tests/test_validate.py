"""``validate()`` finds each kind of corruption, names the rule it breaks, and never raises.

Every test takes a valid random graph, breaks one invariant the way a careless caller
could (through ``graph.nx``, ``link``, or by mutating a frozen value in place) and checks
that validation reports exactly that rule, about exactly that subject.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import graphs

from eventgraph import (
    Claim,
    DateInterval,
    Document,
    Edge,
    EdgeKind,
    Entity,
    EventGraph,
    Meeting,
    Mention,
    NodeKind,
    Span,
    ValidationError,
)
from eventgraph.model import ALLOWED_EDGES, node_kind

SETTINGS = settings(
    max_examples=int(os.environ.get("EG_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
GHOST = "doc:0000000000000000"


def _rules(graph: EventGraph) -> set[str]:
    return {v.rule for v in graph.validate()}


def _subjects(graph: EventGraph, rule: str) -> set[str]:
    return {v.subject for v in graph.validate() if v.rule == rule}


def _graphs_with(has: Callable[[EventGraph], object]) -> st.SearchStrategy[EventGraph]:
    return graphs().filter(lambda g: bool(has(g)))


def _replace_node(graph: EventGraph, value: object) -> None:
    """Swap a node's value behind the graph's back (``add`` would merge, not replace)."""
    graph.nx.nodes[value.id]["value"] = value  # type: ignore[attr-defined]


def _replace_edge(graph: EventGraph, old: Edge, new: Edge) -> None:
    graph.nx.edges[old.source, old.target, old.key]["value"] = new


def _spoken(graph: EventGraph) -> list[Claim]:
    return [c for c in graph.claims() if graph.speaker(c.id) is not None]


def _actors(graph: EventGraph) -> list[Entity]:
    return [e for e in graph.entities() if e.kind.value != "place"]


# -- the corruptions the design names -----------------------------------------------------------
@SETTINGS
@given(graphs(), st.sampled_from(list(EdgeKind)), st.data())
def test_a_dangling_edge_made_through_networkx(graph: EventGraph, kind: EdgeKind, data: st.DataObject) -> None:
    assume(len(graph))
    node = data.draw(st.sampled_from(list(graph.nodes())))
    ghost = "person:nobody-at-all"
    source, target = data.draw(st.sampled_from([(node.id, ghost), (ghost, node.id)]), label="ends")
    edge = Edge(kind, source, target)
    graph.nx.add_edge(source, target, key=edge.key, value=edge, kind=kind)  # networkx adds a bare node
    assert "dangling-edge" in _rules(graph)
    assert _subjects(graph, "dangling-edge") == {f"{kind} {source} -> {target}"}


@SETTINGS
@given(graphs(), st.sampled_from(list(EdgeKind)), st.data())
def test_an_edge_joining_the_wrong_kinds(graph: EventGraph, kind: EdgeKind, data: st.DataObject) -> None:
    assume(len(graph))
    nodes = list(graph.nodes())
    u, v = data.draw(st.sampled_from(nodes), label="from"), data.draw(st.sampled_from(nodes), label="to")
    allowed_from, allowed_to = ALLOWED_EDGES[kind]
    assume(node_kind(u) not in allowed_from or node_kind(v) not in allowed_to)
    graph.link(Edge(kind, u.id, v.id))
    assert _subjects(graph, "edge-kinds") == {f"{kind} {u.id} -> {v.id}"}
    # a wrong `source` or `said` edge also gives a fact a second source or speaker
    assert _rules(graph) <= {"edge-kinds", "one-source", "one-speaker"}


@SETTINGS
@given(_graphs_with(lambda g: g.claims()), st.data())
def test_claim_text_that_is_not_the_document_text_at_its_span(graph: EventGraph, data: st.DataObject) -> None:
    claim = data.draw(st.sampled_from(graph.claims()))
    text = data.draw(st.sampled_from([claim.text + "!", claim.text[:-1], claim.text.upper() + "x", ""]))
    _replace_node(graph, attrs.evolve(claim, text=text))
    assert _rules(graph) == {"span-text"}
    assert _subjects(graph, "span-text") == {claim.id}


@SETTINGS
@given(_graphs_with(lambda g: g.claims()), st.data())
def test_a_claim_span_past_the_end_of_its_document(graph: EventGraph, data: st.DataObject) -> None:
    claim = data.draw(st.sampled_from(graph.claims()))
    end = len(graph.source(claim.id).text) + data.draw(st.integers(1, 5))
    _replace_node(graph, attrs.evolve(claim, span=Span(claim.span.start, end), sentence=Span(0, end)))
    assert _rules(graph) == {"span-text"}


@SETTINGS
@given(_graphs_with(lambda g: _spoken(g) and len(_actors(g)) >= 2), st.data())
def test_two_speakers_on_one_claim(graph: EventGraph, data: st.DataObject) -> None:
    claim = data.draw(st.sampled_from(_spoken(graph)))
    speaker = graph.speaker(claim.id)
    other = data.draw(st.sampled_from([e for e in _actors(graph) if e != speaker]))
    graph.link(Edge(EdgeKind.SAID, other.id, claim.id, (claim.document,)))
    assert _rules(graph) == {"one-speaker"}
    assert _subjects(graph, "one-speaker") == {claim.id}


def _dated(graph: EventGraph) -> list[tuple[str, str]]:
    """(node id, field) of every date interval held by a node."""
    return [
        (node.id, field)
        for node in graph.nodes()
        for field in ("date", "period", "published")
        if getattr(node, field, None) is not None
    ]


@SETTINGS
@given(_graphs_with(_dated), st.data())
def test_a_date_interval_that_ends_before_it_starts(graph: EventGraph, data: st.DataObject) -> None:
    node_id, field = data.draw(st.sampled_from(_dated(graph)))
    interval: DateInterval = getattr(graph.node(node_id), field)
    object.__setattr__(interval, "start", interval.end + dt.timedelta(days=data.draw(st.integers(1, 400))))
    assert _rules(graph) == {"date-order"}
    assert node_id in _subjects(graph, "date-order")


@SETTINGS
@given(_graphs_with(lambda g: list(g.edges("role"))), st.data())
def test_a_role_interval_that_ends_before_it_starts(graph: EventGraph, data: st.DataObject) -> None:
    role = data.draw(st.sampled_from(list(graph.edges("role"))))
    bad = DateInterval.day(dt.date(2022, 3, 1))
    object.__setattr__(bad, "end", dt.date(2021, 3, 1))
    _replace_edge(graph, role, attrs.evolve(role, interval=bad))
    assert _rules(graph) == {"date-order"}
    assert _subjects(graph, "date-order") == {f"role {role.source} -> {role.target}"}


@SETTINGS
@given(_graphs_with(lambda g: g.claims() or g.meetings()), st.data())
def test_a_missing_source_edge(graph: EventGraph, data: st.DataObject) -> None:
    fact = data.draw(st.sampled_from([*graph.claims(), *graph.meetings()]))
    graph.nx.remove_edge(fact.id, fact.document, key="source")
    assert _rules(graph) == {"one-source"}
    assert _subjects(graph, "one-source") == {fact.id}


@SETTINGS
@given(_graphs_with(lambda g: (g.claims() or g.meetings()) and len(g.documents()) >= 2), st.data())
def test_a_source_edge_to_another_document(graph: EventGraph, data: st.DataObject) -> None:
    fact = data.draw(st.sampled_from([*graph.claims(), *graph.meetings()]))
    other = data.draw(st.sampled_from([d for d in graph.documents() if d.id != fact.document]))
    graph.link(Edge(EdgeKind.SOURCE, fact.id, other.id, (other.id,)))
    assert _rules(graph) == {"one-source"}


@SETTINGS
@given(_graphs_with(lambda g: list(g.edges("mentions"))), st.data())
def test_a_mention_span_that_does_not_match_the_text(graph: EventGraph, data: st.DataObject) -> None:
    edge = data.draw(st.sampled_from(list(graph.edges("mentions"))))
    m = data.draw(st.sampled_from(edge.mentions))
    shifted = data.draw(
        st.sampled_from(
            [Mention(m.surface, m.start, m.end + 1), Mention(m.surface + "s", m.start, m.end), Mention(m.surface, 0, 0)]
        )
    )
    _replace_edge(graph, edge, attrs.evolve(edge, mentions=[*edge.mentions, shifted]))
    assert _rules(graph) == {"mention-span"}
    assert _subjects(graph, "mention-span") == {f"mentions {edge.source} -> {edge.target}"}


@SETTINGS
@given(_graphs_with(lambda g: [e for e in g.edges() if e.documents]), st.data())
def test_a_supporting_document_that_is_missing(graph: EventGraph, data: st.DataObject) -> None:
    edge = data.draw(st.sampled_from([e for e in graph.edges() if e.documents]))
    _replace_edge(graph, edge, attrs.evolve(edge, documents=[*edge.documents, GHOST]))
    assert _rules(graph) == {"edge-support"}
    assert _subjects(graph, "edge-support") == {f"{edge.kind} {edge.source} -> {edge.target}"}


@SETTINGS
@given(_graphs_with(lambda g: g.claims() or g.meetings()), st.data())
def test_a_document_removed_behind_the_graphs_back(graph: EventGraph, data: st.DataObject) -> None:
    fact = data.draw(st.sampled_from([*graph.claims(), *graph.meetings()]))
    graph.nx.remove_node(fact.document)  # its edges go too; the facts and other support stay
    rules = _rules(graph)
    assert "one-source" in rules
    assert fact.id in _subjects(graph, "one-source")
    assert rules <= {"one-source", "edge-support", "orphan"}


# -- more corruptions ---------------------------------------------------------------------------
@SETTINGS
@given(_graphs_with(lambda g: g.claims()), st.data())
def test_a_claim_outside_its_sentence(graph: EventGraph, data: st.DataObject) -> None:
    claim = data.draw(st.sampled_from(graph.claims()))
    _replace_node(graph, attrs.evolve(claim, sentence=Span(claim.span.start + 1, claim.span.end)))
    assert _rules(graph) == {"claim-sentence"}


@SETTINGS
@given(graphs())
def test_an_entity_joined_to_nothing(graph: EventGraph) -> None:
    graph.add(Entity("person:lonely-figure", "person", "Lonely Figure", ["Lonely Figure"]))
    assert _rules(graph) == {"orphan"}
    assert _subjects(graph, "orphan") == {"person:lonely-figure"}


@SETTINGS
@given(_graphs_with(lambda g: g.entities()), st.data())
def test_an_entity_whose_name_is_not_an_alias(graph: EventGraph, data: st.DataObject) -> None:
    entity = data.draw(st.sampled_from(graph.entities()))
    _replace_node(graph, attrs.evolve(entity, name=entity.name + " Jr"))
    assert _rules(graph) == {"entity-aliases"}


@SETTINGS
@given(_graphs_with(len), st.data())
def test_a_node_stored_under_another_id(graph: EventGraph, data: st.DataObject) -> None:
    node = data.draw(st.sampled_from(list(graph.nodes())))
    graph.nx.nodes[node.id]["value"] = attrs.evolve(node, id=node.id + "-moved")
    assert "node-id" in _rules(graph)
    assert node.id in _subjects(graph, "node-id")


@SETTINGS
@given(_graphs_with(len), st.data())
def test_a_node_filed_under_the_wrong_kind(graph: EventGraph, data: st.DataObject) -> None:
    node = data.draw(st.sampled_from(list(graph.nodes())))
    wrong = data.draw(st.sampled_from([k for k in NodeKind if k is not node_kind(node)]))
    graph.nx.nodes[node.id]["kind"] = wrong
    assert node.id in _subjects(graph, "node-kind")


@SETTINGS
@given(_graphs_with(lambda g: list(g.edges())), st.data())
def test_an_edge_stored_between_other_nodes(graph: EventGraph, data: st.DataObject) -> None:
    edge = data.draw(st.sampled_from(list(graph.edges())))
    _replace_edge(graph, edge, attrs.evolve(edge, target=edge.target + "-elsewhere"))
    assert "edge-key" in _rules(graph)


# -- reporting --------------------------------------------------------------------------------------
@SETTINGS
@given(_graphs_with(lambda g: _spoken(g) and len(_actors(g)) >= 2 and list(g.edges("mentions"))), st.data())
def test_every_corruption_is_reported_at_once(graph: EventGraph, data: st.DataObject) -> None:
    claim = data.draw(st.sampled_from(_spoken(graph)))
    graph.nx.remove_edge(claim.id, claim.document, key="source")
    graph.link(Edge(EdgeKind.SAID, next(e.id for e in _actors(graph) if e != graph.speaker(claim.id)), claim.id))
    graph.add(Entity("place:nowhere", "place", "Nowhere", ["Nowhere"]))
    edge = next(graph.edges("mentions"))
    _replace_edge(graph, edge, attrs.evolve(edge, documents=[GHOST]))
    found = graph.validate()
    assert {v.rule for v in found} == {"one-source", "one-speaker", "orphan", "edge-support"}
    assert found == sorted(found, key=lambda v: (v.rule, v.subject, v.detail))
    with pytest.raises(ValidationError) as raised:
        graph.check()
    assert raised.value.violations == found
    assert all(str(v) in str(raised.value) for v in found[:20])


def test_validation_of_a_hand_built_graph_names_each_problem() -> None:
    text = 'Lavrov said: "sanctions will not work."'
    doc = Document("doc:hand", "hand.txt", text)
    start = text.index("sanctions")
    claim = Claim(
        "claim:1", doc.id, "sanctions will not work", "quote", "said", Span(start, start + 23), Span(0, len(text))
    )
    lavrov = Entity("person:sergey-lavrov", "person", "Lavrov", ["Lavrov"])
    graph = EventGraph(
        [doc, claim, lavrov],
        [
            Edge("mentions", doc.id, lavrov.id, (doc.id,), [Mention("Lavrov", 0, 6)], name="Lavrov"),
            Edge("source", claim.id, doc.id, (doc.id,)),
            Edge("said", lavrov.id, claim.id, (doc.id,)),
        ],
    )
    assert graph.validate() == []
    meeting = Meeting("meeting:1", "doc:missing", "talks", Span(0, 5), "Lavro")
    graph.add(meeting)
    assert [(v.rule, v.subject) for v in graph.validate()] == [("one-source", "meeting:1"), ("one-source", "meeting:1")]
