"""Entities: titles before names, kinds, clustering, roles, demonyms and generic references."""

from __future__ import annotations

from tests.extraction_helpers import run

SUMMIT = """Paris summit ends with pledge on Sahel

French President Emmanuel Macron met German Chancellor Angela Merkel in Paris on 12 March 2019. Macron said that Europe must "take its destiny into its own hands". The chancellor warned that the bloc could not ignore migration from North Africa.

According to the Élysée, the two leaders also held a phone call with Italian Prime Minister Giuseppe Conte. Merkel told reporters that the European Union would double its aid to the Sahel.
"""


def entities(text: str) -> dict[str, tuple[str, set[str]]]:
    found = run(text)
    return {e.name: (e.kind, {m[0] for m in e.mentions}) for e in found.table.entities.values() if e.mentions}


def test_titled_names_become_people_with_every_form_as_alias() -> None:
    found = entities(SUMMIT)
    assert found["Emmanuel Macron"] == ("person", {"French President Emmanuel Macron", "Emmanuel Macron", "Macron"})
    kind, forms = found["Angela Merkel"]
    assert kind == "person"
    assert {"German Chancellor Angela Merkel", "Merkel", "The chancellor"} <= forms
    assert found["Giuseppe Conte"][0] == "person"


def test_demonyms_countries_places_and_organisations() -> None:
    found = entities(SUMMIT)
    assert found["France"] == ("country", {"French"})
    assert found["Italy"][0] == "country"
    assert found["Paris"][0] == "place"
    assert found["North Africa"][0] == "place"
    kind, forms = found["European Union"]
    assert kind == "organisation"
    assert "the bloc" in forms  # a generic noun refers back to the organisation named


def test_title_records_the_office_and_its_owner() -> None:
    found = run(SUMMIT)
    macron = next(e for e in found.table.entities.values() if e.name == "Emmanuel Macron")
    assert ("President", "head_of_state", "France") in macron.titles


def test_surname_and_misspelling_join_the_full_name() -> None:
    text = (
        "US Secretary of State Antony Blinken arrived in Warsaw. Blinken spoke to reporters.\n"
        "Later, Antony Blinked said that the talks had been useful."
    )
    people = {n for n, (kind, _) in entities(text).items() if kind == "person"}
    assert people == {"Antony Blinken"}


def test_role_table_spelling_unifies_transliterations() -> None:
    text = "Russian Foreign Minister Sergei Lavrov met his Turkish counterpart in Antalya."
    assert "Sergey Lavrov" in entities(text)


def test_person_tagged_as_organisation_is_corrected_by_the_document() -> None:
    text = "Chancellor Olaf Scholz arrived in Kyiv. Scholz said Germany would send more air defence systems."
    found = entities(text)
    assert "Scholz" not in found  # the surname joins the person, whatever the tagger said
    assert found["Olaf Scholz"][0] == "person"


def test_headline_words_and_imperatives_are_not_names() -> None:
    text = "Staying Informed: Reliable Sources\n\nStick to reputable news organizations, think tanks, and government sources."
    assert entities(text) == {}


def test_acronym_in_parentheses_is_an_alias() -> None:
    text = "The International Atomic Energy Agency (IAEA) sent inspectors. The IAEA said access was limited."
    kind, forms = entities(text)["International Atomic Energy Agency"]
    assert kind == "organisation"
    assert "IAEA" in forms


def test_byline_author_is_a_person() -> None:
    text = "Sanctions widen\nby Maria Lopez\n\nThe European Union adopted a new package of sanctions on Friday."
    assert entities(text)["Maria Lopez"][0] == "person"


def test_role_only_mention_resolves_through_the_role_table_by_date() -> None:
    text = "On 3 March 2016, the NATO Secretary General said that the alliance would strengthen its eastern flank."
    found = run(text)
    names = {e.name for e in found.table.entities.values() if e.kind == "person" and e.mentions}
    assert names == {"Jens Stoltenberg"}


def test_role_without_a_date_names_no_one() -> None:
    text = "The NATO Secretary-General said that each nation has the right to choose its own security arrangements."
    found = run(text)
    names = {e.name for e in found.table.entities.values() if e.kind == "person" and e.mentions}
    assert names == set()
    assert found.claims == []  # a speaker that cannot be identified is left out, never invented


def test_role_named_in_the_document_wins_over_the_table() -> None:
    text = (
        "Ukrainian Foreign Minister Dmytro Kuleba met his Polish counterpart on 5 May 2022. "
        "The minister said that Ukraine needed heavy weapons."
    )
    found = run(text)
    kuleba = next(e for e in found.table.entities.values() if e.name == "Dmytro Kuleba")
    assert "The minister" in {m[0] for m in kuleba.mentions}
