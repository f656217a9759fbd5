"""Names as people write them: titles, spellings, offices held on a date, a body's people,
capitals, and the rules that keep a role from standing for one person on every date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from golden.build import build_graph, golden_graph

from eventgraph.query import AmbiguousNameError, UnknownNameError, compile_query

GOLDEN = golden_graph()

# A small graph where offices change hands: Stoltenberg was NATO Secretary General until
# October 2024, Rutte after; one claim of each falls outside the speaker's tenure.
OFFICES = build_graph(
    {
        "documents": [
            {
                "id": "doc:2020",
                "path": "news/2020.txt",
                "title": "",
                "published": ["2020-06-01", "2020-06-01"],
                "text": "Jens Stoltenberg said that the alliance would stay united. "
                "Mark Rutte said that Dutch troops would stay.",
            },
            {
                "id": "doc:2025",
                "path": "news/2025.txt",
                "title": "",
                "published": ["2025-02-01", "2025-02-01"],
                "text": "Mark Rutte said that allies must spend more. Jens Stoltenberg said that he was writing a book.",
            },
            {
                "id": "doc:undated",
                "path": "news/undated.txt",
                "title": "",
                "published": None,
                "text": "Mark Rutte said that allies agree.",
            },
            {
                "id": "doc:kremlin",
                "path": "news/kremlin.txt",
                "title": "",
                "published": ["2021-10-27", "2021-10-27"],
                "text": "At the Kremlin, Maria Lvova-Belova said that children need families. Dmitry Peskov said that the talks "
                "were useful. Vladimir Putin said that the country would help. In Moscow, officials met.",
            },
            {
                "id": "doc:kyiv",
                "path": "news/kyiv.txt",
                "title": "",
                "published": ["2021-10-29", "2021-10-29"],
                "text": "In Kyiv, Viktor Lyashko said that oxygen supplies were enough.",
            },
        ],
        "entities": [
            {"id": "person:jens-stoltenberg", "kind": "person", "name": "Jens Stoltenberg", "surfaces": ["Jens Stoltenberg"]},
            {"id": "person:mark-rutte", "kind": "person", "name": "Mark Rutte", "surfaces": ["Mark Rutte"]},
            {"id": "person:maria-lvova-belova", "kind": "person", "name": "Maria Lvova-Belova", "surfaces": ["Maria Lvova-Belova"]},
            {"id": "person:dmitry-peskov", "kind": "person", "name": "Dmitry Peskov", "surfaces": ["Dmitry Peskov"]},
            {"id": "person:vladimir-putin", "kind": "person", "name": "Vladimir Putin", "surfaces": ["Vladimir Putin"]},
            {"id": "person:viktor-lyashko", "kind": "person", "name": "Viktor Lyashko", "surfaces": ["Viktor Lyashko"]},
            {"id": "organisation:nato", "kind": "organisation", "name": "NATO", "surfaces": ["NATO", "alliance"]},
            {"id": "organisation:kremlin", "kind": "organisation", "name": "Kremlin", "surfaces": ["Kremlin"]},
            {"id": "country:russia", "kind": "country", "name": "Russia", "surfaces": ["Russia", "country"]},
            {"id": "country:ukraine", "kind": "country", "name": "Ukraine", "surfaces": ["Ukraine", "Kyiv"]},
            {"id": "place:moscow", "kind": "place", "name": "Moscow", "surfaces": ["Moscow"]},
        ],
        "topics": [],
        "roles": [
            ["person:maria-lvova-belova", "country:russia", "Presidential Commissioner for Children's Rights", "doc:kremlin"],
        ],
        "located_in": [],
        "meetings": [],
        "claims": [
            _claim
            for _claim in [
                {"id": "claim:stoltenberg-2020", "document": "doc:2020", "speaker": "person:jens-stoltenberg", "text": "the alliance would stay united", "date": ["2020-06-01", "2020-06-01"]},
                {"id": "claim:rutte-2020", "document": "doc:2020", "speaker": "person:mark-rutte", "text": "Dutch troops would stay", "date": ["2020-06-01", "2020-06-01"]},
                {"id": "claim:rutte-2025", "document": "doc:2025", "speaker": "person:mark-rutte", "text": "allies must spend more", "date": None},
                {"id": "claim:stoltenberg-2025", "document": "doc:2025", "speaker": "person:jens-stoltenberg", "text": "he was writing a book", "date": ["2025-02-01", "2025-02-01"]},
                {"id": "claim:rutte-undated", "document": "doc:undated", "speaker": "person:mark-rutte", "text": "allies agree", "date": None},
                {"id": "claim:lvova-belova", "document": "doc:kremlin", "speaker": "person:maria-lvova-belova", "text": "children need families", "date": ["2021-10-27", "2021-10-27"]},
                {"id": "claim:peskov", "document": "doc:kremlin", "speaker": "person:dmitry-peskov", "text": "the talks were useful", "date": ["2021-10-27", "2021-10-27"]},
                {"id": "claim:putin", "document": "doc:kremlin", "speaker": "person:vladimir-putin", "text": "the country would help", "date": ["2021-10-27", "2021-10-27"]},
                {"id": "claim:lyashko", "document": "doc:kyiv", "speaker": "person:viktor-lyashko", "text": "oxygen supplies were enough", "date": ["2021-10-29", "2021-10-29"]},
            ]
            if _claim.update(form="reported", cue="said") is None
        ],
    }
)  # fmt: skip


def ids(graph, query: str, **options) -> list[str]:  # type: ignore[no-untyped-def]
    return [r["id"] for r in graph.query(query, **options)]


def notes(graph, query: str) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(graph.query(query).notes)


def test_the_test_graph_is_valid() -> None:
    assert OFFICES.validate() == []


# -- titles, spellings, parts ----------------------------------------------------------------
@pytest.mark.parametrize(
    "written",
    [
        "Foreign Minister Lavrov",
        "Russian Foreign Minister Sergei Lavrov",
        "Mr Lavrov",
        "Lavrov's",
        "the Lavrov",
        "Sergei Lavrov",
        "Sergey Lavrov",
        "lavrov",
    ],
)
def test_a_name_with_titles_possessives_and_spellings_is_the_person(written: str) -> None:
    assert ids(GOLDEN, f'claims by "{written}"') == ids(GOLDEN, "claims by Lavrov")


@pytest.mark.parametrize(
    "written", ["Zelenskyy", "Zelenskiy", "Zelenski", "Volodymyr Zelenskyy", "President Zelenskyy"]
)
def test_transliterations_are_one_name_and_said_so(written: str) -> None:
    result = GOLDEN.query(f"claims by {written}")
    assert result.ids() == ids(GOLDEN, "claims by Zelensky")
    assert len(result) == 2
    assert "Volodymyr Zelensky" in "\n".join(result.notes)


def test_one_part_of_a_name_and_hyphens_in_titles() -> None:
    assert ids(GOLDEN, "claims by Grushko") == ids(GOLDEN, "claims by Alexander")
    assert "a part of the name" in notes(GOLDEN, "claims by Alexander")
    assert ids(OFFICES, "claims by Lvova Belova") == ["claim:lvova-belova"]


def test_suggestions_know_other_spellings_and_surnames() -> None:
    with pytest.raises(UnknownNameError) as caught:
        compile_query("claims by Peskoff").run(OFFICES)
    assert "did you mean" in caught.value.message and "Peskov" in caught.value.message
    with pytest.raises(UnknownNameError) as caught:
        compile_query("claims by Stoltenburg").run(GOLDEN)
    assert "Stoltenberg" in caught.value.message


def test_a_title_alone_is_not_a_name() -> None:
    for query in ("claims by the minister", "claims by President"):
        with pytest.raises((UnknownNameError, AmbiguousNameError)) as caught:
            compile_query(query).run(GOLDEN)
        assert "say whose" in (caught.value.hint or ""), caught.value.render()


def test_a_title_many_offices_have_asks_whose() -> None:
    with pytest.raises(AmbiguousNameError) as caught:
        compile_query("claims by the president").run(GOLDEN)
    assert "offices have" in caught.value.message
    assert "`the Russian president`" in (caught.value.hint or "") or "president`" in (caught.value.hint or "")


# -- offices per date ----------------------------------------------------------------------------
def test_an_office_is_whoever_held_it_on_each_facts_date() -> None:
    found = ids(OFFICES, "claims by the NATO Secretary General")
    assert found == ["claim:stoltenberg-2020", "claim:rutte-2025"]
    assert "claim:rutte-2020" not in found, "Rutte was not Secretary General in 2020"
    assert "claim:stoltenberg-2025" not in found, "nor Stoltenberg in 2025"
    assert "claim:rutte-undated" not in found, "an undated claim in an undated document has no holder"
    for other in ("NATO Secretary-General", "the NATO secretary general", "NATO chief", "Secretary General of NATO"):
        assert ids(OFFICES, f'claims by "{other}"') == found, other


def test_an_undated_fact_is_dated_by_its_document_for_an_office() -> None:
    assert "claim:rutte-2025" in ids(OFFICES, "claims by the NATO Secretary General")  # undated, published 2025


def test_an_office_is_never_an_alias_of_one_person() -> None:
    result = OFFICES.query("claims by the NATO Secretary General")
    assert "whoever held the office on each fact's date" in "\n".join(result.notes)
    assert "per date" in result.explain()
    assert ids(OFFICES, "claims by Stoltenberg") == ["claim:stoltenberg-2020", "claim:stoltenberg-2025"]


def test_an_office_in_who_met_and_with() -> None:
    rows = GOLDEN.query("who met the NATO Secretary General").rows
    assert {r["name"] for r in rows} >= {"Theresa May", "Olaf Scholz", "Alexander Grushko"}
    assert "Jens Stoltenberg" not in {r["name"] for r in rows}
    assert ids(GOLDEN, "meetings with the Russian foreign minister") == ids(GOLDEN, "meetings with Lavrov")


def test_a_title_the_documents_recorded_stands_for_its_holder() -> None:
    assert ids(OFFICES, "claims by the Presidential Commissioner for Children's Rights") == ["claim:lvova-belova"]
    assert ids(GOLDEN, "claims by the Russian deputy foreign minister") == ids(GOLDEN, "claims by Grushko")


def test_no_holder_in_the_graph_is_a_clear_error() -> None:
    with pytest.raises(UnknownNameError) as caught:
        compile_query("claims by the Japanese prime minister").run(GOLDEN)
    assert "no one in the graph held the office" in caught.value.message


def test_offices_come_from_the_data_files_not_from_code(tmp_path: Path) -> None:
    with pytest.raises(UnknownNameError):
        compile_query("claims by the Ukrainian minister of health").run(OFFICES)
    extra = tmp_path / "offices.json"
    office = {
        "function": "health_minister",
        "of": "Ukraine",
        "title": "Minister of Health",
        "title_aliases": ["Health Minister", "Ukrainian Health Minister"],
        "holders": [{"name": "Viktor Lyashko", "start": "2021-05-20", "end": None}],
    }
    extra.write_text(json.dumps({"offices": [office]}), encoding="utf-8")
    for phrase in ("the Ukrainian minister of health", "the Ukrainian health minister", "Health Minister"):
        assert ids(OFFICES, f'claims by "{phrase}"', data=[str(extra)]) == ["claim:lyashko"], phrase


# -- a body's people, capitals ---------------------------------------------------------------------
def test_a_bodys_people() -> None:
    russian = set(ids(OFFICES, "claims by Russian officials"))
    assert russian == {"claim:lvova-belova", "claim:peskov", "claim:putin"}
    assert ids(GOLDEN, "statements by NATO officials") == ids(GOLDEN, "claims in NATO")
    assert "the people of Russia" in notes(OFFICES, "claims by Russian officials")


def test_a_government_body_is_its_people_and_offices() -> None:
    kremlin = ids(OFFICES, "claims by the Kremlin")
    assert kremlin == ["claim:peskov", "claim:putin"], "the Kremlin spokesperson and the president on that date"


def test_a_capital_as_speaker_is_its_government() -> None:
    assert ids(OFFICES, "claims by Moscow") == ids(OFFICES, "claims by Russian officials")
    assert "Russia's government" in notes(OFFICES, "claims by Moscow")
    with pytest.raises(UnknownNameError) as caught:
        compile_query("claims by Latvian National Library").run(GOLDEN)
    assert "is a place" in caught.value.message


# -- from, and nested queries ------------------------------------------------------------------------
def test_from_an_actor_is_read_as_by_and_said_so() -> None:
    result = GOLDEN.query("quotes from Lavrov")
    assert result.ids() == ids(GOLDEN, "quotes by Lavrov")
    assert result.understood_as == "quotes by Lavrov"
    assert "no document is called 'Lavrov'" in "\n".join(result.notes)
    assert GOLDEN.query("meetings from Scholz").understood_as == "meetings with Scholz"
    with pytest.raises(UnknownNameError):
        compile_query("claims from nowhere").run(GOLDEN)


def test_nested_queries_stand_for_what_they_find() -> None:
    assert ids(GOLDEN, "claims by (people who met Blinken)") == ids(
        GOLDEN, "claims by Lavrov or by Rinkevics or by Stoltenberg"
    )
    assert ids(GOLDEN, "meetings with (people in Russia)") == ids(GOLDEN, "meetings with Lavrov or with Grushko")
    assert ids(GOLDEN, "claims from (documents mentioning Riga)") == ids(GOLDEN, "claims from 2021-12-01-riga")
    from eventgraph.query import UnsupportedQueryError

    with pytest.raises(UnsupportedQueryError):
        compile_query("claims quoting (people in Russia)").run(GOLDEN)
    with pytest.raises(UnsupportedQueryError):
        compile_query("claims from (people in Russia)").run(GOLDEN)
