"""Properties of the event graph (DESIGN.md, "Invariants"): validity, merge laws, order
independence of ingestion, storage round trips, document removal, name and date lookups.

Graphs come from ``strategies.py``: fragments of random documents (one document and the
facts it alone supports, entities shared by id), merged, sometimes with gazetteer facts.
"""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from collections import defaultdict
from pathlib import Path

import attrs
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import (
    VOCABULARY,
    DocumentDraft,
    document_drafts,
    fragment,
    fragment_lists,
    graphs,
    merged,
)

from eventgraph import Claim, Entity, EventGraph, Meeting, Topic
from eventgraph.store import encode

SETTINGS = settings(
    max_examples=int(os.environ.get("EG_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _support(graph: EventGraph) -> dict[str, set[str]]:
    """For every node: the documents that support an edge touching it."""
    found: dict[str, set[str]] = defaultdict(set)
    for edge in graph.edges():
        found[edge.source].update(edge.documents)
        found[edge.target].update(edge.documents)
    return found


def _diff(a: EventGraph, b: EventGraph) -> str:
    """What two graphs disagree on, for assertion messages."""
    na, nb = {n.id: n for n in a.nodes()}, {n.id: n for n in b.nodes()}
    lines = [
        f"  node {i}: {na.get(i)!r} != {nb.get(i)!r}" for i in sorted(na.keys() | nb.keys()) if na.get(i) != nb.get(i)
    ]
    ea, eb = set(a.edges()), set(b.edges())
    lines += [f"  edge only in the first: {e!r}" for e in sorted(ea - eb, key=repr)]
    lines += [f"  edge only in the second: {e!r}" for e in sorted(eb - ea, key=repr)]
    return "graphs differ:\n" + "\n".join(lines)


def _shared_ids(a: EventGraph, b: EventGraph) -> set[str]:
    return {n.id for n in a.nodes()} & {n.id for n in b.nodes()}


# -- validity ---------------------------------------------------------------------------------
@SETTINGS
@given(graphs())
def test_generated_graphs_validate(graph: EventGraph) -> None:
    assert graph.validate() == []


@SETTINGS
@given(document_drafts())
def test_a_fragment_is_one_document_and_facts_only_it_supports(draft: DocumentDraft) -> None:
    graph = fragment(draft)
    doc = draft.document
    assert graph.validate() == []
    assert graph.documents() == [doc]
    for edge in graph.edges():
        assert edge.documents == (doc.id,), edge
    for fact in [*graph.claims(), *graph.meetings()]:
        assert fact.document == doc.id
        assert fact.span.slice(doc.text) == fact.text
    # every name the text gives an entity is one of its aliases
    for edge in graph.edges("mentions"):
        entity = graph.node(edge.target)
        assert {m.surface for m in edge.mentions} <= set(entity.aliases)  # type: ignore[union-attr]


@SETTINGS
@given(graphs(), graphs())
def test_merged_graphs_validate(a: EventGraph, b: EventGraph) -> None:
    assert a.merge(b).validate() == []


# -- merge laws -------------------------------------------------------------------------------
@SETTINGS
@given(graphs(), graphs())
def test_merge_is_commutative(a: EventGraph, b: EventGraph) -> None:
    ab, ba = a.merge(b), b.merge(a)
    assert ab == ba, _diff(ab, ba)


@SETTINGS
@given(graphs(max_documents=3), graphs(max_documents=3), graphs(max_documents=3))
def test_merge_is_associative(a: EventGraph, b: EventGraph, c: EventGraph) -> None:
    left, right = a.merge(b).merge(c), a.merge(b.merge(c))
    assert left == right, _diff(left, right)


@SETTINGS
@given(graphs())
def test_the_empty_graph_is_the_identity_of_merge(graph: EventGraph) -> None:
    for result in (graph.merge(EventGraph()), EventGraph().merge(graph)):
        assert result == graph, _diff(result, graph)


@SETTINGS
@given(graphs())
def test_merge_is_idempotent(graph: EventGraph) -> None:
    twice = graph.merge(graph)
    assert twice == graph, _diff(twice, graph)
    again = graph.copy()
    again.update(graph)
    assert again == graph, _diff(again, graph)


@SETTINGS
@given(graphs(), graphs())
def test_merge_leaves_its_inputs_alone(a: EventGraph, b: EventGraph) -> None:
    a_before, b_before = encode(a), encode(b)
    a.merge(b)
    assert (encode(a), encode(b)) == (a_before, b_before)


@SETTINGS
@given(fragment_lists(max_size=5), st.data())
def test_ingestion_is_order_independent_and_idempotent(fragments: list[EventGraph], data: st.DataObject) -> None:
    reference = merged(fragments)
    order = data.draw(st.permutations(fragments), label="order")
    repeats = data.draw(st.lists(st.sampled_from(fragments), max_size=3), label="ingested again")
    other = merged([*order, *repeats])
    assert other == reference, _diff(other, reference)
    assert encode(other) == encode(reference)


# -- storage ----------------------------------------------------------------------------------
@SETTINGS
@given(graph=graphs())
def test_save_then_load_gives_an_equal_graph(graph: EventGraph, tmp_path: Path) -> None:
    path = tmp_path / "graph.eg"
    graph.save(path)
    loaded = EventGraph.load(path)
    assert loaded == graph, _diff(loaded, graph)
    assert loaded.validate() == []
    assert encode(loaded) == path.read_bytes()


@SETTINGS
@given(graphs(), st.data())
def test_encoding_does_not_depend_on_the_order_facts_were_added(graph: EventGraph, data: st.DataObject) -> None:
    nodes = data.draw(st.permutations(list(graph.nodes())), label="nodes")
    edges = data.draw(st.permutations(list(graph.edges())), label="edges")
    rebuilt = EventGraph(nodes, edges)
    assert rebuilt == graph, _diff(rebuilt, graph)
    assert encode(rebuilt) == encode(graph)


# -- removing a document ----------------------------------------------------------------------
@st.composite
def graphs_and_a_document(draw: st.DrawFn) -> tuple[EventGraph, str]:
    graph = draw(graphs(max_documents=5).filter(lambda g: g.documents()))
    doc = draw(st.sampled_from(graph.documents()))
    return graph, doc.id


@SETTINGS
@given(graphs_and_a_document())
def test_removing_a_document_removes_exactly_what_only_it_supported(case: tuple[EventGraph, str]) -> None:
    before, doc = case
    support = _support(before)
    after = before.copy()
    removed = after.remove_document(doc)

    assert removed == {n.id for n in before.nodes()} - {n.id for n in after.nodes()}
    assert doc not in after
    for node in before.nodes():
        if isinstance(node, (Claim, Meeting)) and node.document == doc:
            assert node.id in removed  # its facts go with it
        elif isinstance(node, (Entity, Topic)) and support[node.id] == {doc}:
            assert node.id in removed, f"{node.id} was supported only by {doc}"
    for node_id in removed - {doc}:
        node = before.node(node_id)
        if isinstance(node, (Claim, Meeting)):
            assert node.document == doc
        else:
            assert support[node_id] <= {doc}, f"{node_id} was also supported by {support[node_id] - {doc}}"
    # every other edge stays, without the removed document among its supporters
    expected = {
        attrs.evolve(e, documents=tuple(d for d in e.documents if d != doc))
        for e in before.edges()
        if set(e.documents) != {doc} and e.source in after and e.target in after
    }
    assert set(after.edges()) == expected
    assert after.validate() == []


@SETTINGS
@given(fragment_lists(min_size=2, max_size=5))
def test_removing_a_fragment_that_shares_nothing_gives_back_the_rest(fragments: list[EventGraph]) -> None:
    *rest, last = fragments
    others = [f for f in rest if not _shared_ids(f, last)]
    assume(others)
    a = merged(others)
    both = a.merge(last)
    both.remove_document(last.documents()[0].id)
    assert both == a, _diff(both, a)


@SETTINGS
@given(fragment_lists(min_size=2, max_size=5), st.data())
def test_removing_a_fragment_that_shares_entities_keeps_them_supported(
    fragments: list[EventGraph], data: st.DataObject
) -> None:
    last = data.draw(st.sampled_from(fragments), label="removed")
    rest = [f for f in fragments if f is not last]
    a = merged(rest)
    both = a.merge(last)
    both.remove_document(last.documents()[0].id)
    support = _support(both)
    for entity in both.entities():
        assert support[entity.id], f"{entity.id} remains without a supporting document"
    assert both.validate() == []
    # the same nodes and the same support as before the document came; entities are named
    # again from the documents left (topic signals and role intervals keep what they saw)
    assert {n.id for n in both.nodes()} == {n.id for n in a.nodes()}
    assert {(e.kind, e.source, e.target, e.key, e.documents, e.mentions, e.name) for e in both.edges()} == {
        (e.kind, e.source, e.target, e.key, e.documents, e.mentions, e.name) for e in a.edges()
    }
    assert both.entities() == a.entities()


# -- lookups ----------------------------------------------------------------------------------
def _without_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@st.composite
def spellings(draw: st.DrawFn, name: str) -> str:
    """``name`` with random letter case, and its accents perhaps removed."""
    if draw(st.booleans()):
        name = _without_accents(name)
    flips = draw(st.lists(st.booleans(), min_size=len(name), max_size=len(name)))
    return "".join(c.upper() if up else c.lower() for c, up in zip(name, flips, strict=True))


@st.composite
def graphs_and_a_spelling(draw: st.DrawFn) -> tuple[EventGraph, Entity, str]:
    graph = draw(graphs().filter(lambda g: g.entities()))
    entity = draw(st.sampled_from(graph.entities()))
    alias = draw(st.sampled_from(entity.aliases))
    return graph, entity, draw(spellings(alias))


@SETTINGS
@given(graphs_and_a_spelling())
def test_name_lookups_ignore_case_and_accents(case: tuple[EventGraph, Entity, str]) -> None:
    graph, entity, spelling = case
    assert entity in graph.find(spelling)
    assert entity in graph.find(spelling, kinds=[entity.kind.value])
    others = [k for k in ("person", "organisation", "country", "place") if k != entity.kind.value]
    assert entity not in graph.find(spelling, kinds=others)
    # and nothing else: every entity found has a name that folds to the same key
    key = _without_accents(spelling).casefold()
    for found in graph.find(spelling):
        assert any(_without_accents(a).casefold() == key for a in found.aliases), found


@SETTINGS
@given(graphs(), st.sampled_from(["Nobody Special", "Atlantis", "Lavrova", "Riga Bay", "NATO-Russia Council"]))
def test_unknown_names_find_nothing(graph: EventGraph, name: str) -> None:
    assert name not in {n.name for n in VOCABULARY}
    assert graph.find(name) == []


DAYS = st.dates(dt.date(2018, 6, 1), dt.date(2025, 6, 30))


@SETTINGS
@given(graphs(), st.none() | DAYS, st.none() | DAYS)
def test_dated_between_agrees_with_a_scan(graph: EventGraph, start: dt.date | None, end: dt.date | None) -> None:
    assume(start is None or end is None or start <= end)
    expected = {
        fact.id
        for fact in [*graph.claims(), *graph.meetings()]
        if fact.date is not None
        and (start is None or fact.date.end >= start)
        and (end is None or fact.date.start <= end)
    }
    assert graph.index.dated_between(start, end) == expected
    undated = {f.id for f in [*graph.claims(), *graph.meetings()] if f.date is None}
    assert graph.index.undated == undated


@SETTINGS
@given(graphs(), document_drafts())
def test_the_index_follows_changes(graph: EventGraph, draft: DocumentDraft) -> None:
    graph.index  # built once, then the graph changes  # noqa: B018
    graph.update(fragment(draft))
    for entity in graph.entities():
        assert entity in graph.find(entity.name)
    dated = {f.id for f in [*graph.claims(), *graph.meetings()] if f.date is not None}
    assert graph.index.dated_between(None, None) == dated
