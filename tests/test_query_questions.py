"""Questions as people type them: each parses to the tree of its canonical query, says what
it read into the text, and refuses what it cannot read with a message that leads on."""

from __future__ import annotations

import datetime as dt

import pytest

from eventgraph.query import QuerySyntaxError, compile_query, parse, read
from eventgraph.query.ast import (
    About,
    And,
    Between,
    By,
    Count,
    Date,
    Form,
    From,
    Name,
    Not,
    Or,
    Order,
    Select,
    Status,
    Subquery,
    Temporal,
    Type,
    Undated,
    WhoMet,
    WhoMetWhom,
    WhoSaid,
    With,
)

TODAY = dt.date(2025, 3, 14)  # a Friday


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("what did Lavrov say about expansion before 2022?", "statements by Lavrov about expansion before 2022"),
        ("What did Lavrov say", "statements by Lavrov"),
        ("what does NATO think about enlargement", "statements by NATO about enlargement"),
        ("what has Lavrov said in 2022", "statements by Lavrov in 2022"),
        ("what Lavrov said", "statements by Lavrov"),
        ("what was said about sanctions", "statements about sanctions"),
        ("Lavrov's statements in 2022", "statements by Lavrov in 2022"),
        ("Lavrov’s claims", "claims by Lavrov"),
        ("the Allies' statements", "statements by the Allies"),
        ("Stoltenberg's quotes", "quotes by Stoltenberg"),
        ("Lavrov's meetings in 2021", "meetings with Lavrov in 2021"),
        ("NATO's people", "people in NATO"),
        ("Lavrov's topics", "topics by Lavrov"),
        ("Stoltenberg on cyber", "statements by Stoltenberg about cyber"),
        ("Stoltenberg about cyber in 2023", "statements by Stoltenberg about cyber in 2023"),
        ("when did Blinken meet Lavrov", "meetings with Blinken with Lavrov"),
        ("when did Blinken meet with Lavrov in 2022", "meetings with Blinken with Lavrov in 2022"),
        ("when did Biden and Putin meet", "meetings with Biden with Putin"),
        ("who has Stoltenberg met", "who met Stoltenberg"),
        ("who did Lavrov meet in 2021", "who met Lavrov in 2021"),
        ("who met with Lavrov", "who met Lavrov"),
        ("who spoke with Lavrov", "who met Lavrov"),
        ("who talked to Lavrov", "who met Lavrov"),
        ("who talked about sanctions", "who said about sanctions"),
        ("who has spoken about sanctions in 2022", "who said about sanctions in 2022"),
        ("meetings between Putin and Biden", "meetings with Putin with Biden"),
        ("meetings between Blinken, Lavrov and Stoltenberg", "meetings with Blinken with Lavrov with Stoltenberg"),
        ("phone calls between Putin and Biden", "meetings type call with Putin with Biden"),
        ("calls with Lula", "meetings type call with Lula"),
        ("video conferences", "meetings type video conference"),
        ("summits in 2023", "meetings type summit in 2023"),
        ("negotiations", "meetings type talks"),
        (
            "scheduled talks between the United States and Russia",
            "meetings type talks status scheduled with the United States with Russia",
        ),
        ("upcoming meetings", "meetings status scheduled"),
        ("meetings scheduled in 2022", "meetings status scheduled in 2022"),
        ("meetings held in Riga", "meetings status held in Riga"),
        ("reported statements by Lavrov", "statements form reported by Lavrov"),
        ("direct quotes", "quotes"),
        ("quoted statements", "statements form quote"),
        ("statements made by Lavrov", "statements by Lavrov"),
        ("top 5 speakers about expansion", "count claims about expansion by speaker limit 5"),
        ("top speakers", "count claims by speaker limit 10"),
        ("most common topics by Lavrov", "count claims by Lavrov by topic limit 10"),
        ("top 3 places", "count meetings by place limit 3"),
        ("how many meetings in 2022", "count meetings in 2022"),
        ("how many claims by speaker", "count claims by speaker"),
        ("the number of meetings with Lavrov", "count meetings with Lavrov"),
        ("how is Scholz connected to Grushko", "path from Scholz to Grushko"),
        ("how are Scholz and Grushko linked", "path from Scholz to Grushko"),
        ("show me all meetings in Riga?", "meetings in Riga"),
        ("list the claims by Lavrov", "claims by Lavrov"),
        ("find meetings with Lavrov", "meetings with Lavrov"),
        ("give me every claim", "claim"),
        ("claims by Lavrov sorted by date", "claims by Lavrov order by date"),
        ("claims by Lavrov sorted by date, newest first", "claims by Lavrov order by date desc"),
        ("claims by Lavrov newest first", "claims by Lavrov order by date desc"),
        ("claims by Lavrov latest first", "claims by Lavrov order by date desc"),
        ("claims by Lavrov oldest first", "claims by Lavrov order by date"),
        ("meetings chronologically", "meetings order by date"),
        ("claims limit 5 order by date", "claims order by date limit 5"),
        ("statements from December 2021", "statements in 2021-12"),
        ("statements from 2021 to 2022", "statements between 2021 and 2022"),
        ("statements by Biden between May and June 2021", "statements by Biden between 2021-05 and 2021-06"),
        ("claims between November and February 2022", "claims between 2021-11 and 2022-02"),
        ("claims between November 2021 and February", "claims between 2021-11 and 2022-02"),
        ("meetings from 5 May to 10 June 2021", "meetings between 2021-05-05 and 2021-06-10"),
        ("meetings between May 5 and June 2021", "meetings between 2021-05-05 and 2021-06"),
        ("claims last year", "claims in 2024"),
        ("claims this year", "claims in 2025"),
        ("claims last month", "claims in 2025-02"),
        ("claims this month", "claims in 2025-03"),
        ("claims last week", "claims between 2025-03-03 and 2025-03-09"),
        ("claims this week", "claims between 2025-03-10 and 2025-03-16"),
        ("claims in the past 6 months", "claims since 2024-09-14"),
        ("claims over the past year", "claims since 2024-03-14"),
        ("claims in the last 30 days", "claims since 2025-02-12"),
        ("claims since last year", "claims since 2024"),
        ("claims before this year", "claims before 2025"),
        ("claims after last month", "claims after 2025-02"),
        ("claims since yesterday", "claims since 2025-03-13"),
        ("claims on today", "claims on 2025-03-14"),
        ("claims published last year", "claims published in 2024"),
        ("claims by Lavrov dated", "claims by Lavrov not undated"),
        ("claims with no date", "claims undated"),
        ("people who met Blinken", "people with Blinken"),
        ("claims by (people who met Blinken)", "claims by (people with Blinken)"),
        ("claims on arms control", "claims about arms control"),
        ("claims regarding sanctions", "claims about sanctions"),
        ("claims about the invasion of Ukraine", 'claims about "the invasion of Ukraine"'),
        ("meetings with the US Secretary of State", 'meetings with "the US Secretary of State"'),
    ],
)
def test_a_question_form_is_its_canonical_query(typed: str, canonical: str) -> None:
    assert parse(typed, today=TODAY) == parse(canonical, today=TODAY)
    assert compile_query(typed, today=TODAY).render() == canonical
    assert read(typed, today=TODAY).phrased, "a question form is reported as understood otherwise"


@pytest.mark.parametrize(
    "canonical",
    [
        "claims by Lavrov about expansion before 2022",
        "meetings with Stoltenberg with Lavrov",
        "who met whom in 2021",
        "count claims by speaker by topic",
        "meetings type call status scheduled",
        "claims before 2022 or undated",
        "meetings with (people in Russia)",
    ],
)
def test_a_canonical_query_is_not_reported_as_understood_otherwise(canonical: str) -> None:
    reading = read(canonical)
    assert not reading.phrased
    assert reading.notes == ()
    assert compile_query(canonical).understood_as is None


def test_the_new_statements_and_filters_build_their_trees() -> None:
    assert parse("who met whom in 2021") == WhoMetWhom(where=Temporal("in", Date(2021)))
    assert parse("count claims by speaker by topic") == Count(subject="claims", group="speaker", subgroup="topic")
    assert parse("meetings status scheduled").where == Status(Name("scheduled"))  # type: ignore[union-attr]
    assert parse("meetings type video conference").where == Type(Name("video conference"))  # type: ignore[union-attr]
    assert parse("claims form quote").where == Form(Name("quote"))  # type: ignore[union-attr]
    assert parse("claims before 2022 or undated").where == Or(  # type: ignore[union-attr]
        (Temporal("before", Date(2022)), Undated())
    )
    assert parse("documents published undated").where == Undated("published")  # type: ignore[union-attr]
    nested = Subquery(Select(subject="people", where=With(Name("Blinken"))))
    assert parse("claims by (people who met Blinken)").where == By(nested)  # type: ignore[union-attr]
    assert parse("meetings with (Lavrov or (people in Russia))").where == Or(  # type: ignore[union-attr]
        (With(Name("Lavrov")), With(Subquery(Select(subject="people", where=parse("people in Russia").where))))  # type: ignore[union-attr]
    )


def test_question_words_stay_free_inside_names() -> None:
    """Words that only follow a question's name (say, meet, talks, people) do not end other names."""
    assert parse("claims about peace talks").where == About(Name("peace talks"))  # type: ignore[union-attr]
    assert parse("claims about what people say").where == About(Name("what people say"))  # type: ignore[union-attr]
    assert parse("claims about calls for talks").where == About(Name("calls for talks"))  # type: ignore[union-attr]


def test_readings_are_reported() -> None:
    reading = read("claims by Biden between May and June 2021 last year", today=TODAY)
    assert reading.phrased
    assert any("`May` takes its year from the other end" in n for n in reading.notes)
    assert any("`last year` is `in 2024` (as of 2025-03-14)" in n for n in reading.notes)
    assert any("before a date is a period" in n for n in read("claims from 2021").notes)
    assert any("part of the phrase" in n for n in read("claims about the war of words").notes)


def test_relative_dates_default_to_today() -> None:
    assert parse("claims this year").where == Temporal("in", Date(dt.date.today().year))  # type: ignore[union-attr]


def test_the_rules_that_settle_ambiguities() -> None:
    # `from` before a date is a period; before a name, a document
    assert parse("claims from 2022").where == Temporal("in", Date(2022))  # type: ignore[union-attr]
    assert parse("claims from 2022-01-11-geneva").where == From(Name("2022-01-11-geneva"))  # type: ignore[union-attr]
    assert parse('claims from "2022"').render() == 'claims from "2022"'
    # `between` before names is a meeting's parties, before dates a period
    assert parse("meetings between 2021 and 2022").where == Between(Date(2021), Date(2022))  # type: ignore[union-attr]
    assert parse("meetings between Lavrov and Blinken").where == And(  # type: ignore[union-attr]
        (With(Name("Lavrov")), With(Name("Blinken")))
    )
    # `and of` keeps the convening organisation apart from an `about` phrase
    assert parse("meetings about arms control and of NATO").render() == "meetings about arms control and of NATO"
    assert parse("meetings about arms control of NATO").render() == 'meetings about "arms control of NATO"'


def test_the_order_of_several_clauses_is_kept_in_the_canonical_text() -> None:
    query = parse("top 3 speakers about expansion in 2022")
    assert query == Count(
        subject="claims",
        where=And((About(Name("expansion")), Temporal("in", Date(2022)))),
        group="speaker",
        limit=3,
    )
    assert parse("claims by Lavrov sorted by date newest first").order == Order("date", descending=True)  # type: ignore[union-attr]
    assert parse("claims by Lavrov dated").where == And((By(Name("Lavrov")), Not(Undated())))  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "fragment", "hint"),
    [
        ("Lavrov", "ends too soon after 'Lavrov'", "try `statements by Lavrov`, `meetings with Lavrov`"),
        ("Foreign Minister Lavrov", "ends too soon", "`statements by Foreign Minister Lavrov`"),
        ("meetings in May", "a year is missing after 'May'", 'a place called May goes in quotes: "May"'),
        ("claims between May and June", "a year is missing after 'June'", "write June 2022"),
        ("top 5 speakers limit 3", "two limits", "drop `limit`"),
        ("meetings between Lavrov", "expected `and`", None),
        ("count claims by speaker by topic by year", "two fields at most", "drop one"),
    ],
)
def test_what_cannot_be_read_says_how_to_write_it(text: str, fragment: str, hint: str | None) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse(text)
    error = caught.value
    assert fragment in error.message, error.render()
    if hint is not None:
        assert hint in (error.hint or ""), error.render()
    assert error.query == text
    assert error.position is not None and 0 <= error.position <= len(text)


def test_a_question_form_keeps_positions_for_errors_later() -> None:
    query = parse("what did Lavorv say about expansion")
    assert query.where.items[0].name.pos == 9  # type: ignore[union-attr]
    assert isinstance(parse("who has Lavrov met"), WhoMet)
    assert isinstance(parse("who said"), WhoSaid)
