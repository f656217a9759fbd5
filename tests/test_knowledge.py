"""Knowledge is data: the bundled files load, and a user's file extends them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventgraph.errors import EventGraphError
from eventgraph.extract.knowledge import Knowledge
from eventgraph.ingest import ingest

TEXT = "On 4 March 2024, Estonian Prime Minister Kaja Kallas bemoaned that grain prices kept rising."


def claims_of(graph):  # type: ignore[no-untyped-def]
    return {c.text: sorted(t.label for t in graph.about(c.id) if hasattr(t, "label")) for c in graph.claims()}


def test_bundled_knowledge_loads_and_answers() -> None:
    knowledge = Knowledge.load()
    assert knowledge.country_of("Ukrainian") == "Ukraine"
    assert knowledge.capital_of["moscow"] == "Russia"
    assert knowledge.canonical_person("Sergei Lavrov") == "Sergey Lavrov"
    assert [h.name for h in knowledge.holders("secretary_general", "NATO", *_day("2016-01-01"))] == ["Jens Stoltenberg"]


def _day(text: str):  # type: ignore[no-untyped-def]
    import datetime as dt

    day = dt.date.fromisoformat(text)
    return day, day


def test_a_user_file_adds_cues_and_topics(tmp_path: Path) -> None:
    document = tmp_path / "news.txt"
    document.write_text(TEXT)
    before, _ = ingest([document])
    assert claims_of(before) == {}  # "bemoan" is not a bundled cue
    extra = tmp_path / "mine.json"
    extra.write_text(json.dumps({"verbs": {"bemoan": ["clause"]}, "topics": {"grain": ["grain", "wheat"]}}))
    after, _ = ingest([document], data=[extra])
    found = claims_of(after)
    assert list(found) == ["grain prices kept rising"]
    assert "grain" in found["grain prices kept rising"]


def test_a_bad_user_file_is_reported_with_its_name_and_position(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"topics": {"grain": ["grain",]}}')
    with pytest.raises(EventGraphError, match=r"broken\.json: not valid JSON \(line 1"):
        Knowledge.load([broken])
    useless = tmp_path / "useless.json"
    useless.write_text('{"colours": ["red"]}')
    with pytest.raises(EventGraphError, match="nothing to add"):
        Knowledge.load([useless])


def test_the_documented_house_style_file_extends_the_knowledge(tmp_path: Path) -> None:
    import re as regex

    from eventgraph.extract.publisher import house_style

    doc = (Path(__file__).resolve().parents[1] / "docs" / "extraction.md").read_text(encoding="utf-8")
    section = doc.split("### Adding a house style or a publisher", 1)[1]
    block = regex.search(r"```json\n(.*?)```", section, regex.S).group(1)
    path = tmp_path / "estonia.json"
    path.write_text(block, encoding="utf-8")
    extended = Knowledge.load(extra=[path])
    style = house_style("GOVERNMENT PRESS OFFICE\nThe Prime Minister of Estonia met farmers.\n", extended)
    assert style.publisher is not None and style.principal == ("head_of_government", "Estonia")
    assert "Ajakirjanik" in extended.question_labels
    assert extended.stage_direction.search("(Aplaus)")
