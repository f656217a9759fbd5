"""Shared helpers for the extraction tests: run the real pipeline on small real texts."""

from __future__ import annotations

import datetime as dt
import functools

from eventgraph.extract.document import Analysis, analyse
from eventgraph.extract.knowledge import Knowledge
from eventgraph.io import make_document
from eventgraph.model import DateInterval

TODAY = dt.date(2026, 11, 1)


@functools.cache
def knowledge() -> Knowledge:
    return Knowledge.load()


def run(text: str, published: DateInterval | None = None) -> Analysis:
    """Analyse one document written as ``text`` (with optional metadata date)."""
    document = make_document("test.txt", text, published=published)
    return analyse(document, knowledge(), TODAY)


def claims(found: Analysis) -> list[tuple[str, str, str]]:
    """(speaker name, form, content) for every claim."""
    table = found.table
    out = []
    for record in found.claims:
        speaker = table.entities[record.speakers[0]].name
        out.append((speaker, record.form, found.document.text[record.span.start : record.span.end]))
    return out


def speakers_of(found: Analysis, fragment: str) -> list[str]:
    """Speakers of the claims whose content contains ``fragment``."""
    return [s for s, _, text in claims(found) if fragment in text]


def meetings(found: Analysis) -> list[tuple[set[str], str | None, DateInterval | None]]:
    """(participant names, place name, date) per meeting."""
    table = found.table
    out = []
    for record, date in zip(found.meetings, found.dates.meetings, strict=True):
        names = {table.entities[k].name for k in record.participants}
        place = table.entities[record.place].name if record.place else None
        out.append((names, place, date))
    return out


def day(text: str) -> tuple[dt.date, dt.date]:
    """``"2021-11-30..2021-12-01"`` as (start, end); one date for a single day."""
    start, _, end = text.partition("..")
    return dt.date.fromisoformat(start), dt.date.fromisoformat(end or start)


def bounds(interval: DateInterval | None) -> tuple[dt.date, dt.date] | None:
    """An interval's (start, end), leaving aside how it was obtained."""
    return None if interval is None else (interval.start, interval.end)
