"""Meetings: who took part, where and when; proposals and press conferences are not meetings."""

from __future__ import annotations

from tests.extraction_helpers import bounds, day, meetings, run


def test_met_with_place_and_date() -> None:
    found = run(
        "Greek Prime Minister Kyriakos Mitsotakis met Turkish President Recep Tayyip Erdogan in Athens on 7 December 2023."
    )
    assert meetings(found) == [({"Kyriakos Mitsotakis", "Recep Tayyip Erdoğan"}, "Athens", found.dates.meetings[0])]
    assert bounds(found.dates.meetings[0]) == day("2023-12-07")


def test_talks_with_and_phone_call() -> None:
    found = run(
        "Indian Prime Minister Narendra Modi held talks with Japanese Prime Minister Fumio Kishida in New Delhi on 20 March 2023. "
        "Later that week Modi had a phone call with Ukrainian President Volodymyr Zelensky."
    )
    people = [names for names, _, _ in meetings(found)]
    assert {"Narendra Modi", "Fumio Kishida"} in people
    assert {"Narendra Modi", "Volodymyr Zelensky"} in people


def test_mentions_of_one_meeting_are_merged() -> None:
    found = run(
        "The NATO-Ukraine Council held its first meeting on 11 July 2023. "
        "The meeting was attended by NATO Secretary General Jens Stoltenberg and Ukrainian President Volodymyr Zelensky."
    )
    assert len(found.meetings) == 1
    names, _, date = meetings(found)[0]
    assert names == {"Jens Stoltenberg", "Volodymyr Zelensky", "NATO-Ukraine Council"}  # the body takes part too
    assert bounds(date) == day("2023-07-11")
    convener = found.table.entities[found.meetings[0].conveners[0]].name
    assert convener == "NATO-Ukraine Council"


def test_video_conference_takes_parties_from_its_clause() -> None:
    found = run(
        "In a video conference on 15 November 2023, US President Joe Biden warned Chinese President Xi Jinping that tensions must not escalate."
    )
    names, _, date = meetings(found)[0]
    assert names == {"Joe Biden", "Xi Jinping"}
    assert found.meetings[0].kind == "video conference"
    assert bounds(date) == day("2023-11-15")


def test_scheduled_meeting_is_marked() -> None:
    found = run(
        "Chinese President Xi Jinping will meet Brazilian President Luiz Inácio Lula da Silva in Beijing next month."
    )
    assert [m.status for m in found.meetings] == ["scheduled"]


def test_invitations_and_press_conferences_are_not_held_meetings() -> None:
    found = run(
        "The Secretary General invited Russia to take part in new talks. "
        "During a press conference in Brussels, Estonian Prime Minister Kaja Kallas said the alliance was united. "
        "The ministers would be met with protests."
    )
    assert [m.status for m in found.meetings if m.status == "held"] == []


def test_one_party_needs_an_unnamed_counterpart() -> None:
    found = run(
        "On 21 September 2022 Italian Prime Minister Mario Draghi held talks with several world leaders in New York. "
        "Draghi visited the United Nations headquarters."
    )
    assert [names for names, _, _ in meetings(found)] == [{"Mario Draghi"}]


def test_a_day_after_dates_a_meeting_from_another() -> None:
    found = run(
        "Foreign ministers of the G7 met in Hiroshima on 18 April 2023. "
        "Japanese Foreign Minister Yoshimasa Hayashi's talks with Chinese Foreign Minister Qin Gang came a day after the meeting of G7 foreign ministers."
    )
    dated = {frozenset(n): bounds(d) for n, _, d in meetings(found)}
    assert dated[frozenset({"Yoshimasa Hayashi", "Qin Gang"})] == day("2023-04-19")


def test_relative_clause_subject_is_its_antecedent() -> None:
    found = run(
        "Indian Prime Minister Narendra Modi, who met British Prime Minister Boris Johnson on 1 November 2021, said India would reach net zero by 2070."
    )
    assert [names for names, _, _ in meetings(found)] == [{"Narendra Modi", "Boris Johnson"}]


def test_speaking_to_someone_on_a_given_day_is_a_conversation() -> None:
    found = run(
        "Statement by Prime Minister Petteri Orpo\n\nMarch 3, 2024\n\n"
        "As I told President Alar Karis on February 27, Finland stands with Estonia. "
        "I told reporters that the border would stay closed."
    )
    dated = [(names, bounds(date)) for names, _, date in meetings(found)]
    assert dated == [({"Petteri Orpo", "Alar Karis"}, day("2024-02-27"))]


def test_a_person_hosting_a_guest_meets_them_a_city_hosting_a_summit_does_not() -> None:
    found = run(
        "German Chancellor Olaf Scholz hosted Polish President Andrzej Duda in Berlin on 3 July 2023. "
        "Lithuania hosted the NATO summit in Vilnius on 11 July 2023."
    )
    people = [names for names, _, _ in meetings(found) if "Andrzej Duda" in names]
    assert people == [{"Olaf Scholz", "Andrzej Duda"}]
    assert not any("Lithuania" in names for names, _, _ in meetings(found))


def test_sat_down_with_is_a_meeting() -> None:
    found = run(
        "Ukrainian President Volodymyr Zelensky sat down with British Prime Minister Rishi Sunak on 4 May 2023."
    )
    assert [(names, bounds(date)) for names, _, date in meetings(found)] == [
        ({"Volodymyr Zelensky", "Rishi Sunak"}, day("2023-05-04"))
    ]


def test_an_expected_meeting_has_the_subject_of_expected() -> None:
    found = run("Biden is expected to meet Zelensky in Vilnius in July 2023.")
    assert [(names, record.status) for (names, _, _), record in zip(meetings(found), found.meetings, strict=True)] == [
        ({"Joe Biden", "Volodymyr Zelensky"}, "scheduled")
    ]


def test_a_bodys_ministers_meeting_is_the_bodys_meeting() -> None:
    found = run("The G7 foreign ministers met in Tokyo on 18 April 2023.")
    table = found.table
    assert [{table.entities[k].name for k in r.conveners} for r in found.meetings] == [{"G7"}]


def test_proposing_a_meeting_is_a_proposed_meeting_not_a_statement() -> None:
    found = run(
        "French President Emmanuel Macron spoke with German Chancellor Olaf Scholz on 3 May 2022. "
        "President Macron proposed a summit meeting in Paris in the coming weeks."
    )
    statuses = sorted(record.status for record in found.meetings)
    assert statuses == ["held", "proposed"]
    assert not found.claims, "a proposal of a meeting says nothing of its own"
