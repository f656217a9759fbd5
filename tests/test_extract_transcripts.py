"""Speaker-labelled transcripts: labels in several house styles, one statement per sentence."""

from __future__ import annotations

from eventgraph.model import DateInterval
from tests.extraction_helpers import bounds, claims, day, meetings, run, speakers_of

BRIEFING = """Press Briefing by the Foreign Secretary and the Minister of Foreign Affairs of Japan

SPEECHES AND REMARKS
March 3, 2022

Lancaster House
London

2:05 P.M. GMT

FOREIGN SECRETARY TRUSS: Good afternoon, everyone. Thank you for coming.

Today we agreed that the sanctions on Russian banks will be extended until the end of the year. Our two countries will also coordinate support for refugees arriving in Moldova.

MINISTER HAYASHI: (As interpreted.) Thank you, Liz. I am grateful for your hospitality.

Japan will provide a further 100 million dollars of humanitarian aid to Ukraine. We condemn the shelling of civilian areas in Kharkiv. (Applause.)

Q Minister, will Japan expel Russian diplomats?

MINISTER HAYASHI: We are considering every option, including the expulsion of diplomats.

2:31 P.M. GMT
"""


def test_uppercase_labels_give_each_turn_to_its_speaker() -> None:
    found = run(BRIEFING)
    assert speakers_of(found, "sanctions on Russian banks will be extended") == ["Liz Truss"]
    assert speakers_of(found, "100 million dollars of humanitarian aid") == ["Yoshimasa Hayashi"]
    assert speakers_of(found, "We condemn the shelling of civilian areas in Kharkiv") == ["Yoshimasa Hayashi"]
    assert speakers_of(found, "considering every option") == ["Yoshimasa Hayashi"]


def test_transcript_statements_are_quotes_one_per_sentence() -> None:
    found = run(BRIEFING)
    forms = {form for _, form, _ in claims(found)}
    assert forms == {"quote"}
    aid = [text for _, _, text in claims(found) if "humanitarian aid" in text]
    assert aid == ["Japan will provide a further 100 million dollars of humanitarian aid to Ukraine"]


def test_greetings_thanks_questions_and_stage_directions_are_not_statements() -> None:
    found = run(BRIEFING)
    texts = " | ".join(text for _, _, text in claims(found))
    for courtesy in ("Good afternoon", "Thank you", "grateful for your hospitality", "expel Russian diplomats"):
        assert courtesy not in texts
    assert "Applause" not in texts and "As interpreted" not in texts


def test_a_label_joins_the_person_the_text_knows() -> None:
    found = run(BRIEFING)
    people = sorted(e.name for e in found.table.entities.values() if e.kind == "person" and e.mentions)
    assert people == ["Liz Truss", "Yoshimasa Hayashi"]


def test_turns_are_dated_by_the_document() -> None:
    found = run(BRIEFING)
    index = next(
        i
        for i, c in enumerate(found.claims)
        if "refugees arriving in Moldova" in found.document.text[c.span.start : c.span.end]
    )
    assert bounds(found.dates.claims[index]) == day("2022-03-03")


SCRAPED = (
    "Meeting with Governor of Tomsk Region Vladimir Mazur\n\n"
    "June 2, 2023\n\n"
    "The Kremlin, Moscow\n\n"
    "Vladimir Putin met with Governor of Tomsk Region Vladimir Mazur, who reported on the state of affairs in the region.\n\n"
    "President of Russia Vladimir Putin: Good afternoon, Mr Mazur. How are things in the region? "
    "Vladimir Mazur Mazur VladimirGovernor of Tomsk Region : Good afternoon, Mr President. "
    "The region's economy grew by four percent last year and unemployment is at a record low. "
    "We have finished the new bridge across the Tom river ahead of schedule. "
    "Vladimir Putin: That is a good result. The bridge will make life easier for thousands of people. "
    "Vladimir Mazur: I would like to ask for your support for the new medical centre."
)


def test_labels_run_together_on_one_line_and_mangled_labels() -> None:
    found = run(SCRAPED)
    assert speakers_of(found, "unemployment is at a record low") == ["Vladimir Mazur"]
    assert speakers_of(found, "finished the new bridge across the Tom river") == ["Vladimir Mazur"]
    assert speakers_of(found, "make life easier for thousands of people") == ["Vladimir Putin"]
    names = {e.name for e in found.table.entities.values() if e.kind == "person" and e.mentions}
    assert names == {"Vladimir Putin", "Vladimir Mazur"}


def test_a_mangled_label_carries_the_title_glued_to_it() -> None:
    found = run(SCRAPED)
    mazur = next(e for e in found.table.entities.values() if e.name == "Vladimir Mazur")
    assert "Vladimir Mazur" in {m[0] for m in mazur.mentions}
    assert not any("Governor of Tomsk" in m[0] and "Mazur Mazur" in m[0] for m in mazur.mentions)


def test_you_in_a_dialogue_is_the_other_speaker() -> None:
    found = run(SCRAPED)
    asked = [
        (names, status)
        for (names, _, _), status in zip(meetings(found), [m.status for m in found.meetings], strict=True)
    ]
    assert ({"Vladimir Putin", "Vladimir Mazur"}, "held") in asked


NOTED = """Foreign Minister Sergey Lavrov's remarks at a news conference

Sergey Lavrov (retranslated): The talks in Ankara were useful. We agreed to continue consultations on grain exports next month.

Question: What about the prisoner exchange?

Sergey Lavrov (retranslated): The exchange is being prepared by the two defence ministries.
"""


def test_label_notes_and_question_labels() -> None:
    found = run(NOTED, published=DateInterval.day(__import__("datetime").date(2022, 8, 4)))
    assert speakers_of(found, "continue consultations on grain exports") == ["Sergey Lavrov"]
    assert speakers_of(found, "being prepared by the two defence ministries") == ["Sergey Lavrov"]
    assert not speakers_of(found, "prisoner exchange?")


def test_a_news_story_with_one_label_like_line_is_no_transcript() -> None:
    found = run(
        "Analysis: Ceasefire talks stall\n\n"
        "Turkish Foreign Minister Mevlut Cavusoglu said on Monday that the talks would resume after the holiday.\n"
    )
    assert found.parsed.turns == ()
    assert speakers_of(found, "the talks would resume after the holiday") == ["Mevlüt Çavuşoğlu"]


REMARKS = """Remarks by President Biden on the Russian Invasion of Ukraine

SPEECHES AND REMARKS
February 24, 2022

12:31 P.M. EST

THE PRESIDENT: Good afternoon. The Russian military has begun a brutal assault on the people of Ukraine. Today, I am authorizing additional strong sanctions.

Q Mr. President, will you talk to Putin?

THE PRESIDENT: I have no plans to talk with Putin at this point.
"""


def test_a_title_label_is_the_office_holder_of_the_day() -> None:
    found = run(REMARKS)
    assert speakers_of(found, "brutal assault on the people of Ukraine") == ["Joe Biden"]
    assert speakers_of(found, "no plans to talk with Putin") == ["Joe Biden"]
    assert not speakers_of(found, "will you talk to Putin")


BRIEFED = """Press Briefing by Press Secretary Jen Psaki

PRESS BRIEFINGS
March 2, 2022

MS. PSAKI: Hi, everyone. We expect the sanctions to have a severe impact on the Russian economy.

Q Thanks, Jen. Is the administration considering an oil ban?

MS. PSAKI: We are not taking any options off the table. The President spoke with President Zelenskyy this morning.
"""


def test_honorific_labels_and_encounters_reported_in_a_turn() -> None:
    found = run(BRIEFED)
    assert speakers_of(found, "severe impact on the Russian economy") == ["Jen Psaki"]
    assert [names for names, _, _ in meetings(found)] == [{"Joe Biden", "Volodymyr Zelensky"}]


def test_an_interview_in_questions_and_answers_speaks_for_the_one_interviewed() -> None:
    found = run(
        "Interview: Estonia's prime minister on defence spending\n\n"
        "Kaja Kallas, Prime Minister of Estonia, spoke to our correspondent in Tallinn.\n\n"
        "Q: Will Estonia raise its defence budget?\n\n"
        "A: We will spend three percent of our economy on defence next year. Deterrence is cheaper than war.\n\n"
        "Q: Is that enough?\n\n"
        "A: Nobody can say that it is enough."
    )
    assert {s for s, _, _ in claims(found)} == {"Kaja Kallas"}
    assert speakers_of(found, "Deterrence is cheaper than war") == ["Kaja Kallas"]
    assert not speakers_of(found, "raise its defence budget"), "the questions are nobody's statements"


def test_answers_with_two_people_introduced_are_nobodys() -> None:
    found = run(
        "Kaja Kallas and Gabrielius Landsbergis spoke to our correspondent.\n\n"
        "Q: Will the Baltic states raise their defence budgets?\n\n"
        "A: We will spend three percent of our economies on defence next year."
    )
    assert not claims(found)


KREMLIN_MEETING = """Meeting with Governor of Kaluga Region Vladislav Shapsha

The President held a working meeting with Governor of Kaluga Region Vladislav Shapsha.

April 4, 2023 15:30 The Kremlin, Moscow

Vladimir Putin: Mr Shapsha, let us begin with the economy of the region.

Vladislav Shapsha: Mr President, industrial production in the region grew by six percent last year.

Vladimir Putin: This is a good result. We must support the companies that achieved it.
"""


def test_a_person_labelled_once_whom_the_title_names_has_their_own_turn() -> None:
    found = run(KREMLIN_MEETING)
    assert speakers_of(found, "industrial production in the region grew") == ["Vladislav Shapsha"]
    assert speakers_of(found, "We must support the companies") == ["Vladimir Putin"]


def test_a_date_line_after_the_summary_dates_the_transcript() -> None:
    found = run(KREMLIN_MEETING)
    assert bounds(found.frame.published) == day("2023-04-04")
    assert {bounds(d) for d in found.dates.claims} == {day("2023-04-04")}


def test_the_kremlins_working_meeting_is_the_presidents_with_the_governor() -> None:
    found = run(KREMLIN_MEETING)
    assert [names for names, _, _ in meetings(found)] == [{"Vladimir Putin", "Vladislav Shapsha"}]
    kinds = {e.name: e.kind for e in found.table.entities.values()}
    assert kinds["Vladislav Shapsha"] == "person" and kinds.get("Kaluga Region") == "place"
