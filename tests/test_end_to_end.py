"""The whole pipeline on the bundled example corpus."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import CORPUS
from conftest import INGEST_DAY as TODAY

from eventgraph import EventGraph
from eventgraph.ingest import ingest


@pytest.fixture(scope="module")
def graph(example_ingest) -> EventGraph:  # type: ignore[no-untyped-def]
    built, report = example_ingest
    assert report.problems == ()
    assert len(report.added) == 5
    return built


def test_the_graph_keeps_every_invariant(graph: EventGraph) -> None:
    assert graph.validate() == []
    counts = graph.stats()
    assert counts["document"] == 5
    assert counts["claim"] > 40
    assert counts["meeting"] >= 8


def test_a_quote_with_speaker_date_and_source(graph: EventGraph) -> None:
    quotes = [c for c in graph.claims() if c.text == "We have run out of patience"]
    assert len(quotes) == 1
    claim = quotes[0]
    assert claim.form == "quote"
    assert graph.speaker(claim.id).name == "Sergey Lavrov"
    assert (claim.date.start, claim.date.end) == (dt.date(2022, 1, 17), dt.date(2022, 1, 23))
    document = graph.source(claim.id)
    assert document.text[claim.span.start : claim.span.end] == claim.text
    assert Path(document.path).name.startswith("002_")


def test_a_meeting_with_participants_place_and_date(graph: EventGraph) -> None:
    found = [
        m for m in graph.meetings()
        if {p.name for p in graph.participants(m.id)} == {"Jens Stoltenberg", "Sergey Lavrov"}
        and m.date is not None and m.date.start == dt.date(2015, 5, 19)
    ]  # fmt: skip
    assert len(found) == 1
    place = graph.place(found[0].id)
    assert place is not None and place.name == "Palais d'Egmont"


def test_people_are_one_entity_across_documents(graph: EventGraph) -> None:
    lavrov = graph.find("Sergei Lavrov")
    assert [e.name for e in lavrov] == ["Sergey Lavrov"]
    documents = {e.source for e in graph.edges("mentions", target=lavrov[0].id)}
    assert len(documents) == 5


def test_ingestion_is_order_independent_and_idempotent(tmp_path: Path) -> None:
    files = sorted(CORPUS.glob("*.txt"))[:3]
    forward, _ = ingest(files, today=TODAY)
    backward, _ = ingest(list(reversed(files)), today=TODAY)
    assert forward == backward
    again, report = ingest(files, forward, today=TODAY)
    assert report.added == ()
    assert again == forward
    one_by_one = EventGraph()
    for path in files:
        one_by_one, _ = ingest([path], one_by_one, today=TODAY)
    assert one_by_one == forward


def test_duplicate_and_unreadable_files_are_reported_not_fatal(tmp_path: Path) -> None:
    shutil.copy(CORPUS / "004_be10287c07096ca6.txt", tmp_path / "a.txt")
    shutil.copy(CORPUS / "004_be10287c07096ca6.txt", tmp_path / "b.txt")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    graph, report = ingest([tmp_path], today=TODAY)
    assert len(graph.documents()) == 1
    assert report.duplicates == ((str(tmp_path / "b.txt"), str(tmp_path / "a.txt")),)
    assert [(Path(p).name, reason) for p, reason in report.problems] == [
        ("image.txt", "binary file (NUL bytes), not text")
    ]


def test_removing_a_document_removes_what_only_it_supported(graph: EventGraph) -> None:
    copy = graph.copy()
    path = next(d.path for d in copy.documents() if Path(d.path).name.startswith("004_"))
    removed = copy.remove_document(path)
    assert copy.validate() == []
    assert not any(Path(d.path).name.startswith("004_") for d in copy.documents())
    assert copy.find("Feridun Sinirlioğlu") == []  # named only in that document
    assert copy.find("Sergey Lavrov")  # named elsewhere too
    assert len(removed) > 10


def test_a_statement_about_what_another_actor_proposed_takes_its_topics(graph: EventGraph) -> None:
    rows = graph.query("statements by Lavrov about expansion before 2022").rows
    assert [row["text"][:40] for row in rows] == ["If NATO still refuses to discuss this th"]
    about = {e.target: e.name for e in graph.edges("about", source=rows[0]["id"])}
    assert about["topic:expansion"] == "context"
