"""A query's answer: rows (plain dicts), and ways to show them.

``Result`` is a sequence of rows following the JSON contract; ``to_json``/``to_jsonl``/
``to_csv`` serialise them, ``to_table`` lays them out for a terminal (date, speaker,
text trimmed at a word, source), ``to_rich`` gives a ``rich.table.Table``, and
``explain()`` tells how the query ran. Text from documents is made safe on the way out
(``eventgraph.display``): tables show control characters written out, JSON keeps every
value exact with such characters as ``\\u`` escapes, CSV defuses formula-like cells.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable, Iterator
from pathlib import PurePosixPath
from typing import Any

import orjson

from eventgraph.display import csv_cell, json_for_terminal, visible
from eventgraph.query.rows import COLUMNS

__all__ = ["Result"]


class Result:
    """The rows a query returned, with what was left out for lack of a date."""

    def __init__(
        self,
        rows: list[dict[str, Any]],
        shape: str,
        *,
        undated_excluded: int = 0,
        explanation: str = "",
        query: str = "",
    ) -> None:
        self.rows = rows
        self.shape = shape
        self.undated_excluded = undated_excluded
        self.query = query
        self._explanation = explanation

    @property
    def columns(self) -> list[str]:
        """The keys of every row, in order."""
        return list(COLUMNS[self.shape])

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: int) -> dict[str, Any]:
        return self.rows[index]

    def __bool__(self) -> bool:
        return bool(self.rows)

    def __repr__(self) -> str:
        undated = f", {self.undated_excluded} undated excluded" if self.undated_excluded else ""
        return f"<Result {self.query!r}: {len(self.rows)} {self.shape} rows{undated}>"

    def ids(self) -> list[str]:
        """The ids of the rows that have one (steps and counts have none)."""
        return [r["id"] for r in self.rows if "id" in r]

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
        return self._explanation

    # -- showing ----------------------------------------------------------------------------------
    def to_table(self, *, width: int | None = None, footer: bool = True) -> str:
        """A plain-text table, the text column trimmed at a word to fit ``width`` (default: the terminal's).

        The last line counts the rows (and the undated facts a date filter left out)
        unless ``footer`` is false.
        """
        width = width or shutil.get_terminal_size((120, 24)).columns
        display = _DISPLAY[self.shape]
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

    def to_rich(self) -> Any:
        """A ``rich.table.Table`` of the rows (text columns wrap rather than trim)."""
        from rich.table import Table

        table = Table(caption=self._footer(), show_lines=False)
        for header, _, limit in _DISPLAY[self.shape]:
            wide = limit is None
            table.add_column(header, overflow="fold", ratio=3 if wide else None, no_wrap=not wide)
        for row in self.rows:
            table.add_row(*(visible(d[1](row)) for d in _DISPLAY[self.shape]))
        return table

    def footer(self) -> str:
        """The row count, and how many undated facts a date filter left out."""
        return self._footer()

    def _footer(self) -> str:
        text = f"{len(self.rows)} row{'s' if len(self.rows) != 1 else ''}"
        if self.undated_excluded:
            text += f"; {self.undated_excluded} undated left out by a date filter"
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
    "step": [
        ("step", lambda r: str(r["step"]), 4),
        ("from", lambda r: _name(r["from"]), 28),
        ("via", lambda r: f"{r['via']['kind']}: {r['via'].get('text') or r['via'].get('path')}", None),
        ("to", lambda r: _name(r["to"]), 28),
    ],
}


def _widths(display: list[_Cell], headers: list[str], cells: list[list[str]], width: int) -> list[int]:
    """Column widths that fit ``width``: the text column takes what the others leave.

    When even that leaves the text column under 20 characters, the widest other columns
    give up characters too (never below their header or 8 characters).
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
        room = width - sum(w for j, w in enumerate(widths) if j != flexible) - 2 * (len(widths) - 1)
        if room >= min(20, widths[flexible]):
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
