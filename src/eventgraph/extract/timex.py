"""Time expressions: found in text, then resolved to day intervals against an anchor.

Finding and resolving are apart: "December 1st" is found once, and its year comes later
from the document (a dateline, a weekday that fixes the year, the offices of the people
it names). Relative expressions ("last Tuesday", "earlier this month") are resolved for
every day the anchor could be, and the hull of the answers is the interval: a reference
"the week of 17-23 January" makes "last Tuesday" the 11th to the 18th. What cannot be
known stays ``None``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable

import attrs

from eventgraph.extract.knowledge import Knowledge
from eventgraph.model import DateInterval

__all__ = ["TimeExpr", "dated_years", "find_times", "month_interval", "resolve", "year_interval"]

_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:19\d\d|20\d\d)"
_MAX_SPREAD_DAYS = 62


@attrs.frozen
class TimeExpr:
    """A time expression and what it says, before any anchoring.

    ``kind`` is one of ``date`` (day, month and/or year given; the year may be missing),
    ``week_of`` (the week holding a date), ``relative`` (``unit`` and ``offset`` from the
    anchor: next month is ("month", 1); ``part`` "before"/"after" for earlier/later this
    month), ``weekday`` (a weekday, ``offset`` -1 last / 0 on / 1 next), ``ago``,
    ``same_day`` (the previous date again), ``coming`` (from the anchor's next day a few
    ``unit``s ahead: "in the coming months") and ``range`` (two dates joined).
    """

    start: int
    end: int
    text: str
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    unit: str | None = None
    offset: int = 0
    part: str | None = None
    qualifier: str | None = None
    until: TimeExpr | None = None
    bound: str | None = None

    @property
    def complete(self) -> bool:
        """True when the text alone fixes the interval (a year is given)."""
        if self.kind == "range" and self.until is not None:
            return self.until.year is not None
        return self.kind in ("date", "week_of") and self.year is not None

    @property
    def needs_year(self) -> bool:
        return self.kind in ("date", "week_of", "range") and not self.complete


def year_interval(year: int, how: str = "explicit") -> DateInterval:
    return DateInterval(dt.date(year, 1, 1), dt.date(year, 12, 31), how)


def month_interval(year: int, month: int, how: str = "explicit") -> DateInterval:
    return DateInterval(dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]), how)


class _Patterns:
    def __init__(self, knowledge: Knowledge) -> None:
        m = knowledge.month_pattern
        w = knowledge.weekday_pattern
        wd = rf"(?:(?P<wd>{w})\.?,?\s+(?:\(\s*)?(?:the\s+)?)?"
        self.day_month = re.compile(
            rf"\b{wd}(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<m>{m})\b\.?(?:,?\s+(?P<y>{_YEAR}))?(?!\d)", re.I
        )
        self.month_day = re.compile(
            rf"\b{wd}(?P<m>{m})\b\.?\s+(?P<d>\d{{1,2}}){_ORD}\b(?:,?\s+(?P<y>{_YEAR}))?(?!\d)", re.I
        )
        part = r"(?:(?P<q>early|mid|late|(?:the\s+)?end of|(?:the\s+)?beginning of|start of)[\s-]+)?"
        self.month_year = re.compile(rf"\b{part}(?P<m>{m})\b\.?,?\s+(?:of\s+)?(?P<y>{_YEAR})(?!\d)", re.I)
        self.iso = re.compile(rf"\b(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])(?:-(?P<d>[0-3]\d))?\b(?!-\d)")
        self.dotted = re.compile(rf"(?<![\d.])(?P<d>[0-3]?\d)\.(?P<m>0?[1-9]|1[0-2])\.(?P<y>{_YEAR})(?![\d.]\d)")
        self.year = re.compile(rf"\b{part}(?P<y>{_YEAR})\b(?![-/]\d)", re.I)
        self.week_of = re.compile(
            rf"\bweek\s+of\s+(?:(?:{w}),?\s+)?(?P<m>{m})\.?\s+(?P<d>\d{{1,2}}){_ORD}\b(?:,?\s+(?P<y>{_YEAR}))?", re.I
        )
        self.relative = re.compile(
            r"\b(?P<pre>earlier|later|late|early)?\s*(?P<rel>this|last|next|past|previous|coming|current)\s+(?P<unit>week|month|year|weekend)\b",
            re.I,
        )
        self.day_words = re.compile(
            r"\b(?P<w>today|yesterday|tomorrow|tonight|this morning|this afternoon|this evening)\b", re.I
        )
        self.weekday = re.compile(
            rf"\b(?:(?P<rel>last|next|this|on|past|coming)\s+)?(?P<wd>{w})\b(?!\s*,?\s*(?:\(|\d|{m}))", re.I
        )
        self.ago = re.compile(
            r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<unit>day|week|month|year)s?\s+ago\b",
            re.I,
        )
        self.ahead = re.compile(
            r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<unit>day|week|month|year)s?"
            r"\s+(?:from\s+now|(?:from\s+)?hence)\b|\bin\s+(?P<n2>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)"
            r"\s+(?P<unit2>day|week|month|year)s?(?:['’]|['’]s)?\s+time\b",
            re.I,
        )
        self.month_alone = re.compile(
            rf"\b(?i:(?:in|during|since|until|till|by|from|through|throughout|before|after)(?:\s+(?:early|mid|late))?"
            rf"|early|mid|late|the\s+(?:end|beginning|start|middle)\s+of)[\s-]+(?P<m>(?i:{m}))\b(?!\.?\s*\d)"
        )
        self.coming = re.compile(
            r"\b(?:in|over|within|during)\s+the\s+(?:(?:coming|next|following)\s+(?:few\s+|several\s+)?"
            r"(?P<unit>day|week|month)s|(?P<near>near|foreseeable|very\s+near)\s+future)\b",
            re.I,
        )
        self.same_day = re.compile(r"\b(?:on\s+)?the\s+same\s+day\b|\bthat\s+same\s+day\b", re.I)
        self.joiner = re.compile(r"^\s*(?:and|to|until|till|through|-|–|—)\s*$", re.I)


@functools.cache
def _patterns(knowledge: Knowledge) -> _Patterns:
    """The compiled patterns, once per knowledge base."""
    return _Patterns(knowledge)


def dated_years(times: list[TimeExpr], published: DateInterval | None) -> frozenset[int]:
    """The years a document is from: its metadata's, else those of the full dates it gives."""
    if published is not None:
        return frozenset(range(published.start.year, published.end.year + 1))
    return frozenset(t.year for t in times if t.kind == "date" and t.year is not None and t.day is not None)


def find_times(text: str, knowledge: Knowledge) -> list[TimeExpr]:
    """Every time expression in ``text``, left to right, without overlaps."""
    p = _patterns(knowledge)
    months, weekdays, numbers = knowledge.months, knowledge.weekdays, knowledge.numbers
    found: list[TimeExpr] = []

    def add(expr: TimeExpr) -> None:
        found.append(expr)

    def wd(match: re.Match[str]) -> int | None:
        value = match.groupdict().get("wd")
        return weekdays.get(value.lower().rstrip(".")) if value else None

    for m in p.week_of.finditer(text):
        add(
            TimeExpr(
                m.start(),
                m.end(),
                m.group(),
                "week_of",
                _int(m.group("y")),
                months[m.group("m").lower()],
                int(m.group("d")),
            )
        )
    for pattern in (p.day_month, p.month_day):
        for m in pattern.finditer(text):
            day = int(m.group("d"))
            month = months[m.group("m").lower().rstrip(".")]
            if not 1 <= day <= 31 or (m.group("m").lower() == "may" and not m.group("y") and _looks_like_name(text, m)):
                continue
            add(TimeExpr(m.start(), m.end(), m.group(), "date", _int(m.group("y")), month, day, wd(m)))
    for m in p.iso.finditer(text):
        add(TimeExpr(m.start(), m.end(), m.group(), "date", int(m.group("y")), int(m.group("m")), _int(m.group("d"))))
    for m in p.dotted.finditer(text):  # "14.10.2023": day, month, year, as European pages write them
        if 1 <= int(m.group("d")) <= 31:
            add(
                TimeExpr(m.start(), m.end(), m.group(), "date", int(m.group("y")), int(m.group("m")), int(m.group("d")))
            )
    for m in p.month_year.finditer(text):
        add(
            TimeExpr(
                m.start(),
                m.end(),
                m.group(),
                "date",
                int(m.group("y")),
                months[m.group("m").lower().rstrip(".")],
                qualifier=_qualifier(m.group("q")),
            )
        )
    for m in p.year.finditer(text):
        add(TimeExpr(m.start(), m.end(), m.group(), "date", int(m.group("y")), qualifier=_qualifier(m.group("q"))))
    for m in p.relative.finditer(text):
        unit = m.group("unit").lower()
        rel = m.group("rel").lower()
        offset = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(rel, 0)
        pre = (m.group("pre") or "").lower()
        part = {"earlier": "before", "early": "start", "later": "after", "late": "end"}.get(pre)
        add(
            TimeExpr(
                m.start(),
                m.end(),
                m.group().strip(),
                "relative",
                unit="week" if unit == "weekend" else unit,
                offset=offset,
                part=part,
            )
        )
    for m in p.day_words.finditer(text):
        word = m.group("w").lower()
        add(
            TimeExpr(
                m.start(),
                m.end(),
                m.group(),
                "relative",
                unit="day",
                offset={"yesterday": -1, "tomorrow": 1}.get(word, 0),
            )
        )
    for m in p.weekday.finditer(text):
        rel = (m.group("rel") or "").lower()
        add(
            TimeExpr(
                m.start(),
                m.end(),
                m.group(),
                "weekday",
                weekday=weekdays[m.group("wd").lower().rstrip(".")],
                offset={"next": 1, "coming": 1, "this": 0}.get(rel, -1),
                part=rel or None,
            )
        )
    for m in p.ago.finditer(text):
        n = m.group("n").lower()
        count = int(n) if n.isdigit() else numbers.get(n) or 1
        add(TimeExpr(m.start(), m.end(), m.group(), "ago", unit=m.group("unit").lower(), offset=-count))
    for m in p.ahead.finditer(text):
        n = (m.group("n") or m.group("n2")).lower()
        count = int(n) if n.isdigit() else numbers.get(n) or 1
        unit = (m.group("unit") or m.group("unit2")).lower()
        add(TimeExpr(m.start(), m.end(), m.group(), "ago", unit=unit, offset=count))
    for m in p.coming.finditer(text):
        add(TimeExpr(m.start(), m.end(), m.group(), "coming", unit=(m.group("unit") or "month").lower()))
    for m in p.month_alone.finditer(text):
        name = m.group("m")
        if name[:1].isupper() and name.lower().rstrip(".") in months:  # "in July"; "may" the verb is lower case
            add(TimeExpr(m.start("m"), m.end("m"), name, "date", month=months[name.lower().rstrip(".")]))
    for m in p.same_day.finditer(text):
        add(TimeExpr(m.start(), m.end(), m.group(), "same_day"))
    chosen = _without_overlaps(found)
    chosen = _join_ranges(text, chosen, p)
    return [_with_bound(text, e) for e in chosen]


def _looks_like_name(text: str, match: re.Match[str]) -> bool:
    """'May 5' after a capitalised word is likelier a name ('Theresa May 5 ...') than a date."""
    before = text[max(0, match.start() - 20) : match.start()].split()
    return bool(before) and before[-1][:1].isupper() and before[-1].lower() not in ("on", "in", "since", "until", "by")


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def _qualifier(value: str | None) -> str | None:
    if not value:
        return None
    value = value.lower().replace("the ", "")
    return {"beginning of": "early", "start of": "early", "end of": "late"}.get(value, value)


def _without_overlaps(found: list[TimeExpr]) -> list[TimeExpr]:
    """Longest first, then leftmost: a date beats the bare year inside it."""
    chosen: list[TimeExpr] = []
    for expr in sorted(found, key=lambda e: (-(e.end - e.start), e.start)):
        if all(expr.end <= c.start or expr.start >= c.end for c in chosen):
            chosen.append(expr)
    return sorted(chosen, key=lambda e: e.start)


def _join_ranges(text: str, exprs: list[TimeExpr], p: _Patterns) -> list[TimeExpr]:
    """'November 30th and December 1st' is one interval; the later year fills the earlier."""
    out: list[TimeExpr] = []
    i = 0
    while i < len(exprs):
        first = exprs[i]
        if i + 1 < len(exprs):
            second = exprs[i + 1]
            between = text[first.end : second.start]
            if first.kind == "date" and second.kind == "date" and first.day and second.day and p.joiner.match(between):
                year = first.year or second.year
                first = attrs.evolve(first, year=year)
                out.append(
                    TimeExpr(
                        first.start,
                        second.end,
                        text[first.start : second.end],
                        "range",
                        year=first.year,
                        month=first.month,
                        day=first.day,
                        weekday=first.weekday,
                        until=second,
                    )
                )
                i += 2
                continue
        out.append(first)
        i += 1
    return out


_BOUND_WORDS = {
    "since": "since",
    "from": "since",
    "after": "after",
    "before": "before",
    "until": "until",
    "till": "until",
    "by": "until",
}


def _with_bound(text: str, expr: TimeExpr) -> TimeExpr:
    """Mark 'since 2019' / 'before 2022': such an expression bounds a time but does not date it."""
    words = text[max(0, expr.start - 12) : expr.start].lower().split()
    if words and words[-1] in _BOUND_WORDS:
        return attrs.evolve(expr, bound=_BOUND_WORDS[words[-1]])
    return expr


# -- resolution ---------------------------------------------------------------------------
def _shift_month(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + (day.month - 1) + months
    return index // 12, index % 12 + 1


def _days(interval: DateInterval) -> list[dt.date]:
    span = (interval.end - interval.start).days
    if span > _MAX_SPREAD_DAYS:
        return []
    return [interval.start + dt.timedelta(days=i) for i in range(span + 1)]


def _spread(anchor: DateInterval, how: str, fn: Callable[[dt.date], DateInterval | None]) -> DateInterval | None:
    """Resolve for every day the anchor may be and take the hull of the answers."""
    results = [r for r in (fn(day) for day in _days(anchor)) if r is not None]
    if not results:
        return None
    return DateInterval(min(r.start for r in results), max(r.end for r in results), how)


def _qualified(interval: DateInterval, qualifier: str | None) -> DateInterval:
    """Early/mid/late part of a year (Jan-Apr, May-Aug, Sep-Dec) or of a month (1-10, 11-20, 21-end)."""
    if qualifier is None:
        return interval
    start, end = interval.start, interval.end
    part = {"early": 0, "mid": 1}.get(qualifier, 2)
    if start.month == 1 and end.month == 12 and start.year == end.year:
        first = dt.date(start.year, 1 + 4 * part, 1)
        last = month_interval(start.year, 4 + 4 * part).end
    else:
        first = start.replace(day=1 + 10 * part)
        last = end if part == 2 else start.replace(day=10 + 10 * part)
    return DateInterval(first, last, interval.how)


def resolve(
    expr: TimeExpr, year: int | None, anchor: DateInterval | None, previous: DateInterval | None = None
) -> DateInterval | None:
    """The interval an expression denotes, given the document's year and an anchor.

    ``year`` fills a missing year; ``anchor`` is the reference for relative expressions;
    ``previous`` is the last date resolved before this one (for "the same day").
    """
    try:
        return _resolve(expr, year, anchor, previous)
    except ValueError:
        return None


def _resolve(
    expr: TimeExpr, year: int | None, anchor: DateInterval | None, previous: DateInterval | None
) -> DateInterval | None:
    if expr.kind == "same_day":
        return attrs.evolve(previous, how="context") if previous else None
    if expr.kind == "range" and expr.until is not None:
        first = _resolve(attrs.evolve(expr, kind="date", until=None), year, anchor, previous)
        second = _resolve(expr.until, expr.until.year or year, anchor, previous)
        if first is None or second is None:
            return None
        if second.end < first.start and expr.until.year is None and first.start.year == second.end.year:
            second = DateInterval(
                second.start.replace(year=second.start.year + 1), second.end.replace(year=second.end.year + 1)
            )
        how = "explicit" if expr.complete else "inferred-year"
        return DateInterval(min(first.start, second.start), max(first.end, second.end), how)
    if expr.kind in ("date", "week_of"):
        how = "explicit" if expr.year is not None else "inferred-year"
        y = expr.year or year
        if y is None:
            return None
        if expr.month is None:
            return _qualified(year_interval(y, how), expr.qualifier)
        if expr.day is None:
            return _qualified(month_interval(y, expr.month, how), expr.qualifier)
        day = dt.date(y, expr.month, expr.day)
        if expr.kind == "week_of":
            monday = day - dt.timedelta(days=day.weekday())
            return DateInterval(monday, monday + dt.timedelta(days=6), how)
        return DateInterval.day(day, how)
    if anchor is None:
        return None
    if expr.kind == "relative":
        return _spread(anchor, "relative", lambda d: _relative(expr, d))
    if expr.kind == "weekday":
        return _spread(anchor, "relative", lambda d: _weekday(expr, d))
    if expr.kind == "ago":
        return _spread(anchor, "relative", lambda d: _ago(expr, d))
    if expr.kind == "coming":
        return _spread(anchor, "relative", lambda d: _coming(expr, d))
    return None


_COMING_DAYS = {"day": 10, "week": 61, "month": 183}


def _coming(expr: TimeExpr, day: dt.date) -> DateInterval:
    """ "in the coming months", "in the near future": from the next day to a few units ahead."""
    return DateInterval(day + dt.timedelta(days=1), day + dt.timedelta(days=_COMING_DAYS[expr.unit or "month"]))


def _relative(expr: TimeExpr, day: dt.date) -> DateInterval | None:
    if expr.unit == "day":
        return DateInterval.day(day + dt.timedelta(days=expr.offset))
    if expr.unit == "week":
        monday = day - dt.timedelta(days=day.weekday()) + dt.timedelta(weeks=expr.offset)
        start, end = monday, monday + dt.timedelta(days=6)
    elif expr.unit == "month":
        y, m = _shift_month(day, expr.offset)
        interval = month_interval(y, m)
        start, end = interval.start, interval.end
    elif expr.unit == "year":
        start, end = dt.date(day.year + expr.offset, 1, 1), dt.date(day.year + expr.offset, 12, 31)
    else:
        return None
    if expr.offset == 0 and expr.part == "before":
        end = day - dt.timedelta(days=1)
    elif expr.offset == 0 and expr.part == "after":
        start = day + dt.timedelta(days=1)
    if start > end:
        return None
    interval = DateInterval(start, end)
    if expr.part in ("start", "end"):
        return _qualified(interval, "early" if expr.part == "start" else "late")
    return interval


def _weekday(expr: TimeExpr, day: dt.date) -> DateInterval:
    assert expr.weekday is not None
    if expr.offset == 1:
        ahead = (expr.weekday - day.weekday()) % 7 or 7
        return DateInterval.day(day + dt.timedelta(days=ahead))
    if expr.offset == 0:
        return DateInterval.day(day - dt.timedelta(days=day.weekday() - expr.weekday))
    delta = (day.weekday() - expr.weekday) % 7
    if expr.part == "last" and delta == 0:
        delta = 7
    return DateInterval.day(day - dt.timedelta(days=delta))


def _ago(expr: TimeExpr, day: dt.date) -> DateInterval:
    if expr.unit == "day":
        return DateInterval.day(day + dt.timedelta(days=expr.offset))
    if expr.unit == "week":
        return DateInterval.day(day + dt.timedelta(weeks=expr.offset))
    if expr.unit == "month":
        y, m = _shift_month(day, expr.offset)
        return month_interval(y, m)
    return year_interval(day.year + expr.offset)
