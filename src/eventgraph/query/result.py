"""A query's answer: rows (plain dicts), and ways to show them.

``Result`` is a sequence of rows following the JSON contract; ``to_json``/``to_jsonl``/
``to_csv`` serialise them, ``to_records``/``to_pandas`` flatten them into typed columns,
a notebook shows an HTML table, ``to_table`` lays them out for a terminal (date, speaker,
text trimmed at a word, source), ``to_rich`` gives a ``rich.table.Table``,
``explain()`` tells how the query ran, ``canonical`` (and ``understood_as``) the query it
was read as, ``explain_empty()`` why it found nothing, and ``plot()`` draws a timeline, an
actor network or a count chart (``eventgraph.plot``).
Text from documents is made safe on the way out (``eventgraph.display``): tables show
control characters written out, JSON keeps every value exact with such characters as
``\\u`` escapes, CSV defuses formula-like cells.
"""

from __future__ import annotations

import csv
import html
import io
import shutil
import textwrap
from collections.abc import Callable, Iterator, Sequence
from os import PathLike
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, overload

import orjson

from eventgraph.display import csv_cell, json_for_terminal, visible
from eventgraph.model import Claim
from eventgraph.query.records import DATE_COLUMNS, INTEGER_COLUMNS, record, record_columns
from eventgraph.query.rows import COLUMNS

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from eventgraph.graph import EventGraph

__all__ = ["Result"]

_HTML_ROWS = 50
"""Rows a notebook shows before it says how many more there are."""


class Result:
    """The rows a query returned, with what was left out for lack of a date."""

    def __init__(
        self,
        rows: list[dict[str, Any]],
        row_kind: str,
        *,
        undated_excluded: int = 0,
        explanation: str | Callable[[], str] = "",
        query: str = "",
        canonical: str = "",
        understood_as: str | None = None,
        notes: Sequence[str] = (),
        why_empty: Callable[[], str] | None = None,
        columns: list[str] | None = None,
        graph: EventGraph | None = None,
    ) -> None:
        self._rows = rows
        self.row_kind = row_kind
        self.undated_excluded = undated_excluded
        self.query = query
        self.canonical = canonical or query
        """The query in the canonical language, as it was read (``statements by Lavrov ...``)."""
        self.understood_as = understood_as
        """The canonical query when the text was not written in it (a question form, a
        relative date, a reading of ``from``), else None: what "understood as" shows."""
        self.notes = list(notes)
        """What was read into the query: a relative date's days, an office's holders, a
        name spelt otherwise, the rule that settled an ambiguity."""
        self._explanation = explanation
        self._why_empty = why_empty
        self._empty_text: str | None = None
        self._columns = list(columns) if columns is not None else list(COLUMNS[row_kind])
        self.graph = graph
        """The graph the query ran on (None for rows made by hand): where a plot looks up
        who else took part in a meeting, and the explorer finds a row's source passage."""

    @property
    def rows(self) -> list[dict[str, Any]]:
        """Every row, as a list of dicts. Reading a result by index, by iteration or by
        ``len`` builds only the rows read, so a query box that shows the first screen of a
        large answer pays for that screen; ``rows`` builds them all."""
        if not isinstance(self._rows, list):
            self._rows = list(self._rows)
        return self._rows

    @property
    def columns(self) -> list[str]:
        """The keys of every row, in order."""
        return list(self._columns)

    @property
    def shape(self) -> tuple[int, int]:
        """``(rows, columns)``: how many rows, and how many keys each has."""
        return (len(self._rows), len(self._columns))

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return list(self._rows[index])
        return self._rows[index]

    def __bool__(self) -> bool:
        return len(self._rows) > 0

    def __repr__(self) -> str:
        undated = f", {self.undated_excluded} undated excluded" if self.undated_excluded else ""
        return f"<Result {self.query!r}: {len(self._rows)} {self.row_kind} rows{undated}>"

    def ids(self) -> list[str]:
        """The ids of the rows that have one (steps and counts have none)."""
        return [r["id"] for r in self.rows if "id" in r]

    # -- serialising ----------------------------------------------------------------------------
    def with_sentences(self, graph: EventGraph) -> Result:
        """The same rows, claims (and ``said`` rows) also carrying their sentence's text as ``sentence``.

        A claim's ``text`` is exactly the statement; its sentence gives the context a
        reader needs (who else is named, what it answers). Meeting rows carry their
        sentence as ``text`` already. ``graph`` is the graph the query ran on.
        """
        if self.row_kind not in ("claim", "said") or "sentence" in self._columns:
            return self
        rows = []
        for row in self.rows:
            claim = graph.node(row["id"] if self.row_kind == "claim" else row["claim"])
            assert isinstance(claim, Claim)
            text = graph.source(claim.id).text
            rows.append({**row, "sentence": claim.sentence.slice(text)})
        return Result(
            rows,
            self.row_kind,
            undated_excluded=self.undated_excluded,
            explanation=self._explanation,
            query=self.query,
            canonical=self.canonical,
            understood_as=self.understood_as,
            notes=self.notes,
            why_empty=self._why_empty,
            columns=[*self._columns, "sentence"],
            graph=self.graph,
        )

    # -- flat records -------------------------------------------------------------------------
    def to_records(self) -> list[dict[str, Any]]:
        """The rows as flat dicts: nested values spread over columns, dates as ``datetime.date``.

        A claim's speaker becomes ``speaker`` (the name), ``speaker_id`` and
        ``speaker_kind``; its date ``date_start``, ``date_end`` and ``date_how``; its
        document ``document`` (the path), ``document_id`` and ``document_title``; a
        meeting's participants a list of names and ``participants_ids``.
        """
        return [record(row, self._columns) for row in self.rows]

    def to_pandas(self) -> pd.DataFrame:
        """The records (see ``to_records``) as a ``pandas.DataFrame`` with typed columns.

        Dates are datetimes (``NaT`` when unknown), offsets and counts nullable
        integers, names and ids text. Needs pandas: ``pip install 'eventgraph[pandas]'``.
        """
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("Result.to_pandas needs pandas: pip install 'eventgraph[pandas]'") from None
        columns = record_columns(self._columns)
        frame = pd.DataFrame.from_records(self.to_records(), columns=columns)
        for column in columns:
            if column in DATE_COLUMNS:
                frame[column] = pd.to_datetime(frame[column])
            elif column in INTEGER_COLUMNS:
                frame[column] = frame[column].astype("Int64")
        return frame

    # -- serialising ----------------------------------------------------------------------------
    def to_json(self, *, indent: bool = False) -> str:
        """The rows as a JSON array (control characters as ``\\u`` escapes: the values are exact)."""
        return json_for_terminal(orjson.dumps(self.rows, option=orjson.OPT_INDENT_2 if indent else 0).decode())

    def to_jsonl(self) -> str:
        """One JSON object per line."""
        return "".join(json_for_terminal(orjson.dumps(r).decode()) + "\n" for r in self.rows)

    def to_csv(self) -> str:
        """The rows as CSV, nested values flattened to text (names, paths, ``start..end``).

        A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
        leading ``'`` so that a spreadsheet shows it rather than runs it; control characters
        other than tabs and line breaks are written out (``\\x1b``).
        """
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow([csv_cell(_flat(row.get(c))) for c in self.columns])
        return out.getvalue()

    def explain(self) -> str:
        """How the query was parsed and planned, with estimated and actual row counts."""
        if callable(self._explanation):
            self._explanation = self._explanation()
        return self._explanation

    def explain_empty(self) -> str:
        """Why the query found nothing, and what would have matched ("" when it found rows).

        Each line names the filter that emptied the result and a query that finds something:
        ``a claim has one speaker: `claims by Lavrov or by Stoltenberg` gives 12 rows``.
        """
        if self._empty_text is None:
            self._empty_text = self._why_empty() if self._why_empty is not None and self._looks_empty() else ""
        return self._empty_text

    def _looks_empty(self) -> bool:
        if not self.rows:
            return True
        return (
            self.row_kind == "count"
            and len(self.rows) == 1
            and self.rows[0].get("group") is None
            and not self.rows[0]["count"]
        )

    # -- showing ----------------------------------------------------------------------------------
    def to_table(self, *, width: int | None = None, footer: bool = True) -> str:
        """A plain-text table, the text column trimmed at a word to fit ``width`` (default: the terminal's).

        The last line counts the rows (and the undated facts a date filter left out)
        unless ``footer`` is false.
        """
        width = width or shutil.get_terminal_size((120, 24)).columns
        display = _DISPLAY[self.row_kind]
        headers = [d[0] for d in display]
        cells = [[visible(d[1](row)) for d in display] for row in self.rows]
        widths = _widths(display, headers, cells, width)
        cells = [[_trim(c, w) for c, w in zip(row, widths, strict=True)] for row in cells]
        lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
        lines.append("  ".join("-" * w for w in widths))
        lines.extend("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells)
        if footer:
            lines.append(self._footer())
        return "\n".join(lines)

    def to_rich(self, width: int | None = None) -> Any:
        """A ``rich.table.Table`` of the rows; cells wrap rather than trim.

        With ``width`` every column keeps a place: the text column takes what the others
        leave, and when that is under 16 characters (it wraps, so it may be narrower than
        in ``to_table``) the widest others wrap narrower too, never below their header or 8.
        """
        from rich.table import Table

        display = _DISPLAY[self.row_kind]
        table = Table(caption=self._footer(), show_lines=False)
        cells = [[visible(d[1](row)) for d in display] for row in self.rows]
        widths = None
        if width is not None:
            headers = [d[0] for d in display]
            widths = _widths(display, headers, cells, width - 3 * len(display) - 1, gap=0, least=16)
        for index, (header, _, limit) in enumerate(display):
            wide = limit is None
            table.add_column(
                header,
                overflow="fold",
                ratio=3 if wide and widths is None else None,
                no_wrap=not wide and widths is None,
                width=widths[index] if widths is not None else None,
            )
        for row in cells:
            table.add_row(*row)
        return table

    def text_column(self) -> int | None:
        """The index of the column that takes the width the others leave (the text)."""
        return next((i for i, d in enumerate(_DISPLAY[self.row_kind]) if d[2] is None), None)

    def min_width(self) -> int:
        """The narrowest terminal a table of these rows fits with a readable text column
        (20 characters) and the other columns no narrower than their header or 8."""
        display = _DISPLAY[self.row_kind]
        cells = [[d[1](row) for d in display] for row in self.rows]
        widths = []
        for i, (header, _, limit) in enumerate(display):
            longest = max([len(header)] + [len(r[i]) for r in cells])
            floor = max(len(header), 8)
            widths.append(min(longest, 20) if limit is None else min(longest, limit, floor))
        return sum(widths) + 3 * len(widths) + 1

    def to_vertical(self, width: int | None = None) -> str:
        """Each row as a record, one field a line (for rows too wide for a table)."""
        width = width or shutil.get_terminal_size((120, 24)).columns
        display = _DISPLAY[self.row_kind]
        label = max((len(d[0]) for d in display), default=0)
        room = max(20, width - label - 2)
        lines: list[str] = []
        for number, row in enumerate(self.rows, 1):
            head = f"-[ row {number} ]"
            lines.append(head + "-" * max(0, min(width, 40) - len(head)))
            for header, cell, _ in display:
                wrapped = textwrap.wrap(visible(cell(row)), room) or [""]
                lines.append(f"{header.ljust(label)}  {wrapped[0]}")
                lines.extend(f"{'':{label}}  {more}" for more in wrapped[1:])
        lines.append(self._footer())
        return "\n".join(lines)

    def to_cells(self) -> tuple[list[str], list[list[str]]]:
        """The table's headers and each row's cells as text, untrimmed: what the terminal
        table, a notebook and the explorer show."""
        display = _DISPLAY[self.row_kind]
        return [d[0] for d in display], [[d[1](row) for d in display] for row in self.rows]

    def plot(
        self, path: str | PathLike[str] | None = None, *, kind: str | None = None, title: str | None = None
    ) -> Figure | Path:
        """A picture of the rows: a ``timeline``, an actor ``network`` or a ``counts`` chart.

        ``kind`` defaults to the first that suits the rows (``eventgraph.plot.kinds_for``).
        With ``path`` (``.png``, ``.svg`` or ``.html``) the picture is written there and the
        path returned; without, a matplotlib ``Figure`` (a notebook shows it). Needs
        matplotlib: ``pip install 'eventgraph[plot]'``.
        """
        from eventgraph.plot import plot

        return plot(self, path, kind=kind, title=title)

    def _repr_html_(self) -> str:
        """A notebook's view: the terminal table's columns, untrimmed, with the query and the row count."""
        display = _DISPLAY[self.row_kind]
        head = "".join(f"<th>{html.escape(h)}</th>" for h, _, _ in display)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(cell(row))}</td>" for _, cell, _ in display) + "</tr>"
            for row in self.rows[:_HTML_ROWS]
        )
        more = len(self.rows) - _HTML_ROWS
        if more > 0:
            body += f"<tr><td colspan='{len(display)}'>… {more} more row{'s' if more != 1 else ''}</td></tr>"
        caption = html.escape(f"{self.query} — {self._footer()}" if self.query else self._footer())
        return (
            f"<table class='eventgraph-result'><caption>{caption}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )

    def footer(self) -> str:
        """The row count, and how many undated facts a date filter left out."""
        return self._footer()

    def _footer(self) -> str:
        text = f"{len(self.rows)} row{'s' if len(self.rows) != 1 else ''}"
        if self.undated_excluded:
            text += f"; {self.undated_excluded} undated left out by a date filter (`or undated` takes them in)"
        return text


# -- cells -----------------------------------------------------------------------------------------
def _flat(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        if "start" in value and "end" in value:
            return value["start"] if value["start"] == value["end"] else f"{value['start']}..{value['end']}"
        if "name" in value:
            return str(value["name"])
        if "path" in value:
            return str(value["path"])
        return f"{value.get('kind', '')}:{value.get('id', '')}"
    if isinstance(value, list):
        if len(value) == 2 and all(isinstance(v, int) for v in value):
            return f"{value[0]}-{value[1]}"
        return "; ".join(_flat(v) for v in value)
    return str(value)


def _date(value: dict[str, str] | None) -> str:
    if not value:
        return "-"
    start, end = value["start"], value["end"]
    if start == end:
        return start
    if start[:7] == end[:7] and start.endswith("-01") and int(end[8:]) >= 28:
        return start[:7]
    if start[:4] == end[:4] and start.endswith("01-01") and end.endswith("12-31"):
        return start[:4]
    return f"{start}..{end}"


def _name(value: dict[str, str] | None) -> str:
    return value["name"] if value else "-"


def _source(row: dict[str, Any]) -> str:
    document = row.get("document")
    return PurePosixPath(document["path"]).name if document else "-"


def _text(key: str) -> Callable[[dict[str, Any]], str]:
    return lambda row: " ".join(str(row.get(key) or "").split())


_Cell = tuple[str, Callable[[dict[str, Any]], str], int | None]

# (header, cell, width limit): None marks the one column that takes the remaining width.
_DISPLAY: dict[str, list[_Cell]] = {
    "claim": [
        ("date", lambda r: _date(r["date"]), 23),
        ("speaker", lambda r: _name(r["speaker"]), 24),
        ("text", _text("text"), None),
        ("source", _source, 24),
    ],
    "meeting": [
        ("date", lambda r: _date(r["date"]), 23),
        ("participants", lambda r: ", ".join(p["name"] for p in r["participants"]) or "-", 36),
        ("place", lambda r: _name(r["place"]), 16),
        ("text", _text("text"), None),
        ("source", _source, 24),
    ],
    "entity": [
        ("name", _text("name"), 32),
        ("kind", _text("kind"), 12),
        ("aliases", lambda r: ", ".join(a for a in r["aliases"] if a != r["name"]), None),
        ("documents", lambda r: str(len(r["documents"])), 9),
    ],
    "document": [
        ("path", _text("path"), 40),
        ("title", _text("title"), None),
        ("published", lambda r: _date(r["published"]), 23),
    ],
    "topic": [("label", _text("label"), 40), ("claims", lambda r: str(r["claims"]), 8)],
    "met": [
        ("name", _text("name"), 28),
        ("date", lambda r: _date(r["date"]), 23),
        ("meeting", _text("text"), None),
        ("source", _source, 24),
    ],
    "said": [
        ("name", _text("name"), 28),
        ("date", lambda r: _date(r["date"]), 23),
        ("text", _text("text"), None),
        ("source", _source, 24),
    ],
    "count": [
        ("group", lambda r: "-" if r["group"] is None else str(r["group"]), 40),
        ("count", lambda r: str(r["count"]), 8),
    ],
    "count2": [
        ("group", lambda r: "-" if r["group"] is None else str(r["group"]), 32),
        ("subgroup", lambda r: "-" if r["subgroup"] is None else str(r["subgroup"]), 32),
        ("count", lambda r: str(r["count"]), 8),
    ],
    "pair": [
        ("date", lambda r: _date(r["date"]), 23),
        ("one", lambda r: _name(r["a"]), 24),
        ("other", lambda r: _name(r["b"]), 24),
        ("meeting", _text("text"), None),
        ("source", _source, 24),
    ],
    "step": [
        ("step", lambda r: str(r["step"]), 4),
        ("from", lambda r: _name(r["from"]), 28),
        ("via", lambda r: f"{r['via']['kind']}: {r['via'].get('text') or r['via'].get('path')}", None),
        ("to", lambda r: _name(r["to"]), 28),
    ],
}


def _widths(
    display: list[_Cell], headers: list[str], cells: list[list[str]], width: int, gap: int = 2, least: int = 20
) -> list[int]:
    """Column widths that fit ``width`` (with ``gap`` characters between columns): the text
    column takes what the others leave.

    When even that leaves the text column under ``least`` characters, the widest other
    columns give up characters too (never below their header or 8 characters).
    """
    widths = []
    for i, (header, _, limit) in enumerate(display):
        longest = max([len(header)] + [len(r[i]) for r in cells])
        widths.append(longest if limit is None else min(longest, limit))
    flexible = next((i for i, d in enumerate(display) if d[2] is None), None)
    if flexible is None:
        return widths
    floor = [max(len(h), 8) for h in headers]
    while True:
        room = width - sum(w for j, w in enumerate(widths) if j != flexible) - gap * (len(widths) - 1)
        if room >= min(least, widths[flexible]):
            widths[flexible] = min(widths[flexible], room)
            return widths
        shrinkable = [j for j in range(len(widths)) if j != flexible and widths[j] > floor[j]]
        if not shrinkable:
            widths[flexible] = max(room, 8)
            return widths
        widest = max(shrinkable, key=lambda j: widths[j])
        widths[widest] -= 1


def _trim(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"
