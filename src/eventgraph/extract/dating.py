"""When each statement was made and each meeting held: the second of the three clocks.

A fact takes, in order of trust: a date its own clause gives ("On December 1st, Putin
demanded ..."); the date of a meeting its sentence places it at ("at the meeting in
Riga, where Blinken said ..."); a date earlier in the same paragraph; the date line of
the news item it stands under, or the document's dated heading. A date inside a
statement's content is the period it is about, not when it was made. Nothing else
dates a fact: unknown stays unknown.
"""

from __future__ import annotations

import datetime as dt
import re

import attrs

from eventgraph.extract.claims import ClaimRecord
from eventgraph.extract.frame import Frame
from eventgraph.extract.meetings import MeetingRecord
from eventgraph.extract.quotes import find_quotes
from eventgraph.extract.segment import Parsed, Sentence
from eventgraph.extract.timex import TimeExpr, resolve
from eventgraph.model import DateInterval

__all__ = ["Dates", "date_facts"]

_RELATION = re.compile(
    r"\b(?P<n>a|an|one|two|three|four|five|six|seven|\d+)\s+(?P<unit>day|week)s?\s+(?P<dir>after|before|later|earlier)\b",
    re.I,
)
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_MAX_CONTEXT_DAYS = 62


@attrs.frozen
class Dates:
    """Dates found for the document's claims (date and period) and meetings, by position."""

    claims: tuple[DateInterval | None, ...]
    periods: tuple[DateInterval | None, ...]
    meetings: tuple[DateInterval | None, ...]


@attrs.frozen
class _Resolved:
    expr: TimeExpr
    interval: DateInterval


def date_facts(
    text: str,
    parsed: Parsed,
    times: list[TimeExpr],
    frame: Frame,
    claims: list[ClaimRecord],
    meetings: list[MeetingRecord],
) -> Dates:
    resolved = _resolve_all(times, frame)
    governing = _governing_dates(parsed, resolved, frame)
    meeting_dates = _meeting_dates(text, parsed, resolved, governing, meetings)
    quoted = [(q.start, q.end) for q in find_quotes(text, parsed.blocks) if q.full]
    points = [
        (item.expr.start, item.interval)
        for item in resolved
        if _usable(item)
        and (item.interval.end - item.interval.start).days <= _MAX_CONTEXT_DAYS
        and not any(s <= item.expr.start < e for s, e in quoted)  # a speaker's dates are not the narrative's
        and not _after(item.interval, frame)  # "next week" is when something will happen, not when it was said
    ]
    # a dated meeting the paragraph mentions anchors what follows it ("during the summit, ...")
    mentioned = [(t, date) for m, date in zip(meetings, meeting_dates, strict=True) if date for t in m.triggers]
    inherited: list[tuple[int, DateInterval]] = []
    claim_dates: list[DateInterval | None] = [None] * len(claims)
    periods: list[DateInterval | None] = [None] * len(claims)
    for index in sorted(range(len(claims)), key=lambda i: claims[i].cue_start):
        claim = claims[index]
        if claim.voiced:  # words spoken at the event the document records: its date
            sentence = parsed.sentence_at(claim.span.start)
            claim_dates[index] = governing[sentence.block] if sentence else None
            periods[index] = _nearest(resolved, claim.span.start, claim.span.end, claim.span.start)
            continue
        date, period = _claim_date(parsed, resolved, claim, meetings, meeting_dates)
        if date is not None and _after(date, frame):
            date = None  # no one speaks after the document reporting it was written: that date is another's
        if date is not None:
            points.append((claim.cue_start, date))
        else:
            sentence = parsed.sentence_at(claim.cue_start)
            asides = _asides(parsed, sentence, claim.cue_start) if sentence else []
            known = [p for p in points + inherited + mentioned if not any(s <= p[0] < e for s, e in asides)]
            date = _context_date(parsed, known, claim.cue_start, points)
            if date is not None:
                inherited.append((claim.cue_start, date))
            else:
                sentence = parsed.sentence_at(claim.cue_start) or parsed.sentence_at(claim.span.start)
                date = governing[sentence.block] if sentence else None
        claim_dates[index], periods[index] = date, period
    _planned_by_date(meetings, meeting_dates, frame)
    return Dates(tuple(claim_dates), tuple(periods), tuple(meeting_dates))


def _planned_by_date(meetings: list[MeetingRecord], dates: list[DateInterval | None], frame: Frame) -> None:
    """A meeting the text dates after the document was written has not been held yet."""
    if frame.published is None:
        return
    for meeting, date in zip(meetings, dates, strict=True):
        if meeting.status == "held" and date is not None and date.start > frame.published.end:
            meeting.status = "scheduled"


def _after(date: DateInterval, frame: Frame) -> bool:
    """Whether ``date`` begins after the document was written."""
    return frame.published is not None and date.start > frame.published.end


def _context_date(
    parsed: Parsed, points: list[tuple[int, DateInterval]], position: int, own: list[tuple[int, DateInterval]]
) -> DateInterval | None:
    """The last date given earlier in the paragraph, or one the paragraph before gives itself."""
    sentence = parsed.sentence_at(position)
    if sentence is None:
        return None
    blocks = parsed.blocks
    block = blocks[sentence.block]
    here = [p for p in points if block.start <= p[0] < position]
    if not here and sentence.block > 0 and block.kind == "body" and blocks[sentence.block - 1].kind == "body":
        previous = blocks[sentence.block - 1]
        here = [p for p in own if previous.start <= p[0] < previous.end]
    if not here:
        return None
    return attrs.evolve(max(here, key=lambda p: p[0])[1], how="context")


def _resolve_all(times: list[TimeExpr], frame: Frame) -> list[_Resolved]:
    """Resolve in reading order: yearless dates take the document's (or the narrative's) year,
    relative ones the document's date or else the last date the text gave."""
    out: list[_Resolved] = []
    narrative: DateInterval | None = None
    previous: DateInterval | None = None
    for expr in times:
        year = frame.year
        if year is None and narrative is not None and expr.needs_year:
            year = narrative.end.year
        anchor = frame.published or (narrative if expr.kind == "weekday" else None)
        found = resolve(expr, year, anchor, previous)
        if found is None:
            continue
        yearless = expr.needs_year and frame.year is None
        if yearless or (expr.kind in ("relative", "weekday", "ago") and frame.published is None):
            found = attrs.evolve(found, how="narrative")
        out.append(_Resolved(expr, found))
        if expr.bound is None:
            previous = found
            if (found.end - found.start).days <= _MAX_CONTEXT_DAYS:
                narrative = found
    return out


def _governing_dates(parsed: Parsed, resolved: list[_Resolved], frame: Frame) -> list[DateInterval | None]:
    """For each block, the date of the news item it belongs to (its date line), else the document's."""
    dateline_at: dict[int, DateInterval] = {}
    for number, block in enumerate(parsed.blocks):
        if block.kind != "dateline":
            continue
        for item in resolved:
            if block.start <= item.expr.start < block.end:
                dateline_at[number] = attrs.evolve(item.interval, how="heading")
                break
    default = attrs.evolve(frame.published, how="heading") if frame.published else None
    out: list[DateInterval | None] = [default] * len(parsed.blocks)
    current = default
    for number, block in enumerate(parsed.blocks):
        if number in dateline_at:
            current = dateline_at[number]
            if number > 0 and parsed.blocks[number - 1].kind == "heading":
                out[number - 1] = current
        elif block.kind == "heading" and number + 1 in dateline_at:
            current = default
        out[number] = current
    return out


def _usable(item: _Resolved) -> bool:
    return item.expr.bound is None


def _asides(parsed: Parsed, sentence: Sentence, cue: int) -> list[tuple[int, int]]:
    """Relative clauses that do not hold the cue ("X, who endorsed Y in July, warned ..."): their
    dates are another event's."""
    offset = parsed.blocks[sentence.block].start
    out = []
    for token in sentence.span:
        if token.dep_ == "relcl":
            start = offset + token.left_edge.idx
            end = offset + token.right_edge.idx + len(token.right_edge.text)
            if not start <= cue < end:
                out.append((start, end))
    return out


def _nearest(
    resolved: list[_Resolved],
    start: int,
    end: int,
    position: int,
    exclude: tuple[int, int] | None = None,
    asides: list[tuple[int, int]] | None = None,
) -> DateInterval | None:
    best: tuple[int, DateInterval] | None = None
    for item in resolved:
        expr = item.expr
        if not (start <= expr.start and expr.end <= end) or not _usable(item):
            continue
        if exclude is not None and exclude[0] <= expr.start < exclude[1]:
            continue
        if asides and any(s <= expr.start < e for s, e in asides):
            continue
        distance = abs(expr.start - position)
        if best is None or distance < best[0]:
            best = (distance, item.interval)
    return best[1] if best else None


def _meeting_dates(
    text: str,
    parsed: Parsed,
    resolved: list[_Resolved],
    governing: list[DateInterval | None],
    meetings: list[MeetingRecord],
) -> list[DateInterval | None]:
    dates: list[DateInterval | None] = [None] * len(meetings)
    for index, meeting in enumerate(meetings):
        for trigger, clause in zip(meeting.triggers, meeting.clauses, strict=True):
            found = _nearest(resolved, clause.start, clause.end, trigger)
            if found is not None:
                dates[index] = found
                break
    fallback: list[DateInterval | None] = []
    for meeting in meetings:
        sentence = parsed.sentence_at(meeting.triggers[0])
        if meeting.status != "held":  # a planned meeting is not held on the day it is reported
            found = _nearest(resolved, sentence.start, sentence.end, meeting.triggers[0]) if sentence else None
            fallback.append(attrs.evolve(found, how="context") if found else None)
            continue
        block = parsed.blocks[sentence.block] if sentence else None
        found = _nearest(resolved, block.start, block.end, meeting.triggers[0]) if block else None
        if found is not None:
            fallback.append(attrs.evolve(found, how="context"))
        else:
            fallback.append(governing[sentence.block] if sentence else None)
    for _ in range(2):
        known = [d or f for d, f in zip(dates, fallback, strict=True)]
        for index, meeting in enumerate(meetings):
            if dates[index] is None:
                dates[index] = _relative_to_meeting(text, meeting, meetings, known)
    return [d or f for d, f in zip(dates, fallback, strict=True)]


def _relative_to_meeting(
    text: str, meeting: MeetingRecord, meetings: list[MeetingRecord], dates: list[DateInterval | None]
) -> DateInterval | None:
    """'two days after the G20 summit': the other meeting's date, shifted."""
    for trigger in meeting.triggers:
        window = text[trigger : trigger + 200]
        match = _RELATION.search(window)
        if not match:
            continue
        after = trigger + match.end()
        for other_index, other in enumerate(meetings):
            if other is meeting or dates[other_index] is None:
                continue
            if any(after <= t <= after + 60 for t in other.triggers):
                n = _NUMBERS.get(match.group("n").lower()) or int(match.group("n"))
                days = n * (7 if match.group("unit").lower() == "week" else 1)
                base = dates[other_index]
                assert base is not None
                if match.group("dir").lower() in ("after", "later"):
                    day = base.end + dt.timedelta(days=days)
                else:
                    day = base.start - dt.timedelta(days=days)
                return DateInterval.day(day, "event")
    return None


def _claim_date(
    parsed: Parsed,
    resolved: list[_Resolved],
    claim: ClaimRecord,
    meetings: list[MeetingRecord],
    meeting_dates: list[DateInterval | None],
) -> tuple[DateInterval | None, DateInterval | None]:
    """A date the claim's own sentence gives (outside its content), or the meeting it is placed at."""
    content = (claim.span.start, claim.span.end)
    period = _nearest(resolved, claim.span.start, claim.span.end, claim.span.start)
    sentence = parsed.sentence_at(claim.cue_start) or parsed.sentence_at(claim.span.start)
    if sentence is None:
        return None, period
    asides = _asides(parsed, sentence, claim.cue_start)
    date = _nearest(resolved, sentence.start, sentence.end, claim.cue_start, exclude=content, asides=asides)
    if date is not None:
        return date, period
    best: tuple[int, DateInterval] | None = None
    for index, meeting in enumerate(meetings):
        found = meeting_dates[index]
        for trigger in meeting.triggers:
            if (
                found is not None
                and sentence.start <= trigger < sentence.end
                and not content[0] <= trigger < content[1]
            ):
                distance = abs(trigger - claim.cue_start)
                if best is None or distance < best[0]:
                    best = (distance, found)
    if best is not None:
        return attrs.evolve(best[1], how="event"), period
    return None, period
