"""Python interop as a notebook user meets it: records, pandas, shapes, HTML, sentences, subgraphs."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

import pandas as pd
import pytest
from golden.build import golden_graph

from eventgraph import Claim, Entity, EventGraph, Meeting, QueryError
from eventgraph.query import Result
from eventgraph.query.records import record_columns
from eventgraph.query.rows import COLUMNS

GRAPH = golden_graph()


# -- records and pandas --------------------------------------------------------------------------
def test_records_spread_nested_values_over_named_columns() -> None:
    result = GRAPH.query("claims by Lavrov")
    records = result.to_records()
    assert len(records) == len(result) > 0
    for row, flat in zip(result, records, strict=True):
        assert list(flat) == record_columns(result.columns)
        assert (flat["speaker"], flat["speaker_id"], flat["speaker_kind"]) == (
            row["speaker"]["name"],
            row["speaker"]["id"],
            "person",
        )
        assert flat["date_start"] == dt.date.fromisoformat(row["date"]["start"])
        assert (flat["document"], flat["document_id"]) == (row["document"]["path"], row["document"]["id"])
        assert (flat["span_start"], flat["span_end"]) == tuple(row["span"])
        assert flat["about"] == [e["name"] for e in row["about"]]


def test_to_pandas_gives_typed_columns() -> None:
    result = GRAPH.query("claims")
    frame = result.to_pandas()
    assert list(frame.columns) == record_columns(COLUMNS["claim"])
    assert len(frame) == len(result)
    assert pd.api.types.is_datetime64_any_dtype(frame["date_start"])
    assert pd.api.types.is_datetime64_any_dtype(frame["date_end"])
    assert str(frame["span_start"].dtype) == "Int64"
    undated = [i for i, row in enumerate(result) if row["date"] is None]
    assert undated and all(pd.isna(frame.loc[i, "date_start"]) for i in undated)
    dated = next(i for i, row in enumerate(result) if row["date"] is not None)
    assert frame.loc[dated, "date_start"].date().isoformat() == result[dated]["date"]["start"]
    by_speaker = frame.groupby("speaker").size()
    assert by_speaker["Sergey Lavrov"] == len(GRAPH.query("claims by Lavrov"))


@pytest.mark.parametrize(
    "query", ["meetings", "actors", "documents", "topics", "who met Stoltenberg", "who said", "count claims by speaker"]
)
def test_to_pandas_for_every_row_kind(query: str) -> None:
    result = GRAPH.query(query)
    frame = result.to_pandas()
    assert frame.shape == (len(result), len(record_columns(result.columns)))
    assert not any(isinstance(v, dict) for column in frame.columns for v in frame[column])


def test_path_steps_flatten_their_links() -> None:
    result = GRAPH.query("path from Grushko to Blinken")
    frame = result.to_pandas()
    assert list(frame["step"]) == list(range(1, len(result) + 1))
    assert list(frame["via_kind"]) == [r["via"]["kind"] for r in result]


def test_an_empty_result_still_has_its_columns() -> None:
    frame = GRAPH.query("claims by Lavrov about cheese").to_pandas()
    assert frame.empty and list(frame.columns) == record_columns(COLUMNS["claim"])


def test_shape_is_rows_by_columns_and_row_kind_says_what_rows_are() -> None:
    result = GRAPH.query("meetings")
    assert result.shape == (len(result), len(COLUMNS["meeting"]))
    assert result.row_kind == "meeting"
    assert "meeting rows" in repr(result)


# -- sentences ------------------------------------------------------------------------------------
def test_rows_carry_their_sentence_on_request() -> None:
    plain = GRAPH.query("claims by Lavrov")
    result = GRAPH.query("claims by Lavrov", sentences=True)
    assert "sentence" not in plain.columns and "sentence" not in plain[0]
    assert result.columns == [*COLUMNS["claim"], "sentence"]
    assert result.shape == (len(plain), len(COLUMNS["claim"]) + 1)
    for row in result:
        document = GRAPH.node(row["document"]["id"])
        start, end = row["sentence_span"]
        assert row["sentence"] == document.text[start:end]
        assert row["text"] in row["sentence"]
    assert "sentence" in result.to_csv().splitlines()[0].split(",")
    assert list(result.to_pandas()["sentence"]) == [r["sentence"] for r in result]


def test_said_rows_carry_their_claims_sentence() -> None:
    result = GRAPH.query("who said", sentences=True)
    for row in result:
        claim = GRAPH.node(row["claim"])
        assert row["sentence"] == claim.sentence.slice(GRAPH.source(claim.id).text)


# -- notebooks ----------------------------------------------------------------------------------------
def test_a_notebook_shows_a_result_as_an_html_table() -> None:
    result = GRAPH.query("claims by Lavrov")
    page = result._repr_html_()
    assert page.startswith("<table") and page.count("<tr>") == len(result) + 1
    assert "<th>speaker</th>" in page and "claims by Lavrov" in page
    for row in result:
        assert row["text"].replace("'", "&#x27;").replace('"', "&quot;") in page


def test_the_html_table_escapes_text_and_stops_after_fifty_rows() -> None:
    hostile = Result(
        [
            {"kind": "document", "id": f"d{i}", "path": "<script>", "title": "a & b", "published": None}
            for i in range(60)
        ],
        "document",
        query="documents",
    )
    page = hostile._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page and "a &amp; b" in page
    assert page.count("&lt;script&gt;") == 50
    assert "10 more rows" in page


def test_a_notebook_shows_a_graph_as_counts() -> None:
    page = GRAPH._repr_html_()
    counts = GRAPH.stats()
    assert f"{len(GRAPH)} nodes" in page
    assert f"<td>claim</td><td style='text-align:right'>{counts['claim']}</td>" in page
    assert f"<td>participant</td><td style='text-align:right'>{counts['participant edges']}</td>" in page


# -- subgraphs ----------------------------------------------------------------------------------------
def test_a_subgraph_holds_the_rows_what_they_name_and_their_documents(example_graph: EventGraph) -> None:
    query = "statements about sanctions"
    result = example_graph.query(query)
    sub = example_graph.subgraph(query)
    assert isinstance(sub, EventGraph)
    assert sorted(c.id for c in sub.claims()) == sorted(result.ids())
    for row in result:
        claim_id = row["id"]
        assert sub.speaker(claim_id) is not None or row["speaker"] is None
        assert {n.id for n in sub.about(claim_id)} == {n.id for n in example_graph.about(claim_id)}
        assert sub.source(claim_id) == example_graph.source(claim_id)
    assert sub.validate() == []
    assert {d.id for d in sub.documents()} == {r["document"]["id"] for r in result}
    for edge in sub.edges():
        assert any(e.kind is edge.kind for e in example_graph.edges(source=edge.source, target=edge.target))
    assert sub.query(query).ids() == result.ids()


@pytest.mark.parametrize(
    "query",
    ["meetings in December 2021", "who met Lavrov", "people", "documents", "topics", "who said", "claims by Lavrov"],
)
def test_every_kind_of_row_selects_its_nodes(query: str, example_graph: EventGraph) -> None:
    result = example_graph.query(query)
    sub = example_graph.subgraph(query)
    assert set(result.ids()) <= {n.id for n in sub.nodes()}
    assert sub.validate() == []
    for node in sub.nodes():
        if isinstance(node, Meeting):
            assert {p.id for p in sub.participants(node.id)} == {p.id for p in example_graph.participants(node.id)}
        if isinstance(node, (Claim, Meeting)):
            assert sub.source(node.id).id == node.document


def test_a_path_selects_its_entities_and_links(example_graph: EventGraph) -> None:
    result = example_graph.query("path from Scholz to Lavrov")
    assert len(result) > 0
    sub = example_graph.subgraph("path from Scholz to Lavrov")
    for step in result:
        assert {step["from"]["id"], step["to"]["id"], step["via"]["id"]} <= {n.id for n in sub.nodes()}


def test_a_count_selects_nothing_and_says_why(example_graph: EventGraph) -> None:
    with pytest.raises(QueryError, match="count query selects no nodes") as caught:
        example_graph.subgraph("count statements by speaker")
    assert "drop 'count'" in str(caught.value)


def test_a_subgraph_saves_and_loads_as_any_graph(example_graph: EventGraph, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sub = example_graph.subgraph("meetings with Stoltenberg")
    sub.save(tmp_path / "sub.eg")
    assert EventGraph.load(tmp_path / "sub.eg") == sub


# -- removing documents by the names `from` accepts --------------------------------------------------
def _names(path: str, document_id: str) -> list[str]:
    pure = PurePosixPath(path)
    return [document_id, path, "/".join(pure.parts[-2:]), pure.name, pure.stem, pure.stem.upper()]


def test_remove_document_accepts_every_name_from_accepts(example_graph: EventGraph) -> None:
    document = example_graph.documents()[0]
    claims = set(example_graph.query(f"claims from {document.id}").ids())
    for name in _names(document.path, document.id):
        assert set(example_graph.query(f'claims from "{name}"').ids()) == claims, name
        copy = example_graph.copy()
        removed = copy.remove_document(name)
        assert document.id in removed and claims <= removed, name
        assert document.id not in copy


def test_remove_document_says_when_a_name_fits_none_or_several(example_graph: EventGraph) -> None:
    copy = example_graph.copy()
    with pytest.raises(KeyError, match=r"did you mean 000_a578131154f69ca9\.txt"):
        copy.remove_document("000_a578131154f69ca8.txt")
    twin = EventGraph([*GRAPH.nodes()], [*GRAPH.edges()])
    doubled = twin.copy()
    for document in twin.documents():
        moved = document.__class__(
            id=document.id + "-copy", path="other/" + document.path, text=document.text, title=document.title
        )
        doubled.add(moved)
    name = PurePosixPath(twin.documents()[0].path).name
    before = len(doubled)
    with pytest.raises(KeyError, match="could be 2 documents"):
        doubled.remove_document(name)
    assert len(doubled) == before


def test_entities_survive_in_a_subgraph_under_the_names_its_documents_give(example_graph: EventGraph) -> None:
    sub = example_graph.subgraph("claims by Lavrov")
    lavrov = [e for e in sub.entities() if isinstance(e, Entity) and e.id == "person:sergey-lavrov"]
    assert lavrov and lavrov[0].name == "Sergey Lavrov"
