"""Properties of the query language: round trips, robustness, and the laws in DESIGN.md."""

from __future__ import annotations

from typing import Any

import pytest
from golden.build import golden_graph
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import query_asts, query_dates, query_filters, query_names, query_token_soup, question_forms

from eventgraph.errors import QueryError
from eventgraph.query import MAX_LENGTH, ast, compile_query, parse, read

GRAPH = golden_graph()
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
QUESTIONS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- round trips ---------------------------------------------------------------------------
@SETTINGS
@given(query_asts())
def test_render_then_parse_gives_the_same_ast(tree: Any) -> None:
    text = tree.render()
    assert parse(text) == tree, text


@SETTINGS
@given(query_asts())
def test_rendering_is_canonical(tree: Any) -> None:
    text = tree.render()
    assert parse(text).render() == text


# -- questions as people type them --------------------------------------------------------------
@QUESTIONS
@given(question_forms())
def test_a_question_form_parses_to_the_tree_of_its_canonical_query(form: tuple[str, Any]) -> None:
    text, tree = form
    assert parse(text) == tree, text


@QUESTIONS
@given(question_forms())
def test_a_question_form_renders_canonical_text_that_reads_back_the_same(form: tuple[str, Any]) -> None:
    text, tree = form
    canonical = parse(text).render()
    assert canonical == tree.render()
    assert parse(canonical) == tree
    assert not read(canonical).phrased, f"{canonical!r} (from {text!r}) is not canonical"


@QUESTIONS
@given(question_forms())
def test_question_forms_run_or_raise_query_errors(form: tuple[str, Any]) -> None:
    _only_query_errors(form[0])


# -- nothing but QueryError ---------------------------------------------------------------------
def _only_query_errors(text: str) -> None:
    try:
        compiled = compile_query(text)
    except QueryError as exc:
        assert exc.query == text or len(text) > MAX_LENGTH
        assert exc.render()
        return
    try:
        result = compiled.run(GRAPH)
    except QueryError as exc:
        assert exc.query == text
        assert exc.position is None or 0 <= exc.position <= len(text)
        return
    result.to_json()
    result.to_table(width=80)


@SETTINGS
@given(st.text(max_size=80))
def test_random_text_raises_only_query_errors(text: str) -> None:
    _only_query_errors(text)


@SETTINGS
@given(query_token_soup())
def test_random_token_sequences_raise_only_query_errors(text: str) -> None:
    _only_query_errors(text)


@SETTINGS
@given(query_asts())
def test_random_asts_run_or_raise_query_errors(tree: Any) -> None:
    _only_query_errors(tree.render())


@pytest.mark.parametrize("text", ["x" * (MAX_LENGTH + 1), "(" * 1500, "claims " + "not " * 400 + "by Lavrov"])
def test_limits_are_query_errors(text: str) -> None:
    with pytest.raises(QueryError):
        compile_query(text)


# -- the laws -------------------------------------------------------------------------------
# Queries over the golden graph built only from filters that apply to their subject.
SPEAKERS = ["Lavrov", "Stoltenberg", "Blinken", "Zelensky", "NATO", "Scholz", "Grushko"]
TOPICS = ["expansion", "NATO", "Ukraine", "sanctions", "membership", "cyber", "Russia"]
PARTIES = ["Stoltenberg", "Lavrov", "Blinken", "Zelensky", "Scholz"]
PLACES = ["Riga", "Latvia", "Brussels", "Berlin", "Geneva", "Kyiv"]
DOCUMENTS = ["2022-01-11-geneva", "2023-02-10-berlin", "kyiv-interview", "2021-12-01-riga.txt"]
DATES = query_dates(years=(2017, 2024))


def _named(kind: type[ast.NameFilter], pool: list[str]) -> st.SearchStrategy[ast.NameFilter]:
    return query_names(pool).map(kind)


def _filters(subject: str) -> st.SearchStrategy[Any]:
    leaves = {
        "claims": [
            _named(ast.By, SPEAKERS),
            _named(ast.About, TOPICS),
            _named(ast.From, DOCUMENTS),
            _named(ast.With, PARTIES),
        ],
        "meetings": [
            _named(ast.With, PARTIES),
            _named(ast.In, PLACES),
            _named(ast.From, DOCUMENTS),
            _named(ast.Mentioning, PLACES),
        ],
        "documents": [_named(ast.By, SPEAKERS), _named(ast.With, PARTIES), _named(ast.Mentioning, TOPICS)],
    }[subject]
    dated = query_filters(name_filters=[], dates=DATES, clocks=("date",), max_leaves=2)
    leaf = st.one_of(*leaves, dated)
    return st.recursive(
        leaf,
        lambda c: st.one_of(
            st.lists(c, min_size=2, max_size=3).map(lambda i: ast.And(tuple(i))),
            st.lists(c, min_size=2, max_size=3).map(lambda i: ast.Or(tuple(i))),
            c.map(ast.Not),
        ),
        max_leaves=4,
    )


@st.composite
def subject_queries(draw: st.DrawFn) -> tuple[str, Any, Any]:
    """A subject, a filter of that subject (or none), and a second filter of it."""
    subject = draw(st.sampled_from(["claims", "meetings", "documents"]))
    where = draw(st.none() | _filters(subject))
    return subject, where, draw(_filters(subject))


def _run(subject: str, where: Any, **modifiers: Any) -> Any:
    text = ast.Select(subject=subject, where=where, **modifiers).render()
    return compile_query(text).run(GRAPH)


def _both(a: Any, b: Any) -> Any:
    return b if a is None else ast.And((a, b))


def _dated(row: dict[str, Any]) -> bool:
    return (row.get("date") if row["kind"] != "document" else row.get("published")) is not None


@SETTINGS
@given(subject_queries(), DATES)
def test_before_and_not_before_partition_the_dated_rows(query: tuple[str, Any, Any], day: ast.Date) -> None:
    subject, where, _ = query
    before = ast.Temporal("before", day)
    rows = _run(subject, where).rows
    kept = {r["id"] for r in _run(subject, _both(where, before))}
    rest = {r["id"] for r in _run(subject, _both(where, ast.Not(before)))}
    dated = {r["id"] for r in rows if _dated(r)}
    assert not kept & rest
    assert kept <= dated
    assert kept | (rest & dated) == dated


@SETTINGS
@given(subject_queries(), DATES)
def test_before_reports_the_undated_rows_it_leaves_out(query: tuple[str, Any, Any], day: ast.Date) -> None:
    subject, where, _ = query
    assume(where is None or not any(isinstance(n, (ast.Temporal, ast.Between)) for n in ast.walk(where)))
    undated = [r for r in _run(subject, where) if not _dated(r)]
    result = _run(subject, _both(where, ast.Temporal("before", day)))
    assert result.undated_excluded == len(undated)


@SETTINGS
@given(subject_queries())
def test_and_narrows(query: tuple[str, Any, Any]) -> None:
    subject, where, more = query
    wide = {r["id"] for r in _run(subject, where)}
    narrow = {r["id"] for r in _run(subject, _both(where, more))}
    assert narrow <= wide


@SETTINGS
@given(subject_queries())
def test_or_unions(query: tuple[str, Any, Any]) -> None:
    subject, where, more = query
    assume(where is not None)
    either = {r["id"] for r in _run(subject, ast.Or((where, more)))}
    assert either == {r["id"] for r in _run(subject, where)} | {r["id"] for r in _run(subject, more)}


@SETTINGS
@given(subject_queries())
def test_count_equals_the_number_of_rows(query: tuple[str, Any, Any]) -> None:
    subject, where, _ = query
    counted = compile_query(ast.Count(subject=subject, where=where).render()).run(GRAPH)
    assert counted.rows == [{"kind": "count", "group": None, "count": len(_run(subject, where))}]


@SETTINGS
@given(subject_queries(), st.integers(0, 20), st.booleans())
def test_limit_takes_a_prefix_of_the_order(query: tuple[str, Any, Any], limit: int, descending: bool) -> None:
    subject, where, _ = query
    order = ast.Order("date", descending)
    everything = [r["id"] for r in _run(subject, where, order=order)]
    assert [r["id"] for r in _run(subject, where, order=order, limit=limit)] == everything[:limit]
