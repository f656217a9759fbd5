"""Empty results explain themselves: the filter that emptied them, and a query that finds something."""

from __future__ import annotations

import re

import pytest
from golden.build import golden_graph

from eventgraph import EventGraph
from eventgraph.query import compile_query

GRAPH = golden_graph()


def why(query: str, graph: EventGraph = GRAPH) -> str:
    return compile_query(query).run(graph).explain_empty()


def test_a_result_with_rows_has_nothing_to_explain() -> None:
    assert why("claims by Lavrov") == ""


def test_a_claim_has_one_speaker() -> None:
    text = why("claims by Grushko and Lavrov")
    assert text.startswith("a claim has one speaker: `claims by Grushko or by Lavrov` gives 3 rows")
    assert len(compile_query("claims by Grushko or by Lavrov").run(GRAPH)) == 3
    assert "one speaker" in why("statements by (Lavrov and Stoltenberg) about NATO")


def test_undated_facts_left_out_and_the_query_that_takes_them_in() -> None:
    text = why("claims by Zelensky before 2023")
    assert "2 undated statements left out by `before 2023`" in text
    widened = "claims by Zelensky before 2023 or undated"
    assert f"`{widened}` gives 2 rows" in text
    assert len(compile_query(widened).run(GRAPH)) == 2


def test_a_filter_that_finds_nothing_on_its_own() -> None:
    text = why("claims about zzyzx")
    assert text == "`about zzyzx` finds no statements: no topic or name is 'zzyzx'"
    close = why("claims about sanctionz")
    assert "(close: sanctions" in close


def test_a_topic_no_claim_is_tagged_with_and_the_claims_that_mention_the_word() -> None:
    graph = golden_graph()
    text = why("claims about missiles", graph)
    assert "none is tagged weapons ('missiles' is a term of it)" in text
    assert "row" not in text, "nothing mentions missiles either"
    assert why("claims by Grushko about defence") == (
        "every filter finds some statements, but none passes them all:\n"
        "  without `by Grushko`: 3 rows\n"
        "  without `about defence`: 1 row"
    )


def test_filters_that_find_something_alone_but_nothing_together() -> None:
    text = why("claims by Lavrov before 2021")
    assert text.splitlines()[0] == "every filter finds some statements, but none passes them all:"
    assert "  without `before 2021`: 2 rows, dated 2022-01-10" in text.splitlines()
    assert "  without `by Lavrov`: 1 row" in text.splitlines()


def test_an_empty_count_is_explained_too() -> None:
    assert "one speaker" in why("count claims by Grushko and Lavrov")


def test_who_met_and_who_met_whom() -> None:
    assert why("who met Lavrov in 2015") == "`in 2015` finds no meetings"
    assert why("who met whom in 2015").startswith("1 undated meeting left out by `in 2015`; `or undated` takes it in")
    assert "without `in 2022`: 1 row, dated 2018-12-03" in why('meetings with "May" in 2022')
    assert why("who said about zzyzx") == "`about zzyzx` finds no statements: no topic or name is 'zzyzx'"


def test_an_empty_graph() -> None:
    assert why("claims about sanctions", EventGraph()) == "the graph has no statements"
    assert why("meetings", EventGraph()) == "the graph has no meetings"


@pytest.mark.parametrize(
    "query",
    ["claims by Grushko and Lavrov", "claims by Zelensky before 2023", "claims by Lavrov before 2021"],
)
def test_every_suggested_query_runs(query: str) -> None:
    text = why(query)
    offered = re.findall(r"`([^`]+)` gives (\d+) rows?", text)
    for suggestion, rows in offered:
        assert len(compile_query(suggestion).run(GRAPH)) == int(rows)
