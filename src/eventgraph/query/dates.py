"""Dates as people write them: a month without its year in a range, relative dates.

``May`` in ``between May and June 2021`` takes the year of the other end; ``last year``,
``this month``, ``the past 6 months`` are resolved against the day of the parse (today,
or ``--as-of``) to the calendar dates the canonical language writes, and the reading is
noted so that "understood as" shows it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

import attrs
from lark import Token

from eventgraph.query import ast
from eventgraph.query.errors import QuerySyntaxError
from eventgraph.query.reading import note
from eventgraph.query.reading import today as reading_day

__all__ = [
    "DATE",
    "DATE_HINT",
    "Partial",
    "Span",
    "date_error",
    "date_range",
    "make_date",
    "month_number",
    "relative",
    "temporal",
    "year_of",
    "yearless",
]

DATE = "a date such as 2022, 2021-12, 2021-12-07 or December 2021"
DATE_HINT = "dates look like 2022, 2021-12, 2021-12-07, December 2021, 7 December 2021 or December 7, 2021"

_MONTHS = {
    m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)
}


@attrs.frozen
class Partial:
    """A month or a day without its year: complete only as one end of a range."""

    month: int
    day: int | None
    text: str
    pos: int
    end: int


@attrs.frozen
class Span:
    """A relative date resolved against today: its first and last day, and the calendar
    unit it is when it is one (``last year`` is 2024; ``the past 6 months`` is no unit)."""

    start: ast.Date
    end: ast.Date
    unit: ast.Date | None
    text: str
    pos: int


def _at(token: Token) -> int:
    return token.start_pos or 0


def date_error(message: str, pos: int) -> QuerySyntaxError:
    return QuerySyntaxError(message, position=pos, hint=DATE_HINT, expected=(DATE,))


def year_of(token: Token) -> int:
    if len(token.value) != 4:
        raise date_error(f"{token.value!r} is not a year: a year has four digits", _at(token))
    return int(token.value)


def month_number(token: Token) -> int:
    return _MONTHS[token.value.lower()[:3]]


def make_date(pos: int, year: int, month: int | None = None, day: int | None = None) -> ast.Date:
    try:
        return ast.Date(year, month, day, pos=pos)
    except ValueError:
        shown = "-".join(f"{v:02d}" for v in (year, month, day) if v is not None)
        raise date_error(f"there is no such date as {shown}", pos) from None


# -- dates: partial and relative ------------------------------------------------------------------
def _shift_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _day(day: dt.date, pos: int) -> ast.Date:
    return ast.Date(day.year, day.month, day.day, pos=pos)


def relative(token: Token) -> Span:
    """A relative date as days: ``last year``, ``this month``, ``the past 6 months``..."""
    today = reading_day()
    text = " ".join(token.value.lower().split())
    pos = token.start_pos or 0
    words = text.split()
    unit = re.sub(r"s$", "", words[-1])
    if text in ("today", "yesterday"):
        day = today if text == "today" else today - dt.timedelta(days=1)
        return Span(_day(day, pos), _day(day, pos), _day(day, pos), token.value, pos)
    number = next((int(w) for w in words if w.isdigit()), None)
    rolling = number is not None or "past" in words or "the" in words
    if words[0] in ("this", "current") or not rolling:
        back = 0 if words[0] in ("this", "current") else 1
        if unit == "year":
            year = today.year - back
            return Span(ast.Date(year, pos=pos), ast.Date(year, pos=pos), ast.Date(year, pos=pos), token.value, pos)
        if unit == "month":
            first = _shift_months(today.replace(day=1), -back)
            month = ast.Date(first.year, first.month, pos=pos)
            return Span(month, month, month, token.value, pos)
        if unit == "week":
            monday = today - dt.timedelta(days=today.weekday() + 7 * back)
            return Span(_day(monday, pos), _day(monday + dt.timedelta(days=6), pos), None, token.value, pos)
        day = today - dt.timedelta(days=back)
        return Span(_day(day, pos), _day(day, pos), _day(day, pos), token.value, pos)
    count = number or 1
    if unit == "year":
        first = _shift_months(today, -12 * count)
    elif unit == "month":
        first = _shift_months(today, -count)
    elif unit == "week":
        first = today - dt.timedelta(weeks=count)
    else:
        first = today - dt.timedelta(days=count)
    return Span(_day(first, pos), _day(today, pos), None, token.value, pos)


def _resolved(span: Span, shown: str) -> None:
    note(f"`{' '.join(span.text.split())}` is {shown} (as of {reading_day().isoformat()})")


def temporal(op: str, date: Any, clock: str, pos: int) -> Any:
    """A date filter from a keyword and a date, relative or not (yearless ones are refused)."""
    if isinstance(date, ast.Date):
        return ast.Temporal(op, date, clock, pos=pos)
    if isinstance(date, Partial):
        raise yearless(date)
    if op in ("in", "at", "on", "during"):
        if date.unit is not None:
            node: Any = ast.Temporal(op, date.unit, clock, pos=pos)
        else:
            node = (
                ast.Temporal("since", date.start, clock, pos=pos)
                if date.end.interval().end == reading_day()
                else ast.Between(date.start, date.end, clock, pos=pos)
            )
    elif op in ("before", "since"):
        node = ast.Temporal(op, date.unit or date.start, clock, pos=pos)
    else:
        node = ast.Temporal(op, date.unit or date.end, clock, pos=pos)
    _resolved(date, f"`{node.render()}`")
    return node


def yearless(date: Partial) -> QuerySyntaxError:
    text = date.text
    return QuerySyntaxError(
        f"a year is missing after '{text}': '{text}' needs a year, unless it is one end of a range "
        "whose other end has one (between May and June 2021)",
        position=date.end if date.day is None else date.pos,
        hint=f'write {text} 2022; a place called {text} goes in quotes: "{text}"',
        expected=("a year (December 2021) or a day (December 7, 2021)", DATE),
    )


def _endpoint(date: Any, first: bool) -> ast.Date | Partial:
    if isinstance(date, Span):
        _resolved(date, (date.unit or (date.start if first else date.end)).render())
        return date.unit or (date.start if first else date.end)
    return date


def _complete(partial: Partial, year: int) -> ast.Date:
    return make_date(partial.pos, year, partial.month, partial.day)


def date_range(start: Any, end: Any) -> tuple[ast.Date, ast.Date]:
    """Both ends of a range as dates: a yearless end takes the year of the other end
    (the year before or after, when that keeps the earlier end first)."""
    a, b = _endpoint(start, True), _endpoint(end, False)
    if isinstance(a, Partial) and isinstance(b, Partial):
        raise yearless(b)
    if isinstance(a, Partial):
        assert isinstance(b, ast.Date)
        filled = _complete(a, b.year)
        if filled.interval().start > b.interval().end:
            filled = _complete(a, b.year - 1)
        note(f"`{a.text}` takes its year from the other end: {filled.render()}")
        a = filled
    elif isinstance(b, Partial):
        filled = _complete(b, a.year)
        if a.interval().start > filled.interval().end:
            filled = _complete(b, a.year + 1)
        note(f"`{b.text}` takes its year from the other end: {filled.render()}")
        b = filled
    if a.interval().start > b.interval().end:
        raise date_error(f"`between` needs the earlier date first: {a.render()} is after {b.render()}", a.pos)
    return a, b
