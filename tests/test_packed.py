"""A graph loaded from a snapshot reads its arrays in place and answers as the graph that was saved.

Saved graphs (format version 2) are read as columns (``eventgraph.packed``): the loaded
graph decodes a node or an edge only when something reads it, and becomes a networkx
graph only when changed. These tests hold it to the in-memory graph: the same nodes,
edges, counts and query answers (random queries on random graphs, and the example
corpus's queries), the same graph after a change, and clear errors for a body whose
arrays or records do not hold what the format says.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import struct
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import big_graph, graphs, query_asts

from eventgraph import EventGraph, GraphFormatError
from eventgraph.columnar import pack, write_body
from eventgraph.errors import QueryError
from eventgraph.model import EdgeKind, Entity, EntityKind, NodeKind
from eventgraph.query import compile_query, prepare
from eventgraph.query.context import context
from eventgraph.store import VERSION, encode

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "newsroom.eg"


def _reloaded(graph: EventGraph, folder: Path) -> EventGraph:
    path = folder / "graph.eg"
    graph.save(path)
    loaded = EventGraph.load(path)
    assert loaded.packed is not None
    return loaded


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[EventGraph, EventGraph]:
    memory = EventGraph.load(EXAMPLE)
    memory.add(memory.node(memory.documents()[0].id))  # a change: the graph is networkx's from here on
    assert memory.packed is None
    return memory, _reloaded(memory, tmp_path_factory.mktemp("packed"))


def test_a_snapshot_is_written_as_version_2_and_read_in_place(example: tuple[EventGraph, EventGraph]) -> None:
    memory, packed = example
    header = orjson.loads(encode(memory).split(b"\n", 1)[0])
    assert header["version"] == VERSION == 2
    assert packed.packed is not None and len(packed.packed) == len(memory)


def test_the_loaded_graph_holds_the_same_nodes_edges_and_counts(example: tuple[EventGraph, EventGraph]) -> None:
    memory, packed = example
    assert [n.id for n in packed.nodes()] == [n.id for n in memory.nodes()]
    assert list(packed.nodes()) == list(memory.nodes())
    for kind in NodeKind:
        assert list(packed.nodes(kind)) == list(memory.nodes(kind))
    assert sorted(packed.edges(), key=_edge_key) == sorted(memory.edges(), key=_edge_key)
    assert packed.stats() == memory.stats()
    assert packed == memory and memory == packed
    some = memory.claims()[3]
    assert packed.node(some.id) == some and some.id in packed and "no:such-node" not in packed
    assert packed.get("no:such-node") is None
    with pytest.raises(KeyError):
        packed.node("no:such-node")
    for node in list(memory.nodes())[::7]:
        for way in ({"source": node.id}, {"target": node.id}):
            for kind in (None, *EdgeKind):
                got = sorted(packed.edges(kind, **way), key=_edge_key)  # type: ignore[arg-type]
                assert got == sorted(memory.edges(kind, **way), key=_edge_key)  # type: ignore[arg-type]
    claim = memory.claims()[0]
    assert packed.speaker(claim.id) == memory.speaker(claim.id)
    assert packed.find("Lavrov") == memory.find("Lavrov")
    assert packed.packed is not None  # reading never turned it into a networkx graph


def _edge_key(edge: Any) -> tuple[str, str, str, str]:
    return edge.source, edge.target, edge.kind.value, edge.title or ""


def _queries() -> list[str]:
    lines = (ROOT / "examples" / "queries.q").read_text(encoding="utf-8").splitlines()
    extra = [
        "count claims by speaker",
        "count claims by topic",
        "count claims by year",
        "count quotes by speaker",
        "quotes about NATO",
        "who met Blinken",
        "who met whom in 2022",
        "who said something about sanctions",
        "documents about NATO",
        "people who met Stoltenberg",
        "topics by Lavrov",
        "statements undated",
        "statements by Lavrov order by date desc limit 3",
        "path from Lavrov to Blinken",
    ]
    return [q.strip() for q in lines if q.strip() and not q.startswith("#")] + extra


def _answer(graph: EventGraph, text: str) -> tuple[str, Any]:
    try:
        result = graph.query(text)
    except QueryError as exc:
        return "error", str(exc)
    return "rows", (json.loads(result.to_json()), result.undated_excluded, result.canonical, result.explain())


@pytest.mark.parametrize("text", _queries())
def test_the_example_queries_answer_alike(example: tuple[EventGraph, EventGraph], text: str) -> None:
    memory, packed = example
    assert _answer(packed, text) == _answer(memory, text)
    assert packed.packed is not None


def test_queries_answer_alike_when_loading_makes_every_lookup(
    example: tuple[EventGraph, EventGraph], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    memory, _ = example
    monkeypatch.setattr(prepare, "LARGE", 0)  # what a large graph's loading makes, made for this small one
    packed = _reloaded(memory, tmp_path)
    assert "speaker codes" in context(packed).cache
    for text in _queries():
        assert _answer(packed, text) == _answer(memory, text), text


@settings(
    max_examples=int(os.environ.get("EG_EXAMPLES", "40")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    deadline=None,
)
@given(graph=graphs(max_documents=4), trees=st.lists(query_asts(), min_size=1, max_size=5))
def test_random_queries_answer_alike_on_random_graphs(graph: EventGraph, trees: list[Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        packed = _reloaded(graph, Path(folder))
        assert packed == graph
        for tree in trees:
            text = tree.render()
            try:
                compiled = compile_query(text)
            except QueryError:
                continue
            assert _answer(packed, compiled.text) == _answer(graph, compiled.text), text


def test_a_change_turns_it_into_the_graph_with_the_change(tmp_path: Path) -> None:
    memory = big_graph(4, seed=5, sentences=8)
    packed = _reloaded(memory, tmp_path)
    copy = packed.copy()
    entity = Entity(id="person:new-person", kind=EntityKind.PERSON, name="New Person")
    packed.add(entity)
    memory.add(entity)
    assert packed.packed is None and packed == memory
    assert copy.packed is not None and "person:new-person" not in copy  # a copy is its own graph
    document = memory.documents()[0]
    reloaded = _reloaded(memory, tmp_path)
    assert reloaded.remove_document(document.id) == memory.remove_document(document.id)
    assert reloaded == memory
    assert reloaded.nx.number_of_nodes() == memory.nx.number_of_nodes()


def test_a_loaded_graph_pickles_as_its_values(tmp_path: Path) -> None:
    memory = big_graph(3, seed=4, sentences=6)
    packed = _reloaded(memory, tmp_path)
    copy = pickle.loads(pickle.dumps(packed))
    assert copy == memory and copy.packed is None
    assert copy.query("claims").to_records() == memory.query("claims").to_records()


def test_a_subgraph_of_a_loaded_graph_equals_the_in_memory_subgraph(example: tuple[EventGraph, EventGraph]) -> None:
    memory, packed = example
    for text in ("claims by Lavrov", "meetings with Stoltenberg", "people who met Blinken"):
        assert packed.subgraph(text) == memory.subgraph(text)


_POSTINGS = (("claims", "said"), ("claims", "about"), ("claims", "by_document"), ("meetings", "participants"))


@pytest.mark.parametrize(("family", "relation"), _POSTINGS)
def test_each_key_s_postings_are_the_facts_the_in_memory_index_gives(
    example: tuple[EventGraph, EventGraph], family: str, relation: str
) -> None:
    memory, packed = example
    loaded, held = context(packed), context(memory)
    keys = list(getattr(loaded.index, relation))
    assert keys
    for key in [*keys, "no:such-key"]:
        found = loaded.postings(family, relation, key)
        expected = held.postings(family, relation, key)
        assert loaded.columns(family).ids_of(found) == held.columns(family).ids_of(expected), key  # type: ignore[union-attr]
        assert not found.flags.writeable  # shared slices of one array: a change would reach every query
    numbers = loaded.fact_postings(family, relation)
    assert numbers.bounds[-1] == len(numbers.facts) and bool(np.all(np.diff(numbers.bounds) >= 0))


def _large_containers(roots: list[object], size: int) -> list[tuple[str, int]]:
    """The containers the cyclic collector tracks, reachable from ``roots``, that hold ``size`` items or more."""
    import gc
    import types

    seen: set[int] = set()
    stack, found = list(roots), []
    while stack:
        item = stack.pop()
        if id(item) in seen or isinstance(item, (type, types.ModuleType, types.FunctionType)):
            continue
        seen.add(id(item))
        if isinstance(item, (list, dict, set, frozenset, tuple)) and gc.is_tracked(item) and len(item) >= size:
            found.append((type(item).__name__, len(item)))
        stack.extend(gc.get_referents(item))
    return found


def test_loading_leaves_no_container_the_collector_walks_that_grows_with_the_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every pass of the cyclic collector walks each tracked container's items: a list of a
    million ids or a set of a million claims makes passes that take a tenth of a second,
    at unforeseen moments of later queries."""
    monkeypatch.setattr(prepare, "LARGE", 0)  # what a large graph's loading makes
    packed = _reloaded(big_graph(40, seed=3), tmp_path)
    claims = packed.stats()["claim"]
    assert claims > 300
    ctx = context(packed)
    packed.query("statements by Lavrov about sanctions in 2022")
    packed.query("people who met Lavrov")
    assert _large_containers([packed, ctx], claims) == []
    assert ctx.domains["claims"].ids == {c.id for c in packed.claims()}  # made when asked for
    assert _large_containers([packed, ctx], claims) == [("frozenset", claims)]  # and then seen by this test


# -- bodies that break the format, with a valid checksum ----------------------------------------------
def _file(sections: dict[str, Any], folder: Path) -> Path:
    body = write_body(sections)
    header = {"format": "eventgraph", "version": 2, "length": len(body), "sha256": hashlib.sha256(body).hexdigest()}
    path = folder / "hostile.eg"
    path.write_bytes(orjson.dumps(header) + b"\n" + body)
    return path


def _sections() -> dict[str, Any]:
    return {
        k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in pack(big_graph(3, seed=2, sentences=6)).items()
    }


def _said(sections: dict[str, Any]) -> int:
    return int(np.flatnonzero(sections["edge_kind"] == list(EdgeKind).index(EdgeKind.SAID))[0])


def _refused(path: Path) -> str:
    with pytest.raises(GraphFormatError) as raised:
        EventGraph.load(path)
    assert raised.value.path == str(path)
    return raised.value.reason


def test_an_edge_to_a_node_that_is_not_there(tmp_path: Path) -> None:
    sections = _sections()
    sections["edge_target"][_said(sections)] = len(sections["ids"]) + 5
    assert "an edge names a node that is not in the graph" in _refused(_file(sections, tmp_path))


def test_an_edge_between_the_wrong_kinds(tmp_path: Path) -> None:
    sections = _sections()
    said = _said(sections)
    sections["edge_kind"][said] = list(EdgeKind).index(EdgeKind.HELD_IN)
    assert f"bad content at edges[{said}].kind: a held_in edge may not join" in _refused(_file(sections, tmp_path))


def test_ids_out_of_order(tmp_path: Path) -> None:
    sections = _sections()
    sections["ids"] = list(reversed(sections["ids"]))
    assert "node ids are not unique and sorted" in _refused(_file(sections, tmp_path))


def test_a_fact_whose_document_is_not_a_document(tmp_path: Path) -> None:
    sections = _sections()
    fact = int(np.flatnonzero(sections["fact_document"] >= 0)[0])
    sections["fact_document"][fact] = fact
    assert "a fact's document is not a document of the graph" in _refused(_file(sections, tmp_path))


def test_a_missing_section(tmp_path: Path) -> None:
    sections = _sections()
    del sections["edge_kind"]
    assert "lacks the sections edge_kind" in _refused(_file(sections, tmp_path))


def test_a_manifest_that_points_outside_the_body(tmp_path: Path) -> None:
    body = write_body(_sections())
    (length,) = struct.unpack_from("<Q", body, 0)
    manifest = orjson.loads(body[8 : 8 + length])
    manifest["sections"]["kinds"][1] = 10**12
    written = orjson.dumps(manifest)
    head = struct.pack("<Q", len(written)) + written
    head += bytes(-len(head) % 8)
    sections = body[(8 + length + 7) // 8 * 8 :]
    path = tmp_path / "hostile.eg"
    patched = head + sections
    header = {
        "format": "eventgraph",
        "version": 2,
        "length": len(patched),
        "sha256": hashlib.sha256(patched).hexdigest(),
    }
    path.write_bytes(orjson.dumps(header) + b"\n" + patched)
    assert "section 'kinds' lies outside the body" in _refused(path)


def test_a_damaged_record_is_named_when_it_is_read(tmp_path: Path) -> None:
    sections = _sections()
    claims = [i for i, node_id in enumerate(sections["ids"]) if node_id.startswith("claim:")]
    records = bytes(sections["node_records"])
    at = sections["node_at"]
    number = claims[0]
    record = orjson.loads(records[at[number] : at[number + 1]])
    record["span"] = "everywhere"
    replaced = orjson.dumps(record)
    sections["node_records"] = records[: at[number]] + replaced + records[at[number + 1] :]
    shift = len(replaced) - int(at[number + 1] - at[number])
    sections["node_at"] = np.concatenate((at[: number + 1], at[number + 1 :] + shift))
    graph = EventGraph.load(_file(sections, tmp_path))
    with pytest.raises(GraphFormatError) as raised:
        graph.node(sections["ids"][number])
    assert raised.value.reason == f"bad content at nodes[{number}].span: a span is [start, end]"
