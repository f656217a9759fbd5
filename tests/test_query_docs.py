"""docs/query-language.md cannot drift: its examples parse, run and show what they say.

The page counts rows on the example graph shipped as ``examples/newsroom.eg``, which is
the golden graph of the tests saved (``python tests/golden/build.py`` writes it anew), as
of 1 March 2023 for relative dates.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from golden.build import EXAMPLE, golden_graph

from eventgraph import EventGraph
from eventgraph.errors import QueryError
from eventgraph.query import ast, compile_query, parse
from eventgraph.query.grammar import grammar_text
from eventgraph.query.rows import COLUMNS

DOC = Path(__file__).resolve().parents[1] / "docs" / "query-language.md"
TEXT = DOC.read_text(encoding="utf-8")
GRAPH = EventGraph.load(EXAMPLE)
AS_OF = dt.date(2023, 3, 1)


def _blocks(info: str) -> list[str]:
    return re.findall(rf"^```{info}\n(.*?)^```", TEXT, flags=re.M | re.S)


QUERY_LINES = [line.strip() for block in _blocks("query") for line in block.splitlines() if line.strip()]
COUNTED = re.findall(r"^\| `([^`]+)` \| (\d+) \|$", TEXT, flags=re.M)
UNDERSTOOD = re.findall(r"^\| `([^`]+)` \| `(.+)` \|$", TEXT, flags=re.M)
TEXT_BLOCKS = _blocks("text")


def test_the_example_graph_is_the_golden_graph() -> None:
    assert golden_graph() == GRAPH, f"{EXAMPLE} is stale: run python tests/golden/build.py"


@pytest.mark.parametrize("query", QUERY_LINES)
def test_every_query_example_parses(query: str) -> None:
    parse(query, today=AS_OF)


@pytest.mark.parametrize(("query", "rows"), COUNTED, ids=[q for q, _ in COUNTED])
def test_every_counted_example_returns_its_rows(query: str, rows: str) -> None:
    result = compile_query(query, today=AS_OF).run(GRAPH)
    assert len(result) == int(rows), f"{query!r} returns {len(result)} rows on the example graph\n{result.explain()}"


def test_there_are_enough_question_forms() -> None:
    assert len(UNDERSTOOD) >= 25


@pytest.mark.parametrize(("typed", "canonical"), UNDERSTOOD, ids=[t for t, _ in UNDERSTOOD])
def test_every_question_form_is_understood_as_documented(typed: str, canonical: str) -> None:
    assert parse(typed, today=AS_OF) == parse(canonical, today=AS_OF)
    assert compile_query(typed, today=AS_OF).render() == canonical


@pytest.mark.parametrize("block", [b for b in TEXT_BLOCKS if b.startswith("> ")])
def test_empty_result_examples_are_real(block: str) -> None:
    query, *shown = block.splitlines()
    result = compile_query(query[2:], today=AS_OF).run(GRAPH)
    lines = [result.footer(), *(f"why: {line}" for line in result.explain_empty().splitlines())]
    assert lines == shown


def test_there_are_enough_examples() -> None:
    assert len(QUERY_LINES) >= 50
    assert len(COUNTED) >= 50


@pytest.mark.parametrize("block", [b for b in TEXT_BLOCKS if b.startswith("query: ")])
def test_explain_examples_are_real(block: str) -> None:
    query = block.splitlines()[0].removeprefix("query: ")
    assert compile_query(query).explain(GRAPH) + "\n" == block


@pytest.mark.parametrize("block", [b for b in TEXT_BLOCKS if not b.startswith(("query: ", "query ", "> "))])
def test_error_examples_are_real(block: str) -> None:
    query = block.splitlines()[1].strip()
    with pytest.raises(QueryError) as caught:
        compile_query(query).run(GRAPH)
    assert caught.value.render() + "\n" == block


def test_the_claim_row_example_is_real() -> None:
    (example,) = _blocks("json")
    row = json.loads(example)
    matching = [r for r in GRAPH.query("claims") if r["id"] == row["id"]]
    assert matching == [row]


def _keywords() -> set[str]:
    """The grammar's fixed words: keyword terminals (`BY.5: /by(?!...)/i`), subjects, groupings, sort keys."""
    words = set(re.findall(r"^[A-Z_]+\.5: /([a-z]+)", grammar_text(), flags=re.M))
    return words | set(ast.SUBJECTS.values()) | set(ast.GROUP_KEYS) | set(ast.SORT_KEYS)


def test_every_keyword_of_the_grammar_is_in_an_example() -> None:
    used = {w.lower() for line in QUERY_LINES for w in re.findall(r"[A-Za-z]+", line)}
    missing = sorted(w for w in _keywords() if w not in used)
    assert not missing, f"keywords without an example in {DOC.name}: {missing}"


def test_every_row_key_is_documented() -> None:
    contract = TEXT[TEXT.index("### JSON contract") : TEXT.index("## Errors")]
    keys = {k for columns in COLUMNS.values() for k in columns}
    missing = sorted(k for k in keys if f"`{k}`" not in contract)
    assert not missing, f"row keys missing from the JSON contract: {missing}"
