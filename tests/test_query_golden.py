"""Every query in tests/golden/queries.json against the hand-built graph in graph.json."""

from __future__ import annotations

import json
from typing import Any

import pytest
from golden.build import HERE, golden_graph

from eventgraph.errors import QueryError
from eventgraph.query import compile_query

CASES: list[dict[str, Any]] = json.loads((HERE / "queries.json").read_text(encoding="utf-8"))["queries"]


@pytest.fixture(scope="module")
def graph():
    return golden_graph()


def test_the_golden_graph_is_valid(graph):
    assert graph.validate() == []


def test_every_case_is_unique():
    queries = [c["q"] for c in CASES]
    assert len(queries) == len(set(queries))


def _steps(rows: list[dict[str, Any]]) -> list[list[str]]:
    return [[r["from"]["id"], r["via"]["id"], r["to"]["id"]] for r in rows]


@pytest.mark.parametrize("case", CASES, ids=[c["q"] or "<empty>" for c in CASES])
def test_golden(case: dict[str, Any], graph) -> None:
    query = case["q"]
    if "error" in case:
        with pytest.raises(QueryError) as caught:
            compile_query(query).run(graph)
        error = caught.value
        shown = f"\n{error.render()}"
        assert getattr(error, "kind", None) == case["error"], f"{query!r}: wrong kind of error{shown}"
        if "position" in case:
            assert error.position == case["position"], f"{query!r}: error at the wrong place{shown}"
        if "message" in case:
            assert case["message"] in error.message, f"{query!r}: unexpected message{shown}"
        assert error.query == query, "an error must carry the query text"
        return
    result = compile_query(query).run(graph)
    explained = f"\n--- explain ---\n{result.explain()}"
    if "ids" in case:
        got = [r.get("id") for r in result.rows]
        missing = [i for i in case["ids"] if i not in got]
        extra = [i for i in got if i not in case["ids"]]
        assert got == case["ids"], (
            f"{query!r}\n  expected: {case['ids']}\n  got:      {got}\n"
            f"  missing:  {missing}\n  extra:    {extra}{explained}"
        )
    if "rows" in case:
        assert result.rows == case["rows"], f"{query!r}\n  expected: {case['rows']}\n  got:      {result.rows}"
    if "steps" in case:
        assert _steps(result.rows) == case["steps"], f"{query!r}: path {_steps(result.rows)}"
    if "count" in case:
        assert len(result) == case["count"], f"{query!r}: {len(result)} rows, expected {case['count']}{explained}"
    if "undated_excluded" in case:
        assert result.undated_excluded == case["undated_excluded"], f"{query!r}: undated_excluded{explained}"
