"""Time expressions: found in all common news forms, resolved to intervals, unknown kept unknown."""

from __future__ import annotations

import datetime as dt

import pytest

from eventgraph.extract.timex import find_times, resolve
from eventgraph.model import DateInterval
from tests.extraction_helpers import bounds, day, knowledge


def only(text: str):  # type: ignore[no-untyped-def]
    found = find_times(text, knowledge())
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05 Oct. 2015 the minister", "2015-10-05"),
        ("on February 10, 2023 in Brussels", "2023-02-10"),
        ("on 7 December 2021", "2021-12-07"),
        ("in February 2023", "2023-02-01..2023-02-28"),
        ("since 2021-12-07", "2021-12-07"),
        ("during 2019", "2019-01-01..2019-12-31"),
        ("in early 2022", "2022-01-01..2022-04-30"),
        ("on Tuesday (19 May 2015)", "2015-05-19"),
    ],
)
def test_explicit_dates(text: str, expected: str) -> None:
    assert bounds(resolve(only(text), None, None)) == day(expected)


def test_coordinated_days_are_one_interval_and_share_the_year() -> None:
    expr = only("the two-day event (November 30th and December 1st) was held")
    assert expr.kind == "range"
    assert bounds(resolve(expr, 2021, None)) == day("2021-11-30..2021-12-01")
    assert resolve(expr, None, None) is None  # no year: unknown, not a guess


def test_yearless_date_takes_the_given_year_and_keeps_the_weekday() -> None:
    expr = only("on Tuesday, December 7th, the presidents spoke")
    assert (expr.weekday, expr.month, expr.day) == (1, 12, 7)
    assert bounds(resolve(expr, 2021, None)) == day("2021-12-07")
    assert resolve(expr, 2021, None).how == "inferred-year"


def test_week_of_is_the_monday_to_sunday_week() -> None:
    expr = only("Weekly Roundup - Week of January 21st")
    assert bounds(resolve(expr, 2022, None)) == day("2022-01-17..2022-01-23")


def test_relative_expressions_spread_over_the_anchor() -> None:
    week = DateInterval(*day("2022-01-17..2022-01-23"))
    assert bounds(resolve(only("talks last Tuesday in Geneva"), None, week)) == day("2022-01-11..2022-01-18")
    assert bounds(resolve(only("he travels next month"), None, week)) == day("2022-02-01..2022-02-28")
    assert bounds(resolve(only("the talks earlier this month"), None, week)) == day("2022-01-01..2022-01-22")
    assert bounds(resolve(only("said yesterday"), None, DateInterval.day(dt.date(2024, 3, 1)))) == day("2024-02-29")
    assert bounds(resolve(only("two weeks ago"), None, DateInterval.day(dt.date(2024, 3, 15)))) == day("2024-03-01")


def test_relative_expression_without_anchor_is_unknown() -> None:
    assert resolve(only("the talks earlier this month"), None, None) is None


def test_same_day_repeats_the_previous_date() -> None:
    previous = DateInterval(*day("2021-12-01"))
    assert bounds(resolve(only("on the same day, Russia declared"), None, None, previous)) == day("2021-12-01")


def test_bounds_are_marked() -> None:
    assert only("its first meeting since 2019").bound == "since"
    assert only("before 2022").bound == "before"


def test_a_surname_may_is_not_a_month() -> None:
    found = find_times("Prime Minister Theresa May 5 times refused", knowledge())
    assert found == []
