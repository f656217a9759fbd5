"""When a document was written, as far as its text tells.

A document's own date comes from its metadata or a dated heading ("Week of January
21st"). A missing year is inferred from evidence a careful reader uses: the offices of
the people it names with their titles (a text calling Olaf Scholz "German Chancellor" was
written while he was chancellor), a weekday that fixes the year ("Tuesday, December
7th"), and well-known events placed relative to the text ("next month for the opening of
the Beijing Winter Olympics"). When the evidence does not settle it, it stays unknown.
"""

from __future__ import annotations

import datetime as dt

import attrs

from eventgraph.extract.entities import EntityTable
from eventgraph.extract.knowledge import Knowledge
from eventgraph.extract.segment import Parsed
from eventgraph.extract.timex import TimeExpr, resolve
from eventgraph.ids import fold
from eventgraph.model import DateInterval

__all__ = ["Frame", "document_frame"]

_EARLIEST = dt.date(1945, 1, 1)
_RECENT_DAYS = 31
_TITLE_LINES = 8


@attrs.frozen
class Frame:
    """The document's clock.

    ``published``: when it was written, if the metadata or a heading says so.
    ``year``: the year to give dates written without one.
    ``window``: when it was plausibly written (for resolving "the Secretary General").
    """

    published: DateInterval | None
    year: int | None
    window: DateInterval | None


Intervals = list[tuple[dt.date, dt.date]]


def _intersect(a: Intervals, b: Intervals) -> Intervals:
    out = []
    for s1, e1 in a:
        for s2, e2 in b:
            s, e = max(s1, s2), min(e1, e2)
            if s <= e:
                out.append((s, e))
    return out


def _years(intervals: Intervals) -> set[int]:
    return {y for s, e in intervals for y in range(s.year, e.year + 1)}


def document_frame(
    text: str,
    parsed: Parsed,
    times: list[TimeExpr],
    table: EntityTable,
    knowledge: Knowledge,
    published: DateInterval | None,
    today: dt.date,
) -> Frame:
    """Infer the document's date, the year of yearless dates and its writing window."""
    possible: Intervals = [(_EARLIEST, today)]
    for constraint in _office_constraints(table, knowledge) + _event_constraints(text, parsed, times, knowledge, today):
        narrowed = _intersect(possible, constraint)
        if narrowed:
            possible = narrowed
    if published is not None:
        possible = _intersect(possible, [(published.start, published.end)]) or [(published.start, published.end)]
    year = published.start.year if published is not None and published.start.year == published.end.year else None
    if year is None:
        year = _infer_year(times, possible)
    if published is None:
        published = _heading_date(parsed, times, year)
        if year is None and published is not None and published.start.year == published.end.year:
            year = published.start.year
    window = published or _window(times, year, possible, today)
    return Frame(published, year, window)


def _office_constraints(table: EntityTable, knowledge: Knowledge) -> list[Intervals]:
    """Each titled, current office holder bounds when the text was written."""
    out = []
    for entity in table.entities.values():
        if entity.kind != "person":
            continue
        for _, function, of in entity.titles:
            if not function:
                continue
            tenure = knowledge.tenure(entity.name, function, of)
            if tenure:
                out.append([(h.start or _EARLIEST, h.end or dt.date.max) for h in tenure])
    return out


def _event_constraints(
    text: str, parsed: Parsed, times: list[TimeExpr], knowledge: Knowledge, today: dt.date
) -> list[Intervals]:
    """A known event placed relative to the text ("next month ... the Winter Olympics") dates the text."""
    out = []
    lowered = fold(text)
    for name, event in knowledge.event_names.items():
        position = lowered.find(name)
        if position < 0 or len(name) < 6:
            continue
        sentence = parsed.sentence_at(position)
        if sentence is None:
            continue
        for expr in times:
            if not (sentence.start <= expr.start < sentence.end) or expr.kind not in ("relative", "ago"):
                continue
            days = []
            start = max(_EARLIEST, event.start - dt.timedelta(days=400))
            stop = min(today, event.end + dt.timedelta(days=400))
            day = start
            while day <= stop:
                hit = resolve(expr, None, DateInterval.day(day))
                if hit is not None and hit.start <= event.end and event.start <= hit.end:
                    days.append(day)
                day += dt.timedelta(days=1)
            if days:
                out.append([(min(days), max(days))])
    return out


def _infer_year(times: list[TimeExpr], possible: Intervals) -> int | None:
    """The one year the evidence allows for yearless dates, if there is one: each day and month
    the text gives must fall in the possible period (and on its weekday, when it names one)."""
    candidates = _years(possible)
    day_dates = [t for t in times if t.needs_year and t.day and t.month and t.bound is None]
    for expr in day_dates:
        fitting = set()
        for year in candidates:
            try:
                day = dt.date(year, expr.month, expr.day)  # type: ignore[arg-type]
            except ValueError:
                continue
            weekday_fits = expr.weekday is None or day.weekday() == expr.weekday
            if weekday_fits and any(s <= day <= e for s, e in possible):
                fitting.add(year)
        if fitting:
            candidates = fitting
    if len(candidates) == 1:
        return next(iter(candidates))
    return None


def _heading_date(parsed: Parsed, times: list[TimeExpr], year: int | None) -> DateInterval | None:
    """A date in the document's title lines is its own date ("Weekly Roundup - Week of January 21st"),
    also under a section label or over a place line ("PRESS RELEASES / 30 December 2021 - 13:33 / Warsaw")."""
    heads = []
    lead = None  # a summary paragraph may stand between the title and a line that opens with the date
    for number, block in enumerate(parsed.blocks[:_TITLE_LINES]):
        if block.kind == "body" and number > 0:
            if lead is not None:
                break  # the first line is the title, however long
            lead = block
            continue
        if block.kind in ("heading", "dateline"):
            heads.append(block)
    for block in heads:
        for expr in times:
            if lead is not None and block.start > lead.start and expr.start > block.start + 2:
                continue  # after the summary, only a line that opens with its date ("March 16, 2023 14:00 ...")
            if block.start <= expr.start < block.end and expr.kind in ("date", "week_of", "range") and expr.day:
                found = resolve(expr, year, None)
                if found is not None:
                    return DateInterval(found.start, found.end, "heading")
    return None


def _window(times: list[TimeExpr], year: int | None, possible: Intervals, today: dt.date) -> DateInterval | None:
    """When the text was plausibly written: soon after the latest precise date it gives."""
    latest: DateInterval | None = None
    coarse: DateInterval | None = None
    for expr in times:
        if expr.bound in ("until", "before"):
            continue
        found = resolve(expr, year, None)
        if found is None or found.end > today:
            continue
        if (found.end - found.start).days <= _RECENT_DAYS:
            if latest is None or found.end > latest.end:
                latest = found
        elif coarse is None or found.end > coarse.end:
            coarse = found
    if latest is not None and (coarse is None or coarse.end <= latest.end + dt.timedelta(days=_RECENT_DAYS)):
        start, end = latest.end, min(today, latest.end + dt.timedelta(days=_RECENT_DAYS))
    elif coarse is not None:
        start, end = coarse.start, today
    else:
        start, end = min(s for s, _ in possible), max(e for _, e in possible)
    bounded = _intersect([(start, end)], possible) or [(start, end)]
    return DateInterval(min(s for s, _ in bounded), max(e for _, e in bounded), "window")
