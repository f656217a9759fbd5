"""The grammar and the parser: what queries mean, and how bad ones are reported."""

from __future__ import annotations

import logging

import attrs
import pytest

from eventgraph.errors import QueryError
from eventgraph.query import MAX_DEPTH, MAX_LENGTH, QueryLimitError, QuerySyntaxError, parse
from eventgraph.query.ast import (
    GROUP_KEYS,
    SUBJECTS,
    About,
    And,
    Between,
    By,
    Count,
    Date,
    In,
    Name,
    Not,
    Of,
    Or,
    Order,
    Path,
    Quoting,
    Select,
    Temporal,
    WhoMet,
    WhoSaid,
    With,
    Without,
)
from eventgraph.query.grammar import build_parser, grammar_path, grammar_text
from eventgraph.query.parse import _BUILD

# -- the grammar as a resource ---------------------------------------------------------------


def test_the_grammar_is_found_next_to_the_package_or_in_the_source_tree() -> None:
    path = grammar_path()
    assert path.name == "eventgraph.lark"
    assert path.is_file()
    assert "start:" in grammar_text()


def test_the_parser_is_built_once() -> None:
    assert build_parser(_BUILD) is build_parser(_BUILD)


def test_the_grammar_is_lalr_without_conflicts(caplog: pytest.LogCaptureFixture) -> None:
    from lark import Lark, logger

    level = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        with caplog.at_level(logging.DEBUG, logger="lark"):
            Lark(grammar_text(), parser="lalr", lexer="contextual", debug=True)
    finally:
        logger.setLevel(level)
    conflicts = [r.getMessage() for r in caplog.records if "conflict" in r.getMessage().lower()]
    assert conflicts == []


def test_every_production_has_an_example() -> None:
    lines = grammar_text().splitlines()
    for i, line in enumerate(lines):
        if line and line[0] in "?abcdefghijklmnopqrstuvwxyz" and ":" in line and not line.startswith("%"):
            assert lines[i - 1].startswith("//"), f"no example comment above: {line}"


# -- what queries mean ------------------------------------------------------------------------
def _where(text: str) -> object:
    return parse(text).where  # type: ignore[union-attr]


def test_a_simple_query() -> None:
    assert parse("claims by Lavrov about expansion before 2022") == Select(
        subject="claims",
        where=And((By(Name("Lavrov")), About(Name("expansion")), Temporal("before", Date(2022)))),
    )


@pytest.mark.parametrize(
    ("short", "long"),
    [
        ("meetings with Stoltenberg and Lavrov", "meetings with Stoltenberg and with Lavrov"),
        ("claims by (Putin or Lavrov)", "claims by Putin or by Lavrov"),
        ("claims by Putin or Lavrov", "claims by Putin or by Lavrov"),
        ("meetings with A and not B", "meetings with A and not with B"),
        ("meetings with A and not (B or C)", "meetings with A and not (with B or with C)"),
        ("meetings in 2022 or Riga", "meetings in 2022 or in Riga"),
        ("claims by A and about B and C", "claims by A and about B and about C"),
        ("claims by A or B and C", "claims by A or by B and by C"),
        ('claims quoting "a" or "b"', 'claims quoting "a" or quoting "b"'),
        ("meetings at Riga", "meetings in Riga"),
        ("claims by X about Y", "claims by X and about Y"),
        ("count statements by speaker about expansion", "count statements about expansion by speaker"),
        ("CLAIMS BY Lavrov ORDER BY DATE ASC", "claims by Lavrov order by date"),
    ],
)
def test_equivalent_spellings(short: str, long: str) -> None:
    assert parse(short) == parse(long)


def test_juxtaposed_clauses_bind_loosest() -> None:
    assert _where("claims by A or by B about C") == And((Or((By(Name("A")), By(Name("B")))), About(Name("C"))))


def test_not_binds_tighter_than_and_and_and_tighter_than_or() -> None:
    a, b, c = By(Name("A")), By(Name("B")), By(Name("C"))
    assert _where("claims not by A and by B or by C") == Or((And((Not(a), b)), c))


def test_parentheses_group() -> None:
    a, b, c = By(Name("A")), By(Name("B")), By(Name("C"))
    assert _where("claims by A and (by B or by C)") == And((a, Or((b, c))))


@pytest.mark.parametrize(
    "text",
    ["2021-12-07", "7 December 2021", "December 7, 2021", "December 7 2021", "Dec 7, 2021", "7 dec. 2021"],
)
def test_every_spelling_of_a_day(text: str) -> None:
    assert _where(f"meetings on {text}") == Temporal("on", Date(2021, 12, 7))


@pytest.mark.parametrize(
    ("text", "date"), [("2022", Date(2022)), ("2021-12", Date(2021, 12)), ("December 2021", Date(2021, 12))]
)
def test_years_and_months(text: str, date: Date) -> None:
    assert _where(f"claims in {text}") == Temporal("in", date)
    assert date.interval().start.day == 1


def test_a_month_word_is_a_date_only_where_a_date_can_stand() -> None:
    assert _where("claims by May") == By(Name("May"))
    assert _where("claims by Theresa May") == By(Name("Theresa May"))
    assert _where("claims in May 2022") == Temporal("in", Date(2022, 5))
    assert _where('meetings in "May"') == In(Name("May"))


def test_grouping_words_are_names_outside_count() -> None:
    assert _where("claims by speaker") == By(Name("speaker"))
    assert parse("count claims by speaker") == Count(subject="claims", group="speaker")


def test_clocks_and_between() -> None:
    assert _where("documents published before 2022") == Temporal("before", Date(2022), "published")
    assert _where("claims period between 2024 and 2025") == Between(Date(2024), Date(2025), "period")


def test_names() -> None:
    assert _where("meetings of the NATO-Russia Council") == Of(Name("the NATO-Russia Council"))
    assert _where('documents mentioning "Nord Stream 2"') == _where("documents mentioning Nord Stream 2")
    assert _where(r'claims quoting "say \"no\""') == Quoting(Name('say "no"'))
    assert _where("claims quoting “red line”") == Quoting(Name("red line"))
    assert _where("claims from 003.txt") == _where('claims from "003.txt"')


def test_the_other_statements() -> None:
    assert parse("who met Lavrov in 2022") == WhoMet(name=Name("Lavrov"), where=Temporal("in", Date(2022)))
    assert parse('who said "red line"') == WhoSaid(phrase=Name("red line"))
    assert parse("who said about sanctions") == WhoSaid(where=About(Name("sanctions")))
    assert parse("path from Putin to Biden") == Path(source=Name("Putin"), target=Name("Biden"))
    assert parse("meetings without Lavrov") == Select(subject="meetings", where=Without(Name("Lavrov")))


def test_modifiers() -> None:
    query = parse("quotes by Stoltenberg about cyber in 2023 order by date desc limit 5")
    assert query.order == Order("date", descending=True)
    assert query.limit == 5


@pytest.mark.parametrize("word", sorted(SUBJECTS))
def test_every_subject_word(word: str) -> None:
    assert parse(word) == Select(subject=word)


@pytest.mark.parametrize("key", GROUP_KEYS)
def test_every_grouping(key: str) -> None:
    assert parse(f"count claims by {key}").group == key  # type: ignore[union-attr]


def test_positions_point_into_the_text_and_do_not_count_for_equality() -> None:
    query = parse("claims  by Lavrov")
    assert query.where.pos == 8  # type: ignore[union-attr]
    assert query.where.name.pos == 11  # type: ignore[union-attr]
    assert query == parse("claims by Lavrov")


def test_ast_nodes_are_frozen() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        parse("claims").subject = "meetings"  # type: ignore[misc]


def test_nested_ands_and_ors_flatten() -> None:
    a, b, c = (With(Name(x)) for x in "ABC")
    assert And((a, And((b, c)))) == And((a, b, c))
    assert Or((Or((a, b)), c)).items == (a, b, c)


# -- errors -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "position", "fragment", "expected"),
    [
        ("", 0, "empty", "a query such as"),
        ("claims by", 9, "ends too soon after 'by'", "a name or a quoted phrase"),
        ("claims by about", 10, "unexpected 'about' after 'by'", "a name or a quoted phrase"),
        ("meetings before Riga", 16, "unexpected 'Riga'", "a date such as 2022"),
        ("meetings between 2021 and", 25, "ends too soon", "a date such as 2022"),
        ("meetings in May", 15, "after 'May'", "a year"),
        ("claims limit x", 13, "unexpected 'x'", "a number of rows"),
        ("claims order by name", 16, "unexpected 'name'", "date or speaker"),
        ("claims (by Lavrov", 17, "ends too soon", "a closing `)`"),
        ("claims by Lavrov)", 16, "unexpected ')'", "the end of the query"),
        ("claims by Lavrov @", 17, "unexpected character '@'", "`order by`"),
        ('claims about "red line', 13, "never closed", "a closing quote"),
        ("who", 3, "ends too soon", "`met`"),
        ("Lavrov", 6, "ends too soon after 'Lavrov'", "what to find"),
        ("count claims by speaker by month by year", 33, "two fields at most", "a filter"),
        ("count claims by speaker by speaker", 24, "by speaker once", "a filter"),
        ("meetings on December 7", 12, "needs a year", "a date such as 2022"),
        ("meetings in 2021-13", 12, "no such date", "a date such as 2022"),
        ("meetings in 21", 12, "four digits", "a date such as 2022"),
        ("claims between 2023 and 2021", 15, "earlier date first", "a date such as 2022"),
        ("meetings before 2022 or Riga", 24, "takes a date", "a date such as 2022"),
        ('claims by ""', 10, "empty name", "a name or a quoted phrase"),
    ],
)
def test_syntax_errors_say_what_was_expected(text: str, position: int, fragment: str, expected: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse(text)
    error = caught.value
    assert error.position == position, error.render()
    assert fragment in error.message, error.render()
    assert any(expected in e for e in error.expected), error.render()
    assert error.query == text
    assert isinstance(error, ValueError)


@pytest.mark.parametrize(
    "text",
    [
        "claims by",
        "claims by X and",
        "meetings before",
        "claims (",
        "claims order",
        "claims limit",
        "count",
        "path from A",
        ")",
    ],
)
def test_messages_never_show_token_names(text: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse(text)
    shown = caught.value.render()
    for token in ("WORD", "QUOTED", "$END", "RPAR", "LPAR", "ISO_DATE", "INT", "SUBJECT", "__ANON"):
        assert token not in shown


def test_errors_render_a_caret_under_the_position() -> None:
    with pytest.raises(QueryError) as caught:
        parse("meetings before Riga")
    lines = caught.value.render().splitlines()
    assert lines[1] == "  meetings before Riga"
    assert lines[2] == "  " + " " * 16 + "^"
    assert lines[3].startswith("hint: ")


def test_a_keyword_in_a_name_gets_a_hint_to_quote_it() -> None:
    with pytest.raises(QueryError) as caught:
        parse("claims by of")
    assert "quotes" in (caught.value.hint or "")


def test_too_long() -> None:
    with pytest.raises(QueryLimitError) as caught:
        parse("claims " + "x" * MAX_LENGTH)
    assert str(MAX_LENGTH) in caught.value.message
    assert len(caught.value.render()) < 300


def test_too_deep() -> None:
    inner = "by C"
    for i in range(MAX_DEPTH // 2 + 1):
        inner = f"by A{i} or (by B{i} and ({inner}))"
    with pytest.raises(QueryLimitError):
        parse("claims " + inner)
    with pytest.raises(QueryLimitError):
        parse("claims by (" + "not " * (MAX_DEPTH + 1) + "A)")
    parse("claims " + "not " * MAX_DEPTH + "by A")
    parse("claims " + "(" * 200 + "by A" + ")" * 200)


def test_not_a_string() -> None:
    with pytest.raises(TypeError):
        parse(42)  # type: ignore[arg-type]


@pytest.mark.parametrize("module", ["ast", "parse", "compiler", "__init__", "text", "lexicon", "empty"])
def test_docstring_examples_run(module: str) -> None:
    import doctest
    import importlib

    name = "eventgraph.query" if module == "__init__" else f"eventgraph.query.{module}"
    outcome = doctest.testmod(importlib.import_module(name))
    assert outcome.failed == 0
    assert outcome.attempted > 0
