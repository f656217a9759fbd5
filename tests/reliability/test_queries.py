"""Queries typed in a hurry, and queries that would return everything.

The parser and executor are fuzzed in ``tests/test_query_properties.py``; here the limits
are met through the real command, and a query over a graph of more than a hundred
thousand claims must ask for ``limit`` before it builds a row.
"""

from __future__ import annotations

import functools
import json
import tracemalloc
from pathlib import Path

import pytest
from strategies import big_graph

import eventgraph.query.execute as execute
from eventgraph import Claim, Document, Edge, Entity, EventGraph, Span
from eventgraph.ids import content_id
from eventgraph.query import MAX_DEPTH, MAX_LENGTH, QueryLimitError

from .support import assert_clean, eventgraph


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("queries") / "small.eg"
    big_graph(6, seed=3, sentences=10).save(path)
    return path


# -- length and depth ------------------------------------------------------------------------------
TOO_DEEP = "claims by (" + "not " * (MAX_DEPTH + 1) + "Lavrov)"
LIMITS = {
    "too long": (
        "claims about " + "x" * MAX_LENGTH,
        f"error: the query is {MAX_LENGTH + 13} characters long; the limit is {MAX_LENGTH}",
    ),
    "too deep": (TOO_DEEP, f"error: the query nests `not`, `and`, `or` and parentheses more than {MAX_DEPTH} deep"),
    "too many parentheses": ("claims by " + "(" * 1500 + "Lavrov" + ")" * 1500, "error: the query is"),
}


@pytest.mark.parametrize(("query", "first"), LIMITS.values(), ids=LIMITS.keys())
def test_a_query_over_a_limit_is_a_clear_error_from_the_command(small: Path, query: str, first: str) -> None:
    done = eventgraph("query", small, query)
    assert done.returncode == 2
    assert_clean(done)
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert lines[0] == first or lines[0].startswith(first), lines
    assert lines[-1].startswith("hint: ")
    assert len(lines) <= 4  # the message, the query, perhaps a caret, the hint


def test_limits_hold_for_queries_read_from_a_file_and_from_standard_input(small: Path, tmp_path: Path) -> None:
    queries = tmp_path / "queries.txt"
    queries.write_text(f"people\n{TOO_DEEP}\n")
    for done in (
        eventgraph("query", small, "--file", queries),
        eventgraph("query", small, "-", stdin=f"people\n{TOO_DEEP}\n"),
    ):
        assert done.returncode == 2
        assert_clean(done)
        assert done.stdout == ""  # compiled before any runs
        assert "more than 32 deep" in done.stderr.splitlines()[0]


def test_debug_shows_the_traceback_of_a_query_error(small: Path) -> None:
    done = eventgraph("query", small, TOO_DEEP, "--debug")
    assert done.returncode == 2
    assert done.stderr.startswith("Traceback (most recent call last):")
    assert "QueryLimitError" in done.stderr
    assert "error: the query nests" in done.stderr


# -- results too large to hold ---------------------------------------------------------------------
def _claims(count: int) -> EventGraph:
    """One document, one speaker and ``count`` claims: built directly, in a few seconds."""
    sentence = "Lavrov said no. "
    text = sentence * count
    document = Document(content_id("doc", text), "big.txt", text, "big")
    lavrov = Entity("person:sergey-lavrov", "person", "Sergey Lavrov", ("Lavrov", "Sergey Lavrov"))
    nodes: list[object] = [document, lavrov]
    edges = []
    for i in range(count):
        start = i * len(sentence)
        claim = Claim(
            f"claim:{i:07d}",
            document.id,
            "no",
            "reported",
            "said",
            Span(start + 12, start + 14),
            Span(start, start + 15),
        )
        nodes.append(claim)
        edges.append(Edge("source", claim.id, document.id, documents=(document.id,)))
        edges.append(Edge("said", lavrov.id, claim.id, documents=(document.id,)))
    return EventGraph(nodes, edges)  # type: ignore[arg-type]


@functools.cache
def _huge() -> EventGraph:
    graph = _claims(execute.MAX_ROWS + 1)
    graph.query("claims limit 1")  # build the indexes now, outside the measurements
    return graph


@pytest.mark.slow
@pytest.mark.parametrize("query", ["claims", "statements by Lavrov", 'who said "no"'])
def test_a_query_over_the_row_limit_asks_for_limit_before_building_rows(query: str) -> None:
    graph = _huge()
    tracemalloc.start()
    try:
        with pytest.raises(QueryLimitError) as raised:
            graph.query(query)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    error = raised.value
    assert (
        error.message
        == f"the query would return {execute.MAX_ROWS + 1:,} rows; without `limit` the most is {execute.MAX_ROWS:,}"
    )
    assert "`limit N`" in (error.hint or "")
    assert error.query == query
    assert peak < 40 * 1024 * 1024, f"{peak / 1e6:.0f} MB: rows were built"  # the rows take over 100 MB


@pytest.mark.slow
def test_a_limit_or_a_count_answers_over_a_huge_graph() -> None:
    graph = _huge()
    result = graph.query("claims limit 3")
    assert [r["id"] for r in result] == ["claim:0000000", "claim:0000001", "claim:0000002"]
    assert f"then limit 3: {execute.MAX_ROWS + 1} -> 3 rows" in result.explain()
    assert len(graph.query('who said "no" limit 2')) == 2
    assert [r["count"] for r in graph.query("count claims")] == [execute.MAX_ROWS + 1]
    assert [r["count"] for r in graph.query("count claims by speaker")] == [execute.MAX_ROWS + 1]


@pytest.fixture
def low_cap(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(execute, "MAX_ROWS", 2)
    return 2


OVER_A_LOW_CAP = ["claims", "meetings", "people", "actors", "documents", "topics", "count claims by document"]


@pytest.mark.parametrize("query", OVER_A_LOW_CAP)
def test_the_row_limit_is_configurable_and_holds_for_every_statement(query: str, low_cap: int) -> None:
    graph = big_graph(6, seed=3, sentences=10)
    assert len(graph.query(f"{query} limit 100")) > low_cap
    with pytest.raises(QueryLimitError) as raised:
        graph.query(query)
    assert raised.value.message.endswith(f" rows; without `limit` the most is {low_cap}")
    assert len(graph.query(f"{query} limit {low_cap + 1}")) == low_cap + 1


def test_who_met_and_who_said_hold_the_row_limit_too(low_cap: int) -> None:
    graph = big_graph(6, seed=3, sentences=10)
    for query in ("who said", 'who said "the"', "who met Stoltenberg"):
        everything = graph.query(f"{query} limit 100")
        assert len(everything) > low_cap, query
        with pytest.raises(QueryLimitError):
            graph.query(query)
        assert graph.query(f"{query} limit {low_cap}").rows == everything.rows[:low_cap]


def test_a_result_at_the_row_limit_is_returned(low_cap: int) -> None:
    assert len(_claims(low_cap).query("claims")) == low_cap
    with pytest.raises(QueryLimitError):
        _claims(low_cap + 1).query("claims")


@pytest.mark.slow
def test_the_command_asks_for_limit_on_a_huge_result(tmp_path: Path) -> None:
    path = tmp_path / "huge.eg"
    _huge().save(path)
    queries = tmp_path / "queries.txt"
    queries.write_text("claims limit 3\ncount claims\nclaims\n")
    done = eventgraph("query", path, "--file", queries, "--format", "jsonl")
    assert done.returncode == 2
    assert_clean(done)
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r.get("id") for r in rows[:3]] == ["claim:0000000", "claim:0000001", "claim:0000002"]
    assert rows[3] == {"kind": "count", "group": None, "count": execute.MAX_ROWS + 1}
    assert done.stderr.splitlines() == [
        f"error: the query would return {execute.MAX_ROWS + 1:,} rows; without `limit` the most is {execute.MAX_ROWS:,}",
        "  claims",
        "hint: add `limit N` to take the first N, narrow it with more filters, or `count` them",
    ]
