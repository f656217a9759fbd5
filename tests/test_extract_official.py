"""Official genres: call readouts, statements in their author's words, joint statements and
press releases with long quotations, with the publisher's principal where the page has one."""

from __future__ import annotations

from tests.extraction_helpers import bounds, claims, day, meetings, run, speakers_of

READOUT = """Readout of President Joseph R. Biden, Jr.'s Call with Chancellor Olaf Scholz of Germany

STATEMENTS AND RELEASES
February 14, 2022

President Joseph R. Biden, Jr. spoke today with Chancellor Olaf Scholz of Germany about the build-up of Russian forces on the borders of Ukraine. The President underscored the readiness of the United States to impose swift and severe costs on Russia. He also raised concerns about disinformation campaigns aimed at NATO members. The two leaders reaffirmed their commitment to the territorial integrity of Ukraine. President Biden proposed to hold a meeting of the two leaders in the coming weeks.
"""


def test_readout_subjects_and_official_verbs() -> None:
    found = run(READOUT)
    assert speakers_of(found, "impose swift and severe costs on Russia") == ["Joe Biden"]
    assert speakers_of(found, "disinformation campaigns aimed at NATO members") == ["Joe Biden"]


def test_a_joint_subject_gives_one_statement_per_leader() -> None:
    found = run(READOUT)
    assert sorted(speakers_of(found, "territorial integrity of Ukraine")) == ["Joe Biden", "Olaf Scholz"]


def test_spoke_with_is_a_call_on_the_readout_date() -> None:
    found = run(READOUT)
    held = [
        (names, date) for (names, _, date), m in zip(meetings(found), found.meetings, strict=True) if m.status == "held"
    ]
    assert len(held) == 1
    names, date = held[0]
    assert names == {"Joe Biden", "Olaf Scholz"}
    assert bounds(date) == day("2022-02-14")


def test_a_proposed_meeting_has_the_proposer_and_the_counterpart() -> None:
    found = run(READOUT)
    proposed = [
        (names, date)
        for (names, _, date), m in zip(meetings(found), found.meetings, strict=True)
        if m.status == "proposed"
    ]
    assert proposed and proposed[0][0] == {"Joe Biden", "Olaf Scholz"}
    date = proposed[0][1]
    assert date is not None and date.start > day("2022-02-14")[0]


PRINCIPAL = """Readout of the President's Call with President Andrzej Duda of Poland

STATEMENTS AND RELEASES
March 1, 2022

The President spoke today with President Andrzej Duda of Poland. The President thanked President Duda for Poland's generosity toward refugees. The President reaffirmed that the United States will defend every inch of NATO territory.
"""


def test_the_president_on_an_office_page_is_its_principal_of_the_day() -> None:
    found = run(PRINCIPAL)
    assert speakers_of(found, "defend every inch of NATO territory") == ["Joe Biden"]
    names, _, _ = meetings(found)[0]
    assert names == {"Joe Biden", "Andrzej Duda"}


TELEPHONE = """Telephone conversation with Prime Minister of India Narendra Modi

September 9, 2022

The leaders discussed bilateral trade and the supply of fertilisers. The President of Russia informed his counterpart about the situation in Ukraine.
"""


def test_a_titled_encounter_on_the_kremlin_pages_is_the_principals() -> None:
    found = run(TELEPHONE)
    assert [names for names, _, _ in meetings(found)] == [{"Vladimir Putin", "Narendra Modi"}]
    assert found.meetings[0].kind == "call"


STATEMENT = """Statement from Prime Minister Mark Rutte on the Floods in Limburg

July 16, 2021

The water has caused enormous damage in the south of the country. My thoughts are with everyone who lost their home. I have asked the army to support the emergency services for as long as needed. Local officials report that the dikes are holding. What can people do? Follow the advice of the safety region.
"""


def test_a_statement_in_the_authors_words_is_theirs_sentence_by_sentence() -> None:
    found = run(STATEMENT)
    assert speakers_of(found, "enormous damage in the south of the country") == ["Mark Rutte"]
    assert speakers_of(found, "asked the army to support the emergency services") == ["Mark Rutte"]
    assert all(form == "quote" for _, form, _ in claims(found))
    assert not speakers_of(found, "What can people do")


def test_a_report_about_a_speech_is_not_the_speakers_own_words() -> None:
    found = run(
        "Statement by the Prime Minister draws criticism\n\n"
        "Opposition parties said on Tuesday that the prime minister's statement on the floods came too late. "
        "The statement was read out in parliament.\n"
    )
    assert [speaker for speaker, _, _ in claims(found)] == []


JOINT = """Joint Statement on Energy Cooperation

May 5, 2023

We, the Prime Minister of Norway Jonas Gahr Støre and the Chancellor of Germany Olaf Scholz, note that secure supplies of gas are vital for Europe. Our countries will build a hydrogen pipeline by 2030. We call on all partners to protect critical undersea infrastructure.
"""


def test_a_joint_statement_speaks_for_each_signatory() -> None:
    found = run(JOINT)
    assert sorted(speakers_of(found, "build a hydrogen pipeline by 2030")) == ["Jonas Gahr Støre", "Olaf Scholz"]
    assert sorted(speakers_of(found, "protect critical undersea infrastructure")) == ["Jonas Gahr Støre", "Olaf Scholz"]


RELEASE = """The Head of State discussed the winter heating season with the heads of regions

12 November 2022 - 18:20

President of Moldova Maia Sandu held a meeting with the heads of regional administrations on the heating season. "The gas reserves are sufficient for the winter. We have diversified our suppliers. Nobody will be left without heating. I ask local leaders to check every school and hospital," the Head of State said. According to her, the government will cover part of the bills of vulnerable families. Prime Minister Natalia Gavrilita, who took part in the meeting, said that the compensation scheme would start in December.
"""


def test_an_official_release_splits_long_quotations_into_statements() -> None:
    found = run(RELEASE)
    quoted = [(speaker, text) for speaker, form, text in claims(found) if form == "quote"]
    assert ("Maia Sandu", "The gas reserves are sufficient for the winter") in quoted
    assert ("Maia Sandu", "Nobody will be left without heating") in quoted
    assert speakers_of(found, "cover part of the bills of vulnerable families") == ["Maia Sandu"]


def test_participants_who_took_part_join_the_meeting() -> None:
    found = run(RELEASE)
    names = [names for names, _, _ in meetings(found)]
    assert any({"Maia Sandu", "Natalia Gavrilița"} <= n or {"Maia Sandu", "Natalia Gavrilita"} <= n for n in names)


def test_a_news_story_keeps_a_long_quotation_whole() -> None:
    found = run(
        "Kyiv (Reuters) - Ukraine's energy minister warned of a hard winter on Monday.\n\n"
        '"The grid is damaged. Repairs will take weeks. We need more transformers," Energy Minister '
        "Herman Halushchenko told reporters.\n"
    )
    quoted = [text for _, form, text in claims(found) if form == "quote"]
    assert quoted == ["The grid is damaged. Repairs will take weeks. We need more transformers"]


def test_a_message_speaks_for_whoever_sent_it() -> None:
    found = run(
        "Condolences to President of Turkey Recep Tayyip Erdogan\n\n"
        "February 6, 2023\n\n"
        "Vladimir Putin sent a message of condolences to President of Turkey Recep Tayyip Erdogan. "
        'The message reads, in part: "Please convey words of sympathy and support to the families of the victims. '
        'Russian rescuers are ready to help in the search operations."\n'
    )
    assert speakers_of(found, "Russian rescuers are ready to help") == ["Vladimir Putin"]


def test_an_organisations_summit_is_a_meeting_of_its_members() -> None:
    found = run(
        "Ministers prepare the Madrid summit\n\nApril 4, 2022\n\n"
        "The foreign ministers prepared the agenda of the June 29 NATO Summit in Madrid, Spanish Foreign Minister "
        "José Manuel Albares said."
    )
    summit = [(names, place) for names, place, _ in meetings(found) if "NATO" in names]
    assert summit == [({"NATO"}, "Madrid")]
    assert found.meetings[0].status == "scheduled"


def test_an_unidentified_role_is_not_an_alias() -> None:
    found = run(
        "Ukrainian Defence Minister Oleksii Reznikov met his Lithuanian counterpart on 3 June 2022. "
        "The minister said that Ukraine needed more artillery."
    )
    reznikov = next(e for e in found.table.entities.values() if e.name == "Oleksii Reznikov")
    assert (
        found.document.text.index("The minister"),
        found.document.text.index("The minister") + len("The minister"),
    ) in found.table.role_spans
    assert speakers_of(found, "needed more artillery") == ["Oleksii Reznikov"]
    assert reznikov.key


def test_role_mentions_are_mentions_not_aliases_in_the_graph() -> None:
    from eventgraph.extract.document import extract_document
    from eventgraph.io import make_document
    from tests.extraction_helpers import TODAY, knowledge

    text = (
        "Ukrainian Defence Minister Oleksii Reznikov met his Lithuanian counterpart on 3 June 2022. "
        "The minister said that Ukraine needed more artillery."
    )
    graph = extract_document(make_document("role.txt", text), knowledge(), TODAY)
    reznikov = next(e for e in graph.entities() if e.name == "Oleksii Reznikov")
    assert "The minister" not in reznikov.aliases
    mentions = [m for edge in graph.edges("mentions", target=reznikov.id) for m in edge.mentions]
    assert any(m.surface == "The minister" and m.by_role for m in mentions)


def test_a_statement_that_refers_back_takes_the_passage_topics() -> None:
    from eventgraph.extract.document import extract_document
    from eventgraph.io import make_document
    from tests.extraction_helpers import TODAY, knowledge

    text = (
        "Pressing on sanctions\n\nMay 3, 2023\n\n"
        "HIGH REPRESENTATIVE BORRELL: The new sanctions target Russian banks. We will keep this pressure on.\n\n"
        "Q Will the sanctions cover oil?\n\n"
        "HIGH REPRESENTATIVE BORRELL: We are discussing it with the member states.\n"
    )
    graph = extract_document(make_document("borrell.txt", text), knowledge(), TODAY)
    by_text = {c.text: c for c in graph.claims()}
    carried = by_text["We will keep this pressure on"]
    edges = {e.target: e.name for e in graph.edges("about", source=carried.id)}
    assert edges.get("topic:sanctions") == "context"
    answer = by_text["We are discussing it with the member states"]
    assert {e.target: e.name for e in graph.edges("about", source=answer.id)}.get("topic:sanctions") == "context"
    own = {e.target: e.name for e in graph.edges("about", source=by_text["The new sanctions target Russian banks"].id)}
    assert own.get("topic:sanctions") is None and "topic:sanctions" in own


def test_titles_without_owner_take_the_known_office_or_the_pages_country() -> None:
    found = run(
        "Minister of Health of the region\n\n14 March 2023 - 10:00\n\n"
        "President of Moldova Maia Sandu met Minister of Health Ala Nemerenco and President Michel in Chisinau. "
        "Moldova will buy new ambulances, the minister said."
    )
    titles = {e.name: e.titles for e in found.table.entities.values() if e.kind == "person"}
    assert ("Health Minister", "health_minister", "Moldova") in titles["Ala Nemerenco"]
    assert "Charles Michel" in titles  # "President Michel": the one president of that name the role table knows
    assert all(of != "Moldova" for _, _, of in titles["Charles Michel"])


def test_the_parties_of_a_call_each_reaffirm() -> None:
    found = run(
        "Telephone conversation with President of Kazakhstan Kassym-Jomart Tokayev\n\nJanuary 2, 2023\n\n"
        "Vladimir Putin congratulated Kassym-Jomart Tokayev on the New Year. "
        "The parties reaffirmed their commitment to expanding trade between the two countries."
    )
    assert sorted(speakers_of(found, "commitment to expanding trade")) == ["Kassym-Jomart Tokayev", "Vladimir Putin"]


def test_a_date_after_the_document_is_not_when_a_statement_was_made() -> None:
    found = run(
        "Readout of the call\n\nAugust 16, 2023\n\n"
        "The Prime Minister welcomed Canada's plans for a trade mission to Brazil in September."
    )
    dates = [bounds(d) for d in found.dates.claims]
    assert dates == [day("2023-08-16")]


def test_a_scraped_label_gives_its_glued_title() -> None:
    found = run(
        "Meeting with Elena Petrova\n\nMay 2, 2023\n\nThe Kremlin, Moscow\n\n"
        "Vladimir Putin: Good afternoon. How is the work going? "
        "Elena Petrova Petrova ElenaPresidential Commissioner for Children's Rights : The work is going well. "
        "We have opened twelve new family centres in the regions. "
        "Vladimir Putin: That is a good result for the families of Russia. Elena Petrova: Thank you."
    )
    petrova = next(e for e in found.table.entities.values() if e.name == "Elena Petrova")
    assert {(f, of) for _, f, of in petrova.titles} == {("children_commissioner", "Russia")}


def test_an_office_only_the_documents_record_answers_queries() -> None:
    from eventgraph.extract.document import extract_document
    from eventgraph.io import make_document
    from tests.extraction_helpers import TODAY, knowledge

    text = (
        "Meeting with Elena Petrova\n\nMay 2, 2023\n\nThe Kremlin, Moscow\n\n"
        "Vladimir Putin: Good afternoon. How is the work going? "
        "Elena Petrova Petrova ElenaPresidential Commissioner for Children's Rights : The work is going well. "
        "We have opened twelve new family centres in the regions. "
        "Vladimir Putin: That is a good result for the families of Russia. Elena Petrova: Thank you."
    )
    graph = extract_document(make_document("petrova.txt", text), knowledge(), TODAY)
    rows = graph.query("statements by the Presidential Commissioner for Children's Rights").rows
    assert {row["speaker"]["name"] for row in rows} == {"Elena Petrova"}
    assert any("twelve new family centres" in row["text"] for row in rows)


OTHER_HOUSES = {
    "state": """Secretary Blinken's Call with Turkish Foreign Minister Cavusoglu

READOUT
OFFICE OF THE SPOKESPERSON
MARCH 14, 2022

The below is attributable to Spokesperson Ned Price:

Secretary of State Antony J. Blinken spoke today with Turkish Foreign Minister Mevlut Cavusoglu. The Secretary welcomed Türkiye's efforts to facilitate talks between Russia and Ukraine. Secretary Blinken and Foreign Minister Cavusoglu discussed the humanitarian situation in Mariupol. The Secretary emphasized that the United States stands with Ukraine.
""",
    "nato": """NATO Secretary General meets the Prime Minister of Sweden

PRESS RELEASE
08 Mar. 2023

The NATO Secretary General Jens Stoltenberg met with the Prime Minister of Sweden Ulf Kristersson in Brussels on Wednesday (8 March 2023). "Sweden has fulfilled its commitments. Now it is time to ratify the accession protocol," the Secretary General said. Mr Stoltenberg stressed that NATO's door remains open. Prime Minister Kristersson thanked Allies for their support and said that Sweden would contribute to the security of the whole Alliance.
""",
    "ukpm": """PM call with President Zelenskyy: 6 January 2023

From: Prime Minister's Office, 10 Downing Street
Published 6 January 2023

The Prime Minister spoke to President Zelenskyy this afternoon. The Prime Minister updated the President on the UK's efforts to provide further military support. The President thanked the Prime Minister for the UK's leadership. The leaders agreed to meet in person at the earliest opportunity.
""",
    "kremlin": """Talks with President of Turkey Recep Tayyip Erdogan

September 4, 2023

Sochi

Vladimir Putin held talks with President of the Republic of Türkiye Recep Tayyip Erdogan, who is in Russia on a working visit. The two leaders discussed the grain deal and the situation in the Middle East.

President of Russia Vladimir Putin: Mr President, dear friend, I am glad to see you in Sochi. Our trade has grown by more than 60 percent in the past year. We are ready to resume the grain deal as soon as the Western countries meet their obligations.

President of Türkiye Recep Tayyip Erdogan (retranslated): Thank you. The grain corridor is very important for the countries of Africa. Türkiye will continue its efforts to revive it.
""",
}


def test_other_house_styles_readouts_releases_and_single_turn_transcripts() -> None:
    state = run(OTHER_HOUSES["state"])
    assert speakers_of(state, "stands with Ukraine") == ["Antony Blinken"]
    assert [(names, m.status) for (names, _, _), m in zip(meetings(state), state.meetings, strict=True)] == [
        ({"Antony Blinken", "Mevlüt Çavuşoğlu"}, "held")
    ]
    nato = run(OTHER_HOUSES["nato"])
    assert ("Jens Stoltenberg", "quote", "Sweden has fulfilled its commitments") in claims(nato)
    assert speakers_of(nato, "contribute to the security of the whole Alliance") == ["Ulf Kristersson"]
    ukpm = run(OTHER_HOUSES["ukpm"])
    assert not speakers_of(ukpm, "6 January 2023")
    statuses = {m.status: names for (names, _, _), m in zip(meetings(ukpm), ukpm.meetings, strict=True)}
    assert statuses == {
        "held": {"Rishi Sunak", "Volodymyr Zelensky"},
        "scheduled": {"Rishi Sunak", "Volodymyr Zelensky"},
    }
    kremlin = run(OTHER_HOUSES["kremlin"])
    assert speakers_of(kremlin, "resume the grain deal") == ["Vladimir Putin"]
    assert speakers_of(kremlin, "important for the countries of Africa") == ["Recep Tayyip Erdoğan"]
    assert not speakers_of(kremlin, "glad to see you in Sochi")


def test_the_secretary_generals_readout_speaks_for_the_secretary_general() -> None:
    found = run(
        "Readout of the Secretary-General's meeting with the Prime Minister of Norway\n\n"
        "New York, 21 September 2022\n\n"
        "The Secretary-General met with H.E. Mr. Jonas Gahr Støre, Prime Minister of the Kingdom of Norway. "
        "The Secretary-General expressed his appreciation for Norway's support to humanitarian operations."
    )
    assert speakers_of(found, "appreciation for Norway's support") == ["António Guterres"]
    assert [names for names, _, _ in meetings(found)] == [{"António Guterres", "Jonas Gahr Støre"}]


def test_a_bare_title_is_the_one_titled_so_not_another_head_of_government() -> None:
    found = run(
        "BERLIN, 12 February 2024 — Federal Chancellor Olaf Scholz received Poland's Prime Minister Donald Tusk "
        "in Berlin today. At a joint press conference, the Chancellor stressed that the two countries were close "
        "partners. The Prime Minister said that Poland would spend more on defence."
    )
    assert speakers_of(found, "close partners") == ["Olaf Scholz"]
    assert speakers_of(found, "Poland would spend more on defence") == ["Donald Tusk"]


def test_a_statement_introduced_by_its_issuer_is_theirs_sentence_by_sentence() -> None:
    found = run(
        "Foreign Minister Annalena Baerbock on the situation in the Middle East\n\n"
        "Press release 14.10.2023\n\n"
        "Foreign Minister Annalena Baerbock issued the following statement today:\n\n"
        "We stand firmly by Israel's side. At the same time, we must do everything to protect civilians."
    )
    assert bounds(found.frame.published) == day("2023-10-14")
    assert claims(found) == [
        ("Annalena Baerbock", "quote", "We stand firmly by Israel's side"),
        ("Annalena Baerbock", "quote", "At the same time, we must do everything to protect civilians"),
    ]
    assert {bounds(d) for d in found.dates.claims} == {day("2023-10-14")}


def test_a_body_speaking_as_we_speaks_for_itself() -> None:
    found = run(
        "G7 Leaders' Statement on Ukraine\n\nFebruary 24, 2023\n\n"
        "We, the Leaders of the Group of Seven (G7), reaffirm our unwavering support for Ukraine. "
        "We will continue to impose economic costs on Russia."
    )
    assert {s for s, _, _ in claims(found)} == {"G7"}
    assert speakers_of(found, "impose economic costs on Russia") == ["G7"]


def test_a_title_case_heading_does_not_run_into_the_name() -> None:
    found = run(
        "Remarks by President Biden Before Air Force One Departure\n\nJune 5, 2023\n\n"
        "THE PRESIDENT: We reached a budget agreement that protects our economy.\n\n"
        "Q: Will you sign it today?\n\n"
        "THE PRESIDENT: Yes, I will sign it this afternoon."
    )
    assert {s for s, _, _ in claims(found)} == {"Joe Biden"}
    assert not [e for e in found.table.entities.values() if "Before" in e.name]


def test_the_ministers_of_several_countries_speak_for_each() -> None:
    found = run(
        "Tallinn, 3 May 2024 — The Foreign Ministers of Estonia, Latvia and Lithuania met in Tallinn today. "
        "The Ministers reaffirmed their support for Ukraine's membership in NATO."
    )
    assert sorted(speakers_of(found, "membership in NATO")) == ["Estonia", "Latvia", "Lithuania"]
