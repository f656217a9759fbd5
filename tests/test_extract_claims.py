"""Claims: reported speech and quotes, with speakers found through the parse."""

from __future__ import annotations

from tests.extraction_helpers import claims, knowledge, run, speakers_of


def test_reported_speech_frames() -> None:
    found = run(
        "Japan's foreign minister Taro Kono urged North Korea to abandon its nuclear programme. "
        "The Chinese foreign ministry called for restraint on all sides. "
        "Kono accused Pyongyang of violating United Nations resolutions. "
        "He described the latest missile launch as a grave provocation."
    )
    got = {(s, text) for s, _, text in claims(found)}
    assert ("Taro Kono", "North Korea to abandon its nuclear programme") in got
    assert ("Chinese Foreign Ministry", "restraint on all sides") in got
    assert ("Taro Kono", "violating United Nations resolutions") in got
    assert ("Taro Kono", "the latest missile launch as a grave provocation") in got


def test_that_clause_and_pronoun_speaker() -> None:
    found = run(
        "Polish President Andrzej Duda arrived in Vilnius on Monday. "
        "He said that the Suwalki Gap was the most vulnerable point of the alliance."
    )
    assert speakers_of(found, "the Suwalki Gap was the most vulnerable point") == ["Andrzej Duda"]


def test_direct_quote_split_by_attribution_is_one_statement() -> None:
    found = run(
        '"We will not negotiate under pressure," Turkish President Recep Tayyip Erdogan said. "Our position is clear."'
    )
    assert claims(found) == [
        (
            "Recep Tayyip Erdoğan",
            "quote",
            'We will not negotiate under pressure," Turkish President Recep Tayyip Erdogan said. "Our position is clear',
        )
    ]


def test_a_second_quote_with_its_own_cue_is_another_statement() -> None:
    found = run('"Talks will continue," Erdogan said on Monday. Later he added: "We expect results by June."')
    assert [text for _, _, text in claims(found)] == ["Talks will continue", "We expect results by June"]


def test_layout_attributions() -> None:
    found = run(
        '"Peace is possible if both sides want it." ― Antonio Guterres\n\n'
        "BLITZER: What did the minister tell you about the talks today?\n"
        "KULEBA: We agreed to meet again next week in Geneva.\n"
        "BLITZER: And what about the prisoners?\n"
        "KULEBA: They will be exchanged.\n"
    )
    speakers = {s for s, _, _ in claims(found)}
    assert {"António Guterres", "Dmytro Kuleba"} <= speakers


def test_quote_after_said_that_is_a_quote() -> None:
    found = run('Jens Stoltenberg said that "we see tens of thousands of combat-ready troops" near the border.')
    assert [(s, form) for s, form, _ in claims(found)] == [("Jens Stoltenberg", "quote")]


def test_name_colon_quote_lists_and_headline_titles() -> None:
    found = run(
        "Statements:\n"
        '1. German Foreign Minister Annalena Baerbock: "Germany stands with Moldova and its European path."\n'
        "Reports:\n"
        '1. The Guardian: "Moldova Votes Amid Fears of Russian Interference"\n'
    )
    rows = claims(found)
    assert rows == [("Annalena Baerbock", "quote", "Germany stands with Moldova and its European path")]


def test_according_to_names_the_source() -> None:
    found = run("According to Kremlin spokesperson Dmitry Peskov, President Putin will travel to Beijing in October.")
    assert speakers_of(found, "will travel to Beijing") == ["Dmitry Peskov"]


def test_organisation_officials_speak_for_the_organisation() -> None:
    found = run("NATO officials insist that the new battlegroups are purely defensive.")
    assert speakers_of(found, "the new battlegroups are purely defensive") == ["NATO"]


def test_groups_without_a_speaker_give_no_claim() -> None:
    found = run("Many experts believe that the sanctions will fail. They argue that Russia has found new markets.")
    assert claims(found) == []


def test_the_two_are_the_pair_named_before() -> None:
    found = run(
        "Meeting in Ankara, Finnish President Sauli Niinistö and Turkish President Recep Tayyip Erdogan discussed "
        "the accession talks. The two agreed that the talks would continue in June."
    )
    assert sorted(speakers_of(found, "the talks would continue")) == ["Recep Tayyip Erdoğan", "Sauli Niinistö"]


def test_capital_city_speaks_for_its_government() -> None:
    found = run(
        "Beijing has rejected the accusations as groundless, saying it respects the sovereignty of all nations."
    )
    assert set(speakers_of(found, "respects the sovereignty")) == {"China"}


def test_relayed_statement_keeps_the_original_speaker() -> None:
    found = run("Finnish Prime Minister Sanna Marin said the decision was historic, reports Yle.")
    assert [s for s, _, _ in claims(found)] == ["Sanna Marin"]


def test_questions_and_quoted_headlines_are_not_claims() -> None:
    found = run('"Germany and France urge Russia to withdraw"\n\nWill the talks succeed?')
    assert claims(found) == []


def test_she_and_he_keep_apart_and_prefer_the_sentence_subject() -> None:
    found = run(
        "Dmitry Medvedev said the Baltic would no longer be nuclear-free. He wrote that prices would rise. "
        "Finnish Prime Minister Sanna Marin told reporters in Stockholm, where she met Swedish Prime Minister "
        "Magdalena Andersson, that Finland would decide within weeks. She said that the decision was historic."
    )
    assert speakers_of(found, "the decision was historic") == ["Sanna Marin"]
    assert speakers_of(found, "prices would rise") == ["Dmitry Medvedev"]


def test_repeated_names_are_speakers_even_where_the_tagger_misses_them() -> None:
    found = run(
        "Senator Elizabeth Warren criticised the bill on Tuesday. "
        "Warren said that the banks had written it. Warren added that she would vote against it."
    )
    assert speakers_of(found, "the banks had written it") == ["Elizabeth Warren"]
    assert speakers_of(found, "she would vote against it") == ["Elizabeth Warren"]


def test_a_quoted_question_is_a_statement_with_its_tag() -> None:
    found = run('"Why would we negotiate under threats?" Russian Foreign Minister Sergey Lavrov asked reporters.')
    assert [(s, form) for s, form, _ in claims(found)] == [("Sergey Lavrov", "quote")]


def test_a_statement_reported_inside_anothers_quotation_is_theirs() -> None:
    found = run(
        '"Last week the governor said the budget was balanced, and that was simply untrue," '
        "Senator Maria Lopez said on Tuesday."
    )
    assert [speaker for speaker, _, _ in claims(found)] == ["Maria Lopez"]


def test_a_newspaper_named_post_is_no_document_noun() -> None:
    found = run("The mayor will resign next month, The Washington Post has learned, citing two aides.")
    assert speakers_of(found, "The mayor will resign next month") == ["The Washington Post"]


def test_pointed_out_is_the_particle_cue() -> None:
    found = run("Finance Minister Christian Lindner pointed out that the deficit had fallen for three years.")
    assert speakers_of(found, "the deficit had fallen for three years") == ["Christian Lindner"]


def test_a_quotation_resumes_after_a_tag_with_a_participle() -> None:
    found = run(
        '"The harbour will reopen soon," said Harbour Master Tom Wells, speaking to local radio. '
        '"We have cleared the wreck from the main channel."'
    )
    quoted = [text for _, form, text in claims(found) if form == "quote"]
    assert len(quoted) == 1 and "cleared the wreck" in quoted[0]


def test_a_campaign_named_after_a_person_speaks_for_itself() -> None:
    found = run(
        "Senator Elena Marsh announced her candidacy on Monday. "
        "The Marsh campaign said that it had raised two million dollars in the first week."
    )
    assert speakers_of(found, "raised two million dollars") == ["Marsh campaign"]


def test_he_in_a_tag_is_the_speaker_of_the_quotation_just_before() -> None:
    found = run(
        'Coach Peter Grant met the club owner Julia Hart on Friday. "We need new players," Grant told reporters. '
        '"The season starts in three weeks," he added.'
    )
    assert speakers_of(found, "The season starts in three weeks") == ["Peter Grant"]


def test_a_month_after_a_given_name_is_a_surname() -> None:
    found = run(
        "British Prime Minister Theresa May said on Tuesday that Britain would leave the customs union. "
        "Speaking in Berlin on 5 May 2019, Angela Merkel said the door remained open."
    )
    assert speakers_of(found, "Britain would leave the customs union") == ["Theresa May"]
    assert speakers_of(found, "the door remained open") == ["Angela Merkel"]


def test_thatless_complement_after_a_phrase() -> None:
    found = run("Hungarian Prime Minister Viktor Orban said after the vote he would veto the package.")
    assert claims(found) == [("Viktor Orbán", "reported", "he would veto the package")]


def test_as_tags_introduce_the_statement() -> None:
    found = run(
        "As Finnish President Sauli Niinisto put it, the security situation has changed for good. "
        "As Norwegian Prime Minister Jonas Gahr Store noted, the border must stay calm. "
        "As expected, the talks ended without agreement."
    )
    got = {(s, text) for s, _, text in claims(found)}
    assert got == {
        ("Sauli Niinistö", "the security situation has changed for good"),
        ("Jonas Gahr Støre", "the border must stay calm"),
    }


def test_a_statement_speaks_for_whoever_issued_it() -> None:
    found = run(
        "The Lithuanian Foreign Ministry issued a statement calling the expulsion a hostile act. "
        "Belarus issued a statement condemning the sanctions."
    )
    got = {(s, text) for s, _, text in claims(found)}
    assert ("Lithuanian Foreign Ministry", "the expulsion a hostile act") in got
    assert ("Belarus", "the sanctions") in got


def test_a_known_office_holders_surname_speaks_even_when_tagged_as_a_place() -> None:
    found = run(
        "BRUSSELS, June 14, 2023 — Scholz said Germany would keep supplying air defence. "
        "Biden, speaking at the White House, said the alliance was stronger than ever."
    )
    assert speakers_of(found, "Germany would keep supplying air defence") == ["Olaf Scholz"]
    assert speakers_of(found, "the alliance was stronger than ever") == ["Joe Biden"]


def test_a_name_suffix_is_not_a_surname() -> None:
    found = run("President Joseph R. Biden, Jr. spoke today with President Andrzej Duda of Poland.")
    assert {e.name for e in found.table.entities.values() if e.kind == "person"} == {"Joe Biden", "Andrzej Duda"}
    surnames = knowledge().surname_holder
    assert surnames["biden"] == "Joe Biden" and "jr." not in surnames and "jr" not in surnames


def test_a_pronoun_inside_what_a_body_says_is_that_body() -> None:
    found = run(
        "China criticised the tariffs on Monday. "
        "In a statement, the French foreign ministry said it regretted the decision."
    )
    assert set(speakers_of(found, "the decision")) == {"French Foreign Ministry"}


def test_the_one_asked_is_not_the_speaker_of_the_question() -> None:
    found = run('Asked whether the talks would continue, Russian Foreign Minister Sergei Lavrov replied: "Of course."')
    assert [text for _, _, text in claims(found)] == ["Of course"]


def test_a_contrasting_statement_is_another_speakers() -> None:
    found = run("Emmanuel Macron insisted the plan was realistic, while Giorgia Meloni warned it could backfire.")
    assert sorted((s, text) for s, _, text in claims(found)) == [
        ("Emmanuel Macron", "the plan was realistic"),
        ("Giorgia Meloni", "it could backfire"),
    ]


def test_a_short_quotation_before_its_tag_is_a_quote() -> None:
    found = run('"We will respond," Kremlin spokesman Dmitry Peskov said. He called the move "a provocation."')
    assert claims(found)[0] == ("Dmitry Peskov", "quote", "We will respond")


def test_he_after_a_resumed_quotation_is_its_speaker() -> None:
    found = run(
        '"Our goal is peace," German Chancellor Olaf Scholz said. "We will not send troops." '
        "He added that Germany would keep supplying air defence.\n\n"
        '"This plan is realistic," French President Emmanuel Macron said later.'
    )
    assert set(speakers_of(found, "We will not send troops")) == {"Olaf Scholz"}
    assert speakers_of(found, "Germany would keep supplying air defence") == ["Olaf Scholz"]


def test_a_hyphenated_given_name_after_a_title_stays_whole() -> None:
    found = run(
        "South Korean President Moon Jae-in said the talks would resume. Former Secretary-General Ban Ki-moon agreed."
    )
    assert speakers_of(found, "the talks would resume") == ["Moon Jae-in"]


def test_a_bare_surname_is_the_holder_in_office_when_the_text_was_written() -> None:
    found = run(
        "WASHINGTON, Oct. 3, 2016 — Sanders, who endorsed Clinton in July, warned young voters against staying home. "
        "Johnson said that Britain would remain a close ally."
    )
    assert speakers_of(found, "staying home") == ["Sanders"], "not the press secretary of 2017"
    assert speakers_of(found, "Britain would remain a close ally") == ["Boris Johnson"], "foreign secretary in 2016"


def test_a_former_holder_is_still_named_by_surname() -> None:
    found = run("BERLIN, 14 March 2023 — Merkel said that she did not regret her policy towards Russia.")
    assert speakers_of(found, "she did not regret her policy") == ["Angela Merkel"]
