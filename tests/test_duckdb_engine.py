"""Queries with DuckDB over a Parquet export answer as the in-memory engine answers.

The property draws random graphs (tests/strategies.py) and random queries of the forms
the duckdb engine translates, writes the graph as Parquet and runs each query with both
engines: the same rows (in the same order where `order by` or `limit` makes order
matter, as sets otherwise), the same count of undated facts left out, and an error from
both when either refuses the query.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import PEOPLE, VOCABULARY, graphs, query_dates, query_filters, query_orders

from eventgraph import EventGraph
from eventgraph.cli import main
from eventgraph.errors import GraphFormatError, QueryError
from eventgraph.export import export
from eventgraph.query import UnsupportedQueryError, ast, compile_query
from eventgraph.query.duckdb_engine import run_parquet
from eventgraph.query.duckdb_tables import open_parquet

NAMES = [
    *sorted({form for n in VOCABULARY for form in n.forms}),
    "the Latvian foreign minister",  # an office, held per date
    "Russian officials",  # a body's people
    "Moscow",  # a capital as a speaker: its country's government
    "Lavorv",  # a misspelling
    "Nobody Atall",
    "story-5",  # a document's stem, for `from`
    PEOPLE[0].forms[-1],
]
FILTERS = {
    "claims": [ast.By, ast.In, ast.From, ast.Form],
    "quotes": [ast.By, ast.In, ast.From, ast.Form],
    "meetings": [ast.With, ast.Without, ast.In, ast.Of, ast.From, ast.Status, ast.Type],
    "documents": [ast.By, ast.With, ast.Without, ast.From],
}
VALUES = {ast.Form: ["quote", "reported", "direct", "rumour"], ast.Status: ["held", "scheduled", "upcoming", "x"]}
VALUES[ast.Type] = ["talks", "call", "summit", "meeting", "picnic"]
GROUPS = {
    "claims": [None, "speaker", "form", "month", "year", "document"],
    "quotes": [None, "speaker", "year"],
    "meetings": [None, "month", "year", "document", "type", "status"],
    "documents": [None, "month", "year"],
}


@st.composite
def queries(draw: st.DrawFn) -> ast.Select | ast.Count:
    """A query of a subject the engine answers, with filters that apply to it."""
    subject = draw(st.sampled_from(sorted(FILTERS)))
    kinds = FILTERS[subject]
    names = st.sampled_from(NAMES).map(ast.Name)
    filters = query_filters(name_filters=kinds, names=names, dates=query_dates(years=(2018, 2025)), max_leaves=4).map(
        _valued
    )
    where = draw(st.none() | filters)
    limit = draw(st.none() | st.integers(0, 4))
    if draw(st.booleans()):
        order = draw(query_orders())
        if order is not None and (subject == "documents" or subject == "meetings") and order.key == "speaker":
            order = None
        return ast.Select(subject=subject, where=where, order=order, limit=limit)
    return ast.Count(subject=subject, where=where, group=draw(st.sampled_from(GROUPS[subject])), limit=limit)


def _valued(node: object) -> object:
    """Give `form`, `status` and `type` values of their own (names mean nothing to them)."""
    if isinstance(node, (ast.And, ast.Or)):
        return type(node)(tuple(_valued(i) for i in node.items))
    if isinstance(node, ast.Not):
        return ast.Not(_valued(node.item))
    if type(node) in VALUES:
        choices = VALUES[type(node)]
        return type(node)(ast.Name(choices[len(node.name.text) % len(choices)]))
    return node


def _outcome(run):  # type: ignore[no-untyped-def]
    try:
        result = run()
    except QueryError as exc:
        return "error", type(exc).__name__
    return "rows", (json.loads(result.to_json()), result.undated_excluded, result.canonical)


@settings(
    max_examples=int(os.environ.get("EG_EXAMPLES", "60")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(graph=graphs(max_documents=4), drawn=st.lists(queries(), min_size=1, max_size=6))
def test_duckdb_over_parquet_answers_as_the_graph_does(graph: EventGraph, drawn: list[object]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        export(graph, Path(folder) / "pq", "parquet")
        tables = open_parquet(Path(folder) / "pq")
        for tree in drawn:
            compiled = compile_query(tree.render())  # type: ignore[attr-defined]
            memory = _outcome(lambda c=compiled: c.run(graph))
            duck = _outcome(lambda c=compiled: run_parquet(c, tables))
            if memory[0] == "error" or duck[0] == "error":
                assert memory[0] == duck[0] == "error", (tree.render(), memory, duck)  # type: ignore[attr-defined]
                continue
            (rows, undated, canonical), (other, undated2, canonical2) = memory[1], duck[1]
            assert (undated, canonical) == (undated2, canonical2), tree.render()  # type: ignore[attr-defined]
            if tree.order is None and tree.limit is None:  # type: ignore[attr-defined]
                key = lambda r: json.dumps(r, sort_keys=True)  # noqa: E731
                assert sorted(rows, key=key) == sorted(other, key=key), tree.render()  # type: ignore[attr-defined]
            else:
                assert rows == other, tree.render()  # type: ignore[attr-defined]


# -- the example corpus, through the command line --------------------------------------------------
@pytest.fixture(scope="module")
def parquet(example_graph: EventGraph, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("parquet")
    example_graph.save(folder / "news.eg")
    code = main(["export", str(folder / "news.eg"), "--format", "parquet", "-o", str(folder / "pq"), "-q"])
    assert code == 0
    return folder / "news.eg", folder / "pq"


def _cli(*args: object) -> tuple[int, str, str]:
    import io

    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in args], out, err)
    return code, out.getvalue(), err.getvalue()


def test_the_export_holds_every_node_and_edge(example_graph: EventGraph, parquet: tuple[Path, Path]) -> None:
    _, folder = parquet
    counts = {t: pq.read_table(folder / t).num_rows for t in ("claims", "meetings", "documents", "edges")}
    stats = example_graph.stats()
    assert counts == {
        "claims": stats["claim"],
        "meetings": stats["meeting"],
        "documents": stats["document"],
        "edges": sum(v for k, v in stats.items() if k.endswith(" edges")),
    }
    entities = pq.read_table(folder / "entities").num_rows
    assert entities == len(example_graph.entities())


@pytest.mark.parametrize(
    "query",
    [
        "statements by Lavrov",
        "what did Lavrov say before 2022?",
        "claims by the Russian foreign minister order by date desc limit 4",
        "meetings with Blinken",
        "meetings in Latvia",
        "claims in NATO",
        "meetings of NATO",
        "count statements by speaker",
        "documents published in 2022",
        "claims between 2021-11 and 2022-02 or undated",
    ],
)
def test_the_cli_gives_the_same_json_with_either_engine(parquet: tuple[Path, Path], query: str) -> None:
    graph, folder = parquet
    code, memory, _ = _cli("query", graph, query, "--format", "json", "--as-of", "2026-11-01")
    code2, duck, _ = _cli("query", folder, query, "--format", "json", "--engine", "duckdb", "--as-of", "2026-11-01")
    assert code == code2 == 0
    assert json.loads(memory) == json.loads(duck)
    assert json.loads(memory)


def test_explain_shows_the_sql(parquet: tuple[Path, Path]) -> None:
    _, folder = parquet
    code, out, _ = _cli("query", folder, "meetings with Blinken limit 2", "--engine", "duckdb", "--explain")
    assert code == 0
    assert "engine: duckdb" in out and "SELECT n.id" in out and "FROM meeting_facts n" in out and "LIMIT 2" in out


def test_a_form_it_cannot_translate_is_named_not_answered(parquet: tuple[Path, Path]) -> None:
    _, folder = parquet
    code, out, err = _cli("query", folder, "claims about sanctions", "--engine", "duckdb")
    assert code == 2 and not out
    assert "does not answer this form: `about`" in err and "^" in err
    with pytest.raises(UnsupportedQueryError, match="who met"):
        run_parquet(compile_query("who met Lavrov"), folder)


def test_a_folder_that_is_not_an_export_is_a_clear_error(tmp_path: Path) -> None:
    code, _, err = _cli("query", tmp_path, "claims", "--engine", "duckdb")
    assert code == 2 and "no documents table" in err and "Traceback" not in err
    with pytest.raises(GraphFormatError, match="not a folder"):
        open_parquet(tmp_path / "missing")
