"""Across documents, one entity per person: variants, surnames and mistyped kinds."""

from __future__ import annotations

from pathlib import Path

from eventgraph.ingest import ingest
from tests.extraction_helpers import TODAY


def people_and_organisations(tmp_path: Path, texts: list[str]) -> tuple[set[str], set[str]]:
    for number, text in enumerate(texts):
        (tmp_path / f"{number}.txt").write_text(text, encoding="utf-8")
    graph, _ = ingest([tmp_path], today=TODAY)
    assert graph.validate() == []
    return {e.name for e in graph.entities("person")}, {e.name for e in graph.entities("organisation")}


def test_a_surname_typed_as_an_organisation_joins_the_person(tmp_path: Path) -> None:
    people, organisations = people_and_organisations(
        tmp_path,
        [
            "NATO Secretary General Jens Stoltenberg visited Oslo on 3 May 2019.",
            "Stoltenberg said that the alliance would stay united.",
        ],
    )
    assert "Jens Stoltenberg" in people
    assert "Stoltenberg" not in organisations | people


def test_transliterations_and_slips_are_one_person(tmp_path: Path) -> None:
    people, _ = people_and_organisations(
        tmp_path,
        [
            "Kremlin spokesman Dmitri Peskov said the talks were useful.",
            "Dmitry Peskov told reporters that no meeting was planned.",
            "Dmitry Pesko said the president would travel in June.",
        ],
    )
    assert people == {"Dmitry Peskov"}


def test_different_people_with_one_surname_stay_apart(tmp_path: Path) -> None:
    people, _ = people_and_organisations(
        tmp_path,
        [
            "Former US President Bill Clinton met Irish leaders in Dublin.",
            "Former Secretary of State Hillary Clinton said that democracy was at stake.",
            "Clinton said the peace process had worked.",
        ],
    )
    assert {"Bill Clinton", "Hillary Clinton"} <= people
