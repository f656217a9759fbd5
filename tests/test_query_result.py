"""Results and the public API: rows follow the JSON contract; formats; explain; reuse."""

from __future__ import annotations

import csv
import io
import json

import attrs
import pytest
from golden.build import golden_graph
from rich.table import Table

import eventgraph.query
from eventgraph import Claim, Edge, EdgeKind, Span
from eventgraph.query import CompiledQuery, Result, compile_query
from eventgraph.query.rows import COLUMNS

GRAPH = golden_graph()


def test_the_public_api_is_frozen() -> None:
    assert eventgraph.query.__all__ == [
        "MAX_DEPTH",
        "MAX_LENGTH",
        "AmbiguousNameError",
        "CompiledQuery",
        "QueryError",
        "QueryLimitError",
        "QuerySyntaxError",
        "Reading",
        "Result",
        "UnknownNameError",
        "UnsupportedQueryError",
        "compile_query",
        "parse",
        "read",
    ]
    assert eventgraph.query.QueryError is eventgraph.QueryError


def test_graph_query_runs_the_language() -> None:
    result = GRAPH.query("claims by Lavrov")
    assert isinstance(result, Result)
    assert len(result) == 2


@pytest.mark.parametrize(
    ("query", "shape"),
    [
        ("claims", "claim"),
        ("meetings", "meeting"),
        ("actors", "entity"),
        ("places", "entity"),
        ("documents", "document"),
        ("topics", "topic"),
        ("who met Stoltenberg", "met"),
        ("who said", "said"),
        ("count claims by speaker", "count"),
        ("count claims by speaker by topic", "count2"),
        ("who met whom", "pair"),
        ("path from Grushko to Blinken", "step"),
    ],
)
def test_every_row_has_exactly_the_documented_keys(query: str, shape: str) -> None:
    result = GRAPH.query(query)
    assert result.columns == COLUMNS[shape]
    assert len(result) > 0
    for row in result:
        assert list(row) == COLUMNS[shape]
    assert json.loads(result.to_json()) == result.rows


def test_a_claim_row() -> None:
    (row,) = [r for r in GRAPH.query("claims by Blinken about sanctions")]
    assert row["kind"] == "claim"
    assert row["speaker"] == {"id": "person:antony-blinken", "name": "Antony Blinken", "kind": "person"}
    assert row["date"] == {"start": "2021-11-30", "end": "2021-12-01", "how": "explicit"}
    assert row["topics"] == ["sanctions"]
    assert [e["name"] for e in row["about"]] == ["Russia", "Ukraine"]
    assert row["document"] == {
        "id": "doc:riga",
        "path": "news/2021-12-01-riga.txt",
        "title": "NATO ministers meet in Riga",
    }
    document = GRAPH.node("doc:riga")
    assert document.text[row["span"][0] : row["span"][1]] == row["text"]
    sentence = document.text[row["sentence_span"][0] : row["sentence_span"][1]]
    assert row["text"] in sentence and sentence.endswith(".")


def test_a_meeting_row() -> None:
    (row,) = GRAPH.query("meetings of NATO")
    assert row["type"] == "ministerial"
    assert row["status"] == "held"
    assert [p["name"] for p in row["participants"]] == ["Antony Blinken", "Edgars Rinkēvičs", "Jens Stoltenberg"]
    assert row["organisations"] == [{"id": "organisation:nato", "name": "NATO", "kind": "organisation"}]
    assert row["place"]["name"] == "Latvian National Library"
    assert row["text"].startswith("NATO foreign ministers met in Riga")


def test_entity_document_and_topic_rows() -> None:
    (lavrov,) = GRAPH.query("people with Blinken without Stoltenberg")
    assert lavrov["aliases"] == ["Lavrov", "Sergei Lavrov", "Sergey Lavrov"]
    assert lavrov["documents"] == ["doc:brussels", "doc:geneva"]
    (kyiv,) = GRAPH.query("documents from kyiv-interview")
    assert kyiv["published"] is None
    (cyber,) = GRAPH.query("topics by Zelensky and from kyiv-interview and not by Blinken").rows[:1]
    assert cyber["label"] == "cyber"
    assert cyber["claims"] == 1  # of Zelensky's claims in that interview; the graph has 2 cyber claims
    assert GRAPH.query("topics").rows[0]["claims"] == 2


def test_who_met_rows_carry_their_source() -> None:
    (row,) = GRAPH.query("who met Lavrov")
    assert row["name"] == "Antony Blinken"
    assert row["meeting"] == "meeting:geneva"
    assert row["document"]["path"] == "news/2022-01-11-geneva.txt"
    assert "held talks in Geneva" in row["text"]


def test_json_lines_and_csv() -> None:
    result = GRAPH.query("claims by Stoltenberg")
    lines = result.to_jsonl().splitlines()
    assert [json.loads(line) for line in lines] == result.rows
    table = list(csv.reader(io.StringIO(result.to_csv())))
    assert table[0] == result.columns
    assert len(table) == len(result) + 1
    first = dict(zip(table[0], table[1], strict=True))
    assert first["speaker"] == "Jens Stoltenberg"
    assert first["date"] == "2021-11-30"
    assert first["document"] == "news/2021-12-01-riga.txt"


def test_plain_text_table() -> None:
    text = GRAPH.query("claims about expansion").to_table(width=80)
    lines = text.splitlines()
    assert lines[0].split() == ["date", "speaker", "text", "source"]
    assert all(len(line) <= 80 for line in lines)
    assert "2022-01-10" in text and "Sergey Lavrov" in text and "2022-01-11-geneva.txt" in text
    assert lines[-1] == "3 rows"


def test_a_long_text_is_trimmed_at_a_word() -> None:
    text = GRAPH.query('claims quoting "arms control"').to_table(width=70)
    cell = text.splitlines()[2].split("  ")
    trimmed = next(c for c in cell if c.endswith("…"))
    assert trimmed[:-1] in "the United States was ready to discuss arms control but would not accept a veto"
    assert not trimmed[:-1].endswith(" ")


def test_the_table_says_what_undated_rows_were_left_out() -> None:
    result = GRAPH.query("claims before 2022")
    assert result.undated_excluded == 3
    assert "3 undated left out" in result.to_table()


def test_an_empty_table() -> None:
    assert GRAPH.query("claims limit 0").to_table().splitlines()[-1] == "0 rows"


def test_a_table_without_its_footer() -> None:
    result = GRAPH.query("claims before 2022")
    assert len(result.to_table(footer=False).splitlines()) == len(result) + 2


def test_rich_table() -> None:
    table = GRAPH.query("meetings").to_rich()
    assert isinstance(table, Table)
    assert table.row_count == 8


def test_explain_shows_the_tree_and_the_plan_with_counts() -> None:
    text = compile_query("claims by Lavrov about expansion before 2023").explain(GRAPH)
    assert "Select" in text and "by Lavrov" in text
    assert "lookup by Sergey Lavrov  [index: said]  (estimated 2 rows, actual 2)" in text
    assert "check about" in text and "actual 1" in text
    assert text.endswith("rows: 1")


def test_the_planner_starts_from_the_most_selective_index() -> None:
    text = compile_query("claims from 2023-02-10-berlin by Scholz").explain(GRAPH)
    assert "1. lookup by Olaf Scholz" in text
    text = compile_query("meetings in 2022 with Stoltenberg").explain(GRAPH)
    assert "1. lookup with Jens Stoltenberg" not in text
    assert "1. lookup in 2022  [index: dated_between]  (estimated 3 rows" in text


def test_a_compiled_query_is_reusable_and_sees_graph_changes() -> None:
    query = compile_query("claims by Lavrov")
    assert isinstance(query, CompiledQuery)
    assert query.render() == "claims by Lavrov"
    graph = golden_graph()
    before = len(query.run(graph))
    text = graph.node("doc:brussels").text
    words = "Russian Foreign Minister Sergei Lavrov was not present."
    start = text.index(words)
    claim = Claim(
        "claim:extra",
        "doc:brussels",
        words,
        "reported",
        "said",
        Span(start, start + len(words)),
        Span(start, start + len(words)),
    )
    graph.add(claim)
    graph.link(Edge(EdgeKind.SOURCE, claim.id, "doc:brussels", ("doc:brussels",)))
    graph.link(Edge(EdgeKind.SAID, "person:sergey-lavrov", claim.id, ("doc:brussels",)))
    assert graph.validate() == []
    assert len(query.run(graph)) == before + 1
    assert len(query.run(GRAPH)) == before


def test_results_are_not_attrs_values_but_plain_rows() -> None:
    result = GRAPH.query("documents")
    assert not attrs.has(type(result.rows[0]))
    assert result[0] == result.rows[0]
    assert "documents" in repr(result)


def test_rows_are_a_plain_list_and_reading_by_index_gives_the_same_rows() -> None:
    result = GRAPH.query("claims")
    assert len(result) > 3
    first = [result[i] for i in range(3)]
    assert result[:3] == first and isinstance(result[:3], list)
    assert type(result.rows) is list
    assert result.rows[:3] == first
    assert json.loads(json.dumps(result.rows)) == result.rows  # the standard json module takes them as they are
    assert list(result) == result.rows


def test_lazy_rows_build_only_the_rows_read() -> None:
    from eventgraph.query.rows import LazyRows

    built: list[int] = []

    def build(n: int) -> dict[str, int]:
        built.append(n)
        return {"n": n}

    rows = LazyRows(list(range(1000)), build)
    assert len(rows) == 1000 and built == []
    assert rows[5] == {"n": 5} and rows[5] is rows[5]
    assert [r["n"] for r in rows[10:13]] == [10, 11, 12]
    assert built == [5, 10, 11, 12]
    assert rows == [{"n": n} for n in range(1000)]
