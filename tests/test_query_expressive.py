"""What analysts reach for: pairs, two-way counts, meeting status and type, claim form,
undated facts, and aggregates over one speaker's facts only."""

from __future__ import annotations

import datetime as dt

import pytest
from golden.build import golden_graph

from eventgraph.query import UnknownNameError, UnsupportedQueryError, compile_query

GRAPH = golden_graph()


def ids(query: str) -> list[str]:
    return GRAPH.query(query).ids()


def test_who_met_whom_gives_each_pair_once_per_meeting_with_its_source() -> None:
    rows = GRAPH.query("who met whom in 2022").rows
    pairs = {(r["a"]["name"], r["b"]["name"], r["meeting"]) for r in rows}
    assert ("Antony Blinken", "Sergey Lavrov", "meeting:geneva") in pairs
    assert ("Alexander Grushko", "Jens Stoltenberg", "meeting:nrc") in pairs
    assert all(r["a"]["name"] < r["b"]["name"] for r in rows)
    assert all(r["document"]["path"] and r["text"] and r["date"] for r in rows)
    everyone = {r["meeting"] for r in GRAPH.query("who met whom")}
    assert everyone <= set(ids("meetings"))


def test_counts_by_two_groups() -> None:
    rows = GRAPH.query("count claims by speaker by topic").rows
    assert {"kind": "count", "group": "Volodymyr Zelensky", "subgroup": "cyber", "count": 1} in rows
    assert sum(r["count"] for r in rows if r["group"] == "Sergey Lavrov") == 1 + 1  # expansion, and untagged
    counts = [r["count"] for r in rows]
    assert counts == sorted(counts, reverse=True)


def test_counts_by_participant_type_status_and_form() -> None:
    participants = {r["group"]: r["count"] for r in GRAPH.query("count meetings by participant")}
    assert participants["Jens Stoltenberg"] == len(ids("meetings with Stoltenberg"))
    types = {r["group"]: r["count"] for r in GRAPH.query("count meetings by type")}
    assert sum(types.values()) == len(ids("meetings"))
    forms = {r["group"]: r["count"] for r in GRAPH.query("count claims by form")}
    assert forms == {"quote": len(ids("quotes")), "reported": len(ids("claims form reported"))}
    statuses = {r["group"]: r["count"] for r in GRAPH.query("count meetings by status")}
    assert statuses["scheduled"] == len(ids("meetings status scheduled"))
    with pytest.raises(UnsupportedQueryError):
        compile_query("count claims by participant").run(GRAPH)


def test_status_type_and_form_filters() -> None:
    assert ids("meetings status scheduled") == ids("scheduled meetings") == ["meeting:kyiv-visit"]
    assert ids("meetings status held") == [m for m in ids("meetings") if m != "meeting:kyiv-visit"]
    assert ids("meetings type call") == ids("phone calls") == ids("calls") == ["meeting:call"]
    assert ids("meetings type talks") == ids("negotiations")
    assert ids("claims form quote") == ids("quotes")
    assert set(ids("claims form reported")) | set(ids("quotes")) == set(ids("claims"))
    with pytest.raises(UnknownNameError) as caught:
        compile_query("meetings type picnic").run(GRAPH)
    assert "the graph's meetings are of type" in caught.value.message
    with pytest.raises(UnsupportedQueryError):
        compile_query("claims status held").run(GRAPH)
    with pytest.raises(UnknownNameError):
        compile_query("claims form sung").run(GRAPH)


def test_undated_facts_can_be_asked_for() -> None:
    undated = ids("claims undated")
    assert undated and all(r["date"] is None for r in GRAPH.query("claims undated"))
    before = ids("claims before 2022")
    assert set(ids("claims before 2022 or undated")) == set(before) | set(undated)
    assert set(ids("claims dated")) == set(ids("claims")) - set(undated)
    assert [d["id"] for d in GRAPH.query("documents published undated")] == ["doc:kyiv"]
    with pytest.raises(UnsupportedQueryError):
        compile_query("people undated").run(GRAPH)


def test_the_footer_says_how_to_take_undated_facts_in() -> None:
    footer = GRAPH.query("claims before 2022").footer()
    assert footer == "4 rows; 3 undated left out by a date filter (`or undated` takes them in)"


def test_aggregates_over_a_speaker_count_that_speakers_facts_only() -> None:
    topics = {r["label"]: r["claims"] for r in GRAPH.query("topics by Zelensky")}
    counted = {r["group"]: r["count"] for r in GRAPH.query("count claims by Zelensky by topic")}
    assert topics == counted == {"cyber": 1, "membership": 1}
    assert {r["label"]: r["claims"] for r in GRAPH.query("topics")}["membership"] == 3


def test_relative_dates_count_from_the_given_day() -> None:
    result = GRAPH.query("meetings last year", today=dt.date(2023, 3, 1))
    assert result.understood_as == "meetings in 2022"
    assert result.ids() == ids("meetings in 2022")
    assert result.notes == ["`last year` is `in 2022` (as of 2023-03-01)"]
    assert GRAPH.query("meetings last year", today=dt.date(2022, 6, 1)).ids() == ids("meetings in 2021")
