"""The three clocks: the document's date, when a fact happened, and the period it is about."""

from __future__ import annotations

import datetime as dt

from eventgraph.model import DateInterval
from tests.extraction_helpers import bounds, claims, day, run


def test_weekday_and_offices_fix_the_missing_year() -> None:
    # 7 December fell on a Tuesday in 2021 and 2027; Joe Biden was president only in 2021.
    found = run(
        "In a video conference on Tuesday, December 7th, President Joe Biden warned Vladimir Putin against an invasion."
    )
    assert found.frame.year == 2021
    assert bounds(found.dates.meetings[0]) == day("2021-12-07")
    assert found.dates.meetings[0].how == "inferred-year"


def test_without_evidence_the_year_stays_unknown() -> None:
    found = run("On December 1st, Josep Borrell said that talks would resume.")
    assert found.frame.year is None
    assert found.dates.claims == (None,)


def test_dated_heading_dates_the_items_under_it() -> None:
    found = run(
        "Weekly roundup - Week of January 21st\n\n"
        "German Chancellor Olaf Scholz said that gas deliveries were secure. "
        "Russian President Vladimir Putin will travel to China next month for the opening ceremony of the Beijing Winter Olympics."
    )
    assert found.frame.year == 2022  # the 2022 Winter Olympics opened the month after
    assert bounds(found.frame.published) == day("2022-01-17..2022-01-23")
    assert bounds(found.dates.claims[0]) == day("2022-01-17..2022-01-23")


def test_metadata_date_anchors_relative_expressions() -> None:
    published = DateInterval.day(dt.date(2024, 5, 10))
    found = run("French President Emmanuel Macron met Chinese President Xi Jinping in Paris last Monday.", published)
    assert bounds(found.dates.meetings[0]) == day("2024-05-06")


def test_date_lines_date_their_news_items() -> None:
    found = run(
        "Secretary General meets Finnish President\n"
        "12 Jan. 2023The NATO Secretary General Jens Stoltenberg met Finnish President Sauli Niinistö in Brussels.\n"
        "Secretary General visits Oslo\n"
        "03 Feb. 2023Jens Stoltenberg said that Norway was a staunch ally."
    )
    assert bounds(found.dates.meetings[0]) == day("2023-01-12")
    assert bounds(found.dates.claims[0]) == day("2023-02-03")


def test_date_inside_the_content_is_the_period_not_the_date() -> None:
    found = run(
        "On 2 June 2023, Lithuanian President Gitanas Nausėda said that the summit in July 2023 would decide on Ukraine."
    )
    assert bounds(found.dates.claims[0]) == day("2023-06-02")
    assert bounds(found.dates.periods[0]) == day("2023-07-01..2023-07-31")


def test_a_later_sentence_of_the_paragraph_inherits_its_date() -> None:
    found = run(
        "On 14 February 2024, Danish Prime Minister Mette Frederiksen said that Europe must rearm. "
        "She also warned that time was running out."
    )
    assert [bounds(d) for d in found.dates.claims] == [day("2024-02-14"), day("2024-02-14")]


def test_undated_paragraph_stays_undated() -> None:
    found = run("Dutch Prime Minister Mark Rutte said that the alliance should stay united.")
    assert found.dates.claims == (None,)


def test_former_office_holders_do_not_date_the_text() -> None:
    found = run(
        "Former President Barack Obama met Ukrainian President Volodymyr Zelensky in Kyiv on Monday, December 6th."
    )
    # Zelensky (president since 2019) and the weekday fix 2021; Obama's old office must not pull it back to 2010.
    assert found.frame.year == 2021


def test_news_dateline_dates_the_story_and_is_not_a_speaker() -> None:
    found = run(
        "Russia warns Finland\n\n"
        "MOSCOW, April 14, 2022 (Reuters) - Russia warned on Thursday that it would deploy more troops in the Baltic region."
    )
    assert bounds(found.frame.published) == day("2022-04-14")
    assert found.frame.year == 2022
    assert [(s, bounds(d)) for (s, _, _), d in zip(claims(found), found.dates.claims, strict=True)] == [
        ("Russia", day("2022-04-14"))
    ]


def test_dateline_without_year_takes_the_year_the_offices_allow() -> None:
    # Biden and Johnson were both in office on 2 November only in 2021.
    found = run(
        "GLASGOW, Nov 2 (Reuters) - US President Joe Biden met British Prime Minister Boris Johnson at the summit."
    )
    assert found.frame.year == 2021
    assert bounds(found.dates.meetings[0]) == day("2021-11-02")


def test_house_style_datelines_date_the_document() -> None:
    from tests.extraction_helpers import run as analyse_text

    styles = {
        "Zelenskyy met the Prime Minister of Estonia\n\nPresident of Ukraine\nNews\n16 December 2021 - 13:33\n\n"
        "The President said that the talks were productive.": "2021-12-16",
        "Statement by the Spokesperson\n\nMINISTRY OF FOREIGN AFFAIRS\nPRESS RELEASES\nDecember 30, 2021\nWarsaw, Poland\n\n"
        "The Minister said the talks were productive.": "2021-12-30",
        "A very long title of a presidential press release that runs on and on without any final punctuation at all "
        "because titles never have any\n\n3 March 2022 - 09:10\n\nThe President said that the talks were productive.": "2022-03-03",
    }
    for text, date in styles.items():
        published = analyse_text(text).document.published
        assert published is not None and published.start.isoformat() == date == published.end.isoformat()


def test_a_future_date_does_not_date_what_follows() -> None:
    published = DateInterval.day(dt.date(2019, 4, 11))
    found = run(
        "According to the Kremlin, talks on the pipeline will resume next week. "
        "Austrian Chancellor Sebastian Kurz said that Vienna was ready to host them.",
        published,
    )
    assert bounds(found.dates.claims[-1]) == day("2019-04-11"), "said on the day of the report, not next week"


def test_the_phrase_before_a_thatless_complement_dates_the_saying() -> None:
    published = DateInterval.day(dt.date(2018, 10, 5))
    found = run("Czech President Milos Zeman said on Monday he would not sign the bill.", published)
    assert bounds(found.dates.claims[0]) == day("2018-10-01")


def test_day_month_year_with_dots() -> None:
    found = run("Pressemitteilung 03.07.2023\n\nChancellor Olaf Scholz said that Germany would help.")
    assert bounds(found.frame.published) == day("2023-07-03")
    assert bounds(found.dates.claims[0]) == day("2023-07-03")


def test_a_relative_clause_about_the_speaker_does_not_date_the_statement() -> None:
    published = DateInterval.day(dt.date(2016, 10, 3))
    found = run(
        "Senator Bernie Sanders, who endorsed Hillary Clinton in July, warned that young voters could decide the race.",
        published,
    )
    assert bounds(found.dates.claims[0]) == day("2016-10-03")
